"""Inbox items: every arriving text that needs a person, until someone handles it.
Filing them, handling and assigning them, and reading an organisation's inbox.

Every item is one organisation's, or the site's (organisation None) for a
text no organisation can be told of; site administrators read that one
(`site_page`). Two ways in: the safety screen's alerts (`alert_raised`, any tier) and
`consider`, called for every stored text after the conversation routed it.
One item per text and per alert (unique columns), so a retried webhook or a
text that is both a question and an alert is filed once.
"""

from dataclasses import dataclass, field

from peewee import JOIN

from ..conversation.answers import carries_a_message, is_skip
from ..db import utc
from ..marks import N_
from ..models import (
    CheckinAnswer,
    Enrolment,
    Inbound,
    Launch,
    Message,
    Participant,
    SafetyAlert,
)
from ..models.followup import ALERT, InboxItem
from ..models.staff import StaffUser
from .rules import needs_human

# Names the site's inbox (items no organisation can be told of) where an
# organisation would go: never None, so a missing organisation reads nothing.
SITE = "site"
NO_PRIORITY = 9  # sorts after every alert tier
LIMIT = 50  # items on one page (each person has a reply form: pages stay light)


class InboxError(ValueError):
    """An inbox change that does not fit."""


def _answer_unread(inbound, text):
    """True when a check-in reply was not read: re-asked, or kept without a value.

    The conversation says so on the inbound (`answer_unread`) when it knows;
    otherwise the stored answer tells.
    """
    if is_skip(text):
        return False
    known = getattr(inbound, "answer_unread", None)
    if known is not None:
        return known
    answer = CheckinAnswer.get_or_none(CheckinAnswer.inbound == inbound)
    if answer is None or (answer.value is None and answer.text is None):
        return True
    return answer.value is not None and carries_a_message(text)


def _reason(inbound):
    unread = inbound.kind == "checkin" and _answer_unread(inbound, inbound.body)
    return needs_human(inbound.kind, inbound.body, answer_unread=unread)


def understood(inbound):
    """True when the text needs no person, decided without the database
    whenever the conversation said how it read the text."""
    if inbound.kind == "checkin" and getattr(inbound, "answer_unread", None) is None:
        return False  # only the stored answer can tell
    return _reason(inbound) is None


def consider(participant, inbound, *, now):
    """File the text in its organisation's inbox when it needs a person; the item or None.

    A stranger's text too: in the inbox of the organisation it is told to be
    for (inbound.organisation), else in the site's inbox (no organisation).
    """
    reason = _reason(inbound)
    if reason is None:
        return None
    return _file(
        organisation=inbound.organisation_id,
        participant=participant.id,
        inbound=inbound.id,
        reason=reason,
        now=now,
    )


def alert_raised(alert, *, now):
    """File a new safety alert (any tier) in its organisation's inbox, or the
    site's when no organisation can be told."""
    if alert.participant_id is None:
        return None
    return _file(
        organisation=alert.organisation_id,
        participant=alert.participant_id,
        inbound=alert.inbound_id,
        alert=alert.id,
        reason=ALERT,
        priority=alert.priority,
        now=now,
    )


def _file(*, organisation, participant, inbound=None, alert=None, reason, priority=None, now):
    if inbound is not None:
        existing = InboxItem.get_or_none(InboxItem.inbound == inbound)
        if existing is not None:
            if alert is not None and existing.alert_id is None:
                # The text was filed first (a question), then found risky.
                existing.alert, existing.reason, existing.priority = alert, ALERT, priority
                existing.handled = False
                existing.save()
            return existing
    return InboxItem.create(
        organisation=organisation,
        participant=participant,
        inbound=inbound,
        alert=alert,
        reason=reason,
        priority=NO_PRIORITY if priority is None else priority,
        created_at=utc(now),
    )


def mark(item, *, handled, by, now):
    """Mark an item handled (by: who, as colleagues see it) or open again.

    An alert's item is handled by resolving the alert (alerts.resolve), so an
    open alert never hides behind a handled item.
    """
    if handled and item.alert_id is not None and item.alert.status != "resolved":
        raise InboxError(
            N_("This is a safety alert: it is handled by resolving the alert, with a note.")
        )
    item.handled = handled
    item.handled_at = utc(now) if handled else None
    item.handled_by = by if handled else None
    item.save()


def assign(item, staff_user):
    """Give the item to a colleague of its organisation (None: nobody)."""
    if staff_user is not None and staff_user.organisation_id != item.organisation_id:
        raise InboxError(N_("That colleague is not in this organisation."))
    if staff_user is not None and not staff_user.active:
        raise InboxError(N_("That account is disabled."))
    item.assigned_to = staff_user
    item.save()


