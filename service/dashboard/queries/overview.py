"""The overview page: every launch of an organisation in one pass, today's texts, open alerts."""

from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from peewee import JOIN, fn

from ...evaluation import rollups
from ...models.messages import (
    CANCELLED,
    DELIVERED,
    FAILED,
    QUEUED,
    SENDING,
    SENT,
    UNDELIVERED,
    Message,
)
from ...models.org import Launch
from ...models.participant import (
    ACTIVE,
    COMPLETED,
    PAUSED,
    Enrolment,
    Participant,
)
from ...models.safety import CheckinAnswer, SafetyAlert
from ...models.staff import MessageRollup
from .common import (
    JOINING,
    REPLY_DAYS,
    SENT_STATES,
    _not_test,
    launches_of,
    local_day,
    test_enrolment_ids,
)


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
            # Answers are counted with the question they answer, not by the UTC date
            # they arrive: an evening answer in New York lands on the next UTC date.
            start = datetime.combine(since, time())
            end = datetime.combine(last + timedelta(days=1), time())
            question = Message.select(Message.id).where(
                Message.enrolment == CheckinAnswer.enrolment,
                Message.day == CheckinAnswer.day,
                Message.kind == "checkin",
                Message.state.in_(SENT_STATES),
                Message.send_after >= start,
                Message.send_after < end,
            )
            answered = (
                CheckinAnswer.select(Enrolment.launch, fn.COUNT(CheckinAnswer.id))
                .join(Enrolment, on=(CheckinAnswer.enrolment == Enrolment.id))
                .where(
                    Enrolment.launch.in_(ids),
                    CheckinAnswer.answered_at >= start,
                    CheckinAnswer.enrolment.not_in(test_enrolment_ids(ids)),
                    fn.EXISTS(question),
                )
                .group_by(Enrolment.launch)
                .tuples()
            )
            for launch_id, n in answered:
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
