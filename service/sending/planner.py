"""Planning: turn enrolments that are due into queued texts, one day at a time.

The planner only decides; the dispatcher sends. Each programme day becomes
rows with unique keys, so running the planner twice (or two clocks at once)
cannot queue a day twice, and an enrolment moves on by exactly one day per
local day: after a night with the clock down it sends today's day, not a
burst of the days it missed.

plan_due works in sets: it decides once for each group of due enrolments
that get the same texts (plan_day, the same rules as for one enrolment) and
plan_sets applies each decision to the whole group in the database. Only
one process plans at a time (planlock). A group that cannot be planned is
set aside with its reason and the rest plan on (plan_problems). The staff
simulator's "next day" plans one enrolment at a time (plan_enrolment).
"""

import logging
import os
import threading
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import partial

from peewee import fn

from .. import config
from ..content import group as group_content
from ..content import gsm
from ..content.programme import get_library
from ..conversation.answers import format_time
from ..db import database, is_postgres, utc, write_transaction
from ..models import Enrolment, Hold, Launch, Message, Organisation
from ..models.participant import ACTIVE, COMPLETED, PAUSED
from ..schedule import local_today, next_allowed, next_day_due
from . import group as group_figures
from . import plan_sets
from .plan_problems import problem_reason, record_problems
from .planlock import planning_lock

log = logging.getLogger(__name__)

CHECKIN_AFTER = timedelta(minutes=1)  # the question follows the practice
CLOSING_AFTER = timedelta(minutes=2)
BROKEN_RETRY = timedelta(hours=1)


def due_query(now, state=ACTIVE):
    """Enrolments in `state` whose next day is due at `now`.

    PAUSED ones count only with a date to wake on (PAUSE 3), and nobody whose
    organisation holds them (a Hold of the launch's organisation until after
    `now`, followup/hold.py) is due: their days are put off, never skipped. One state per query
    keeps it a range scan of the (state, next_due_at) index. plan_sets.stage
    is the same condition in SQL.
    """
    held = Hold.select(Hold.id).where(
        Hold.participant == Enrolment.participant,
        Hold.organisation == Launch.organisation,
        Hold.until > now,
    )
    query = (
        Enrolment.select()
        .join(Launch)
        .where(
            Enrolment.state == state,
            Enrolment.next_due_at <= now,
            Launch.status == "active",
            ~fn.EXISTS(held),
        )
    )
    if state == PAUSED:
        query = query.where(Enrolment.paused_until.is_null(False))
    return query


class Texts:
    """Launches, programmes and rendered texts for one planning pass.

    Everyone on day 3 of a launch in Spanish gets the same text, so each text
    is filled, folded and measured once per pass, not once per participant.
    """

    def __init__(self):
        self.library = get_library(config.programs_dir())
        self._launches = {}
        self._programmes = {}
        self._rendered = {}
        self._groups = {}  # launch id -> (GroupTexts or None, figures), once per pass

    def launch(self, launch_id):
        """The launch (with its organisation), read once per pass."""
        if launch_id not in self._launches:
            self._launches[launch_id] = (
                Launch.select(Launch, Organisation)
                .join(Organisation)
                .where(Launch.id == launch_id)
                .get()
            )
        return self._launches[launch_id]

    def programme(self, launch):
        """The launch's programme (raises ProgrammeNotFound/ProgrammeInvalid)."""
        if launch.programme not in self._programmes:
            self._programmes[launch.programme] = self.library.get(launch.programme)
        return self._programmes[launch.programme]

    def variables(self, launch, programme, lang):
        """Template variables for texts of this launch in this language."""
        return {
            **launch.template_variables(lang),
            "programme_title": programme.title.get(lang, ""),
            "days": programme.length,
            "default_time": format_time(launch.default_send_time, lang),
        }

    def practice(self, launch, programme, day):
        """(texts, key) of the day's practice: the group text when group mode
        has one and its figures are shown, else the programme's own."""
        if not launch.group_mode:
            return day.practice, f"d{day.number}:practice"
        if launch.id not in self._groups:
            found = group_content.load(config.programs_dir(), programme)
            values = (
                group_figures.figures(launch, found, min_group=config.min_group()) if found else {}
            )
            self._groups[launch.id] = (found, values)
        found, values = self._groups[launch.id]
        texts = group_figures.group_text(launch, programme, day.number, found, values)
        if texts is None:
            return day.practice, f"d{day.number}:practice"
        return texts, f"d{day.number}:practice:group"

    def render(self, launch, programme, key, text_by_lang, lang):
        """(body, encoding, segments) for one text in `lang`, `key` naming it."""
        cache_key = (launch.id, programme.slug, programme.version, lang, key)
        if cache_key not in self._rendered:
            variables = self.variables(launch, programme, lang)
            variables.update(
                {k: v for k, v in self._groups.get(launch.id, (None, {}))[1].items() if v}
            )
            body = programme.render(text_by_lang, lang, variables)
            cost = gsm.cost(body)
            self._rendered[cache_key] = (body, cost.encoding, cost.segments)
        return self._rendered[cache_key]


