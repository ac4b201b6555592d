"""Safety alerts as staff handle them: the queue, acknowledge, then resolve with a note,
and how long they waited. No Flask.

Acknowledging says "I'm on it": it stops the on-call page and changes nothing the
person receives. The programme hold a crisis text started ends only when someone
says so: resolving the alert (with its note), or "Resume programme texts" on the
person's page (hold.release). While the alert is unresolved, each clock pass
renews the hold before it would run out (`keep_holds`).
"""

import statistics
from dataclasses import dataclass
from datetime import timedelta

from peewee import JOIN, fn

from ..db import utc
from ..marks import N_
from ..models import Hold
from ..models.followup import InboxItem
from ..models.messages import Inbound
from ..models.participant import Participant
from ..models.safety import CRISIS, SafetyAlert
from . import hold

OPEN, ACKNOWLEDGED, RESOLVED = "open", "acknowledged", "resolved"


ACK_WINDOW = timedelta(days=30)
RENEW_BEFORE = timedelta(hours=1)  # a crisis hold is renewed this long before it would end


class AlertError(ValueError):
    """An alert change that does not fit its state."""


def acknowledge(alert, *, by, now):
    """Mark an open alert as seen by a person (by: who, as shown to colleagues)."""
    if alert.status != OPEN:
        raise AlertError(N_("This alert was already picked up."))
    alert.status = ACKNOWLEDGED
    alert.acknowledged_at = utc(now)
    alert.acknowledged_by = by
    alert.save()


def keep_holds(now):
    """Renew the hold of everyone whose crisis alert nobody has resolved, before it runs
    out: the hold ends when someone says so (Resolve, or Resume, which clears it and is
    never renewed), not by the clock. Called by every clock pass; returns how many."""
    now = utc(now)
    held = (
        Hold.select(Hold.organisation, Hold.participant)
        .join(
            SafetyAlert,
            on=(
                (SafetyAlert.participant == Hold.participant)
                & (SafetyAlert.organisation == Hold.organisation)
            ),
        )
        .where(
            SafetyAlert.priority == CRISIS,
            SafetyAlert.status != RESOLVED,
            Hold.until <= now + RENEW_BEFORE,  # Resume deletes the hold: it stays ended
        )
        .distinct()
        .tuples()
    )
    renewed = 0
    for organisation_id, participant_id in list(held):
        hold.hold(organisation_id, participant_id, now=now)
        renewed += 1
    return renewed


def _release(alert, now):
    # Someone has the person in mind now: the programme need not wait any longer.
    if alert.participant_id is not None and alert.organisation_id is not None:
        hold.release(alert.organisation_id, alert.participant_id, now=now)


def resolve(alert, *, by, note, now):
    """Close an alert with a note of what was done; acknowledges it too if needed."""
    note = (note or "").strip()
    if alert.status == RESOLVED:
        raise AlertError(N_("This alert is already resolved."))
    if not note:
        raise AlertError(N_("Please add a short note of what was done."))
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


def alert_queue(org, *, resolved=False, limit=200):
    """Open and acknowledged alerts (or resolved ones): crisis first, longest waiting first."""
    query = (
        SafetyAlert.select(SafetyAlert, Inbound, Participant)
        .join(Inbound, JOIN.LEFT_OUTER, on=(SafetyAlert.inbound == Inbound.id))
        .switch(SafetyAlert)
        .join(Participant, JOIN.LEFT_OUTER, on=(SafetyAlert.participant == Participant.id))
        .where(SafetyAlert.organisation == org)
    )
    if resolved:
        query = query.where(SafetyAlert.status == "resolved").order_by(
            SafetyAlert.resolved_at.desc()
        )
    else:
        query = query.where(SafetyAlert.status != "resolved").order_by(
            SafetyAlert.priority, SafetyAlert.created_at, SafetyAlert.id
        )
    return list(query.limit(limit))


def waiting_count(org):
    """(unresolved alerts, unresolved crisis alerts) of the organisation, for the navigation."""
    counts = dict(
        SafetyAlert.select(SafetyAlert.priority, fn.COUNT(SafetyAlert.id))
        .where(SafetyAlert.organisation == org, SafetyAlert.status != RESOLVED)
        .group_by(SafetyAlert.priority)
        .tuples()
    )
    return sum(counts.values()), counts.get(CRISIS, 0)


def alert_of(org, alert_id):
    """The organisation's alert with this id, or None."""
    return SafetyAlert.get_or_none(SafetyAlert.id == alert_id, SafetyAlert.organisation == org)


@dataclass
class AckTimes:
    """Minutes from a crisis or concern alert to someone picking it up, over a window."""

    count: int
    median_minutes: float | None
    worst_minutes: float | None
    waiting: int  # alerts in the window nobody has picked up yet


def time_to_acknowledge(org, *, now, window=ACK_WINDOW):
    """Median and worst time to acknowledge the organisation's alerts of the last 30 days."""
    since = utc(now) - window
    rows = list(
        SafetyAlert.select(SafetyAlert.created_at, SafetyAlert.acknowledged_at)
        .where(SafetyAlert.organisation == org, SafetyAlert.created_at >= since)
        .tuples()
    )
    minutes = [(ack - made).total_seconds() / 60 for made, ack in rows if ack is not None]
    waiting = sum(1 for _made, ack in rows if ack is None)
    if not minutes:
        return AckTimes(0, None, None, waiting)
    return AckTimes(len(minutes), statistics.median(minutes), max(minutes), waiting)
