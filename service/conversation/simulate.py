"""Texting the service without a phone: the CLI's `simulate` and the staff simulator."""

import secrets

from ..db import insert_new, utc, write_transaction
from ..models import Message, Participant
from ..models.messages import QUEUED, SENT
from ..models.participant import ACTIVE, PAUSED, new_pseudonym
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
        keys = [r[3] for r in rows]  # planner.ROW_FIELDS: dedupe_key
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


def staff_number(staff, *, now, new=False):
    """The simulator number of a staff member: their latest, or a new one.

    Made here, on the server, and owned by that staff member alone
    (Participant.test_owner): the simulator never texts as a number a
    request or a session names, so nobody can text as a real participant.
    """
    if not new:
        mine = (
            Participant.select()
            .where(Participant.test_owner == staff, Participant.is_test == True)  # noqa: E712
            .order_by(Participant.id.desc())
            .first()
        )
        if mine is not None:
            return mine
    with write_transaction():
        for _ in range(5):
            number = f"+1555{secrets.randbelow(10**7):07d}"  # +1 555 ...: never a real line
            made = insert_new(
                Participant,
                phone=number,
                pseudonym=new_pseudonym(),
                is_test=True,
                test_owner=staff,
                created_at=utc(now),
            )
            if made is not None:
                return Participant.get_by_id(made)
    raise RuntimeError("no free test number after five tries")


def test_participant(phone, *, now):
    """The Participant for a simulator number, created as a test participant."""
    number = normalise(phone)
    with write_transaction():
        return participant_for(number, is_test=True, now=now)
