"""People: the filtered list, one person's enrolments, texts and answers, the simulator's thread."""

from dataclasses import dataclass
from datetime import datetime

from peewee import fn

from ...models.messages import (
    Inbound,
    Message,
)
from ...models.org import Launch
from ...models.participant import (
    Enrolment,
    Participant,
)
from ...models.privacy import ErasedFrom
from ...models.safety import CheckinAnswer
from .common import PER_PAGE, _not_test, launches_of


@dataclass
class Filters:
    """What the participants table is narrowed to."""

    state: str = ""
    day: int | None = None
    language: str = ""
    launch: int | None = None
    digits: str = ""
    include_test: bool = False
    sort: str = ""  # a key of SORTS; newest first when empty or unknown


def _enrolments(org, filters):
    ids = [launch.id for launch in launches_of(org)]
    # Newest first by id: scoping by launch without its index lets the database
    # walk enrolments backwards and stop after a page instead of sorting them all.
    query = (
        Enrolment.select()
        .join(Launch, on=(Enrolment.launch == Launch.id))
        .switch(Enrolment)
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where((Enrolment.launch + 0).in_(ids), ErasedFrom.shown_to(org))
    )
    if not filters.include_test:
        query = query.where(_not_test())
    if filters.state == "opted_out":
        query = query.where(Participant.opted_out == True)  # noqa: E712
    elif filters.state:
        query = query.where(Enrolment.state == filters.state)
    if filters.day is not None:
        query = query.where(Enrolment.next_day == filters.day + 1)
    if filters.language:
        query = query.where(Enrolment.language == filters.language)
    if filters.launch:
        query = query.where(Enrolment.launch == filters.launch)
    digits = "".join(c for c in filters.digits if c.isdigit())
    if digits:
        query = query.where(Participant.phone.endswith(digits))
    return query


SORTS = {
    "oldest": (Enrolment.id,),
    "day": (Enrolment.next_day.desc(), Enrolment.id.desc()),
    "day_asc": (Enrolment.next_day, Enrolment.id),
    "status": (Enrolment.state, Enrolment.id.desc()),
    "language": (Enrolment.language, Enrolment.id.desc()),
}


def participants(org, filters, *, page=1, per_page=PER_PAGE):
    """(rows, total): one page of the organisation's enrolments, newest first."""
    base = _enrolments(org, filters)
    total = base.count()
    inbound = Inbound.alias()
    last_reply = inbound.select(fn.MAX(inbound.received_at)).where(
        inbound.enrolment == Enrolment.id
    )
    rows = list(
        base.select(Enrolment, Participant, Launch, last_reply.alias("last_reply"))
        .order_by(*SORTS.get(filters.sort, (Enrolment.id.desc(),)))
        .paginate(page, per_page)
    )
    for row in rows:
        # SQLite hands back a subquery's datetime as text.
        if isinstance(row.last_reply, str):
            row.last_reply = datetime.fromisoformat(row.last_reply)
    return rows, total


def languages(org):
    """Languages the organisation's enrolments use, for the filter."""
    return [
        lang
        for (lang,) in Enrolment.select(Enrolment.language)
        .join(Launch, on=(Enrolment.launch == Launch.id))
        .where(Launch.organisation == org)
        .distinct()
        .order_by(Enrolment.language)
        .tuples()
    ]


def participant_of(org, participant_id):
    """The participant if they have an enrolment with this organisation, else None."""
    return (
        Participant.select()
        .join(Enrolment, on=(Enrolment.participant == Participant.id))
        .join(Launch, on=(Enrolment.launch == Launch.id))
        .where(
            Participant.id == participant_id,
            Launch.organisation == org,
            ErasedFrom.shown_to(org),  # asked to be forgotten (by the person or this org)
        )
        .first()
    )


def enrolments_with(org, participant):
    """The participant's enrolments with this organisation, newest first."""
    return list(
        Enrolment.select(Enrolment, Launch)
        .join(Launch, on=(Enrolment.launch == Launch.id))
        .where(Enrolment.participant == participant, Launch.organisation == org)
        .order_by(Enrolment.id.desc())
    )


def enrolment_of(org, enrolment_id):
    """The organisation's enrolment with this id, or None."""
    return (
        Enrolment.select(Enrolment, Launch)
        .join(Launch, on=(Enrolment.launch == Launch.id))
        .where(Enrolment.id == enrolment_id, Launch.organisation == org)
        .first()
    )


@dataclass
class Entry:
    """One line of a conversation: a text in or a text out."""

    at: datetime
    direction: str  # "in" or "out"
    body: str
    kind: str
    state: str = ""
    day: int | None = None
    by: str = ""  # the staff member who wrote a staff reply


def _thread(inbound, outbound):
    """Texts in and out, oldest first; each reply sits right after the text it answers."""
    inbound = list(inbound)
    outbound = list(outbound)
    received = {m.id: m.received_at for m in inbound}
    missing = {m.in_reply_to_id for m in outbound if m.in_reply_to_id} - set(received)
    if missing:
        received.update(
            Inbound.select(Inbound.id, Inbound.received_at).where(Inbound.id.in_(missing)).tuples()
        )
    entries = [
        ((m.received_at, 0, m.id, 0), Entry(m.received_at, "in", m.body, m.kind)) for m in inbound
    ]
    for m in outbound:
        if m.in_reply_to_id:
            key = (received[m.in_reply_to_id], 0, m.in_reply_to_id, m.id)
        else:
            key = (m.sent_at or m.send_after, 1, m.id, 0)
        entry = Entry(m.sent_at or key[0], "out", m.body, m.kind, m.state, m.day, m.sent_by or "")
        entries.append((key, entry))
    entries.sort(key=lambda pair: pair[0])
    return [entry for _key, entry in entries]


def conversation(org, participant):
    """The person's texts in and out with this organisation, oldest first.

    Chosen by the organisation each text carries, never by the number alone:
    what the same number sent another organisation is not here.
    """
    return _thread(
        Inbound.select().where(Inbound.participant == participant, Inbound.organisation == org),
        Message.select().where(Message.participant == participant, Message.organisation == org),
    )


def answers_of(enrolments):
    """Check-in answers of these enrolments, by day and item."""
    ids = [e.id for e in enrolments]
    if not ids:
        return []
    return list(
        CheckinAnswer.select()
        .where(CheckinAnswer.enrolment.in_(ids))
        .order_by(CheckinAnswer.enrolment, CheckinAnswer.day, CheckinAnswer.item)
    )


PROGRAMME_KINDS = ("practice", "checkin", "closing")


def day_at(enrolment, inbound=None):
    """The programme day a text arrived on: the day of the last programme text sent
    to the enrolment before it (the day's check-in answered at night is still that
    day), or the enrolment's current day when no text is given or none was sent."""
    if enrolment is None:
        return None
    query = Message.select(fn.MAX(Message.day)).where(
        Message.enrolment == enrolment.id,
        Message.kind.in_(PROGRAMME_KINDS),
        Message.sent_at.is_null(False),
    )
    if inbound is not None:
        query = query.where(Message.sent_at <= inbound.received_at)
    day = query.scalar()
    return day if day is not None else max(0, enrolment.next_day - 1)


def test_conversation(participant):
    """Every text a simulator number sent and got ([] for none)."""
    if participant is None:
        return []
    return _thread(
        Inbound.select().where(Inbound.participant == participant),
        Message.select().where(Message.participant == participant),
    )
