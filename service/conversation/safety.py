"""Acting on the safety screen: the reply a person gets at once, and the alert.

The screen itself (what counts as risk) is `service/safety/`; this module
decides what to say back:
- self-harm or suicide at the crisis tier: the crisis reply (crisis line and
  emergency number);
- harm from another person: the organisation's safety line (falls back to
  the crisis reply when the organisation has not set one);
- the concern tier: a gentle reply that asks directly and gives the line.
Every risky text raises an alert for staff with the tier, category and the
words that matched, whoever sent it (opted out or unknown too).
"""

import logging

from .. import followup
from ..db import utc
from ..models import SafetyAlert
from ..models.safety import CONCERN, CRISIS
from ..phones import mask
from ..safety import CRISIS as CRISIS_TIER
from .replies import say, variables

log = logging.getLogger(__name__)

HARM_FROM_OTHERS = "harm_from_others"


def respond(decision, *, participant, inbound, enrolment, organisation, lang, now):
    """Raise the alert for a risky text and return the one reply to send."""
    raise_alert(
        organisation=organisation,
        participant=participant,
        inbound=inbound,
        reason=f"{decision.tier}: {decision.category}",
        priority=CRISIS if decision.tier == CRISIS_TIER else CONCERN,
        category=decision.category,
        matched=decision.matched,
        now=now,
    )
    name = reply_for(decision, _has_safety_line(enrolment, organisation, lang))
    return say(name, enrolment=enrolment, organisation=organisation, lang=lang)


def reply_for(decision, has_safety_line):
    """Which system text answers this decision: crisis, safety_others or concern."""
    own_crisis = any(
        m.tier == CRISIS_TIER and m.category != HARM_FROM_OTHERS for m in decision.matches
    )
    if own_crisis:
        return "crisis"
    if decision.has(HARM_FROM_OTHERS):
        return "safety_others" if has_safety_line else "crisis"
    return "crisis" if decision.tier == CRISIS_TIER else "concern"


def _has_safety_line(enrolment, organisation, lang):
    return bool(variables(enrolment, organisation, lang).get("safety_line"))


def raise_alert(
    *,
    organisation,
    participant,
    inbound,
    reason,
    priority=CRISIS,
    category=None,
    matched=None,
    now,
):
    """Record an alert for staff of `organisation` (None: site administrators)."""
    alert = SafetyAlert.create(
        organisation=organisation,
        participant=participant,
        inbound=inbound,
        priority=priority,
        reason=reason[:255],
        category=category,
        matched=(matched or "")[:255] or None,
        created_at=utc(now),
    )
    log.warning(
        "safety alert %s (priority %s, %s) from %s",
        alert.id,
        priority,
        category or "-",
        mask(participant.phone if participant else ""),
    )
    followup.alert_raised(alert, now=now)
    return alert
