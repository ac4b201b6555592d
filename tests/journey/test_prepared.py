"""Prepared queries give the same rows as the queries they are built from."""

import pytest

from service.launches import create_organisation, launch_programme
from service.models import Keyword, Launch, Organisation, Participant
from service.prepared import Prepared


def test_prepared_query_matches_the_built_one_for_each_value(app):
    org = create_organisation(
        slug="hope",
        name="Hope",
        timezone="UTC",
        variables={
            "crisis_line": "988",
            "help_contact": "1",
            "emergency_number": "911",
            "safety_line": "800-799-7233",
        },
    )
    launch_programme(org, "taster", {"en": "CALM", "es": "CALMA"})
    by_word = Prepared(
        lambda word: (
            Keyword.select(Keyword, Launch, Organisation)
            .join(Launch)
            .join(Organisation)
            .where(Keyword.word == word)
        )
    )
    for word in ("CALM", "CALMA", "NOPE", "CALM"):
        built = Keyword.select().where(Keyword.word == word).first()
        prepared = by_word.first(word)
        assert (prepared and prepared.id) == (built and built.id)
    # Joined models come back filled in, without another query.
    assert by_word.first("CALMA").launch.organisation.name == "Hope"


def test_prepared_query_with_an_int_argument(app):
    a = Participant.create(phone="+12125550101")
    b = Participant.create(phone="+12125550102")
    by_id = Prepared(lambda pid: Participant.select().where(Participant.id == pid))
    assert by_id.first(b.id).phone == b.phone
    assert by_id.first(a.id).phone == a.phone
    assert by_id.first(-5) is None


def test_an_argument_that_shapes_the_query_is_refused(app):
    # The value only appears in LIMIT, not as a parameter: cannot be prepared.
    shaped = Prepared(lambda n: Participant.select().limit(n if n > 0 else 1))
    with pytest.raises(ValueError):
        shaped.first(3)
