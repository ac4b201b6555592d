"""After a crisis text, the programme waits for a human.

A crisis alert sets Participant.held_until to now + CRISIS_HOLD_HOURS (72 by
default). Until then the planner plans none of the person's programme days
and the dispatcher sends none of their queued programme texts; their own
texts, keywords and staff replies go on as usual. Resolving the alert (with a
note) or pressing "Resume programme texts" ends the hold at once; acknowledging
does not (it means "I'm on it"). While the alert is unresolved the clock renews
the hold before it runs out (alerts.keep_holds); a hold without an unresolved
crisis alert behind it ends by itself after the hours.
"""

from datetime import timedelta

from .. import config
from ..db import utc
from ..models import Message, Participant
from ..models.messages import QUEUED

PROGRAMME_KINDS = ("practice", "checkin", "closing")


def hold(participant, *, now, hours=None):
    """Hold the person's programme texts for `hours` (default CRISIS_HOLD_HOURS) from now."""
    hours = config.hold_hours() if hours is None else hours
    until = utc(now) + timedelta(hours=hours)
    # A longer hold already in place (staff pressed "pause") is kept.
    if participant.held_until is None or participant.held_until < until:
        participant.held_until = until
        Participant.update(held_until=until).where(Participant.id == participant.id).execute()
    return participant.held_until


def is_held(participant, now):
    """True while the person's programme texts wait for a human."""
    return participant.held_until is not None and participant.held_until > utc(now)


def release(participant, *, now):
    """End the hold now; texts deferred by it go on the next pass. True if one was on."""
    now = utc(now)
    was_held = is_held(participant, now)
    participant.held_until = None
    Participant.update(held_until=None).where(Participant.id == participant.id).execute()
    if was_held:
        # The dispatcher moved held texts to the end of the hold; bring them back.
        Message.update(send_after=now).where(
            (Message.participant == participant.id)
            & (Message.state == QUEUED)
            & Message.kind.in_(PROGRAMME_KINDS)
            & (Message.send_after > now)
        ).execute()
    return was_held
