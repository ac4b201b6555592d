"""Texts in and out. The database is the source of truth for every send."""

from datetime import datetime

from peewee import (
    SQL,
    CharField,
    DateTimeField,
    DoubleField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from ..db import BaseModel
from .org import Organisation
from .participant import Enrolment, Participant


class Inbound(BaseModel):
    """A text received. MessageSid is unique, so a retried webhook is one row."""

    message_sid = CharField(unique=True)
    participant = ForeignKeyField(Participant, null=True, backref="inbound", on_delete="CASCADE")
    # Indexed with received_at (migration 0002), which serves every lookup by enrolment.
    enrolment = ForeignKeyField(
        Enrolment, null=True, backref="inbound", on_delete="SET NULL", index=False
    )
    # Whose text it is: the organisation of the programme it is about, of the
    # keyword it names, or the only one; None (the site's inbox) when no
    # organisation can be told. Staff of other organisations never see it.
    organisation = ForeignKeyField(Organisation, null=True, on_delete="CASCADE")
    from_number = CharField()  # as received (E.164 when it parses)
    to_number = CharField(default="")
    body = TextField(default="")
    kind = CharField(default="other")  # what it was taken as: stop, keyword, checkin, crisis...
    received_at = DateTimeField(default=datetime.utcnow, index=True)

    class Meta:
        # An organisation's texts from one person, in order (migration 0012).
        indexes = ((("organisation", "participant", "id"), False),)


# Outbound states, in the order a text moves through them.
QUEUED = "queued"
# Held by one dispatcher (`claim`, until `lease_until`). Before its request
# starts `in_flight_at` is empty and the row can simply be taken back; once set,
# Twilio may have it, and only Twilio's own log can say whether it went.
SENDING = "sending"
SENT = "sent"
DELIVERED = "delivered"
UNDELIVERED = "undelivered"
FAILED = "failed"
CANCELLED = "cancelled"  # never sent: STOP, pause or launch ended first
FINAL_STATES = (DELIVERED, UNDELIVERED, FAILED, CANCELLED)


class Message(BaseModel):
    """A text out: a planned practice, a check-in question or a reply."""

    participant = ForeignKeyField(Participant, backref="messages", on_delete="CASCADE")
    enrolment = ForeignKeyField(Enrolment, null=True, backref="messages", on_delete="SET NULL")
    in_reply_to = ForeignKeyField(Inbound, null=True, backref="replies", on_delete="SET NULL")
    # Whose text it is (its launch's organisation, or the one a reply answers
    # for); None only for a reply to a text no organisation could be told of.
    organisation = ForeignKeyField(Organisation, null=True, on_delete="CASCADE")
    # One key per thing that may be sent once (e.g. "e12:d3:practice"), so a
    # planner running twice cannot queue it twice. Replies have none.
    dedupe_key = CharField(null=True, unique=True)
    kind = CharField()  # practice, checkin, closing, reply, ...
    day = IntegerField(null=True)
    item = CharField(null=True)  # check-in item id
    body = TextField()
    language = CharField(null=True)
    encoding = CharField(default="GSM-7")
    segments = IntegerField(default=1)
    state = CharField(default=QUEUED)
    send_after = DateTimeField(default=datetime.utcnow)  # UTC
    attempts = IntegerField(default=0)
    claim = CharField(null=True)  # which dispatcher pass holds it while sending
    claimed_at = DateTimeField(null=True)
    lease_until = DateTimeField(null=True)  # UTC; past it, the claim may be taken back
    in_flight_at = DateTimeField(null=True)  # UTC; when its request to Twilio began
    # Requests that may have reached Twilio (at most 2). A default in the
    # schema too, for the planner's bulk inserts that do not name it.
    sends = IntegerField(default=0, constraints=[SQL("DEFAULT 0")])
    twilio_sid = CharField(null=True, unique=True)
    error_code = CharField(null=True)
    error_message = CharField(null=True)
    created_at = DateTimeField(default=datetime.utcnow)
    sent_at = DateTimeField(null=True)
    delivered_at = DateTimeField(null=True)
    sent_by = CharField(null=True)  # the staff member who wrote a staff reply

    class Meta:
        indexes = (
            (("state", "send_after"), False),
            (("organisation", "participant", "id"), False),
        )


class StatusReport(BaseModel):
    """A delivery report for a sid we have not saved yet.

    Twilio can call back within milliseconds of taking a text, before the
    dispatcher has written the sid down; the report waits here and is
    applied when the sid is recorded.
    """

    message_sid = CharField(index=True)
    status = CharField()
    error_code = CharField(null=True)
    received_at = DateTimeField(default=datetime.utcnow)


class SendPace(BaseModel):
    """The next free sending moment of one sender, shared by every dispatcher.

    `next_at` is in Unix seconds: dispatchers on several machines reserve
    slots from it, so together they keep to the sender's rate.
    """

    sender = CharField(primary_key=True)
    next_at = DoubleField()
