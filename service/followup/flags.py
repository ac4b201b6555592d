"""Marks beside people in lists: who raised a safety alert that is not resolved. No Flask."""

from ..models.safety import CRISIS, SafetyAlert


def in_crisis(org, participant_id):
    """True while the person has a crisis alert with this organisation not yet resolved
    (then every colleague may see their full number, to call them)."""
    return with_open_alerts(org, [participant_id]).get(participant_id) == CRISIS


def with_open_alerts(org, participant_ids):
    """{participant id: most urgent priority} among these people's unresolved alerts."""
    ids = list(set(participant_ids))
    if not ids:
        return {}
    marks = {}
    for participant_id, priority in (
        SafetyAlert.select(SafetyAlert.participant, SafetyAlert.priority)
        .where(
            SafetyAlert.organisation == org,
            SafetyAlert.participant.in_(ids),
            SafetyAlert.status != "resolved",
        )
        .tuples()
    ):
        marks[participant_id] = min(priority, marks.get(participant_id, priority))
    return marks
