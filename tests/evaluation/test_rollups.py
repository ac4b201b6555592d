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
    # Answers count with the question they answer, whenever they came.
    asked_days = {
        (m.enrolment_id, m.day)
        for m in Message.select().where(
            Message.enrolment.in_(real),
            Message.kind == "checkin",
            Message.state.in_(["sent", "delivered", "undelivered"]),
            Message.send_after >= start,
            Message.send_after < end,
        )
    }
    answered = sum(
        1
        for a in CheckinAnswer.select().where(CheckinAnswer.enrolment.in_(real))
        if (a.enrolment_id, a.day) in asked_days
    )
    (row,) = data.launches
    assert (row.asked, row.answered) == (asked, answered)
    assert asked > 0


def test_an_evening_answer_counts_with_its_question_across_the_utc_date(world, clock):
    # New York, 19:00: the check-in goes at 23:00 UTC; the answer comes at 20:30,
    # 00:30 UTC the next date. Once the question's date settles, both count.
    ana = world["ana"]
    asked_at = datetime(2026, 11, 2, 23, 0)
    Message.create(
        participant=ana.participant,
        enrolment=ana,
        kind="checkin",
        day=9,
        item="kindness",
        body="How kind were you to yourself today?",
        state="delivered",
        send_after=asked_at,
        sent_at=asked_at,
    )
    CheckinAnswer.create(
        enrolment=ana,
        day=9,
        item="kindness",
        raw="7",
        value=7,
        answered_at=asked_at + timedelta(minutes=90),
    )
    now = datetime(2026, 11, 4, 1, 0)  # 2 Nov has settled, 3 Nov has not
    rollups.seal(now, limit=None)
    assert rollups.last_sealed() == datetime(2026, 11, 2).date()
    data = queries.overview(world["north"], now=now)
    (row,) = data.launches
    assert (row.asked, row.answered) == (1, 1)
    assert data.reply_rate == 1.0


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
