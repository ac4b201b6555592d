"""A launch's programme page: the funnel by day (live days beside rolled-up ones)
and the answers by day and item, from settled days only, published as
evaluation/disclosure.py says: runs of sealed dates each adding answers of at
least OUTCOME_MIN_GROUP people, never the lowest or highest answer."""

import math
from dataclasses import dataclass

from peewee import fn

from ... import config
from ...evaluation import disclosure, rollups
from ...models.messages import (
    DELIVERED,
    FAILED,
    UNDELIVERED,
    Message,
)
from ...models.safety import CheckinAnswer
from ...models.staff import AnswerRollup, MessageRollup
from .common import SENT_STATES, _recent_of, test_enrolment_ids


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
    return _funnel(launch, live, recent, tests), _answer_stats(launch)


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
    low = config.min_group()
    for row in days.values():
        if 0 < row.replied < low:
            row.replied = -1  # fewer than min_group: the page says so
    return [days[d] for d in sorted(days)]


@dataclass
class AnswerStats:
    """Numeric answers to one check-in item on one day, as published."""

    day: int
    item: str
    measure: str
    n: int  # answers (one per person)
    mean: float
    sd: float


def _answer_stats(launch, min_group=None):
    """Per (day, item): sealed dates in published runs of at least min_group people."""
    min_group = min_group or config.min_group()
    rows = list(
        AnswerRollup.select(
            AnswerRollup.on_date,
            AnswerRollup.day,
            AnswerRollup.item,
            AnswerRollup.measure,
            AnswerRollup.enrolments,
            AnswerRollup.n,
            AnswerRollup.total,
            AnswerRollup.total_sq,
        )
        .where(AnswerRollup.launch == launch)
        .tuples()
    )
    by_cell = {}
    for row in rows:
        by_cell.setdefault((row[2], row[1]), []).append(row)
    out = []
    for (item, day), cell in sorted(by_cell.items()):
        # One answer per person, day and item: a date's people add up across dates.
        dates = disclosure.runs_of_counts([(r[0], r[4]) for r in cell], min_group)
        n = total = total_sq = 0
        for on_date, _d, _i, _m, _people, count, s, sq in cell:
            if on_date in dates:
                n, total, total_sq = n + int(count), total + int(s or 0), total_sq + int(sq or 0)
        if n < min_group:
            continue
        mean = total / n
        sd = math.sqrt(max(0.0, total_sq / n - mean**2))
        out.append(AnswerStats(day, item, cell[0][3] or "", n, mean, sd))
    return out
