"""Organisations, their programme launches and the keywords that reach them."""

from datetime import datetime

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField

from ..db import BaseModel, JSONField
from ..launch_variables import merge, resolve


def in_language(values, lang):
    """Variables whose value may be per language ({"en": ..., "es": ...}),
    resolved for `lang`: its own value, else a neutral one (see launch_variables)."""
    return resolve(values, lang)


class Organisation(BaseModel):
    """A community organisation running programmes for its people."""

    slug = CharField(unique=True)
    name = CharField()
    timezone = CharField(default="UTC")
    quiet_start = CharField(default="08:00")  # local HH:MM, first minute texts may go
    quiet_end = CharField(default="21:00")  # local HH:MM, no text at or after this
    # Values programmes may use: org_name is implied; crisis_line, help_contact...
    # A value may be one string or one per language: {"en": "neighbours", "es": "vecinos"}.
    variables = JSONField(default=dict)
    # How long this organisation keeps what (privacy/retention.py): overrides
    # of the defaults, e.g. {"body_days": 90, "outcomes": "recompute"}.
    retention = JSONField(default=dict)
    created_at = DateTimeField(default=datetime.utcnow)

    def template_variables(self, lang=None):
        """Variables every message for this organisation can use, in `lang`."""
        return {"org_name": self.name, **in_language(self.variables, lang)}


class Launch(BaseModel):
    """A programme launched by an organisation, reachable by keywords."""

    organisation = ForeignKeyField(Organisation, backref="launches", on_delete="CASCADE")
    programme = CharField()  # slug of a file in programs/
    status = CharField(default="active", index=True)  # active, paused, ended
    default_send_time = CharField(default="09:00")
    timezone = CharField(null=True)  # overrides the organisation's
    quiet_start = CharField(null=True)
    quiet_end = CharField(null=True)
    variables = JSONField(default=dict)  # overrides the organisation's
    # Group texts with anonymous figures about the launch's people
    # (programs/groups/<slug>.yaml); off unless staff turn it on.
    group_mode = BooleanField(default=False)
    # "prepost" (everyone starts now) or "waitlist": each person who says yes
    # is allocated at random to start now or after the programme's length
    # (evaluation/allocation.py); the seed makes the allocation auditable.
    design = CharField(default="prepost")
    allocation_seed = CharField(null=True)
    created_at = DateTimeField(default=datetime.utcnow)

    def zone(self):
        """The launch's time zone name."""
        return self.timezone or self.organisation.timezone

    def quiet_hours(self):
        """(start, end) of the allowed sending window as HH:MM strings."""
        org = self.organisation
        return (self.quiet_start or org.quiet_start, self.quiet_end or org.quiet_end)

    def template_variables(self, lang=None):
        """Organisation variables with this launch's overrides, in `lang`."""
        org = self.organisation
        return {"org_name": org.name, **in_language(merge(org.variables, self.variables), lang)}


class Keyword(BaseModel):
    """A word a participant texts to join a launch, in one language."""

    word = CharField(unique=True)  # normalised: upper case, letters and digits only
    launch = ForeignKeyField(Launch, backref="keywords", on_delete="CASCADE")
    language = CharField()
    active = BooleanField(default=True)