def give(item, organisation, *, now):
    """Hand a site inbox item (and its text and alert) to an organisation, whose
    staff then see and answer it; a crisis alert pages its on-call contacts."""
    from . import oncall

    if item.organisation_id is not None:
        raise InboxError("This item already belongs to an organisation.")
    org_id = organisation.id
    item.organisation = org_id
    item.save()
    if item.inbound_id is not None:
        Inbound.update(organisation=org_id).where(Inbound.id == item.inbound_id).execute()
    if item.alert_id is not None:
        SafetyAlert.update(organisation=org_id).where(SafetyAlert.id == item.alert_id).execute()
        alert = SafetyAlert.get_by_id(item.alert_id)
        if alert.status == "open":
            oncall.start(alert, now=now)
    return item


def item_of_alert(alert):
    """The inbox item filed for an alert, or None (alerts of strangers have none)."""
    return InboxItem.get_or_none(InboxItem.alert == alert)


@dataclass
class Person:
    """One person's open (or handled) items on the inbox page, newest first."""

    participant: Participant
    items: list = field(default_factory=list)
    enrolment: Enrolment | None = None
    replied_by: str = ""  # the last colleague who texted the person since their first item
    replied_at: object = None

    @property
    def priority(self):
        """The most urgent of the person's items."""
        return min(item.priority for item in self.items)


def _of(org):
    """The condition for one organisation's items, or the site's (SITE)."""
    if org is None:
        raise ValueError("an inbox read needs an organisation or SITE")
    return InboxItem.organisation.is_null() if org == SITE else InboxItem.organisation == org


def open_count(org):
    """How many inbox items wait for someone (the number in the navigation)."""
    return InboxItem.select().where(_of(org), InboxItem.handled == False).count()  # noqa: E712


def page(org, *, handled=False, assigned_to=None, launch_id=None, page=1, limit=LIMIT):
    """One page of the organisation's items grouped by person.

    Open items: by tier (crisis, concern, screening, then texts), then the longest
    waiting first, so an open crisis is always at the top of the first page.
    Handled items: the most recently handled first.
    Returns (people, more): a list of Person, and whether more items follow.
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
        .where(_of(org), InboxItem.handled == handled)
        .order_by(
            *(
                (InboxItem.handled_at.desc(), InboxItem.id.desc())
                if handled
                else (InboxItem.priority, InboxItem.created_at, InboxItem.id)
            )
        )
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
    _replies(people, org)
    return list(people.values()), more


def _replies(people, org):
    """Mark each person with the last staff reply since their first item on the page."""
    if not people:
        return
    since = min(item.created_at for person in people.values() for item in person.items)
    # The reply's own organisation (the site's: none), never the launch's: a reply to a
    # stranger has no enrolment, and the site is no organisation id (PostgreSQL refuses
    # comparing an id with "site").
    ours = Message.organisation.is_null() if org == SITE else Message.organisation == org
    rows = (
        Message.select(Message.participant, Message.sent_by, Message.created_at)
        .where(
            Message.participant.in_(list(people)),
            Message.kind == "staff_reply",
            Message.created_at >= since,
            ours,
        )
        .order_by(Message.created_at)
        .tuples()
    )
    for participant_id, by, at in rows:
        person = people[participant_id]
        if at >= min(item.created_at for item in person.items):
            person.replied_by, person.replied_at = by or "", at


def item_of(org, item_id):
    """The organisation's (or the site's: SITE) inbox item with this id, or None."""
    return InboxItem.get_or_none(InboxItem.id == item_id, _of(org))


def person_of(org, participant_id):
    """A participant this organisation may follow up: enrolled with it, or who
    texted it (an inbox item or an alert of its own)."""
    enrolled = (
        Participant.select()
        .join(Enrolment, on=(Enrolment.participant == Participant.id))
        .join(Launch, on=(Enrolment.launch == Launch.id))
        .where(Participant.id == participant_id, Launch.organisation == org)
        .first()
    )
    if enrolled is not None:
        return enrolled
    filed = (
        Participant.select()
        .join(InboxItem, on=(InboxItem.participant == Participant.id))
        .where(Participant.id == participant_id, InboxItem.organisation == org)
        .first()
    )
    if filed is not None:
        return filed
    return (
        Participant.select()
        .join(SafetyAlert, on=(SafetyAlert.participant == Participant.id))
        .where(Participant.id == participant_id, SafetyAlert.organisation == org)
        .first()
    )
