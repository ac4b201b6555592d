"""Crashes and restarts: leases end, in-flight rows are looked up at Twilio, never a third send."""

import threading
from datetime import timedelta

from service.followup import hold
from service.models import Hold, Message, StatusReport
from service.models.messages import DELIVERED, FAILED, QUEUED, SENDING, SENT
from service.sending.backends import LookupFailed, MemoryBackend
from service.sending.dispatcher import CAPPED, dispatch, recover

from .sending_support import FAST, NOW, reload

NAIVE_NOW = NOW.replace(tzinfo=None)
ENDED = NAIVE_NOW - timedelta(seconds=1)


def crashed(build, *, in_flight, sends=None, **fields):
    """A row a dead dispatcher held: claimed, maybe in flight, its lease just ended."""
    return build.message(
        state=SENDING,
        claim="dead-host:1:abc",
        claimed_at=NAIVE_NOW - timedelta(minutes=1),
        lease_until=ENDED,
        in_flight_at=NAIVE_NOW - timedelta(seconds=40) if in_flight else None,
        sends=(1 if in_flight else 0) if sends is None else sends,
        **fields,
    )


def test_claimed_rows_never_in_flight_go_back_and_are_sent_once(build, sms):
    row = crashed(build, in_flight=False)
    summary = dispatch(NOW, backend=sms, rate=FAST)
    assert summary["given_back"] == 1 and summary["sent"] == 1
    assert sms.sent == [(row.participant.phone, row.body)]
    assert (reload(row).state, reload(row).sends) == (SENT, 1)


def test_a_live_lease_is_left_alone(build, sms):
    row = build.message(
        state=SENDING,
        claim="live:1:abc",
        claimed_at=NAIVE_NOW,
        lease_until=NAIVE_NOW + timedelta(seconds=20),
        in_flight_at=NAIVE_NOW,
        sends=1,
    )
    assert dispatch(NOW, backend=sms, rate=FAST)["claimed"] == 0
    assert sms.sent == []
    assert (reload(row).state, reload(row).claim) == (SENDING, "live:1:abc")


def test_an_in_flight_row_twilio_has_is_sent_with_its_sid_not_again(build, sms):
    row = crashed(build, in_flight=True)
    # The dead dispatcher's request reached Twilio before it died.
    taken = sms.send(row.participant.phone, row.body)
    sms.sent.clear()

    summary = dispatch(NOW, backend=sms, rate=FAST)

    assert summary["recovered"] == 1 and sms.sent == []
    row = reload(row)
    assert (row.state, row.twilio_sid, row.sends, row.claim) == (SENT, taken.sid, 1, None)


def test_the_same_words_sent_on_another_day_do_not_count(build, sms):
    row = crashed(build, in_flight=True, body="Breathe in slowly.")
    earlier = sms.send(row.participant.phone, "Breathe in slowly.")
    build.message(
        participant=row.participant,
        body="Breathe in slowly.",
        state=SENT,
        twilio_sid=earlier.sid,
        kind="reply",
    )
    sms.sent.clear()

    dispatch(NOW, backend=sms, rate=FAST)

    assert sms.sent == [(row.participant.phone, row.body)]
    assert reload(row).twilio_sid not in (None, earlier.sid)


def test_an_in_flight_row_twilio_never_saw_goes_behind_fresh_ones(build, sms):
    lost = crashed(
        build, in_flight=True, body="lost in the crash", send_after=NAIVE_NOW - timedelta(hours=1)
    )
    fresh = [
        build.message(body=f"fresh {i}", send_after=NAIVE_NOW - timedelta(minutes=5))
        for i in range(3)
    ]

    summary = dispatch(NOW, backend=sms, rate=FAST, concurrency=1)

    assert summary["requeued"] == 1 and summary["sent"] == 4
    assert [body for _, body in sms.sent] == [f.body for f in fresh] + ["lost in the crash"]
    assert (reload(lost).state, reload(lost).sends) == (SENT, 2)


def test_a_row_sent_twice_without_confirmation_fails_with_the_reason(build, sms):
    row = crashed(build, in_flight=True, sends=2)
    summary = dispatch(NOW, backend=sms, rate=FAST)
    assert summary["failed"] == 1 and sms.sent == []
    row = reload(row)
    assert (row.state, row.error_message) == (FAILED, CAPPED)


