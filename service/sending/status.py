"""What Twilio tells us about texts after it took them: delivery callbacks."""

import logging

from ..db import utc, write_transaction
from ..evaluation import rollups
from ..models import Message, Participant, StatusReport
from ..models.messages import CANCELLED, DELIVERED, FAILED, QUEUED, SENDING, SENT, UNDELIVERED
from .backends import UNSUBSCRIBED

log = logging.getLogger(__name__)

# How far along each state is. A callback only moves a text to a later rank,
# so callbacks arriving out of order (a late "sent" after "delivered") are harmless.
RANK = {
    QUEUED: 0,
    SENDING: 1,
    SENT: 2,
    DELIVERED: 3,
    UNDELIVERED: 3,
    FAILED: 3,
    CANCELLED: 3,
}

# Twilio's MessageStatus values and the state each means here. Twilio's own
# early statuses (queued, accepted, sending...) are all "sent" for us: the
# text has left our hands, and must never look queued to the dispatcher again.
TWILIO_STATES = {
    "accepted": SENT,
    "scheduled": SENT,
    "queued": SENT,
    "sending": SENT,
    "sent": SENT,
    "delivered": DELIVERED,
    "read": DELIVERED,
    "undelivered": UNDELIVERED,
    "failed": FAILED,
    "canceled": CANCELLED,
}


def mark_opted_out(participant_id, now):
    """Record that a number has unsubscribed and cancel everything queued for it."""
    now = utc(now)
    with write_transaction():
        Participant.update(opted_out=True, opted_out_at=now).where(
            (Participant.id == participant_id) & (Participant.opted_out == False)  # noqa: E712
        ).execute()
        cancelled = (
            Message.update(state=CANCELLED)
            .where((Message.participant == participant_id) & (Message.state == QUEUED))
            .execute()
        )
    log.info(
        "participant %s unsubscribed at Twilio; %d queued cancelled", participant_id, cancelled
    )
    return cancelled


def apply_status(message_sid, status, error_code=None, *, now) -> bool:
    """Apply one Twilio status callback; False when no text has that sid."""
    now = utc(now)
    row = (
        Message.select(
            Message.id,
            Message.participant,
            Message.enrolment,
            Message.state,
            Message.kind,
            Message.day,
            Message.send_after,
        )
        .where(Message.twilio_sid == message_sid)
        .first()
    )
    if row is None:
        # Perhaps faster than the dispatcher writing the sid down: keep it.
        StatusReport.create(
            message_sid=message_sid,
            status=(status or "")[:32],
            error_code=None if error_code in (None, "") else str(error_code)[:16],
            received_at=now,
        )
        return False
    code = str(error_code).strip() if error_code not in (None, "") else None
    target = TWILIO_STATES.get((status or "").strip().lower())
    if target is None:
        log.warning("message %s: unknown Twilio status %r ignored", row.id, status)
    else:
        fields = {Message.state: target}
        if target == DELIVERED:
            fields[Message.delivered_at] = now
        if code:
            fields[Message.error_code] = code
        _advance(row, fields, target)
    if code == str(UNSUBSCRIBED):
        mark_opted_out(row.participant_id, now)
    return True


def _advance(row, fields, target):
    """Move the text to `target` if that is further along; recount a sealed day.

    Compare-and-set on the state read, so two callbacks racing in two web
    workers still end at the furthest state and each move is counted once in
    the dashboard's rollups (a report days late corrects its settled day).
    """
    state = row.state
    for _attempt in range(4):
        if RANK.get(state, 0) >= RANK[target]:
            return
        with write_transaction():
            moved = (
                Message.update(fields)
                .where((Message.id == row.id) & (Message.state == state))
                .execute()
            )
            if moved:
                rollups.restate(row, state, target)
                return
        state = Message.select(Message.state).where(Message.id == row.id).scalar()


def apply_early_reports(sids, *, now):
    """Apply reports that arrived before these sids were saved; returns how many."""
    reports = list(
        StatusReport.select()
        .where(StatusReport.message_sid.in_(list(sids)))
        .order_by(StatusReport.id)
    )
    for report in reports:
        apply_status(report.message_sid, report.status, report.error_code, now=now)
    if reports:
        StatusReport.delete().where(StatusReport.id.in_([r.id for r in reports])).execute()
    return len(reports)
