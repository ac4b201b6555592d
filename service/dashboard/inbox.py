"""The inbox's reads: items that need a person, grouped by person; the alert page's context;
time to acknowledge. Every one scoped to one organisation. No Flask.
"""

import statistics
from dataclasses import dataclass, field
from datetime import timedelta

from peewee import JOIN

from ..db import utc
from ..models import Enrolment, Inbound, Launch, Message, Participant, SafetyAlert
from ..models.followup import InboxItem, OnCallContact, SavedReply
from ..models.staff import StaffUser

LIMIT = 50  # items on one page (each person has a reply form: pages stay light)
CONTEXT = 5  # texts before and after a risky one on the alert page
ACK_WINDOW = timedelta(days=30)


@dataclass
class Person:
    """One person's open (or handled) items on the inbox page, newest first."""

    participant: Participant
    items: list = field(default_factory=list)
    enrolment: Enrolment | None = None

    @property
    def priority(self):
        """The most urgent of the person's items."""
        return min(item.priority for item in self.items)


def open_count(org):
    """How many inbox items wait for someone (the number in the navigation)."""
    return (
        InboxItem.select()
        .where(InboxItem.organisation == org, InboxItem.handled == False)  # noqa: E712
        .count()
    )


def inbox(org, *, handled=False, assigned_to=None, launch_id=None, page=1, limit=LIMIT):
    """One page of the organisation's items, newest first, grouped by person.

    Returns (people, more): a list of Person, and whether older items follow.
    """
    query = (
        InboxItem.select(InboxItem, Inbound, Participant, SafetyAlert, Enrolment, Launch, StaffUser)
        .join(Participant, on=(InboxItem.participant == Participant.id))
        .switch(InboxItem)
        .join(Inbound, JOIN.LEFT_OUTER, on=(InboxItem.inbound == Inbound.id))
        .join(Enrolment, JOIN.LEFT_OUTER, on=(Inbound.enrolment == Enrolment.id))
        .join(Launch, JOIN.LEFT_OUTER, on=(Enrolment.launch == Launch.id))
        .switch(InboxItem)
        .join(SafetyAlert, JOIN.LEFT_OUTER, on=(InboxItem.alert == SafetyAlert.id))
        .switch(InboxItem)
        .join(StaffUser, JOIN.LEFT_OUTER, on=(InboxItem.assigned_to == StaffUser.id))
        .where(InboxItem.organisation == org, InboxItem.handled == handled)
        .order_by(InboxItem.created_at.desc(), InboxItem.id.desc())
        .limit(limit + 1)
        .offset((max(1, page) - 1) * limit)
    )
    if assigned_to is not None:
        query = query.where(InboxItem.assigned_to == assigned_to)
    if launch_id is not None:
        query = query.where(Enrolment.launch == launch_id)
    rows = list(query)
    more = len(rows) > limit
    people = {}
    for item in rows[:limit]:
        person = people.setdefault(item.participant_id, Person(item.participant))
        person.items.append(item)
        if person.enrolment is None and item.inbound and item.inbound.enrolment_id:
            person.enrolment = item.inbound.enrolment
    return list(people.values()), more


def item_of(org, item_id):
    """The organisation's inbox item with this id, or None."""
    return InboxItem.get_or_none(InboxItem.id == item_id, InboxItem.organisation == org)


def person_of(org, participant_id):
    """A participant this organisation may follow up: enrolled with it, or its alert's sender."""
    enrolled = (
        Participant.select()
        .join(Enrolment, on=(Enrolment.participant == Participant.id))
        .join(Launch, on=(Enrolment.launch == Launch.id))
        .where(Participant.id == participant_id, Launch.organisation == org)
        .first()
    )
    if enrolled is not None:
        return enrolled
    return (
        Participant.select()
        .join(SafetyAlert, on=(SafetyAlert.participant == Participant.id))
        .where(Participant.id == participant_id, SafetyAlert.organisation == org)
        .first()
    )


def colleagues(org):
    """The organisation's active accounts, by name, for assigning."""
    return list(
        StaffUser.select()
        .where(StaffUser.organisation == org, StaffUser.active == True)  # noqa: E712
        .order_by(StaffUser.name, StaffUser.email)
    )


def saved_replies_of(org):
    """The organisation's saved replies, oldest first."""
    return list(SavedReply.select().where(SavedReply.organisation == org).order_by(SavedReply.id))


def saved_reply_of(org, saved_reply_id):
    """The organisation's saved reply with this id, or None."""
    return SavedReply.get_or_none(SavedReply.id == saved_reply_id, SavedReply.organisation == org)


def contacts_of(org):
    """The organisation's on-call contacts."""
    return list(
        OnCallContact.select().where(OnCallContact.organisation == org).order_by(OnCallContact.id)
    )


def contact_of(org, contact_id):
    """The organisation's on-call contact with this id, or None."""
    return OnCallContact.get_or_none(
        OnCallContact.id == contact_id, OnCallContact.organisation == org
    )


@dataclass
class AlertContext:
    """What the alert page shows around a risky text."""

    enrolment: Enrolment | None
    day: int | None
    before: list
    after: list


def alert_context(alert, around=CONTEXT):
    """The person's programme and day, and the texts just before and after the alert's text."""
    from .queries.participants import _thread

    participant = alert.participant
    if participant is None:
        return AlertContext(None, None, [], [])
    enrolment = alert.inbound.enrolment if alert.inbound and alert.inbound.enrolment_id else None
    inbound = Inbound.select().where(Inbound.participant == participant)
    outbound = Message.select().where(Message.participant == participant)
    # Rows are numbered in the order they were written, which is exact where
    # several share a timestamp; the reply to the risky text marks the border.
    if alert.inbound_id is not None:
        in_before, in_after = Inbound.id < alert.inbound_id, Inbound.id > alert.inbound_id
        border = Message.select(Message.id).where(Message.in_reply_to == alert.inbound_id).scalar()
    else:
        in_before = Inbound.received_at < alert.created_at
        in_after = Inbound.received_at >= alert.created_at
        border = None
    if border is not None:
        out_before, out_after = Message.id < border, Message.id >= border
    else:
        out_before = Message.created_at < alert.created_at
        out_after = Message.created_at >= alert.created_at
    before = _thread(
        inbound.where(in_before).order_by(Inbound.id.desc()).limit(around),
        outbound.where(out_before).order_by(Message.id.desc()).limit(around),
    )[-around:]
    after = _thread(
        inbound.where(in_after).order_by(Inbound.id).limit(around),
        outbound.where(out_after).order_by(Message.id).limit(around),
    )[:around]
    day = enrolment.next_day - 1 if enrolment is not None else None
    return AlertContext(enrolment, day, before, after)


@dataclass
class AckTimes:
    """Minutes from a crisis or concern alert to someone picking it up, over a window."""

    count: int
    median_minutes: float | None
    worst_minutes: float | None
    waiting: int  # alerts in the window nobody has picked up yet


def time_to_acknowledge(org, *, now, window=ACK_WINDOW):
    """Median and worst time to acknowledge the organisation's alerts of the last 30 days."""
    since = utc(now) - window
    rows = list(
        SafetyAlert.select(SafetyAlert.created_at, SafetyAlert.acknowledged_at)
        .where(SafetyAlert.organisation == org, SafetyAlert.created_at >= since)
        .tuples()
    )
    minutes = [(ack - made).total_seconds() / 60 for made, ack in rows if ack is not None]
    waiting = sum(1 for _made, ack in rows if ack is None)
    if not minutes:
        return AckTimes(0, None, None, waiting)
    return AckTimes(len(minutes), statistics.median(minutes), max(minutes), waiting)