def test_when_twilio_cannot_be_asked_the_row_waits(build):
    class Unreachable(MemoryBackend):
        def sent_to(self, to, since):
            raise LookupFailed("down")

    row = crashed(build, in_flight=True)
    backend = Unreachable()
    summary = dispatch(NOW, backend=backend, rate=FAST)
    assert backend.sent == [] and summary["requeued"] == 0
    assert (reload(row).state, reload(row).twilio_sid) == (SENDING, None)


def test_a_delivery_report_for_an_unknown_sid_settles_the_row(build, sms):
    class SlowLog(MemoryBackend):
        """Twilio's list does not show the text yet; fetching its sid does."""

        def sent_to(self, to, since):
            return []

    backend = SlowLog()
    row = crashed(build, in_flight=True)
    taken = backend.send(row.participant.phone, row.body)
    backend.sent.clear()
    StatusReport.create(message_sid=taken.sid, status="delivered", received_at=NAIVE_NOW)

    summary = dispatch(NOW, backend=backend, rate=FAST)

    assert summary["recovered"] == 1 and backend.sent == []
    row = reload(row)
    assert (row.state, row.twilio_sid) == (DELIVERED, taken.sid)
    assert StatusReport.select().count() == 0


def test_a_timeout_is_looked_up_before_any_resend(build):
    class TimesOutAfterTaking(MemoryBackend):
        """Twilio takes the text but the answer never comes back."""

        def send(self, to, body, *, status_callback=None):
            from service.sending.backends import SendError

            super().send(to, body)
            raise SendError("network: ReadTimeout", uncertain=True)

    backend = TimesOutAfterTaking()
    row = build.message()
    dispatch(NOW, backend=backend, rate=FAST)
    assert reload(row).state == SENDING
    summary = dispatch(NOW, backend=backend, rate=FAST)
    assert summary["recovered"] == 1 and len(backend.sent) == 1
    assert reload(row).state == SENT


def test_a_second_recovery_does_not_look_rows_up_again(build):
    class Counting(MemoryBackend):
        def __init__(self):
            super().__init__()
            self.lookups = 0
            self.lock = threading.Lock()

        def sent_to(self, to, since):
            with self.lock:
                self.lookups += 1
            return super().sent_to(to, since)

    rows = [crashed(build, in_flight=True) for _ in range(5)]
    backend = Counting()
    recover(NOW, backend)
    recover(NOW, backend)
    assert backend.lookups == len(rows)
    assert Message.select().where(Message.state == QUEUED).count() == len(rows)


def test_held_participants_programme_texts_stay_queued_replies_go(build, sms):
    held = build.participant()
    practice = build.message(participant=held)
    org = practice.organisation_id
    hold.hold(org, held, now=NOW, hours=4)
    # Another organisation's hold on the same number holds nothing here.
    other = build.message(participant=held)
    reply = build.message(kind="reply", participant=held, body="Someone will be in touch.")
    free = build.message()

    dispatch(NOW, backend=sms, rate=FAST)

    assert sorted(body for _, body in sms.sent) == sorted([reply.body, free.body, other.body])
    assert reload(practice).state == QUEUED
    Hold.update(until=NAIVE_NOW - timedelta(minutes=1)).where(Hold.participant == held.id).execute()
    dispatch(NOW, backend=sms, rate=FAST)
    assert reload(practice).state == SENT


def test_a_stop_gives_claimed_rows_back_and_finishes_what_is_in_flight(build):
    stop = threading.Event()

    class StopsMidway(MemoryBackend):
        def send(self, to, body, *, status_callback=None):
            stop.set()  # SIGTERM arrives while the first request is under way
            return super().send(to, body)

    rows = [build.message() for _ in range(6)]
    backend = StopsMidway()
    summary = dispatch(NOW, backend=backend, rate=FAST, concurrency=1, stop=stop)

    assert summary["sent"] == len(backend.sent) >= 1
    assert summary["given_back"] == len(rows) - summary["sent"]
    states = {reload(r).state for r in rows}
    assert states <= {SENT, QUEUED}
    assert Message.select().where(Message.claim.is_null(False)).count() == 0
