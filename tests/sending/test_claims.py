"""Claims: two dispatchers never send one row twice; a crashed pass's rows come back."""

import time
from datetime import timedelta

from service.models import Message
from service.models.messages import SENDING, SENT
from service.sending.backends import MemoryBackend
from service.sending.dispatcher import dispatch
from tests.conftest import at_once

from .sending_support import FAST, NOW, reload

NAIVE_NOW = NOW.replace(tzinfo=None)


class SlowMemory(MemoryBackend):
    """Takes a few milliseconds per text, so two passes overlap."""

    def send(self, to, body, *, status_callback=None):
        time.sleep(0.003)
        return super().send(to, body, status_callback=status_callback)


def test_two_passes_at_once_send_each_row_exactly_once(build):
    rows = [build.message() for _ in range(80)]
    backend = SlowMemory()
    summaries = []
    errors = at_once(
        2,
        lambda: summaries.append(
            dispatch(NOW, backend=backend, rate=FAST, concurrency=4, batch_size=5)
        ),
    )

    assert errors == []
    assert sorted(body for _, body in backend.sent) == sorted(row.body for row in rows)
    assert sum(s["claimed"] for s in summaries) == len(rows)
    assert sum(s["sent"] for s in summaries) == len(rows)
    assert Message.select().where(Message.state != SENT).count() == 0


def test_a_second_pass_finds_nothing_to_send(build, sms):
    build.message()
    dispatch(NOW, backend=sms, rate=FAST)
    assert dispatch(NOW, backend=sms, rate=FAST)["claimed"] == 0
    assert len(sms.sent) == 1


def test_rows_stuck_sending_after_a_crash_are_requeued_and_sent(build, sms):
    stuck = build.message(
        state=SENDING, claim="dead-pass", claimed_at=NAIVE_NOW - timedelta(minutes=11)
    )
    recent = build.message(
        state=SENDING, claim="live-pass", claimed_at=NAIVE_NOW - timedelta(minutes=9)
    )
    handed_over = build.message(
        state=SENDING,
        claim="dead-pass",
        claimed_at=NAIVE_NOW - timedelta(hours=1),
        twilio_sid="SM" + "b" * 32,
    )

    summary = dispatch(NOW, backend=sms, rate=FAST)

    assert summary["requeued"] == 1
    assert sms.sent == [(stuck.participant.phone, stuck.body)]
    assert reload(stuck).state == SENT
    assert (reload(recent).state, reload(recent).claim) == (SENDING, "live-pass")
    assert reload(handed_over).state == SENDING
