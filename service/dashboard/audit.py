"""The audit log: who did what to whose data, and when. Never numbers or bodies."""

from ..db import utc
from ..models.staff import AuditLog


def record(staff, organisation, action, *, now, target=None, **detail):
    """Write one audit entry for a staff action (target: a model instance or None)."""
    return AuditLog.create(
        staff=staff,
        staff_email=staff.email if staff else "",
        organisation=organisation,
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=target.id if target is not None else None,
        detail=detail,
        created_at=utc(now),
    )


def recent(organisation, limit=50):
    """The organisation's latest audit entries, newest first."""
    return (
        AuditLog.select()
        .where(AuditLog.organisation == organisation)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(limit)
    )
