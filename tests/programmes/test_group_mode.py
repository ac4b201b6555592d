"""Group mode: day 15 of Kind to Myself names how many in the group tried, when enough did.

The group file is programs/groups/kind-to-myself.yaml; the figures come from
real participants' answers, never test ones, and a figure about fewer than 10
people is never sent: the day's own practice goes instead.
"""

from datetime import datetime

import pytest
import yaml

from service.config import ROOT
from service.content import group
from service.content.templates import example_values
from service.conversation import simulate
from service.models import CheckinAnswer, Enrolment, Participant

GROUP_FILE = ROOT / "programs" / "groups" / "kind-to-myself.yaml"
NOW = datetime(2026, 12, 8, 14, 0)


def _people(launch, count, *, practised=True, strange=None, is_test=False, start=0):
    """`count` real (or test) people in the launch, with their week-2 answers."""
    for n in range(start, start + count):
        p = Participant.create(phone=f"+1212555{n:04d}", is_test=is_test)
        e = Enrolment.create(
            participant=p, launch=launch, language="en", state="active", timezone="UTC"
        )
        CheckinAnswer.create(
            enrolment=e, day=12, item="self_kindness", raw="x", value=6 if practised else 0
        )
        if strange is not None:
            CheckinAnswer.create(
                enrolment=e, day=14, item="felt_strange", raw="x", value=strange(n)
            )


def _day_15(launch, lang="en"):
    """What a simulator phone on day 15 of this launch gets."""
    number = "+15550000015" if lang == "en" else "+15550000016"
    keyword = {k.language: k.word for k in launch.keywords}[lang]
    for body in (keyword, "YES" if lang == "en" else "SI", "9am"):
        simulate.text(number, body, now=NOW, is_test=True)
    enrolment = Enrolment.select().join(Participant).where(Participant.phone == number).get()
    enrolment.next_day = 15
    enrolment.save()
    return simulate.next_day(enrolment.participant, now=NOW)


@pytest.fixture
def kind(launched):
    """Kind to Myself on KIND/AMABLE, group mode on."""
    launch = launched("kind-to-myself")
    launch.group_mode = True
    launch.save()
    return launch


def test_the_shipped_group_file_is_valid_and_one_segment(library):
    programme = library.get("kind-to-myself")
    parsed, problems = group.parse(GROUP_FILE, programme)
    assert problems == []
    assert set(parsed.days) == {15} and set(parsed.days[15]) == {"en", "es"}
    for _where, lang, cost in group.costs(parsed, programme, example_values):
        assert cost.segments == 1, lang


def test_day_15_names_the_group_in_numbers(kind):
    # 12 practised, 3 did not; of the 12 who answered "how strange", 9 said 5+.
    _people(kind, 12, strange=lambda n: 8 if n < 9 else 2)
    _people(kind, 3, practised=False, start=20)
    _people(kind, 30, strange=lambda n: 0, is_test=True, start=50)  # never counted
    bodies = _day_15(kind)
    assert any(
        "Last week 12 people in your group tried being kind to themselves. "
        "75% found it strange at first." in b
        for b in bodies
    ), bodies
    spanish = _day_15(kind, "es")
    assert any("La semana pasada 12 personas de tu grupo" in b for b in spanish), spanish


def test_a_small_group_gets_the_days_own_practice(kind, library):
    _people(kind, 12, strange=lambda n: 8 if n < 9 else 2)
    kind_day = library.get("kind-to-myself").day(15).practice["en"]
    # Twelve practised, but only nine answered "how strange": too few for a share.
    CheckinAnswer.delete().where(
        CheckinAnswer.item == "felt_strange", CheckinAnswer.value < 5
    ).execute()
    bodies = _day_15(kind)
    assert kind_day[:40] in " ".join(bodies)
    assert "in your group" not in " ".join(bodies)


def test_group_mode_is_off_unless_turned_on(launched):
    launch = launched("kind-to-myself")
    assert launch.group_mode is False
    _people(launch, 12, strange=lambda n: 8)
    assert "in your group" not in " ".join(_day_15(launch))


def _checked(library, tmp_path, data):
    path = tmp_path / "kind-to-myself.yaml"
    path.write_text(yaml.safe_dump(data), encoding="utf-8")
    return [p.message for p in group.parse(path, library.get("kind-to-myself"))[1]]


def test_the_check_names_every_mistake(library, tmp_path):
    data = yaml.safe_load(GROUP_FILE.read_text(encoding="utf-8"))
    good = dict(data)
    assert _checked(library, tmp_path, good) == []
    bad = {
        **data,
        "figures": {
            "group_practised_this_week": {"people": {"item": "no_such", "days": [12]}},
            "group_share_found_it_hard": {"share": {"item": "felt_strange", "days": [13]}},
        },
        "days": {15: {"en": "Hi {group_nobody} {crisis_lines}"}, 99: {"en": "x", "es": "x"}},
    }
    problems = _checked(library, tmp_path, bad)
    assert "no check-in item 'no_such'" in problems
    assert "felt_strange is asked on days 14" in problems
    assert "a text in each language: en, es" in problems
    assert "the programme has no day 99" in problems
    wrong_name = {**data, "days": {15: {"en": "{group_nobody} {crisis_lines}", "es": "x"}}}
    problems = _checked(library, tmp_path, wrong_name)
    assert "no figure {group_nobody} in figures" in problems
    assert any("{crisis_lines}" in p for p in problems)


def test_programs_check_measures_group_texts(runner):
    result = runner.invoke(args=["programs", "check"])
    assert result.exit_code == 0, result.output
    assert "group text programs/groups/kind-to-myself.yaml days[15].en: 1 segment(s)" in (
        result.output.replace(str(ROOT) + "/", "")
    )
