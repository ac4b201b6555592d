"""Human follow-up: the inbox, case notes, saved replies, on-call contacts and pages,
and one-time links for staff accounts."""

from datetime import datetime

from peewee import BooleanField, CharField, DateTimeField, ForeignKeyField, IntegerField, TextField

from ..db import BaseModel
from .messages import Inbound
from .org import Organisation
from .participant import Participant
from .safety import SafetyAlert
from .staff import StaffUser

# Why an inbound text is in the inbox.
ALERT = "alert"  # a safety alert of any tier
UNREAD = "unread"  # free text the service could not read as an answer or command
QUESTION = "question"  # a "?" or a question word
REASONS = (ALERT, UNREAD, QUESTION)


class InboxItem(BaseModel):
    """An inbound text that needs a person, until someone marks it handled."""

    # None: the site's inbox, for a text no organisation can be told of
    # (site administrators see it and hand it on).
    organisation = ForeignKeyField(Organisation, null=True, backref="inbox", on_delete="CASCADE")
    participant = ForeignKeyField(Participant, backref="inbox", on_delete="CASCADE")
    inbound = ForeignKeyField(Inbound, null=True, unique=True, on_delete="CASCADE")
    alert = ForeignKeyField(SafetyAlert, null=True, unique=True, on_delete="CASCADE")
    reason = CharField()  # alert, unread, question
    priority = IntegerField(default=9)  # the alert's priority; 9 for texts without one
    handled = BooleanField(default=False)
    assigned_to = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
    created_at = DateTimeField(default=datetime.utcnow)
    handled_at = DateTimeField(null=True)
    handled_by = CharField(null=True)

    class Meta:
        indexes = ((("organisation", "handled", "created_at"), False),)


class Hold(BaseModel):
    """After a crisis text, one organisation's programme texts to a number wait for a human.

    Per organisation: it holds the programme the person was in when the
    crisis text came, and only that organisation's staff see or release it.
    """

    organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
    participant = ForeignKeyField(Participant, on_delete="CASCADE")
    until = DateTimeField(index=True)  # UTC
    created_at = DateTimeField(default=datetime.utcnow)

    class Meta:
        indexes = ((("participant", "organisation"), True),)


class CaseNote(BaseModel):
    """A staff-only note on a participant: never sent, audited."""

    organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
    participant = ForeignKeyField(Participant, backref="notes", on_delete="CASCADE")
    staff = ForeignKeyField(StaffUser, null=True, on_delete="SET NULL")
    author = CharField()  # as shown to colleagues, kept when the account goes
    body = TextField()
    created_at = DateTimeField(default=datetime.utcnow)

    class Meta:
        indexes = ((("participant", "created_at"), False),)


class SavedReply(BaseModel):
    """A reply an organisation keeps ready (a warm check-in, the crisis resources)."""

    organisation = ForeignKeyField(Organisation, backref="saved_replies", on_delete="CASCADE")
    title = CharField()
    body = TextField()
    language = CharField(null=True)  # offered to people who read it; None: to everyone
    created_at = DateTimeField(default=datetime.utcnow)


class OnCallContact(BaseModel):
    """Someone told about crisis alerts away from the dashboard."""

    organisation = ForeignKeyField(Organisation, backref="on_call", on_delete="CASCADE")
    name = CharField(default="")
    phone = CharField(null=True)  # E.164
    email = CharField(null=True)
    language = CharField(null=True)  # of their texts and emails; None: English
    created_at = DateTimeField(default=datetime.utcnow)


class OnCallPage(BaseModel):
    """The repeating call-out for one crisis alert, until someone acknowledges it."""

    alert = ForeignKeyField(SafetyAlert, unique=True, on_delete="CASCADE")
    organisation = ForeignKeyField(Organisation, on_delete="CASCADE")
    rounds = IntegerField(default=0)  # how many times the contacts were told
    next_at = DateTimeField(null=True, index=True)  # null: finished
    last_at = DateTimeField(null=True)


class StaffToken(BaseModel):
    """A one-time link that lets someone set their password (invite or reset)."""

    staff = ForeignKeyField(StaffUser, backref="tokens", on_delete="CASCADE")
    purpose = CharField()  # invite, reset
    token_hash = CharField(unique=True)  # sha256 of the secret in the link
    created_at = DateTimeField(default=datetime.utcnow)
    expires_at = DateTimeField()
    used_at = DateTimeField(null=True)
