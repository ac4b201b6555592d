"""Delivery callbacks: states only move forward, 21610 opts the number out."""

from datetime import timedelta

import pytest

from service.models import Message, StatusReport
from service.models.messages import CANCELLED, DELIVERED, FAILED, QUEUED, SENT, UNDELIVERED
from service.sending.backends import MemoryBackend
from service.sending.dispatcher import dispatch
from service.sending.status import apply_status

from .sending_support import FAST, NOW, reload

NAIVE_NOW = NOW.replace(tzinfo=None)
SID = "SM" + "c" * 32


@pytest.fixture
def sent(build):
    """A text Twilio has taken."""
    return build.message(state=SENT, twilio_sid=SID, sent_at=NAIVE_NOW, attempts=1)


def test_unknown_sid_is_false(app):
    assert apply_status("SM" + "0" * 32, "delivered", now=NOW) is False


def test_delivered_sets_state_and_time(sent):
    assert apply_status(SID, "delivered", now=NOW + timedelta(seconds=4)) is True
    row = reload(sent)
    assert (row.state, row.delivered_at) == (DELIVERED, NAIVE_NOW + timedelta(seconds=4))


@pytest.mark.parametrize(
    "sequence, final",
    [
        (["queued", "sent", "delivered"], DELIVERED),
        (["delivered", "sent"], DELIVERED),  # a late "sent" never undoes delivery
        (["delivered", "queued", "sending"], DELIVERED),
        (["sent", "undelivered", "delivered"], UNDELIVERED),  # the first final word stands
        (["accepted", "queued", "sending"], SENT),
        (["failed", "sent"], FAILED),
    ],
)
def test_states_only_move_forward(sent, sequence, final):
    for status in sequence:
        apply_status(SID, status, now=NOW)
    assert reload(sent).state == final


def test_undelivered_keeps_the_error_code(sent):
    apply_status(SID, "undelivered", "30003", now=NOW)
    row = reload(sent)
    assert (row.state, row.error_code, row.delivered_at) == (UNDELIVERED, "30003", None)


def test_unknown_status_changes_nothing(sent):
    assert apply_status(SID, "teleported", now=NOW) is True
    assert reload(sent).state == SENT


def test_21610_opts_out_and_cancels_what_is_queued(build, sent):
    participant = sent.participant
    queued = build.message(participant=participant, send_after=NAIVE_NOW + timedelta(days=1))
    someone_else = build.message()

    apply_status(SID, "failed", 21610, now=NOW)

    row = reload(sent)
    assert (row.state, row.error_code) == (FAILED, "21610")
    participant = reload(participant)
    assert participant.opted_out is True and participant.opted_out_at == NAIVE_NOW
    assert reload(queued).state == CANCELLED
    assert reload(someone_else).state == QUEUED


def test_other_failures_do_not_opt_out(sent):
    apply_status(SID, "failed", "30006", now=NOW)
    assert reload(sent).participant.opted_out is False


def test_a_report_that_beats_the_sid_is_applied_when_the_sid_is_saved(build):
    class EarlyReporter(MemoryBackend):
        """Twilio calling back "delivered" before send() has even returned."""

        def send(self, to, body, *, status_callback=None):
            result = super().send(to, body, status_callback=status_callback)
            assert apply_status(result.sid, "delivered", now=NOW) is False
            return result

    row = build.message()
    dispatch(NOW, backend=EarlyReporter(), rate=FAST)
    assert Message.get_by_id(row.id).state == DELIVERED
    assert StatusReport.select().count() == 0