def plan_day(enrolment, texts, now, *, force=False):
    """Decide the enrolment's next day and move it on; returns the texts to queue.

    Each text is (key, kind, day, item, body, encoding, segments, send_after),
    the key naming it within the enrolment ("d3:practice"). `enrolment` may
    stand for a whole group (see plan_sets): nothing here depends on who it
    is, only on its launch, language, zone, send time and day. `force` (the
    staff simulator's "next day") plans at once, ignoring the due time and
    quiet hours.
    """
    launch = texts.launch(enrolment.launch_id)
    programme = texts.programme(launch)
    tz = enrolment.timezone
    if enrolment.state == PAUSED:
        enrolment.state, enrolment.paused_until = ACTIVE, None
    send_at = now if force else next_allowed(now, tz, *launch.quiet_hours())
    sent_on = local_today(send_at, tz)
    if not force and enrolment.last_planned_on and sent_on <= enrolment.last_planned_on:
        # Never two programme days on one local day.
        enrolment.next_due_at = next_day_due(enrolment.last_planned_on, tz, enrolment.send_time)
        return []
    number = enrolment.next_day
    lang = enrolment.language

    def text(kind, text_by_lang, at, key, item=None, text_key=None):
        body, encoding, segments = texts.render(
            launch, programme, text_key or key, text_by_lang, lang
        )
        day_number = number if kind != "closing" else None
        return (key, kind, day_number, item, body, encoding, segments, at)

    out = []
    day = programme.day(number)
    if day is not None:
        practice, text_key = texts.practice(launch, programme, day)
        out.append(text("practice", practice, send_at, f"d{number}:practice", None, text_key))
        if day.checkin:
            first = day.checkin[0]
            out.append(
                text("checkin", first.text, send_at + CHECKIN_AFTER, f"d{number}:checkin", first.id)
            )
    last_day = number >= programme.length
    if day is None or (last_day and not day.checkin):
        out.append(text("closing", programme.closing, send_at + CLOSING_AFTER, "closing"))
        enrolment.state = COMPLETED
        enrolment.completed_at = now
        enrolment.next_due_at = None
    elif number == 0:
        # A waitlist arm's day 0: day 1 comes as long after it as the last day
        # comes after day 1 for those who start now, so both arms' before and
        # after are the same time apart.
        wait = timedelta(days=max(programme.length - 2, 0))
        enrolment.next_due_at = next_day_due(sent_on + wait, tz, enrolment.send_time)
    else:
        enrolment.next_due_at = next_day_due(sent_on, tz, enrolment.send_time)
    enrolment.next_day = number + 1 if day is not None else number
    enrolment.last_planned_on = sent_on
    return out


