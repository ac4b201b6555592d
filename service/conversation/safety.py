"""The safety screen: every inbound text but STOP passes here first.

A text that suggests a risk of suicide or self-harm gets the crisis reply at
once and raises an alert for staff, whoever sent it (opted out or unknown
too), and is never read as a check-in answer.
"""

import logging

from .. import followup
from ..db import utc
from ..models import SafetyAlert
from ..models.safety import CRISIS
from ..phones import mask
from .vocabulary import crisis_terms, words_of

log = logging.getLogger(__name__)


def screen(text, directory=None):
    """(language, term) of the first crisis term in the text, or None."""
    words = f" {words_of(text)} "
    terms = crisis_terms(directory) if directory else crisis_terms()
    for lang, term in terms:
        if f" {term} " in words:
            return lang, term
    return None


def raise_alert(*, organisation, participant, inbound, reason, priority=CRISIS, now):
    """Record an alert for staff of `organisation` (None: site administrators)."""
    alert = SafetyAlert.create(
        organisation=organisation,
        participant=participant,
        inbound=inbound,
        priority=priority,
        reason=reason,
        created_at=utc(now),
    )
    log.warning(
        "safety alert %s (priority %s) from %s",
        alert.id,
        priority,
        mask(participant.phone if participant else ""),
    )
    followup.alert_raised(alert, now=now)
    return alert
