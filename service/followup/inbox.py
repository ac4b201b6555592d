"""Inbox items: every arriving text that needs a person, until someone handles it.

Two ways in: the safety screen's alerts (`alert_raised`, any tier) and
`consider`, called for every stored text after the conversation routed it.
One item per text and per alert (unique columns), so a retried webhook or a
text that is both a question and an alert is filed once.
"""

from ..conversation.answers import is_skip
from ..db import utc
from ..models import CheckinAnswer
from ..models.followup import ALERT, InboxItem
from .rules import needs_human

NO_PRIORITY = 9  # sorts after every alert tier


class InboxError(ValueError):
    """An inbox change that does not fit."""


def _answer_unread(inbound, text):
    """True when a check-in reply was not read: re-asked, or kept without a value.

    The conversation says so on the inbound (`answer_unread`) when it knows;
    otherwise the stored answer tells.
    """
    if is_skip(text):
        return False
    known = getattr(inbound, "answer_unread", None)
    if known is not None:
        return known
    answer = CheckinAnswer.get_or_none(CheckinAnswer.inbound == inbound)
    return answer is None or (answer.value is None and answer.text is None)


def _reason(inbound):
    unread = inbound.kind == "checkin" and _answer_unread(inbound, inbound.body)
    return needs_human(inbound.kind, inbound.body, answer_unread=unread)


def understood(inbound):
    """True when the text needs no person, decided without the database
    whenever the conversation said how it read the text."""
    if inbound.enrolment_id is None:
        return True  # a stranger's text belongs to no organisation's inbox
    if inbound.kind == "checkin" and getattr(inbound, "answer_unread", None) is None:
        return False  # only the stored answer can tell
    return _reason(inbound) is None


def consider(participant, inbound, *, now):
    """File the text in its organisation's inbox when it needs a person; the item or None."""
    reason = _reason(inbound)
    if reason is None or inbound.enrolment is None:
        return None  # a stranger's text belongs to no organisation's inbox
    return _file(
        organisation=inbound.enrolment.launch.organisation_id,
        participant=participant.id,
        inbound=inbound.id,
        reason=reason,
        now=now,
    )


def alert_raised(alert, *, now):
    """File a new safety alert (any tier) in its organisation's inbox."""
    if alert.organisation_id is None or alert.participant_id is None:
        return None
    return _file(
        organisation=alert.organisation_id,
        participant=alert.participant_id,
        inbound=alert.inbound_id,
        alert=alert.id,
        reason=ALERT,
        priority=alert.priority,
        now=now,
    )


def _file(*, organisation, participant, inbound=None, alert=None, reason, priority=None, now):
    if inbound is not None:
        existing = InboxItem.get_or_none(InboxItem.inbound == inbound)
        if existing is not None:
            if alert is not None and existing.alert_id is None:
                # The text was filed first (a question), then found risky.
                existing.alert, existing.reason, existing.priority = alert, ALERT, priority
                existing.handled = False
                existing.save()
            return existing
    return InboxItem.create(
        organisation=organisation,
        participant=participant,
        inbound=inbound,
        alert=alert,
        reason=reason,
        priority=NO_PRIORITY if priority is None else priority,
        created_at=utc(now),
    )


def mark(item, *, handled, by, now):
    """Mark an item handled (by: who, as colleagues see it) or open again."""
    item.handled = handled
    item.handled_at = utc(now) if handled else None
    item.handled_by = by if handled else None
    item.save()


def assign(item, staff_user):
    """Give the item to a colleague of its organisation (None: nobody)."""
    if staff_user is not None and staff_user.organisation_id != item.organisation_id:
        raise InboxError("That colleague is not in this organisation.")
    if staff_user is not None and not staff_user.active:
        raise InboxError("That account is disabled.")
    item.assigned_to = staff_user
    item.save()


def item_of_alert(alert):
    """The inbox item filed for an alert, or None (alerts of strangers have none)."""
    return InboxItem.get_or_none(InboxItem.alert == alert)
