"""The dispatcher's rules: who gets a text, when, and what a failure does."""

from datetime import datetime, timedelta, timezone

import pytest

from service.models import Message
from service.models.messages import CANCELLED, FAILED, QUEUED, SENDING, SENT
from service.models.participant import ACTIVE, COMPLETED, DECLINED, ENDED, PAUSED, STOPPED
from service.sending.backends import MemoryBackend, SendError
from service.sending.dispatcher import dispatch

from .sending_support import FAST, NOW, reload

NAIVE_NOW = NOW.replace(tzinfo=None)


def run(backend, now=NOW, **kwargs):
    kwargs.setdefault("rate", FAST)
    return dispatch(now, backend=backend, **kwargs)


def transient():
    return SendError("HTTP 503: Service Unavailable", http_status=503, permanent=False)


def test_sends_what_is_due_in_order_and_leaves_the_future(build, sms):
    later = build.message(body="later", send_after=NAIVE_NOW + timedelta(minutes=1))
    second = build.message(body="second", send_after=NAIVE_NOW - timedelta(minutes=1))
    first = build.message(body="first", send_after=NAIVE_NOW - timedelta(minutes=5))

    summary = run(sms, concurrency=1)

    assert [body for _, body in sms.sent] == ["first", "second"]
    assert summary["claimed"] == 2 and summary["sent"] == 2
    for row in (first, second):
        row = reload(row)
        assert (row.state, row.attempts, row.sent_at) == (SENT, 1, NAIVE_NOW)
        assert row.twilio_sid.startswith("SMmemory")
    assert reload(later).state == QUEUED


def test_limit_caps_one_pass(build, sms):
    for _ in range(5):
        build.message()
    assert run(sms, limit=3, batch_size=2)["claimed"] == 3
    assert len(sms.sent) == 3
    assert Message.select().where(Message.state == QUEUED).count() == 2


def test_sends_to_the_participants_number(build, sms):
    msg = build.message()
    run(sms)
    assert sms.sent == [(msg.participant.phone, msg.body)]


def test_opted_out_participant_is_cancelled_not_sent(build, sms):
    participant = build.participant(opted_out=True, opted_out_at=NAIVE_NOW)
    practice = build.message(participant=participant)
    reply = build.message(kind="reply", participant=participant)

    summary = run(sms)

    assert sms.sent == []
    assert summary["cancelled"] == 2
    assert reload(practice).state == CANCELLED and reload(reply).state == CANCELLED


@pytest.mark.parametrize("state", [STOPPED, ENDED, DECLINED])
def test_closed_enrolment_is_cancelled(build, sms, state):
    msg = build.message(build.enrolment(state=state))
    run(sms)
    assert sms.sent == []
    assert reload(msg).state == CANCELLED


@pytest.mark.parametrize("state", [ACTIVE, PAUSED, COMPLETED])
def test_open_or_completed_enrolment_still_sends(build, sms, state):
    msg = build.message(build.enrolment(state=state), kind="closing")
    run(sms)
    assert reload(msg).state == SENT


# (zone, quiet hours, now in UTC, expected next send time in UTC or None if allowed now)
QUIET_CASES = [
    # 22:30 in New York (EST, UTC-5): held until 08:00 tomorrow.
    ("America/New_York", ("08:00", "21:00"), datetime(2026, 3, 5, 3, 30), datetime(2026, 3, 5, 13)),
    # 06:00 in New York: held until 08:00 the same day.
    ("America/New_York", ("08:00", "21:00"), datetime(2026, 3, 4, 11), datetime(2026, 3, 4, 13)),
    # 10:00 in New York: goes.
    ("America/New_York", ("08:00", "21:00"), datetime(2026, 3, 4, 15), None),
    # 23:00 on Sat 7 March in New York; clocks go forward on the Sunday, so
    # 08:00 on Sunday is EDT (UTC-4): 12:00 UTC, not 13:00.
    ("America/New_York", ("08:00", "21:00"), datetime(2026, 3, 8, 4), datetime(2026, 3, 8, 12)),
    # 22:00 GMT on Sat 28 March in London; BST starts on the Sunday: 09:00 BST = 08:00 UTC.
    ("Europe/London", ("09:00", "20:00"), datetime(2026, 3, 28, 22), datetime(2026, 3, 29, 8)),
    # 19:30 GMT in London with a 20:00 end: goes.
    ("Europe/London", ("09:00", "20:00"), datetime(2026, 3, 28, 19, 30), None),
    # 21:30 in Auckland (NZDT, UTC+13) on Sat 4 April; clocks go back on the
    # Sunday, so 08:00 NZST is 20:00 UTC.
    ("Pacific/Auckland", ("08:00", "21:00"), datetime(2026, 4, 4, 8, 30), datetime(2026, 4, 4, 20)),
]


@pytest.mark.parametrize("tz, quiet, now, expected", QUIET_CASES)
def test_quiet_hours_in_the_enrolments_zone(build, sms, tz, quiet, now, expected):
    msg = build.message(build.enrolment(tz=tz, quiet=quiet), send_after=now - timedelta(minutes=1))

    summary = run(sms, now=now.replace(tzinfo=timezone.utc))

    row = reload(msg)
    if expected is None:
        assert row.state == SENT and summary["deferred"] == 0
    else:
        assert sms.sent == []
        assert (row.state, row.send_after, row.claim) == (QUEUED, expected, None)
        assert row.attempts == 0 and summary["deferred"] == 1


