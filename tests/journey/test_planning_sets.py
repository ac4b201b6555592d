"""Planning in sets: held people wait, a poison group is set aside, one planner at a time."""

import threading
from datetime import datetime, timedelta, timezone

from service.db import database, utc
from service.followup import hold
from service.models import Enrolment, Message, Organisation, Participant, PlanProblem
from service.models.participant import ACTIVE, COMPLETED, PAUSED
from service.sending.plan_problems import current_problems
from service.sending.planlock import planning_lock
from service.sending.planner import plan_due

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)  # 09:00 in New York


def join(enrol, clock, number, keyword="KIND"):
    clock.set(NOW - timedelta(hours=2))
    enrol(number, keyword=keyword, time="9am" if keyword == "KIND" else "9:00")
    return Enrolment.select().join(Participant).where(Participant.phone == number).get()


def practices(enrolment):
    return Message.select().where(Message.enrolment == enrolment, Message.kind == "practice")


def test_a_held_participant_is_not_due_until_the_hold_ends(enrol, clock, demo):
    held = join(enrol, clock, "+12125552001")
    free = join(enrol, clock, "+12125552002")
    hold.hold(held.launch.organisation_id, held.participant_id, now=NOW, hours=1)

    summary = plan_due(NOW)

    assert summary["enrolments"] == 1
    assert practices(free).count() == 1 and practices(held).count() == 0
    assert Enrolment.get_by_id(held.id).next_day == 1
    # When the hold ends the same local day, that day's practice goes then.
    later = plan_due(NOW + timedelta(hours=1, minutes=1))
    assert later["enrolments"] == 1
    assert [m.day for m in practices(held)] == [1]


def test_a_group_missing_a_variable_in_its_language_is_set_aside_and_the_rest_plan(
    enrol, clock, demo
):
    english = join(enrol, clock, "+12125552003")
    spanish = join(enrol, clock, "+12125552004", keyword="AMABLE")
    assert spanish.language == "es"
    # Say the organisation's help contact was only ever given in English, and
    # both are due their closing text (it names the help contact).
    org = Organisation.get()
    org.variables = {**org.variables, "help_contact": {"en": "call 555-0100"}}
    org.save()
    Enrolment.update(next_day=8).execute()

    summary = plan_due(NOW)

    assert summary["skipped"] == 1 and summary["completed"] == 1
    assert Enrolment.get_by_id(english.id).state == COMPLETED
    set_aside = Enrolment.get_by_id(spanish.id)
    assert set_aside.state == ACTIVE and set_aside.next_day == 8
    assert set_aside.next_due_at == utc(NOW + timedelta(hours=1))
    assert set_aside.plan_problem == "no value for {help_contact} in Spanish (es)"
    planned = Message.kind.in_(("practice", "checkin", "closing"))
    assert Message.select().where(Message.enrolment == spanish.id, planned).count() == 0
    (problem,) = current_problems(org, NOW)
    assert (problem.launch_id, problem.enrolments) == (demo.id, 1)
    assert "help_contact" in problem.reason and "+1212" not in problem.reason

    # Fixed: the next try plans it, and the warning fades once not seen again.
    org.variables = {**org.variables, "help_contact": "call 555-0100"}
    org.save()
    retried = plan_due(NOW + timedelta(hours=1, minutes=1))
    assert retried["completed"] == 1 and retried["skipped"] == 0
    assert Enrolment.get_by_id(spanish.id).plan_problem is None
    assert current_problems(org, NOW + timedelta(hours=3)) == []


def test_a_broken_programme_never_stops_other_launches(enrol, clock, demo, tmp_path, monkeypatch):
    join(enrol, clock, "+12125552005")
    monkeypatch.setenv("PROGRAMS_DIR", str(tmp_path))  # the taster's file is gone
    summary = plan_due(NOW)
    assert summary["skipped"] == 1
    assert PlanProblem.get().reason == "the programme file is missing"


def test_paused_until_a_date_wakes_and_plans_in_the_same_pass(enrol, clock, demo):
    paused = join(enrol, clock, "+12125552006")
    Enrolment.update(state=PAUSED, paused_until=NOW.date()).execute()
    summary = plan_due(NOW)
    assert summary["enrolments"] == 1
    woken = Enrolment.get_by_id(paused.id)
    assert (woken.state, woken.paused_until, woken.next_day) == (ACTIVE, None, 2)


def test_one_planner_at_a_time(app, enrol, clock, demo):
    join(enrol, clock, "+12125552007")
    seen = []

    def other_clock():  # another process: its own connection
        database.connect(reuse_if_open=True)
        try:
            seen.append(plan_due(NOW))
        finally:
            database.close()

    with planning_lock() as mine:
        assert mine
        other = threading.Thread(target=other_clock)
        other.start()
        other.join()
    assert seen[0]["busy"] is True and seen[0]["enrolments"] == 0
    assert not practices(Enrolment.get()).exists()
    assert plan_due(NOW)["enrolments"] == 1


def test_many_in_several_groups_plan_in_batches(enrol, clock, demo):
    people = [join(enrol, clock, f"+1212555{3000 + i}") for i in range(7)]
    # Three cohorts on different days, in two languages: several groups.
    for i, enrolment in enumerate(people):
        Enrolment.update(next_day=1 + i % 3).where(Enrolment.id == enrolment.id).execute()
    summary = plan_due(NOW, batch_size=2)
    assert summary["enrolments"] == 7
    for i, enrolment in enumerate(people):
        assert [m.day for m in practices(enrolment)] == [1 + i % 3]
        assert Enrolment.get_by_id(enrolment.id).next_day == 2 + i % 3
