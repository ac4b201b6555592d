"""People who text the service, and their enrolments in programmes."""

import uuid
from datetime import datetime

from peewee import (
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from ..db import BaseModel
from .org import Launch
from .staff import StaffUser


def new_pseudonym():
    """A random, meaningless name for a participant in exports."""
    return uuid.uuid4().hex[:12]


class Participant(BaseModel):
    """One phone number. STOP is per number, so opt-out lives here.

    What staff see of a person belongs to one organisation: the texts,
    alerts, inbox items, notes and holds about this number each carry their
    own organisation (docs/architecture.md, "Tenancy"), so a number known to
    two organisations is two people to staff. Only the number, its opt-out
    and its language are shared, as carriers require.
    """

    phone = CharField(unique=True)  # E.164
    pseudonym = CharField(unique=True, default=new_pseudonym)  # for exports
    language = CharField(null=True)
    timezone = CharField(null=True)  # from the number, when it has a single zone
    opted_out = BooleanField(default=False)
    opted_out_at = DateTimeField(null=True)
    is_test = BooleanField(default=False)
    # A simulator number: the staff member who made it, the only one who may
    # text as it (dashboard/pages/simulator.py). None for every real number.
    test_owner = ForeignKeyField(StaffUser, null=True, on_delete="CASCADE")
    created_at = DateTimeField(default=datetime.utcnow)
    # Asked to be forgotten: the erasure's id (privacy/erasure.py). From that
    # moment nothing is sent and no page lists the person; the clock erases.
    erasure = CharField(null=True, index=True)
    # When the person texted FORGET: only a YES soon after it asks for erasure.
    forget_asked_at = DateTimeField(null=True)


# Enrolment states. Only ACTIVE enrolments are planned.
CONSENT = "consent"  # keyword received, waiting for YES
ASK_TIME = "ask_time"  # consented, waiting for a send time
ACTIVE = "active"
PAUSED = "paused"
COMPLETED = "completed"
STOPPED = "stopped"  # participant texted STOP (START may resume)
DECLINED = "declined"  # never consented, or replaced by another programme
ENDED = "ended"  # the launch was ended, or staff ended it
OPEN_STATES = (CONSENT, ASK_TIME, ACTIVE, PAUSED)


class Enrolment(BaseModel):
    """A participant's way through one launched programme."""

    participant = ForeignKeyField(Participant, backref="enrolments", on_delete="CASCADE")
    launch = ForeignKeyField(Launch, backref="enrolments", on_delete="CASCADE")
    language = CharField()
    state = CharField(default=CONSENT)
    send_time = CharField(null=True)  # local HH:MM
    timezone = CharField()
    next_day = IntegerField(default=1)  # the programme day planned next
    next_due_at = DateTimeField(null=True)  # UTC; when next_day is due
    last_planned_on = DateField(null=True)  # local date the last day was planned for
    paused_until = DateField(null=True)  # local date; null with PAUSED = until RESUME
    # Why the planner set this enrolment aside (retried hourly); null when planned.
    plan_problem = CharField(null=True)
    # The question the next reply answers: "checkin" (with day and item) or
    # nothing. Consent and send time follow from the state.
    pending = CharField(null=True)
    pending_day = IntegerField(null=True)
    pending_item = CharField(null=True)
    reasked = BooleanField(default=False)
    arm = CharField(null=True)  # a waitlist launch's arm: "now" or "wait"
    created_at = DateTimeField(default=datetime.utcnow)
    consented_at = DateTimeField(null=True)
    completed_at = DateTimeField(null=True)
    ended_at = DateTimeField(null=True)

    class Meta:
        # The planner's keyset walk over due enrolments (migration 0009).
        indexes = ((("state", "next_due_at", "id"), False),)

    @property
    def is_open(self):
        """True while the enrolment can still send or receive."""
        return self.state in OPEN_STATES


class Allocation(BaseModel):
    """One person's place in a waitlist launch's random allocation (for audit).

    The arm at (stratum, position) follows from the launch's seed alone
    (evaluation/allocation.py), so anyone with the seed can check every row.
    """

    launch = ForeignKeyField(Launch, on_delete="CASCADE")
    enrolment = ForeignKeyField(Enrolment, on_delete="CASCADE", unique=True)
    stratum = CharField()  # the language the person joined in
    position = IntegerField()  # 0, 1, 2... within the launch and stratum
    arm = CharField()
    allocated_at = DateTimeField()

    class Meta:
        indexes = ((("launch", "stratum", "position"), True),)
