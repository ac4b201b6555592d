"""What the alert page shows around a risky text: the person's programme and day,
and the texts just before and after it. Scoped by the alert's organisation: every text
carries its own, so another organisation's texts from the same number never show.
"""

from dataclasses import dataclass

from ...models.messages import QUEUED, SENDING, Inbound, Message
from ...models.participant import Enrolment
from .participants import _thread, day_at

UNSENT = (QUEUED, SENDING)

CONTEXT = 5  # texts before and after a risky one on the alert page


@dataclass
class AlertContext:
    """What the alert page shows around a risky text."""

    enrolment: Enrolment | None
    day: int | None
    before: list
    after: list


def alert_context(alert, around=CONTEXT):
    """The person's programme and day, and the texts just before and after the alert's text."""
    participant = alert.participant
    if participant is None:
        return AlertContext(None, None, [], [])
    enrolment = alert.inbound.enrolment if alert.inbound and alert.inbound.enrolment_id else None
    # The alert's organisation's texts only (the site's, for a site alert):
    # the same number's texts to another organisation are never shown.
    org = alert.organisation_id
    inbound = Inbound.select().where(
        Inbound.participant == participant,
        Inbound.organisation.is_null() if org is None else Inbound.organisation == org,
    )
    outbound = Message.select().where(
        Message.participant == participant,
        Message.organisation.is_null() if org is None else Message.organisation == org,
    )
    # Rows are numbered in the order they were written, which is exact where
    # several share a timestamp; the reply to the risky text marks the border.
    if alert.inbound_id is not None:
        in_before, in_after = Inbound.id < alert.inbound_id, Inbound.id > alert.inbound_id
        border = Message.select(Message.id).where(Message.in_reply_to == alert.inbound_id).scalar()
    else:
        in_before = Inbound.received_at < alert.created_at
        in_after = Inbound.received_at >= alert.created_at
        border = None
    if border is not None:
        out_before, out_after = Message.id < border, Message.id >= border
    else:
        out_before = Message.created_at < alert.created_at
        out_after = Message.created_at >= alert.created_at
    # A text planned before the risky one but not sent yet has not been read: it
    # belongs after it, marked as waiting (a held check-in, say).
    unsent = Message.state.in_(UNSENT)
    out_before, out_after = out_before & ~unsent, out_after | unsent
    before = _thread(
        inbound.where(in_before).order_by(Inbound.id.desc()).limit(around),
        outbound.where(out_before).order_by(Message.id.desc()).limit(around),
    )[-around:]
    after = _thread(
        inbound.where(in_after).order_by(Inbound.id).limit(around),
        outbound.where(out_after).order_by(Message.id).limit(around),
    )[:around]
    day = day_at(enrolment, alert.inbound) if enrolment is not None else None
    return AlertContext(enrolment, day, before, after)
