"""Retention, walked through 400 days with the clock: no body older than the limit
remains, a second run changes nothing, the outcome figures do not move."""

from datetime import datetime, timedelta, timezone

from service.config import programs_dir
from service.content.programme import get_library
from service.db import utc
from service.evaluation import outcomes
from service.models import Erasure, Inbound, Launch, Message, RetentionRun
from service.privacy import retention

START = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)
BODY_DAYS = 180


def figures():
    launch = Launch.get()
    report = outcomes.report(launch, get_library(programs_dir()).get(launch.programme))
    return outcomes.csv_rows(report)


def snapshot():
    return (
        [(i.id, i.body) for i in Inbound.select().order_by(Inbound.id)],
        [(m.id, m.body) for m in Message.select().order_by(Message.id)],
    )


def test_four_hundred_days_of_retention(app, demo, enrol, clock, tick, sms):
    app.config.update(RETENTION_BODY_DAYS=BODY_DAYS, RETENTION_INACTIVE_MONTHS=9)
    clock.set(START)
    for n in range(12):
        p = enrol(f"+1202555{n:04d}")
        p.text("feeling a bit better today")
    removed_at, before = [], None
    for day in range(1, 401):
        now = START + timedelta(days=day)
        tick(now)
        if day == 40:  # the taster is over and its days settled: figures as published
            before = figures()
            # 12 started and 12 reached the end: counts are published in bands of ten.
            assert before[0][-1] == "10–19" and before[1][-1] == "10–19"
        limit = utc(now) - timedelta(days=BODY_DAYS)
        assert Inbound.select().where(Inbound.received_at < limit, Inbound.body != "").count() == 0
        old = Message.select().where(Message.created_at < limit, Message.body != "")
        assert old.count() == 0, f"day {day}"
        if RetentionRun.select().where(RetentionRun.removed != retention.NOTHING).count() > len(
            removed_at
        ):
            removed_at.append(day)
    runs = [
        (r.ran_at, r.removed)
        for r in RetentionRun.select().where(RetentionRun.removed != retention.NOTHING)
    ]
    assert removed_at and removed_at[0] >= BODY_DAYS, runs[:3]  # nothing went before its time
    # People inactive for 9 months were erased, their anonymous contribution kept.
    from service.models import Enrolment

    states = [(e.state, e.next_day) for e in Enrolment.select()]
    assert Erasure.select().where(Erasure.how == "retention").count() == 12, states
    from service.models import Contribution

    kept = [(c.started, c.reached_end, c.measure) for c in Contribution.select()]
    assert figures() == before, kept
    # Twilio's copies of the bodies dropped were redacted (Body="").
    assert sms.redacted
    # Twice changes nothing.
    state = snapshot()
    end = START + timedelta(days=400, hours=2)
    first = retention.run(end, settings=app.config, backend=sms, force=True)
    second = retention.run(end, settings=app.config, backend=sms, force=True)
    assert first == {} and second == {} and snapshot() == state