def plan_enrolment(enrolment, texts, now, *, force=False):
    """Queue rows for one enrolment's next day and move it on; returns the rows.

    The one-at-a-time path (the staff simulator); plan_due plans in sets.
    """
    return [
        (
            enrolment.participant_id,
            enrolment.id,
            enrolment.launch.organisation_id,
            f"e{enrolment.id}:{key}",
            kind,
            day,
            item,
            body,
            enrolment.language,
            encoding,
            segments,
            "queued",
            at,
            now,
            0,
        )
        for key, kind, day, item, body, encoding, segments, at in plan_day(
            enrolment, texts, now, force=force
        )
    ]


# The columns of a planned row, in the order plan_enrolment builds them.
ROW_FIELDS = [
    Message.participant,
    Message.enrolment,
    Message.organisation,
    Message.dedupe_key,
    Message.kind,
    Message.day,
    Message.item,
    Message.body,
    Message.language,
    Message.encoding,
    Message.segments,
    Message.state,
    Message.send_after,
    Message.created_at,
    Message.attempts,
]


def _insert_sql():
    columns = ", ".join(f'"{f.column_name}"' for f in ROW_FIELDS)
    marks = ", ".join([database.param] * len(ROW_FIELDS))
    return (
        f'INSERT INTO "{Message._meta.table_name}" ({columns}) VALUES ({marks}) '
        'ON CONFLICT ("dedupe_key") DO NOTHING'
    )


# What planning changes on an enrolment (the tail of DUE_FIELDS).
UPDATED = [
    Enrolment.state,
    Enrolment.paused_until,
    Enrolment.next_day,
    Enrolment.next_due_at,
    Enrolment.last_planned_on,
    Enrolment.completed_at,
]


def save_plans(enrolments, rows):
    """Insert the rows (a row already there is left alone) and save the enrolments.

    Enrolments that moved to the same values (the same send time on the same
    day, typically most of them) are saved with one UPDATE per group.
    """
    if rows:
        # executemany with one prepared statement: building a peewee query
        # for thousands of rows costs more than the database work itself.
        database.cursor().executemany(_insert_sql(), rows)
    groups = defaultdict(list)
    for enrolment in enrolments:
        values = tuple(getattr(enrolment, field.name) for field in UPDATED)
        groups[values].append(enrolment.id)
    table = Enrolment._meta.table_name
    assignments = ", ".join(f'"{f.column_name}" = {database.param}' for f in UPDATED)
    for values, ids in groups.items():
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            marks = ", ".join([database.param] * len(chunk))
            database.execute_sql(
                f'UPDATE "{table}" SET {assignments} WHERE "id" IN ({marks})',
                [f.db_value(v) for f, v in zip(UPDATED, values, strict=True)] + chunk,
            )


def plan_due(now, *, batch_size=20000, lanes=None):
    """Queue every due programme day as of `now`; returns a summary.

    Only one process plans at a time (planlock); another clock's pass finds
    the lock taken and returns {"busy": True}. An enrolment that cannot be
    planned (a missing variable, a broken programme file...) is set aside
    with its reason, retried in an hour, and reported to its organisation's
    staff; the rest plan on.

    On PostgreSQL the due enrolments are split into `lanes` (PLAN_LANES,
    default 2) by id, each planned on a connection of its own at the same
    time: the work is the server's (moving rows, queueing texts, checking
    keys), and one connection keeps only one server process busy. The lanes
    touch disjoint enrolments and never wait for each other. SQLite has one
    writer at a time: one lane.
    """
    now = utc(now)
    summary = {"enrolments": 0, "messages": 0, "completed": 0, "skipped": 0}
    with planning_lock() as mine:
        if not mine:
            return {**summary, "busy": True}
        texts = Texts()
        lanes = _lanes(lanes)
        results = [({**summary}, {}) for _ in range(lanes)]
        if lanes == 1:
            _plan_lane(now, texts, batch_size, None, *results[0])
        else:
            _in_parallel(
                [
                    partial(_plan_lane, now, texts, batch_size, (k, lanes), *results[k])
                    for k in range(lanes)
                ]
            )
        problems = {}
        for lane_summary, lane_problems in results:
            for key, value in lane_summary.items():
                summary[key] += value
            for key, count in lane_problems.items():
                problems[key] = problems.get(key, 0) + count
        if problems:
            record_problems(problems, now)
    return summary


