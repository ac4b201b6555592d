"""The dashboard's reads: every one scoped to one organisation, aggregated in the database.

Test participants (made by the simulator) are left out of every count here.
No Flask: the pages, the exports and the benchmark call these with `now`.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from peewee import JOIN, fn

from ..db import utc
from ..models.messages import (
    CANCELLED,
    DELIVERED,
    FAILED,
    QUEUED,
    SENDING,
    SENT,
    UNDELIVERED,
    Inbound,
    Message,
)
from ..models.org import Launch, Organisation
from ..models.participant import (
    ACTIVE,
    ASK_TIME,
    COMPLETED,
    CONSENT,
    PAUSED,
    Enrolment,
    Participant,
)
from ..models.safety import CheckinAnswer, SafetyAlert
from ..models.staff import AnswerRollup, MessageRollup
from . import rollups

JOINING = (CONSENT, ASK_TIME)
SENT_STATES = (SENT, DELIVERED, UNDELIVERED)
REPLY_DAYS = timedelta(days=7)
PER_PAGE = 50


def zone(name):
    """A ZoneInfo for a stored zone name, UTC when it is unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def local_day(tz_name, now):
    """(start, end) of the local day containing `now`, as naive UTC datetimes."""
    tz = zone(tz_name)
    local = now.astimezone(tz)
    start = datetime(local.year, local.month, local.day, tzinfo=tz)
    end = (start + timedelta(days=1)).replace(tzinfo=tz)
    return utc(start), utc(end)


def _not_test():
    return Participant.is_test == False  # noqa: E712


@dataclass
class MessageCounts:
    """Outbound texts by what happened to them."""

    queued: int = 0
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    cancelled: int = 0

    def add(self, state, n):
        """Count n texts in `state`."""
        if state in (QUEUED, SENDING):
            self.queued += n
        elif state == SENT:
            self.sent += n
        elif state == DELIVERED:
            self.delivered += n
        elif state in (FAILED, UNDELIVERED):
            self.failed += n
        elif state == CANCELLED:
            self.cancelled += n


@dataclass
class LaunchSummary:
    """One launch's line on the overview."""

    launch: Launch
    joining: int = 0
    enrolled: int = 0
    active: int = 0
    paused: int = 0
    completed: int = 0
    opted_out: int = 0
    today: MessageCounts = field(default_factory=MessageCounts)
    asked: int = 0
    answered: int = 0

    @property
    def reply_rate(self):
        """Check-in answers per check-in question sent in the window (0..1), or None."""
        return min(1.0, self.answered / self.asked) if self.asked else None


@dataclass
class Overview:
    """The overview page's figures for one organisation."""

    launches: list
    today: MessageCounts
    asked: int
    answered: int
    open_crisis: int
    open_screening: int
    reply_window: tuple | None = None  # (first, last) settled UTC date counted

    @property
    def reply_rate(self):
        """Check-in answers per check-in question sent in the window (0..1), or None."""
        return min(1.0, self.answered / self.asked) if self.asked else None


def launches_of(org):
    """The organisation's launches, newest first."""
    return list(
        Launch.select()
        .where(Launch.organisation == org)
        .order_by(Launch.created_at.desc(), Launch.id.desc())
    )


