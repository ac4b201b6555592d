"""What privacy keeps: erasure tombstones, anonymous contributions, the export register,
and the retention job's record. None of these rows holds a phone number or a text."""

import secrets
from datetime import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from ..db import BaseModel, JSONField
from .org import Launch, Organisation
from .participant import Participant
from .staff import StaffUser

# Erasure states, in the order a request moves through them.
REQUESTED = "requested"  # sends stopped, hidden; waiting for the clock
HELD = "held"  # an open crisis alert: waits until it closes or the deadline passes
DONE = "done"


def new_erasure_id():
    """A random erasure id: names the tombstone, never derived from the person."""
    return "er_" + secrets.token_hex(8)


class Erasure(BaseModel):
    """The tombstone of one request to forget a person: proof without personal data.

    `number_hmac` is an HMAC of the E.164 number under ERASURE_KEY (a setting,
    never stored here): it tells a later request for the same number apart
    without keeping the number.
    """

    id = CharField(primary_key=True, default=new_erasure_id)
    number_hmac = CharField(index=True)
    how = CharField()  # sms, dashboard, cli, retention
    requested_by = CharField(default="")  # a staff email, "participant", "cli" or "retention"
    requested_at = DateTimeField()
    due_at = DateTimeField()  # the clock erases from this moment
    deadline_at = DateTimeField()  # a crisis hold never lasts past this
    state = CharField(default=REQUESTED, index=True)
    hold_reason = CharField(null=True)
    done_at = DateTimeField(null=True)
    organisation = ForeignKeyField(Organisation, null=True, on_delete="SET NULL")
    # What went: "person" (every row and the number) or "organisation" (only
    # the asking organisation's rows; another organisation still knows the number).
    scope = CharField(null=True)
    rows = JSONField(default=dict)  # {table: rows deleted or blanked}
    provider = JSONField(default=dict)  # Twilio's answers: {"deleted": n, "absent": n, ...}


class ErasedFrom(BaseModel):
    """One organisation asked to forget a person whose number it shares with others.

    Until the clock erases that organisation's rows, its pages do not show the
    person and nothing of its is sent; other organisations see no change.
    """

    erasure = CharField(index=True)
    organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
    participant = ForeignKeyField(Participant, on_delete="CASCADE")

    class Meta:
        table_name = "erased_from"
        indexes = ((("organisation", "participant"), True),)

    @classmethod
    def shown_to(cls, organisation):
        """A condition on Participant: not asked to be forgotten by anyone, nor by this org."""
        hidden = cls.select(cls.participant).where(cls.organisation == organisation)
        return Participant.erasure.is_null() & Participant.id.not_in(hidden)


class Contribution(BaseModel):
    """What one erased enrolment gave the outcome report, with nothing that names it.

    A month, a launch and totals: published figures stay true after erasure
    when the organisation keeps contributions (the default).
    """

    launch = ForeignKeyField(Launch, on_delete="CASCADE")
    month = CharField()  # YYYY-MM the enrolment began
    started = IntegerField(default=0)
    reached_end = IntegerField(default=0)
    measure = CharField(null=True)  # null: the attrition row
    before = IntegerField(null=True)
    before_items = IntegerField(default=0)
    after = IntegerField(null=True)
    after_items = IntegerField(default=0)

    class Meta:
        indexes = ((("launch", "measure"), False),)


class ExportRecord(BaseModel):
    """One research export: who made it, when, and how many rows it held."""

    organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
    staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
    staff_email = CharField(default="")
    kind = CharField()
    rows = IntegerField(default=0)
    suppressed = IntegerField(default=0)
    created_at = DateTimeField(default=datetime.utcnow)


class ExportSubject(BaseModel):
    """A person in an export, so its recipient can be told of a later erasure.

    Erasure re-keys the row to the erasure id and drops the link to the person.
    """

    export = ForeignKeyField(ExportRecord, backref="subjects", on_delete="CASCADE")
    participant = ForeignKeyField(Participant, null=True, on_delete="SET NULL")
    erasure = CharField(null=True)


class RetentionRun(BaseModel):
    """One pass of the retention job and what it removed ({} when nothing)."""

    organisation = ForeignKeyField(Organisation, null=True, on_delete="CASCADE")
    ran_at = DateTimeField(index=True)
    removed = JSONField(default=dict)
