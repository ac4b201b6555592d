"""Safety alerts: the queue, most urgent first, and one alert, scoped to an organisation."""

from peewee import JOIN

from ...models.messages import (
    Inbound,
)
from ...models.participant import (
    Participant,
)
from ...models.safety import SafetyAlert


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


def alert_of(org, alert_id):
    """The organisation's alert with this id, or None."""
    return SafetyAlert.get_or_none(SafetyAlert.id == alert_id, SafetyAlert.organisation == org)
