"""Human follow-up: what needs a person, holding the programme for one, staff replies,
case notes and calling on-call staff. No Flask here: the dashboard, the clock and
the conversation call these.

- `rules.py`: whether an arriving text needs a human, and why.
- `inbox.py`: inbox items (made when a text needs a human or an alert is raised),
  handling and assigning them, and reading an organisation's inbox.
- `alerts.py`: safety alerts as staff handle them: the queue, acknowledge, resolve,
  and how long they waited.
- `flags.py`: the marks beside people in lists (an alert not yet resolved).
- `hold.py`: after a crisis text, one organisation's programme texts wait for a human.
- `replies.py`: a staff member's one-off text, through the outbox.
- `notes.py`: staff-only case notes.
- `oncall.py`: texting (and emailing) on-call contacts until someone acknowledges.
- `mail.py`: the email seam (SMTP with the standard library, or memory in tests).
- `texts.py`: staff-facing texts and default saved replies (templates_sms/staff.yaml).
"""

import logging

from ..db import database

log = logging.getLogger(__name__)

# The imports below sit inside the functions because the conversation imports
# this package while it is itself being imported (safety -> followup -> answers).


def _safely(what, action):
    """Run a follow-up step in a savepoint: if it fails, the text is still
    answered (the crisis reply above all) and the failure is logged loudly."""
    try:
        with database.atomic():
            return action()
    except Exception:
        log.exception("follow-up step %s failed; the text was handled without it", what)
        return None


def alert_raised(alert, *, now):
    """Everything a new safety alert starts: an inbox item; for a crisis, the
    programme hold and the on-call page."""
    from ..models.safety import CRISIS
    from . import hold, inbox, oncall

    def act():
        inbox.alert_raised(alert, now=now)
        if alert.priority == CRISIS and alert.participant_id is not None:
            if alert.organisation_id is not None:
                # The organisation whose programme the person is in waits; no other.
                hold.hold(alert.organisation_id, alert.participant_id, now=now)
            oncall.start(alert, now=now)

    _safely("alert_raised", act)


def text_arrived(participant, inbound, *, now):
    """File an arriving text in the inbox when it needs a person."""
    from . import inbox

    if inbox.understood(inbound):
        return None  # most texts: nothing to file, no savepoint, no statement
    return _safely("text_arrived", lambda: inbox.consider(participant, inbound, now=now))
