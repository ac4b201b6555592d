"""The audit log: who did what to whose data, and when. Never numbers or bodies."""

from ..db import utc
from ..models.staff import AuditLog


def record(staff, organisation, action, *, now, target=None, erasure=None, **detail):
    """Write one audit entry for a staff action (target: a model instance or None;
    erasure: the id of an erasure it is about)."""
    return AuditLog.create(
        staff=staff,
        staff_email=staff.email if staff else "",
        organisation=organisation,
        action=action,
        target_type=type(target).__name__ if target is not None else None,
        target_id=target.id if target is not None else None,
        detail=detail,
        created_at=utc(now),
        erasure=erasure,
    )


def recent(organisation, limit=50):
    """The organisation's latest audit entries, newest first."""
    return (
        AuditLog.select()
        .where(AuditLog.organisation == organisation)
        .order_by(AuditLog.created_at.desc(), AuditLog.id.desc())
        .limit(limit)
    )


def search(organisation, *, action="", who="", page=1, per_page=50):
    """(entries, total, actions): one page of the log, newest first, narrowed by action and who."""
    query = AuditLog.select().where(AuditLog.organisation == organisation)
    if action:
        query = query.where(AuditLog.action == action)
    if who:
        query = query.where(AuditLog.staff_email == who.strip().lower())
    total = query.count()
    entries = list(
        query.order_by(AuditLog.created_at.desc(), AuditLog.id.desc()).paginate(page, per_page)
    )
    actions = [
        a
        for (a,) in AuditLog.select(AuditLog.action)
        .where(AuditLog.organisation == organisation)
        .distinct()
        .order_by(AuditLog.action)
        .tuples()
    ]
    return entries, total, actions
