"""Acting on the safety screen: the reply a person gets at once, and the alert.

The screen itself (what counts as risk) is `service/safety/`; this module
decides what to say back, in this order:
- a medical emergency at the crisis tier (too much taken, bleeding that will
  not stop, someone who will not wake): the emergency number first;
- self-harm or suicide at the crisis tier: the crisis reply (crisis line and
  emergency number);
- harm from another person: the organisation's safety line (falls back to
  the crisis reply when the organisation has not set one);
- someone else at risk (a friend who talks of dying, a son who left a
  note): how to be with them, and the crisis line to call together;
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
MEDICAL = "medical"
THIRD_PARTY = "third_party"
NOT_ONESELF = (HARM_FROM_OTHERS, THIRD_PARTY)


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
    """Which system text answers this decision: medical, crisis, safety_others,
    third_party or concern."""
    crisis = [m for m in decision.matches if m.tier == CRISIS_TIER]
    if not decision.matches and decision.category:
        # Raised by the learned second opinion alone: its category head names the kind.
        crisis = [decision] if decision.tier == CRISIS_TIER else []
    if any(m.category == MEDICAL for m in crisis):
        return "medical"
    if any(m.category not in NOT_ONESELF for m in crisis):
        return "crisis"
    if decision.has(HARM_FROM_OTHERS):
        return "safety_others" if has_safety_line else "crisis"
    if decision.has(THIRD_PARTY):
        return "third_party"
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
