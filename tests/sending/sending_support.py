"""Constants and the row builder shared by the sending tests."""

import itertools
from datetime import datetime, timezone

from service.models import Enrolment, Launch, Message, Organisation, Participant
from service.models.participant import ACTIVE

ACCOUNT_SID = "AC" + "0" * 32
FROM_NUMBER = "+15005550006"
MESSAGING_SERVICE_SID = "MG" + "a" * 32
# A weekday morning in New York, afternoon in London: inside everyone's window.
NOW = datetime(2026, 3, 4, 15, 0, tzinfo=timezone.utc)
FAST = 10_000  # messages per second: no pacing to speak of in unit tests


class Builder:
    """Makes the rows a send needs, with sensible defaults."""

    def __init__(self):
        self._numbers = itertools.count(1)

    def participant(self, **fields):
        """A participant with a fresh US number."""
        fields.setdefault("phone", f"+1202555{next(self._numbers):04d}")
        return Participant.create(**fields)

    def enrolment(self, *, tz="America/New_York", quiet=("08:00", "21:00"), **fields):
        """An active enrolment in zone `tz`, in a new launch with these quiet hours."""
        # The organisation sits in UTC so a test can tell the enrolment's zone is used.
        org = Organisation.create(slug=f"org{next(self._numbers)}", name="Harbour Health")
        launch = Launch.create(
            organisation=org, programme="kind-days", quiet_start=quiet[0], quiet_end=quiet[1]
        )
        fields.setdefault("state", ACTIVE)
        if fields.get("participant") is None:
            fields["participant"] = self.participant()
        return Enrolment.create(launch=launch, language="en", timezone=tz, **fields)

    def message(self, enrolment=None, *, kind="practice", participant=None, **fields):
        """A queued text, due at NOW; programme kinds get an enrolment if none given."""
        if enrolment is None and kind != "reply":
            enrolment = self.enrolment(participant=participant)
        if participant is None:
            participant = enrolment.participant if enrolment else self.participant()
        fields.setdefault("body", f"A small kindness for today, no {next(self._numbers)}.")
        fields.setdefault("send_after", NOW.replace(tzinfo=None))
        if enrolment is not None:
            fields.setdefault("organisation", enrolment.launch.organisation_id)
        return Message.create(participant=participant, enrolment=enrolment, kind=kind, **fields)


def reload(row):
    """The row as the database has it now."""
    return type(row).get_by_id(row.id)