def overview(org, *, now):
    """Enrolment counts per launch, today's texts, reply rate and open alerts."""
    launches = launches_of(org)
    rows = {launch.id: LaunchSummary(launch) for launch in launches}
    ids = list(rows)
    if ids:
        counts = (
            Enrolment.select(
                Enrolment.launch, Enrolment.state, Participant.opted_out, fn.COUNT(Enrolment.id)
            )
            .join(Participant, on=(Enrolment.participant == Participant.id))
            .where(Enrolment.launch.in_(ids), _not_test())
            .group_by(Enrolment.launch, Enrolment.state, Participant.opted_out)
            .tuples()
        )
        for launch_id, state, opted_out, n in counts:
            row = rows[launch_id]
            if state in JOINING:
                row.joining += n
            else:
                row.enrolled += n
            if state == ACTIVE:
                row.active += n
            elif state == PAUSED:
                row.paused += n
            elif state == COMPLETED:
                row.completed += n
            if opted_out:
                row.opted_out += n

        start, end = local_day(org.timezone, now)
        # Today is a two-sided time range: selective enough that both databases
        # start from it and look up each text's enrolment.
        today = (
            Message.select(Enrolment.launch, Message.state, fn.COUNT(Message.id))
            .join(Enrolment, on=(Message.enrolment == Enrolment.id))
            .where(
                Enrolment.launch.in_(ids),
                Message.send_after >= start,
                Message.send_after < end,
                Message.enrolment.not_in(test_enrolment_ids(ids)),
            )
            .group_by(Enrolment.launch, Message.state)
            .tuples()
        )
        for launch_id, state, n in today:
            rows[launch_id].today.add(state, n)

        # Reply rate over the last sealed (settled) days: answers to a question sent
        # an hour ago have not had time to come in, so recent days would read low.
        last = rollups.last_sealed()
        if last is not None:
            since = last - REPLY_DAYS + timedelta(days=1)
            sealed_asked = (
                MessageRollup.select(MessageRollup.launch, fn.SUM(MessageRollup.count))
                .where(
                    MessageRollup.launch.in_(ids),
                    MessageRollup.on_date >= since,
                    MessageRollup.kind == "checkin",
                    MessageRollup.state.in_(SENT_STATES),
                )
                .group_by(MessageRollup.launch)
                .tuples()
            )
            for launch_id, n in sealed_asked:
                rows[launch_id].asked += int(n)
            sealed_answered = (
                AnswerRollup.select(AnswerRollup.launch, fn.SUM(AnswerRollup.answers))
                .where(AnswerRollup.launch.in_(ids), AnswerRollup.on_date >= since)
                .group_by(AnswerRollup.launch)
                .tuples()
            )
            for launch_id, n in sealed_answered:
                rows[launch_id].answered += int(n)
            reply_window = (since, last)
        else:
            reply_window = None
    else:
        reply_window = None

    today = MessageCounts()
    for row in rows.values():
        for name in ("queued", "sent", "delivered", "failed", "cancelled"):
            setattr(today, name, getattr(today, name) + getattr(row.today, name))
    alerts = dict(
        SafetyAlert.select(SafetyAlert.priority, fn.COUNT(SafetyAlert.id))
        .join(Participant, JOIN.LEFT_OUTER, on=(SafetyAlert.participant == Participant.id))
        .where(
            SafetyAlert.organisation == org,
            # Acknowledged is not resolved: someone has seen it, the person still needs help.
            SafetyAlert.status != "resolved",
            (Participant.is_test == False) | Participant.id.is_null(),  # noqa: E712
        )
        .group_by(SafetyAlert.priority)
        .tuples()
    )
    return Overview(
        launches=list(rows.values()),
        today=today,
        asked=sum(r.asked for r in rows.values()),
        answered=sum(r.answered for r in rows.values()),
        open_crisis=alerts.get(1, 0),
        open_screening=sum(n for p, n in alerts.items() if p != 1),
        reply_window=reply_window,
    )


def test_enrolment_ids(launch_ids):
    """Ids of these launches' enrolments of test participants (few: the simulator's)."""
    return [
        e_id
        for (e_id,) in Enrolment.select(Enrolment.id)
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(Enrolment.launch.in_(list(launch_ids)), Participant.is_test == True)  # noqa: E712
        .tuples()
    ]


def _recent_of(column, launch_id, tests):
    """`column` (an enrolment id) is a real participant's enrolment in this launch.

    Used with a time range on recent rows: `+ 0` keeps the planner on the time
    index (SQLite would otherwise walk every enrolment of a big launch), and the
    launch's enrolments are matched as a set, with the few test ones taken out.
    """
    launch = Enrolment.select(Enrolment.id).where(Enrolment.launch == launch_id)
    condition = (column + 0).in_(launch)
    return condition & column.not_in(tests) if tests else condition


@dataclass
class FunnelDay:
    """One programme day: practices sent, delivered, and people who answered its check-in."""

    day: int
    sent: int = 0
    delivered: int = 0
    failed: int = 0
    replied: int = 0


def _recent_answers(launch, live, tests):
    """Answers since `live` by day and item: measure, people, count, sum, sum of squares, range.

    `+ 0` keeps the planner on the time index: recent rows are few, a big
    launch's enrolments are many (SQLite would otherwise walk all of them).
    """
    return list(
        CheckinAnswer.select(
            CheckinAnswer.day,
            CheckinAnswer.item,
            fn.MAX(CheckinAnswer.measure),
            *rollups.answer_stats(),
        )
        .where(
            CheckinAnswer.answered_at >= live,
            _recent_of(CheckinAnswer.enrolment, launch.id, tests),
        )
        .group_by(CheckinAnswer.day, CheckinAnswer.item)
        .tuples()
    )


def programme_figures(launch):
    """(funnel, answer stats) for a launch: sealed rollups plus rows since the last seal."""
    live = rollups.live_from()
    tests = test_enrolment_ids([launch.id])
    recent = _recent_answers(launch, live, tests)
    return _funnel(launch, live, recent, tests), _answer_stats(launch, recent)


def funnel(launch):
    """Per programme day: practice texts sent and delivered, and enrolments that replied."""
    return programme_figures(launch)[0]


def answer_stats(launch):
    """Average and spread (standard deviation, range) of numeric answers by day and item."""
    return programme_figures(launch)[1]


