"""FORGET / OLVIDAR: a person asks, by text, to be erased.

Two texts, so one mistaken text erases nothing: FORGET asks "Reply YES to
erase"; only a YES within CONFIRM_WINDOW makes the request (privacy/erasure.py).
Any other reply (NO, an answer, anything) drops the question and is read as it
would have been. STOP still only stops; this is a separate, explicit request.
"""

from datetime import timedelta

from ..db import utc
from ..privacy import erasure
from .replies import say

CONFIRM_WINDOW = timedelta(hours=2)


def ask(participant, lang, now):
    """FORGET: ask to confirm, and remember when we asked."""
    participant.forget_asked_at = utc(now)
    participant.save()
    return [say("forget_confirm", lang=lang)]


def asked(participant, now):
    """True while a FORGET waits for its YES."""
    at = participant.forget_asked_at
    return at is not None and utc(now) - at <= CONFIRM_WINDOW


def confirm(participant, command, lang, now):
    """The reply to FORGET's question: erasure on YES, "nothing erased" on NO,
    None for anything else (the text is then read as usual)."""
    participant.forget_asked_at = None
    participant.save()
    if command is not None and command.name == "yes":
        erasure.request([participant], how="sms", requested_by="participant", now=now)
        return [say("forget_done", lang=lang)]
    if command is not None and command.name == "no":
        return [say("forget_kept", lang=lang)]
    return None
