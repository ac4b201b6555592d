"""Planning twice, or from two clocks at once, never queues a day twice."""

from datetime import datetime, timedelta, timezone

from service.models import Enrolment, Message
from service.sending.planner import plan_due
from tests.conftest import at_once

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


def enrol_many(enrol, clock, n):
    clock.set(NOW - timedelta(hours=2))
    for i in range(n):
        enrol(f"+1212555{2000 + i}")


def test_planning_twice_at_the_same_moment_queues_once(enrol, clock, demo):
    enrol_many(enrol, clock, 3)
    first = plan_due(NOW)
    second = plan_due(NOW)
    assert first["enrolments"] == 3 and second["messages"] == 0
    assert Message.select().where(Message.kind == "practice").count() == 3


def test_two_clocks_planning_concurrently_queue_once(app, enrol, clock, demo):
    enrol_many(enrol, clock, 5)
    assert at_once(2, lambda: plan_due(NOW)) == []
    practices = Message.select().where(Message.kind == "practice")
    assert practices.count() == 5
    assert {m.day for m in practices} == {1}
    assert {e.next_day for e in Enrolment.select()} == {2}


def test_a_broken_programme_is_skipped_not_half_sent(
    app, enrol, clock, demo, tmp_path, monkeypatch
):
    enrol_many(enrol, clock, 1)
    broken = tmp_path / "programs"
    broken.mkdir()
    (broken / "taster.yaml").write_text("spec: 1\nid: taster\ndays: [\n")
    monkeypatch.setenv("PROGRAMS_DIR", str(broken))
    summary = plan_due(NOW)
    assert summary["skipped"] == 1 and summary["messages"] == 0
    assert Message.select().where(Message.kind == "practice").count() == 0
    monkeypatch.undo()
    later = plan_due(NOW + timedelta(hours=1, minutes=1))
    assert later["messages"] >= 1