def test_replies_ignore_quiet_hours(build, sms):
    enrolment = build.enrolment(tz="America/New_York")
    at_night = datetime(2026, 3, 5, 4, 0, tzinfo=timezone.utc)  # 23:00 in New York
    reply = build.message(enrolment, kind="reply", send_after=at_night.replace(tzinfo=None))
    practice = build.message(enrolment, kind="practice", send_after=at_night.replace(tzinfo=None))

    run(sms, now=at_night)

    assert reload(reply).state == SENT
    assert reload(practice).state == QUEUED


def test_checkin_sent_sets_the_pending_question(build, sms):
    enrolment = build.enrolment(pending=None, reasked=True)
    build.message(enrolment, kind="checkin", day=7, item="mood")
    run(sms)
    enrolment = reload(enrolment)
    assert (enrolment.pending, enrolment.pending_day, enrolment.pending_item) == (
        "checkin",
        7,
        "mood",
    )
    assert enrolment.reasked is False


def test_practice_sent_leaves_pending_alone(build, sms):
    enrolment = build.enrolment()
    build.message(enrolment, kind="practice", day=7)
    run(sms)
    assert reload(enrolment).pending is None


def test_test_participants_are_marked_sent_without_the_backend(build, sms):
    staff = build.participant(is_test=True)
    enrolment = build.enrolment(participant=staff)
    checkin = build.message(enrolment, kind="checkin", day=2, item="mood")

    summary = run(sms)

    assert sms.sent == []
    row = reload(checkin)
    assert (row.state, row.twilio_sid, row.sent_at) == (SENT, None, NAIVE_NOW)
    assert summary["sent"] == 1
    assert (reload(enrolment).pending, reload(enrolment).pending_item) == ("checkin", "mood")


def test_transient_failures_back_off_then_fail_on_the_fourth_try(build, sms):
    msg = build.message()
    sms.fail_next(transient(), times=4)
    now = NOW
    waits = []
    for attempt in range(1, 4):
        assert run(sms, now=now)["retrying"] == 1
        row = reload(msg)
        assert (row.state, row.attempts, row.claim) == (QUEUED, attempt, None)
        waits.append(row.send_after - now.replace(tzinfo=None))
        # Nothing goes before the back-off is over.
        assert run(sms, now=now + waits[-1] - timedelta(seconds=1))["claimed"] == 0
        now += waits[-1]

    summary = run(sms, now=now)

    assert waits == [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15)]
    assert summary["failed"] == 1
    row = reload(msg)
    assert (row.state, row.attempts, row.error_message) == (
        FAILED,
        4,
        "HTTP 503: Service Unavailable",
    )
    assert sms.sent == []


def test_transient_then_success(build, sms):
    msg = build.message()
    sms.fail_next(transient())
    run(sms)
    run(sms, now=NOW + timedelta(minutes=1))
    row = reload(msg)
    assert (row.state, row.attempts, row.error_code) == (SENT, 2, None)
    assert len(sms.sent) == 1


def test_permanent_failure_fails_at_once_with_the_code(build, sms):
    msg = build.message()
    sms.fail_next(SendError("HTTP 400 error 21211: invalid To", code=21211, permanent=True))

    summary = run(sms)

    assert summary["failed"] == 1
    row = reload(msg)
    assert (row.state, row.attempts, row.error_code) == (FAILED, 1, "21211")
    assert "invalid To" in row.error_message
    assert row.participant.opted_out is False


def test_unsubscribed_recipient_opts_the_participant_out(build, sms):
    participant = build.participant()
    enrolment = build.enrolment(participant=participant)
    failing = build.message(enrolment, kind="practice", day=1)
    waiting = build.message(
        enrolment, kind="practice", day=2, send_after=NAIVE_NOW + timedelta(days=1)
    )
    other = build.message(kind="practice")  # someone else entirely
    sms.fail_next(
        SendError("HTTP 400 error 21610: unsubscribed", code=21610, permanent=True),
        to=participant.phone,
    )

    run(sms)

    assert (reload(failing).state, reload(failing).error_code) == (FAILED, "21610")
    assert reload(waiting).state == CANCELLED
    participant = reload(participant)
    assert participant.opted_out is True and participant.opted_out_at == NAIVE_NOW
    assert reload(other).state == SENT


def test_a_crashing_backend_is_looked_up_then_retried_once_then_failed(build):
    class Broken(MemoryBackend):
        def send(self, to, body, *, status_callback=None):
            raise RuntimeError("bug")

    msg = build.message()
    assert run(Broken())["retrying"] == 1
    # Whether it went is unknown: it stays in flight with its lease ended, for a lookup.
    row = reload(msg)
    assert (row.state, row.sends, row.lease_until) == (SENDING, 1, NAIVE_NOW)

    second = run(Broken())  # Twilio has no record: sent once more
    assert (second["requeued"], second["retrying"]) == (1, 1)
    assert reload(msg).sends == 2

    third = run(Broken())  # the cap: never a third request
    assert third["failed"] == 1
    row = reload(msg)
    assert (row.state, row.sends) == (FAILED, 2)
    assert "sent twice" in row.error_message
