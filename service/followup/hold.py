"""After a crisis text, one organisation's programme waits for a human.

A crisis alert holds the person (a `Hold` row) for the organisation the alert
belongs to, the one whose programme they were in when the text came, until
now + CRISIS_HOLD_HOURS (72 by default). Until then the planner plans none of
that organisation's programme days for them and the dispatcher sends none of
its queued programme texts; another organisation's programme, their own
texts, keywords and staff replies go on as usual. Resolving the alert (with a
note) or that organisation's staff pressing "Resume programme texts" ends the
hold at once; acknowledging does not (it means "I'm on it"). While the alert
is unresolved the clock renews the hold before it runs out
(alerts.keep_holds); a hold without an unresolved crisis alert behind it ends
by itself after the hours. Every function takes the organisation: no one can
see or end another organisation's hold.
"""

from datetime import timedelta

from .. import config
from ..db import insert_new, utc
from ..models import Hold, Message
from ..models.messages import QUEUED

PROGRAMME_KINDS = ("practice", "checkin", "closing")


def _org_id(organisation):
    return getattr(organisation, "id", organisation)


def _row(organisation, participant):
    return Hold.get_or_none(
        Hold.organisation == _org_id(organisation), Hold.participant == participant
    )


def hold(organisation, participant, *, now, hours=None):
    """Hold the organisation's programme texts to the person for `hours`
    (default CRISIS_HOLD_HOURS) from now; returns when the hold ends."""
    hours = config.hold_hours() if hours is None else hours
    until = utc(now) + timedelta(hours=hours)
    org_id = _org_id(organisation)
    insert_new(Hold, organisation=org_id, participant=participant, until=until, created_at=utc(now))
    # A longer hold already in place is kept.
    Hold.update(until=until).where(
        Hold.organisation == org_id, Hold.participant == participant, Hold.until < until
    ).execute()
    return _row(org_id, participant).until


def held_until(organisation, participant, now):
    """When the organisation's hold on the person ends, or None when none is on."""
    row = _row(organisation, participant)
    return row.until if row is not None and row.until > utc(now) else None


def is_held(organisation, participant, now):
    """True while the organisation's programme texts to the person wait for a human."""
    return held_until(organisation, participant, now) is not None


def release(organisation, participant, *, now):
    """End the organisation's hold now; texts it deferred go on the next pass.
    True if one was on. Another organisation's hold is never touched."""
    now = utc(now)
    org_id = _org_id(organisation)
    was_held = is_held(org_id, participant, now)
    Hold.delete().where(Hold.organisation == org_id, Hold.participant == participant).execute()
    if was_held:
        # The dispatcher moved held texts to the end of the hold; bring them back.
        Message.update(send_after=now).where(
            (Message.participant == participant)
            & (Message.organisation == org_id)
            & (Message.state == QUEUED)
            & Message.kind.in_(PROGRAMME_KINDS)
            & (Message.send_after > now)
        ).execute()
    return was_held