def _funnel(launch, live, recent, tests):
    days = {}

    def count(day, state, n):
        if day is None:
            return
        row = days.setdefault(day, FunnelDay(day))
        if state in SENT_STATES:
            row.sent += n
        if state == DELIVERED:
            row.delivered += n
        if state in (FAILED, UNDELIVERED):
            row.failed += n

    sealed = (
        MessageRollup.select(MessageRollup.day, MessageRollup.state, fn.SUM(MessageRollup.count))
        .where(MessageRollup.launch == launch, MessageRollup.kind == "practice")
        .group_by(MessageRollup.day, MessageRollup.state)
        .tuples()
    )
    for day, state, n in sealed:
        count(day, state, int(n))
    since = (
        Message.select(Message.day, Message.state, fn.COUNT(Message.id))
        .where(
            Message.kind == "practice",
            Message.send_after >= live,
            _recent_of(Message.enrolment, launch.id, tests),
        )
        .group_by(Message.day, Message.state)
        .tuples()
    )
    for day, state, n in since:
        count(day, state, n)
    # Replied: people answering the day's most-answered item, per sealed date and since.
    best = {}
    for on_date, day, people in (
        AnswerRollup.select(AnswerRollup.on_date, AnswerRollup.day, AnswerRollup.enrolments)
        .where(AnswerRollup.launch == launch)
        .tuples()
    ):
        best[(on_date, day)] = max(best.get((on_date, day), 0), people)
    for day, _item, _measure, people, *_rest in recent:
        best[(None, day)] = max(best.get((None, day), 0), people)
    for (_on_date, day), people in best.items():
        days.setdefault(day, FunnelDay(day)).replied += people
    return [days[d] for d in sorted(days)]


@dataclass
class AnswerStats:
    """Numeric answers to one check-in item on one day."""

    day: int
    item: str
    measure: str
    n: int
    mean: float
    sd: float
    low: int
    high: int


def _answer_stats(launch, recent):
    sums = {}

    def add(day, item, measure, n, total, total_sq, low, high):
        if not n:
            return
        row = sums.setdefault((item, day), [measure or "", 0, 0, 0, low, high])
        row[1] += int(n)
        row[2] += int(total)
        row[3] += int(total_sq)
        row[4] = min(row[4], low)
        row[5] = max(row[5], high)

    for row in (
        AnswerRollup.select(
            AnswerRollup.day,
            AnswerRollup.item,
            AnswerRollup.measure,
            AnswerRollup.n,
            AnswerRollup.total,
            AnswerRollup.total_sq,
            AnswerRollup.low,
            AnswerRollup.high,
        )
        .where(AnswerRollup.launch == launch)
        .tuples()
    ):
        add(*row)
    for day, item, measure, _people, n, total, total_sq, low, high in recent:
        add(day, item, measure, n, total, total_sq, low, high)
    out = []
    for (item, day), (measure, n, total, total_sq, low, high) in sorted(sums.items()):
        mean = total / n
        sd = math.sqrt(max(0.0, total_sq / n - mean**2))
        out.append(AnswerStats(day, item, measure, n, mean, sd, low, high))
    return out


def launch_of(org, launch_id):
    """The organisation's launch with this id, or None (another organisation's too)."""
    return Launch.get_or_none(Launch.id == launch_id, Launch.organisation == org)


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
        .where((Enrolment.launch + 0).in_(ids))
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


# Orders staff may sort the participants table by (each ends on the id, so pages are stable).
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
        .where(Participant.id == participant_id, Launch.organisation == org)
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


def conversation(enrolments):
    """Texts in and out tied to these enrolments, oldest first."""
    ids = [e.id for e in enrolments]
    if not ids:
        return []
    return _thread(
        Inbound.select().where(Inbound.enrolment.in_(ids)),
        Message.select().where(Message.enrolment.in_(ids)),
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


def alert_queue(org, *, resolved=False, limit=200):
    """Open and acknowledged alerts (or resolved ones): crisis first, longest waiting first."""
    query = (
        SafetyAlert.select(SafetyAlert, Inbound, Participant)
        .join(Inbound, JOIN.LEFT_OUTER, on=(SafetyAlert.inbound == Inbound.id))
        .switch(SafetyAlert)
        .join(Participant, JOIN.LEFT_OUTER, on=(SafetyAlert.participant == Participant.id))
        .where(SafetyAlert.organisation == org)
    )
    if resolved:
        query = query.where(SafetyAlert.status == "resolved").order_by(
            SafetyAlert.resolved_at.desc()
        )
    else:
        query = query.where(SafetyAlert.status != "resolved").order_by(
            SafetyAlert.priority, SafetyAlert.created_at, SafetyAlert.id
        )
    return list(query.limit(limit))


def alert_of(org, alert_id):
    """The organisation's alert with this id, or None."""
    return SafetyAlert.get_or_none(SafetyAlert.id == alert_id, SafetyAlert.organisation == org)


def organisations():
    """Every organisation, by name (for the site administrator)."""
    return list(Organisation.select().order_by(Organisation.name))


def test_conversation(phone):
    """A simulator number's participant and every text it sent and got ((None, []) at first)."""
    participant = Participant.get_or_none(
        Participant.phone == phone,
        Participant.is_test == True,  # noqa: E712
    )
    if participant is None:
        return None, []
    return participant, _thread(
        Inbound.select().where(Inbound.participant == participant),
        Message.select().where(Message.participant == participant),
    )