def _lanes(asked):
    """How many lanes plan at once: 1 on SQLite or inside an open transaction
    (other connections could not see its rows)."""
    if not is_postgres() or database.in_transaction():
        return 1
    return max(1, int(asked or os.environ.get("PLAN_LANES") or 2))


def _in_parallel(jobs):
    """Run each job in a thread with its own connection; re-raise the first failure."""
    failures = []

    def run(job):
        try:
            with database.connection_context():
                job()
        except BaseException as exc:  # handed to the caller below
            failures.append(exc)

    threads = [threading.Thread(target=run, args=(job,), name="plan-lane") for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    if failures:
        raise failures[0]


def _plan_lane(now, texts, batch_size, lane, summary, problems):
    """Plan every due enrolment of one lane (all of them when lane is None)."""
    for state in (PAUSED, ACTIVE):
        # Each batch starts where the last one stopped in (next_due_at, id)
        # order, so the walk ends after one pass over what is due.
        after = None
        while True:
            with write_transaction():
                staged, after = _plan_set(
                    state, now, texts, batch_size, after, summary, problems, lane
                )
            if staged < batch_size:
                break


def _plan_set(state, now, texts, limit, after, summary, problems, lane=None):
    """Plan one batch of due enrolments in `state` as sets, from `after` on.

    Returns how many were staged and where the next batch starts.
    """
    groups = plan_sets.stage(state, now, limit, after, lane)
    if not groups:
        plan_sets.drop()
        return 0, after
    last = plan_sets.last_staged()
    rows, moves = [], []
    for group in groups:
        rep = Due(
            id=None,
            participant_id=None,
            launch_id=group["launch_id"],
            language=group["language"],
            timezone=group["timezone"],
            send_time=group["send_time"],
            state=state,
            paused_until=None,
            next_day=group["next_day"],
            next_due_at=None,
            last_planned_on=group["last_planned_on"],
            completed_at=None,
        )
        try:
            planned = plan_day(rep, texts, now)
        except Exception as exc:  # a poison group must never stop the tick
            reason = problem_reason(exc, group["language"])
            log.warning(
                "%s enrolment(s) of launch %s set aside: %s",
                group["count"],
                group["launch_id"],
                reason,
            )
            key = (group["launch_id"], reason)
            problems[key] = problems.get(key, 0) + group["count"]
            summary["skipped"] += group["count"]
            moves.append(
                (
                    group["g"],
                    state,
                    0,
                    group["next_day"],
                    now + BROKEN_RETRY,
                    Enrolment.last_planned_on.db_value(group["last_planned_on"]),
                    None,
                    reason[:255],
                )
            )
            continue
        rows += [(group["g"], *text) for text in planned]
        summary["enrolments"] += group["count"] if planned else 0
        summary["completed"] += group["count"] if rep.state == COMPLETED else 0
        moves.append(
            (
                group["g"],
                rep.state,
                1,
                rep.next_day,
                rep.next_due_at,
                Enrolment.last_planned_on.db_value(rep.last_planned_on),
                rep.completed_at,
                None,
            )
        )
    _moved, queued = plan_sets.apply(state, now, rows, moves)
    summary["messages"] += queued
    plan_sets.drop()
    return sum(g["count"] for g in groups), last


@dataclass(slots=True)
class Due:
    """The columns of a due enrolment (or of a group of them) the planner moves on."""

    id: int | None
    participant_id: int | None
    launch_id: int
    language: str
    timezone: str
    send_time: str
    state: str
    paused_until: date | None
    next_day: int
    next_due_at: datetime | None
    last_planned_on: date | None
    completed_at: datetime | None
