"""Sealed dates give the same figures as counting every row live."""

from datetime import datetime, timedelta

from service.dashboard import queries
from service.evaluation import rollups
from service.models import CheckinAnswer, Message
from service.models.staff import MessageRollup


def history(world, clock):
    """Ten days of texts and answers for north's people (and the test one)."""
    now = clock.now.replace(tzinfo=None)
    states = ["delivered", "sent", "failed", "undelivered", "delivered"]
    for n, enrolment in enumerate((world["ana"], world["ben"], world["tester"])):
        for day in range(2, 12):
            at = now - timedelta(days=12 - day, hours=n)
            for kind in ("practice", "checkin"):
                Message.create(
                    participant=enrolment.participant,
                    enrolment=enrolment,
                    kind=kind,
                    day=day,
                    item="kindness" if kind == "checkin" else None,
                    body=f"{kind} {day}",
                    state=states[(day + n) % len(states)],
                    send_after=at,
                    sent_at=at,
                )
            if (day + n) % 3:
                CheckinAnswer.create(
                    enrolment=enrolment,
                    day=day,
                    item="kindness",
                    raw=str(day % 11),
                    value=(day * (n + 2)) % 11,
                    answered_at=at + timedelta(hours=2),
                )


def figures(world):
    launch = world["north_launch"]
    return (queries.funnel(launch),)


def test_sealing_changes_no_figure(world, clock):
    history(world, clock)
    live = figures(world)
    assert len(live[0]) == 11
    # Answers are shown from settled days only, and never for two people.
    assert queries.answer_stats(world["north_launch"]) == []
    sealed = rollups.seal(clock.now, limit=None)
    assert queries.answer_stats(world["north_launch"]) == []
    assert len(sealed) >= 7
    assert MessageRollup.select().count() > 0
    assert figures(world) == live
    assert rollups.seal(clock.now, limit=None) == []
    assert figures(world) == live


def test_reply_rate_counts_the_last_seven_settled_days(world, clock):
    history(world, clock)
    (row,) = queries.overview(world["north"], now=clock.now).launches
    assert row.reply_rate is None, "nothing has settled yet"
    rollups.seal(clock.now, limit=None)
    data = queries.overview(world["north"], now=clock.now)
    first, last = data.reply_window
    assert (last - first).days == 6
    start = datetime.combine(first, datetime.min.time())
    end = datetime.combine(last + timedelta(days=1), datetime.min.time())
    real = [world["ana"], world["ben"]]
    asked = (
        Message.select()
        .where(
            Message.enrolment.in_(real),
            Message.kind == "checkin",
            Message.state.in_(["sent", "delivered", "undelivered"]),
            Message.send_after >= start,
            Message.send_after < end,
        )
        .count()
    )
    answered = (
        CheckinAnswer.select()
        .where(
            CheckinAnswer.enrolment.in_(real),
            CheckinAnswer.answered_at >= start,
            CheckinAnswer.answered_at < end,
        )
        .count()
    )
    (row,) = data.launches
    assert (row.asked, row.answered) == (asked, answered)
    assert asked > 0


def test_sealing_goes_in_date_order_a_few_at_a_time(world, clock):
    history(world, clock)
    first = rollups.seal(clock.now)
    assert len(first) == rollups.SEAL_PER_CALL
    second = rollups.seal(clock.now)
    assert second[0] == first[-1] + timedelta(days=1)
    horizon = clock.now.date() - timedelta(days=rollups.SETTLE_DAYS)
    rest = rollups.seal(clock.now, limit=None)
    assert rest[-1] == horizon - timedelta(days=1)
    assert rollups.seal(clock.now) == []
    assert rollups.live_from() == datetime.combine(horizon, datetime.min.time())


def test_test_participants_are_not_in_the_rollups(world, clock):
    history(world, clock)
    rollups.seal(clock.now, limit=None)
    tester_texts = (
        Message.select()
        .where(Message.enrolment == world["tester"], Message.send_after < rollups.live_from())
        .count()
    )
    assert tester_texts > 0
    real = (
        Message.select()
        .where(
            Message.enrolment.in_([world["ana"], world["ben"]]),
            Message.send_after < rollups.live_from(),
        )
        .count()
    )
    rolled = sum(r.count for r in MessageRollup.select())
    assert rolled == real
