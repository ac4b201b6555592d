"""Texting the service without a phone: the CLI's `simulate` and the staff simulator."""

from ..db import utc, write_transaction
from ..models import Message
from ..models.messages import QUEUED, SENT
from ..models.participant import ACTIVE, PAUSED
from ..phones import normalise
from ..sending.planner import Texts, plan_enrolment, save_plans
from .enrolment import current
from .inbound import participant_for, receive_text, simulated_sid


def text(phone, body, *, now, is_test=True):
    """Text the service as `phone`; returns the replies."""
    return receive_text(
        phone=phone, body=body, message_sid=simulated_sid(), now=now, is_test=is_test
    )


def next_day(participant, *, now):
    """For a test participant: plan and deliver its next programme day at once.

    Returns the bodies "delivered". Real participants are refused: their
    days follow their own clock.
    """
    if not participant.is_test:
        raise ValueError("only test participants can skip ahead")
    now = utc(now)
    with write_transaction():
        enrolment = current(participant)
        if enrolment is None or enrolment.state not in (ACTIVE, PAUSED):
            return []
        rows = plan_enrolment(enrolment, Texts(), now, force=True)
        save_plans([enrolment], rows)
        keys = [r[2] for r in rows]  # planner.ROW_FIELDS: dedupe_key
        delivered = list(
            Message.select()
            .where(Message.dedupe_key.in_(keys), Message.state == QUEUED)
            .order_by(Message.send_after, Message.id)
        )
        for message in delivered:
            message.state, message.sent_at = SENT, now
            message.save()
            if message.kind == "checkin":
                enrolment.pending = "checkin"
                enrolment.pending_day, enrolment.pending_item = message.day, message.item
                enrolment.reasked = False
                enrolment.save()
    return [m.body for m in delivered]


def test_participant(phone, *, now):
    """The Participant for a simulator number, created as a test participant."""
    number = normalise(phone)
    with write_transaction():
        return participant_for(number, is_test=True, now=now)
