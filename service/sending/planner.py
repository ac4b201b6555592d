"""Planning: turn enrolments that are due into queued texts, one day at a time.

The planner only decides; the dispatcher sends. Each programme day becomes
rows with unique keys, so running the planner twice (or two clocks at once)
cannot queue a day twice, and an enrolment moves on by exactly one day per
local day: after a night with the clock down it sends today's day, not a
burst of the days it missed.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from .. import config
from ..content import gsm
from ..content.programme import ProgrammeInvalid, ProgrammeNotFound, get_library
from ..content.render import fill
from ..conversation.answers import format_time
from ..db import utc, write_transaction
from ..models import Enrolment, Launch, Message, Organisation
from ..models.participant import ACTIVE, COMPLETED, PAUSED
from ..schedule import local_today, next_allowed, next_day_due, to_local

log = logging.getLogger(__name__)

CHECKIN_AFTER = timedelta(minutes=1)  # the question follows the practice
CLOSING_AFTER = timedelta(minutes=2)
BROKEN_RETRY = timedelta(hours=1)


def due_query(now):
    """Enrolments whose next day is due at `now` (a timed pause ends itself)."""
    waking = (Enrolment.state == PAUSED) & Enrolment.paused_until.is_null(False)
    return (
        Enrolment.select(Enrolment, Launch, Organisation)
        .join(Launch)
        .join(Organisation)
        .where(
            ((Enrolment.state == ACTIVE) | waking),
            Enrolment.next_due_at <= now,
            Launch.status == "active",
        )
    )


class Texts:
    """Filled, folded and measured programme texts, cached per launch and language."""

    def __init__(self):
        self.library = get_library(config.programs_dir())
        self._variables = {}

    def programme(self, launch):
        """The launch's programme (raises ProgrammeNotFound/ProgrammeInvalid)."""
        return self.library.get(launch.programme)

    def variables(self, launch, programme, lang):
        """Template variables for texts of this launch in this language."""
        key = (launch.id, lang)
        if key not in self._variables:
            self._variables[key] = {
                **launch.template_variables(),
                "programme_title": programme.title.get(lang, ""),
                "days": programme.length,
                "default_time": format_time(launch.default_send_time, lang),
            }
        return self._variables[key]

    def render(self, launch, programme, text_by_lang, lang):
        """(body, encoding, segments) for one text in `lang`."""
        text = text_by_lang.get(lang) or text_by_lang[programme.default_language]
        body = fill(text, self.variables(launch, programme, lang))
        if programme.folds(lang):
            body = gsm.fold(body)
        cost = gsm.cost(body)
        return body, cost.encoding, cost.segments


def plan_enrolment(enrolment, texts, now, *, force=False):
    """Queue rows for the enrolment's next day and move it on; returns the rows.

    `force` (the staff simulator's "next day") plans at once, ignoring the
    due time and quiet hours.
    """
    launch = enrolment.launch
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

    def row(kind, text_by_lang, at, key, item=None):
        body, encoding, segments = texts.render(launch, programme, text_by_lang, lang)
        return {
            "participant": enrolment.participant_id,
            "enrolment": enrolment.id,
            "dedupe_key": f"e{enrolment.id}:{key}",
            "kind": kind,
            "day": number if kind != "closing" else None,
            "item": item,
            "body": body,
            "language": lang,
            "encoding": encoding,
            "segments": segments,
            "state": "queued",
            "send_after": at,
            "created_at": now,
        }

    rows = []
    day = programme.day(number)
    if day is not None:
        rows.append(row("practice", day.practice, send_at, f"d{number}:practice"))
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
    for start in range(0, len(rows), 500):
        Message.insert_many(rows[start : start + 500]).on_conflict_ignore().execute()
    groups = defaultdict(list)
    for enrolment in enrolments:
        values = tuple(getattr(enrolment, field.name) for field in UPDATED)
        groups[values].append(enrolment.id)
    for values, ids in groups.items():
        for start in range(0, len(ids), 500):
            Enrolment.update(dict(zip(UPDATED, values, strict=True))).where(
                Enrolment.id.in_(ids[start : start + 500])
            ).execute()


def plan_due(now, *, batch_size=1000):
    """Queue every due programme day as of `now`; returns a summary."""
    now = utc(now)
    texts = Texts()
    summary = {"enrolments": 0, "messages": 0, "completed": 0, "skipped": 0}
    last_id = 0
    while True:
        with write_transaction():
            batch = list(
                due_query(now)
                .where(Enrolment.id > last_id)
                .order_by(Enrolment.id)
                .limit(batch_size)
            )
            if not batch:
                break
            last_id = batch[-1].id
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
    return summary


def local_send_time(enrolment):
    """The enrolment's next due time as local wall time, for people to read."""
    if enrolment.next_due_at is None:
        return None
    return to_local(enrolment.next_due_at, enrolment.timezone)
