"""What the planner could not plan, kept for the staff of the organisation."""

from datetime import datetime

from peewee import CharField, DateTimeField, ForeignKeyField, IntegerField

from ..db import BaseModel
from .org import Launch, Organisation


class PlanProblem(BaseModel):
    """Enrolments of a launch set aside for one reason (e.g. a missing variable).

    Set-aside enrolments are tried again every hour, so a problem seen
    recently is still there; once fixed, it simply stops being seen.
    """

    organisation = ForeignKeyField(Organisation, backref="plan_problems", on_delete="CASCADE")
    launch = ForeignKeyField(Launch, backref="plan_problems", on_delete="CASCADE")
    reason = CharField()  # never a phone number or a message body
    enrolments = IntegerField(default=0)  # set aside at the last sighting
    first_seen_at = DateTimeField(default=datetime.utcnow)
    last_seen_at = DateTimeField(default=datetime.utcnow)

    class Meta:
        indexes = (
            (("launch", "reason"), True),
            (("organisation", "last_seen_at"), False),
        )
