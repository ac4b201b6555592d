"""Handling safety alerts: acknowledge, then resolve with a note. No Flask.

Picking an alert up ends the programme hold its crisis text started.
"""

from ..db import utc
from ..followup import hold
from ..models.followup import InboxItem

OPEN, ACKNOWLEDGED, RESOLVED = "open", "acknowledged", "resolved"


class AlertError(ValueError):
    """An alert change that does not fit its state."""


def acknowledge(alert, *, by, now):
    """Mark an open alert as seen by a person (by: who, as shown to colleagues)."""
    if alert.status != OPEN:
        raise AlertError("This alert was already picked up.")
    alert.status = ACKNOWLEDGED
    alert.acknowledged_at = utc(now)
    alert.acknowledged_by = by
    alert.save()
    _release(alert, now)


def _release(alert, now):
    # Someone has the person in mind now: the programme need not wait any longer.
    if alert.participant is not None:
        hold.release(alert.participant, now=now)


def resolve(alert, *, by, note, now):
    """Close an alert with a note of what was done; acknowledges it too if needed."""
    note = (note or "").strip()
    if alert.status == RESOLVED:
        raise AlertError("This alert is already resolved.")
    if not note:
        raise AlertError("Please add a short note of what was done.")
    if alert.status == OPEN:
        alert.acknowledged_at = utc(now)
        alert.acknowledged_by = by
    alert.status = RESOLVED
    alert.resolved_at = utc(now)
    alert.resolved_by = by
    alert.note = note
    alert.save()
    _release(alert, now)
    # A resolved alert needs nobody any more: its inbox item is handled too.
    InboxItem.update(handled=True, handled_at=utc(now), handled_by=by).where(
        (InboxItem.alert == alert.id) & (InboxItem.handled == False)  # noqa: E712
    ).execute()
