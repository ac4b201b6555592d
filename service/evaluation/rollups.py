"""Settled days counted once, so big launches' pages stay fast. No Flask.

Texts settle within hours (delivery receipts, retries, texts held back for
quiet hours), so a UTC date is "sealed" once a whole day has passed after it: its
texts and answers are counted per launch into MessageRollup/AnswerRollup
once, in date order. A page adds the sealed counts to a live count of what
came after the last sealed date. Test participants are never counted.
"""

from datetime import date, datetime, time, timedelta

from peewee import IntegrityError, fn

from ..db import utc, write_transaction
from ..models.messages import Message
from ..models.participant import Enrolment, Participant
from ..models.safety import CheckinAnswer
from ..models.staff import AnswerRollup, MessageRollup, RollupSeal

SETTLE_DAYS = 1  # a date is sealed once a whole day has passed since it ended
SEAL_PER_CALL = 3  # a page view seals at most this many dates, to stay quick


def answer_stats():
    """Aggregates of check-in answers: people, count, sum, sum of squares, min, max.

    Enough to combine rolled-up days with live ones into an average and spread.
    """
    value = CheckinAnswer.value
    return (
        fn.COUNT(fn.DISTINCT(CheckinAnswer.enrolment)),
        fn.COUNT(value),
        fn.SUM(value),
        fn.SUM(value * value),
        fn.MIN(value),
        fn.MAX(value),
    )


def as_date(value):
    """A date from a date, a datetime or SQLite's text."""
    if value is None or isinstance(value, date) and not isinstance(value, datetime):
        return value
    if isinstance(value, datetime):
        return value.date()
    return date.fromisoformat(str(value)[:10])  # SQLite hands back text


def as_datetime(value):
    """A naive datetime from a datetime or SQLite's text (aggregates come back as text)."""
    if value is None or isinstance(value, datetime):
        return value.replace(tzinfo=None) if value is not None else None
    return datetime.fromisoformat(str(value)).replace(tzinfo=None)


def day_start(on_date):
    """Naive UTC midnight starting `on_date`."""
    return datetime.combine(on_date, time())


def last_sealed():
    """The latest sealed UTC date, or None."""
    return as_date(RollupSeal.select(fn.MAX(RollupSeal.on_date)).scalar())


def live_from(last=None):
    """Naive UTC start of what is not sealed yet (datetime.min when nothing is)."""
    last = last if last is not None else last_sealed()
    return datetime.min if last is None else datetime.combine(last + timedelta(days=1), time())


def _first_date():
    first = [
        Message.select(fn.MIN(Message.send_after)).scalar(),
        CheckinAnswer.select(fn.MIN(CheckinAnswer.answered_at)).scalar(),
    ]
    first = [as_date(v) for v in first if v is not None]
    return min(first) if first else None


def seal(now, *, limit=SEAL_PER_CALL):
    """Seal the oldest settled dates not sealed yet (at most `limit`); returns them."""
    horizon = utc(now).date() - timedelta(days=SETTLE_DAYS)
    last = last_sealed()
    start = last + timedelta(days=1) if last else _first_date()
    done = []
    while start is not None and start < horizon and (limit is None or len(done) < limit):
        try:
            with write_transaction():
                RollupSeal.create(on_date=start, sealed_at=utc(now))
                _roll(start)
        except IntegrityError:
            break  # another worker sealed it first
        done.append(start)
        start += timedelta(days=1)
    if done:
        from .outcome_cells import refresh_sealed  # which reads the rollups in turn

        refresh_sealed(done, now=now)
    return done


def _roll(on_date):
    start = datetime.combine(on_date, time())
    end = start + timedelta(days=1)
    not_test = Participant.is_test == False  # noqa: E712
    texts = (
        Message.select(
            Enrolment.launch, Message.kind, Message.day, Message.state, fn.COUNT(Message.id)
        )
        .join(Enrolment, on=(Message.enrolment == Enrolment.id))
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(Message.send_after >= start, Message.send_after < end, not_test)
        .group_by(Enrolment.launch, Message.kind, Message.day, Message.state)
        .tuples()
    )
    rows = [
        {"launch": launch, "on_date": on_date, "kind": kind, "day": day, "state": state, "count": n}
        for launch, kind, day, state, n in texts
    ]
    for chunk in range(0, len(rows), 500):
        MessageRollup.insert_many(rows[chunk : chunk + 500]).execute()
    answers = (
        CheckinAnswer.select(
            Enrolment.launch,
            CheckinAnswer.day,
            CheckinAnswer.item,
            fn.MAX(CheckinAnswer.measure),
            fn.COUNT(CheckinAnswer.id),
            *answer_stats(),
        )
        .join(Enrolment, on=(CheckinAnswer.enrolment == Enrolment.id))
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(CheckinAnswer.answered_at >= start, CheckinAnswer.answered_at < end, not_test)
        .group_by(Enrolment.launch, CheckinAnswer.day, CheckinAnswer.item)
        .tuples()
    )
    rows = [
        {
            "launch": launch,
            "on_date": on_date,
            "day": day,
            "item": item,
            "measure": measure,
            "answers": answered,
            "enrolments": people,
            "n": n,
            "total": int(total or 0),
            "total_sq": int(total_sq or 0),
            "low": low,
            "high": high,
        }
        for launch, day, item, measure, answered, people, n, total, total_sq, low, high in answers
    ]
    for chunk in range(0, len(rows), 500):
        AnswerRollup.insert_many(rows[chunk : chunk + 500]).execute()


def restate(message, old_state, new_state):
    """A sealed text moved from `old_state` to `new_state` (a late delivery
    report): move its count in the rollup of its date, so settled days stay true.

    `message` needs enrolment_id, kind, day and send_after. Texts of dates not
    sealed yet, of test participants or without an enrolment change nothing here.
    """
    if message.enrolment_id is None or message.send_after is None:
        return False
    on_date = as_date(message.send_after)
    last = last_sealed()
    if last is None or on_date > last:
        return False
    launch_id, is_test = (
        Enrolment.select(Enrolment.launch, Participant.is_test)
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(Enrolment.id == message.enrolment_id)
        .tuples()
        .first()
    ) or (None, True)
    if launch_id is None or is_test:
        return False
    day = MessageRollup.day.is_null() if message.day is None else MessageRollup.day == message.day
    where = (
        (MessageRollup.launch == launch_id)
        & (MessageRollup.on_date == on_date)
        & (MessageRollup.kind == message.kind)
        & day
    )
    MessageRollup.update(count=MessageRollup.count - 1).where(
        where & (MessageRollup.state == old_state) & (MessageRollup.count > 0)
    ).execute()
    bumped = (
        MessageRollup.update(count=MessageRollup.count + 1)
        .where(where & (MessageRollup.state == new_state))
        .execute()
    )
    if not bumped:
        MessageRollup.create(
            launch=launch_id,
            on_date=on_date,
            kind=message.kind,
            day=message.day,
            state=new_state,
            count=1,
        )
    return True
