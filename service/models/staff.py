"""Dashboard people and their traces: staff accounts, audit log, login attempts."""

from datetime import datetime

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
)

from ..db import BaseModel, JSONField
from .org import Launch, Organisation

# Roles, from the widest to the narrowest.
SITE_ADMIN = "site_admin"  # every organisation
ADMIN = "admin"  # launches programmes and manages staff in one organisation
STAFF = "staff"  # views and handles alerts in one organisation
ROLES = (SITE_ADMIN, ADMIN, STAFF)


class StaffUser(BaseModel):
    """Someone who signs in to the dashboard."""

    organisation = ForeignKeyField(Organisation, null=True, backref="staff", on_delete="CASCADE")
    email = CharField(unique=True)  # stored lower case
    name = CharField(default="")
    password_hash = CharField()
    role = CharField(default=STAFF)
    active = BooleanField(default=True)
    # Part of the login cookie; bumping it ends every session of this account.
    session_version = IntegerField(default=1)
    created_at = DateTimeField(default=datetime.utcnow)
    last_login_at = DateTimeField(null=True)
    password_changed_at = DateTimeField(null=True)

    @property
    def is_site_admin(self):
        """True for a site administrator (all organisations)."""
        return self.role == SITE_ADMIN

    @property
    def is_admin(self):
        """True for an administrator of an organisation or of the site."""
        return self.role in (SITE_ADMIN, ADMIN)


class StaffSession(BaseModel):
    """One sign-in. The cookie holds a random token; only its hash is kept here,
    so neither the secret key nor a copy of the database can make a cookie."""

    staff = ForeignKeyField(StaffUser, backref="sessions", on_delete="CASCADE")
    token_hash = CharField(unique=True)  # sha256 hex of the cookie's token
    created_at = DateTimeField(default=datetime.utcnow)


class AuditLog(BaseModel):
    """One staff action that touched a person or their data."""

    staff = ForeignKeyField(StaffUser, null=True, backref="audit", on_delete="SET NULL")
    staff_email = CharField(default="")  # kept when the account is deleted
    organisation = ForeignKeyField(Organisation, null=True, on_delete="SET NULL")
    action = CharField()  # e.g. participant.pause, participant.reveal, export.answers
    target_type = CharField(null=True)
    target_id = IntegerField(null=True)
    detail = JSONField(default=dict)  # never phone numbers or message bodies
    created_at = DateTimeField(default=datetime.utcnow)
    # The erasure this entry was about (its target re-keyed when the person was erased).
    erasure = CharField(null=True)

    class Meta:
        indexes = ((("organisation", "created_at"), False),)


class LoginAttempt(BaseModel):
    """A sign-in try, kept in the database so every worker sees the same count."""

    email = CharField()  # lower case, as typed
    ip = CharField(default="")
    succeeded = BooleanField(default=False)
    created_at = DateTimeField(default=datetime.utcnow)

    class Meta:
        indexes = (
            (("email", "created_at"), False),
            (("ip", "created_at"), False),
        )


class LoginLimit(BaseModel):
    """Failed sign-ins lately for one address ("ip:...") or one email ("email:..."),
    and when the next try may be made. One row per key, changed under a row
    lock, so the check and the count are one step (staff/limits.py)."""

    key = CharField(unique=True)
    failures = IntegerField(default=0)
    next_try_at = DateTimeField(null=True)  # UTC; none: try at once
    updated_at = DateTimeField(default=datetime.utcnow)


class MessageRollup(BaseModel):
    """Outbound texts of one launch on one sealed UTC date, counted by kind, day and state.

    Dates are sealed once their texts have settled (see evaluation/rollups.py);
    test participants are never counted.
    """

    launch = ForeignKeyField(Launch, on_delete="CASCADE")
    on_date = DateField()  # UTC date of send_after
    kind = CharField()
    day = IntegerField(null=True)
    state = CharField()
    count = IntegerField()

    class Meta:
        indexes = ((("launch", "on_date"), False),)


class AnswerRollup(BaseModel):
    """Check-in answers of one launch on one sealed UTC date, by programme day and item."""

    launch = ForeignKeyField(Launch, on_delete="CASCADE")
    on_date = DateField()  # UTC date of answered_at
    day = IntegerField()
    item = CharField()
    measure = CharField(null=True)
    answers = IntegerField()  # rows, numeric or not
    enrolments = IntegerField()  # distinct enrolments answering
    n = IntegerField()  # numeric answers
    total = BigIntegerField(default=0)
    total_sq = BigIntegerField(default=0)
    low = IntegerField(null=True)
    high = IntegerField(null=True)

    class Meta:
        indexes = ((("launch", "on_date"), False),)


class RollupSeal(BaseModel):
    """A UTC date whose texts and answers are in the rollups (sealed in date order)."""

    on_date = DateField(unique=True)
    sealed_at = DateTimeField(default=datetime.utcnow)
