"""Planning: turn enrolments that are due into queued texts, one day at a time.

The planner only decides; the dispatcher sends. Each programme day becomes
rows with unique keys, so running the planner twice (or two clocks at once)
cannot queue a day twice, and an enrolment moves on by exactly one day per
local day: after a night with the clock down it sends today's day, not a
burst of the days it missed.
"""

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from .. import config
from ..content import group as group_content
from ..content import gsm
from ..content.programme import ProgrammeInvalid, ProgrammeNotFound, get_library
from ..conversation.answers import format_time
from ..db import database, utc, write_transaction
from ..models import Enrolment, Launch, Message, Organisation
from ..models.participant import ACTIVE, COMPLETED, PAUSED
from ..schedule import local_today, next_allowed, next_day_due
from . import group as group_figures

log = logging.getLogger(__name__)

CHECKIN_AFTER = timedelta(minutes=1)  # the question follows the practice
CLOSING_AFTER = timedelta(minutes=2)
BROKEN_RETRY = timedelta(hours=1)


def due_query(now, state=ACTIVE):
    """Enrolments in `state` whose next day is due at `now`.

    PAUSED ones count only with a date to wake on (PAUSE 3). One state per
    query keeps it a range scan of the (state, next_due_at) index.
    """
    query = (
        Enrolment.select()
        .join(Launch)
        .where(Enrolment.state == state, Enrolment.next_due_at <= now, Launch.status == "active")
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


def plan_enrolment(enrolment, texts, now, *, force=False):
    """Queue rows for the enrolment's next day and move it on; returns the rows.

    `force` (the staff simulator's "next day") plans at once, ignoring the
    due time and quiet hours.
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

    def row(kind, text_by_lang, at, key, item=None, text_key=None):
        body, encoding, segments = texts.render(
            launch, programme, text_key or key, text_by_lang, lang
        )
        return (
            enrolment.participant_id,
            enrolment.id,
            f"e{enrolment.id}:{key}",
            kind,
            number if kind != "closing" else None,
            item,
            body,
            lang,
            encoding,
            segments,
            "queued",
            at,
            now,
            0,
        )

    rows = []
    day = programme.day(number)
    if day is not None:
        practice, text_key = texts.practice(launch, programme, day)
        rows.append(row("practice", practice, send_at, f"d{number}:practice", None, text_key))
        if day.checkin:
            first = day.checkin[0]
            rows.append(
                row("checkin", first.text, send_at + CHECKIN_AFTER, f"d{number}:checkin", first.id)
            )
    last_day = number >= programme.length
    if day is None or (last_day and not day.checkin):
        rows.append(row("closing", programme.closing, send_at + CLOSING_AFTER, "closing"))
        enrolment.state = COMPLETED
        enrolment.completed_at = now
        enrolment.next_due_at = None
    else:
        enrolment.next_due_at = next_day_due(sent_on, tz, enrolment.send_time)
    enrolment.next_day = number + 1 if day is not None else number
    enrolment.last_planned_on = sent_on
    return rows


# The columns of a planned row, in the order plan_enrolment builds them.
ROW_FIELDS = [
    Message.participant,
    Message.enrolment,
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


def plan_due(now, *, batch_size=5000):
    """Queue every due programme day as of `now`; returns a summary."""
    now = utc(now)
    texts = Texts()
    summary = {"enrolments": 0, "messages": 0, "completed": 0, "skipped": 0}
    for state in (PAUSED, ACTIVE):
        # Every enrolment planned (or skipped) moves its next_due_at past
        # `now`, so it leaves the query: each batch is simply the next due
        # ones, found by index without sorting. The bound is a safety net.
        for _ in range(due_query(now, state).count() // batch_size + 2):
            if not _plan_batch(due_query(now, state).limit(batch_size), texts, now, summary):
                break
    return summary


@dataclass(slots=True)
class Due:
    """The columns of a due enrolment the planner reads and moves on.

    Plain tuples made into this are several times cheaper than full model
    instances, which matters with a hundred thousand due in one minute.
    """

    id: int
    participant_id: int
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


DUE_FIELDS = [
    Enrolment.id,
    Enrolment.participant,
    Enrolment.launch,
    Enrolment.language,
    Enrolment.timezone,
    Enrolment.send_time,
    *UPDATED,
]


def _plan_batch(query, texts, now, summary):
    """Plan one batch in one transaction; False when there was nothing due."""
    with write_transaction():
        batch = [Due(*row) for row in query.select(*DUE_FIELDS).tuples()]
        if not batch:
            return False
        rows = []
        for enrolment in batch:
            try:
                planned = plan_enrolment(enrolment, texts, now)
            except (ProgrammeNotFound, ProgrammeInvalid) as exc:
                # A broken programme file: nothing half-sent, try again later.
                log.error("enrolment %s not planned: %s", enrolment.id, exc)
                enrolment.next_due_at = now + BROKEN_RETRY
                summary["skipped"] += 1
                continue
            rows += planned
            summary["enrolments"] += bool(planned)
            summary["completed"] += enrolment.state == COMPLETED
        save_plans(batch, rows)
        summary["messages"] += len(rows)
    return True
