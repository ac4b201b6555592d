"""Check-in answers and safety alerts: the health data, kept apart."""

from datetime import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from .messages import Inbound
from .org import Organisation
from .participant import Enrolment, Participant


class CheckinAnswer(BaseModel):
    """One answer to one check-in item, raw and parsed."""

    # The unique (enrolment, day, item) index below serves every lookup by enrolment.
    enrolment = ForeignKeyField(Enrolment, backref="answers", on_delete="CASCADE", index=False)
    day = IntegerField()
    item = CharField()  # item id from the programme file
    measure = CharField(null=True)  # e.g. PHQ-2, GAD-2, own
    raw = TextField()
    value = IntegerField(null=True)  # scale and choice index; yes=1, no=0
    text = TextField(null=True)  # free-text answers and choice keys
    inbound = ForeignKeyField(Inbound, null=True, on_delete="SET NULL")
    answered_at = DateTimeField(default=datetime.utcnow)

    class Meta:
        indexes = ((("enrolment", "day", "item"), True),)


# Alert priorities, most urgent first (the dashboard and the CLI sort by them).
CRISIS = 1  # clear risk: the crisis reply went out at once
CONCERN = 2  # possible risk: a gentle check and the crisis line went out
SCREENING = 3  # a screening total over its threshold

PRIORITY_NAMES = {CRISIS: "crisis", CONCERN: "concern", SCREENING: "screening"}


class SafetyAlert(BaseModel):
    """A message that needs a human. Crisis alerts sort first."""

    organisation = ForeignKeyField(Organisation, null=True, backref="alerts", on_delete="CASCADE")
    participant = ForeignKeyField(Participant, null=True, backref="alerts", on_delete="CASCADE")
    inbound = ForeignKeyField(Inbound, null=True, on_delete="SET NULL")
    priority = IntegerField(default=CRISIS)
    reason = CharField()  # e.g. "crisis:en:kill myself" or "PHQ-2 total 4"
    # What the safety screen saw: its category (suicidal, passive, self_harm,
    # plan, goodbye, harm_from_others, medical, third_party, other, screening)
    # and the words that matched.
    category = CharField(null=True)
    matched = CharField(null=True)
    status = CharField(default="open", index=True)  # open, acknowledged, resolved
    created_at = DateTimeField(default=datetime.utcnow)
    acknowledged_at = DateTimeField(null=True)
    acknowledged_by = CharField(null=True)
    resolved_at = DateTimeField(null=True)
    resolved_by = CharField(null=True)
    note = TextField(null=True)
