"""SQL statements per inbound text: counted, so that they cannot creep back up.

Every statement the app runs goes through peewee's execute_sql, which logs it
on the `peewee` logger; the count is of those (BEGIN and COMMIT aside, and
on PostgreSQL the PREPARE each statement gets once per connection). Each
budget is what the path needs today; a change that adds a statement to it
must say why here.
"""

import logging
from datetime import datetime, timezone

import pytest

from service.launches import LaunchError, create_organisation, launch_programme
from service.models import CheckinAnswer, Enrolment, Inbound, InboxItem, Participant
from tests.conftest import DEMO_VARIABLES, new_sid

START = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)  # 09:00 in New York


class Statements(logging.Handler):
    """Counts the SQL statements run while it is attached."""

    def __init__(self):
        super().__init__(logging.DEBUG)
        self.sql = []

    def emit(self, record):
        message = record.getMessage()
        # Not the pool's notes (peewee.pool), nor PostgreSQL's PREPARE, made
        # once per connection, not per text.
        if record.name == "peewee" and not message.startswith("('PREPARE "):
            self.sql.append(message)

    def __enter__(self):
        logger = logging.getLogger("peewee")
        self._level = logger.level
        logger.setLevel(logging.DEBUG)
        logger.addHandler(self)
        return self

    def __exit__(self, *exc):
        logger = logging.getLogger("peewee")
        logger.removeHandler(self)
        logger.setLevel(self._level)


@pytest.fixture
def care(app):
    """kind-to-myself (day 1: PHQ-2 and GAD-2, with alert thresholds) on CARE."""
    variables = {**DEMO_VARIABLES, "community": {"en": "neighbours", "es": "vecinos"}}
    org = create_organisation(
        slug="care", name="Care", timezone="America/New_York", variables=variables
    )
    return launch_programme(org, "kind-to-myself", {"en": "CARE"})


def at_checkin(enrol, tick, clock, number, keyword):
    """A participant enrolled on `keyword` whose first check-in has been sent."""
    clock.set(START)
    p = enrol(number, time="9am", keyword=keyword)
    participant = Participant.get(phone=number)
    for day in range(24, 31):
        tick(datetime(2026, 11, day, 14, 1, tzinfo=timezone.utc))
        if Enrolment.get(Enrolment.participant == participant).pending == "checkin":
            return p
    raise AssertionError("no check-in was sent in a week")


def counted(p, body, *, sid=None):
    with Statements() as statements:
        replies = p.text(body, sid=sid)
    return replies, statements.sql


def test_a_checkin_answer_that_asks_the_next_item(care, enrol, tick, clock):
    p = at_checkin(enrol, tick, clock, "+12125550101", "CARE")
    replies, sql = counted(p, "1")
    assert len(replies) == 1 and replies[0].startswith("2 of 4")  # the next item
    # participant, enrolment, the text (stored as a check-in answer at once),
    # the answer (one upsert), the next question set, the reply: no keyword
    # lookup for digits, no inbox check, no second write of the text.
    assert len(sql) <= 6, "\n".join(map(str, sql))
    assert CheckinAnswer.select().count() == 1


def test_a_second_answer_to_the_same_item_is_one_upsert(care, enrol, tick, clock):
    p = at_checkin(enrol, tick, clock, "+12125550102", "CARE")
    enrolment = Enrolment.get()
    item, day = enrolment.pending_item, enrolment.pending_day
    p.text("1")
    Enrolment.update(pending="checkin", pending_day=day, pending_item=item).execute()
    _, sql = counted(p, "2")
    assert len(sql) <= 6, "\n".join(map(str, sql))
    answers = list(CheckinAnswer.select().where(CheckinAnswer.item == item))
    assert [a.value for a in answers] == [2]


def test_the_last_item_of_a_screened_day_totals_the_measures(care, enrol, tick, clock):
    p = at_checkin(enrol, tick, clock, "+12125550103", "CARE")
    for answer in ("0", "0", "0"):
        p.text(answer)
    replies, sql = counted(p, "0")
    assert len(replies) == 1  # thanks, no alert
    # ... and one read of the day's answers for the PHQ-2 and GAD-2 totals.
    assert len(sql) <= 7, "\n".join(map(str, sql))


def test_a_checkin_answer_on_a_day_without_thresholds_reads_no_totals(demo, enrol, tick, clock):
    p = at_checkin(enrol, tick, clock, "+12125550104", "KIND")
    replies, sql = counted(p, "7")
    assert len(replies) == 1
    assert not any("checkin_answer" in str(s) and "SELECT" in str(s) for s in sql)
    assert len(sql) <= 6, "\n".join(map(str, sql))


def test_an_unreadable_answer_is_reasked_and_filed_for_a_person(care, enrol, tick, clock):
    p = at_checkin(enrol, tick, clock, "+12125550105", "CARE")
    replies, _ = counted(p, "hmm")
    assert len(replies) == 1  # the re-ask
    inbound = Inbound.select().order_by(Inbound.id.desc()).first()
    assert InboxItem.get_or_none(InboxItem.inbound == inbound) is not None


def test_a_readable_answer_files_nothing(care, enrol, tick, clock):
    p = at_checkin(enrol, tick, clock, "+12125550106", "CARE")
    before = InboxItem.select().count()
    p.text("2")
    assert InboxItem.select().count() == before


def test_a_repeated_message_sid_runs_nothing_twice(care, enrol, tick, clock):
    p = at_checkin(enrol, tick, clock, "+12125550107", "CARE")
    sid = new_sid()
    first, _ = counted(p, "1", sid=sid)
    again, sql = counted(p, "1", sid=sid)
    assert again == first
    # participant, enrolment (read before the text is stored, so that the row is
    # written with it), the insert that finds the sid taken, the stored text
    # and its replies.
    assert len(sql) <= 5, "\n".join(map(str, sql))
    assert CheckinAnswer.select().count() == 1


def test_free_text_between_days_is_filed_for_a_person(demo, enrol, tick, clock):
    clock.set(START)
    p = enrol("+12125550108", time="9am")
    replies, sql = counted(p, "thank you")
    assert len(replies) == 1
    # keyword lookup, participant, enrolment, the text, the inbox item (in a
    # savepoint: a check for one already there, the insert), the reply.
    assert len(sql) <= 9, "\n".join(map(str, sql))
    assert InboxItem.select().count() == 1


def test_a_keyword_needs_a_letter(app):
    org = create_organisation(slug="nums", name="Nums", timezone="UTC", variables=DEMO_VARIABLES)
    with pytest.raises(LaunchError, match="needs a letter"):
        launch_programme(org, "taster", {"en": "2024"})


def test_each_text_is_stored_as_what_routing_took_it_for(care, enrol, tick, clock):
    # With a check-in open a text is stored as an answer at once; whenever
    # routing takes it for something else, the stored kind follows.
    p = at_checkin(enrol, tick, clock, "+12125550109", "CARE")
    for body, kind in (
        ("1", "checkin"),
        ("HELP", "help"),
        ("i want to end my life", "crisis"),
        ("2", "checkin"),
        ("STOP", "stop"),
    ):
        p.text(body)
        stored = Inbound.select().order_by(Inbound.id.desc()).first()
        assert (stored.body, stored.kind) == (body, kind)
        assert stored.enrolment_id == Enrolment.get().id
