"""The clock's count behind the outcome report: who is in which group, published
in steps (disclosure.py). No Flask.

When dates are sealed (rollups.seal), each launch with answers or closings on
them is counted again, person by person, from answers on sealed dates only:
an answer given after the last sealed date waits, so the report's figures move
once a day and never on an unsettled day.

Per screener (and per arm of a waitlist launch), a person is
- in "pair" once they have a complete total on the first and the last day
  (a waitlist person waiting: their day 0 and the programme's day 1); the
  date that made them final is the later answer;
- in "left" once they have a complete first total, no complete last one, and
  their enrolment closed (completed, stopped, ended) on a sealed date;
- in "pair_pp" (per protocol) when a pair answered the end within a week of
  when it was due.
Each group is published as its first whole steps of `min_group` people in the
order they became final (then enrolment id), and stored grouped by totals in
OutcomeCell: a page reads a few hundred rows however many took part. Plain
counts (complete totals on each day, pairs, no end total) are stored as
"count" rows and shown in bands of ten.

Own questions: every answer of a programme week, from published runs of
sealed dates (disclosure.runs), into OwnWeekCell with the number of different
people over the whole week.
"""

from collections import Counter, defaultdict
from datetime import datetime, timedelta

from peewee import fn

from .. import config
from ..content.programme import ProgrammeInvalid, ProgrammeNotFound, get_library
from ..db import utc, write_transaction
from ..models.org import Launch
from ..models.outcomes import OutcomeCell, OwnWeekCell
from ..models.participant import COMPLETED, ENDED, STOPPED, Enrolment, Participant
from ..models.privacy import Contribution
from ..models.safety import CheckinAnswer
from ..models.staff import AnswerRollup
from . import disclosure, rollups
from .definitions import own_items, screener_definitions, windows

CLOSED = (COMPLETED, STOPPED, ENDED)
ON_TIME = timedelta(days=7)  # per protocol: the end answered within a week of when it was due
COUNTS = ("start", "end", "both", "no_end")


def _people(launch):
    """{enrolment id: (arm, closed on or None)} for the launch's real participants."""
    out = {}
    for e_id, arm, state, completed_at, ended_at in (
        Enrolment.select(
            Enrolment.id, Enrolment.arm, Enrolment.state, Enrolment.completed_at, Enrolment.ended_at
        )
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(Enrolment.launch == launch, Participant.is_test == False)  # noqa: E712
        .tuples()
    ):
        closed = (completed_at or ended_at) if state in CLOSED else None
        out[e_id] = (arm, closed)
    return out


def _totals(launch, items, days, horizon):
    """{(enrolment, day): (sum, items answered, last answered at)} on sealed dates."""
    rows = (
        CheckinAnswer.select(
            CheckinAnswer.enrolment,
            CheckinAnswer.day,
            fn.SUM(CheckinAnswer.value),
            fn.COUNT(CheckinAnswer.value),
            fn.MAX(CheckinAnswer.answered_at),
        )
        .join(Enrolment, on=(CheckinAnswer.enrolment == Enrolment.id))
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(
            Enrolment.launch == launch,
            Participant.is_test == False,  # noqa: E712
            CheckinAnswer.day.in_(sorted(days)),
            CheckinAnswer.item.in_(sorted(items)),
            CheckinAnswer.answered_at < horizon,
        )
        .group_by(CheckinAnswer.enrolment, CheckinAnswer.day)
        .tuples()
    )
    return {(e, day): (int(s or 0), int(n), rollups.as_datetime(at)) for e, day, s, n, at in rows}


def screener_cells(launch, programme, horizon, step):
    """OutcomeCell rows (as dicts, without launch and time) for every screener and arm."""
    people = _people(launch)
    out = []
    for s in screener_definitions(programme):
        arms = sorted({arm for arm, _closed in people.values()}, key=lambda a: a or "")
        days = {d for arm in arms for d in windows(s, arm)}
        totals = _totals(launch, s.items, days, horizon)
        k = len(s.items)
        for arm in arms:
            first, last = windows(s, arm)
            # Both arms' before and after are planned as far apart as the
            # screener's first and last day (planner: a waitlist's day 0).
            due = timedelta(days=s.last_day - s.first_day) + ON_TIME
            groups = {"pair": [], "pair_pp": [], "left": []}
            counts = Counter()
            for e_id, (e_arm, closed) in people.items():
                if e_arm != arm:
                    continue
                b = totals.get((e_id, first))
                a = totals.get((e_id, last))
                b_ok = b is not None and b[1] == k
                a_ok = a is not None and a[1] == k
                counts["start"] += b_ok
                counts["end"] += a_ok
                if b_ok and a_ok:
                    counts["both"] += 1
                    final = max(b[2], a[2])
                    groups["pair"].append((final, e_id, b[0], a[0]))
                    if a[2] - b[2] <= due:
                        groups["pair_pp"].append((final, e_id, b[0], a[0]))
                elif b_ok and closed is not None and rollups.as_datetime(closed) < horizon:
                    counts["no_end"] += 1
                    final = max(b[2], rollups.as_datetime(closed))
                    groups["left"].append((final, e_id, b[0], None))
            if arm is None:
                _kept(launch, s, k, groups, counts)
            for family, members in groups.items():
                cells = Counter(
                    (before, after)
                    for _f, _e, before, after in disclosure.published(sorted(members), step)
                )
                for (before, after), n in sorted(cells.items(), key=str):
                    out.append(_cell(s.name, arm, family, before, k, after, n))
            for name in COUNTS:
                out.append(_cell(s.name, arm, f"count:{name}", None, 0, None, counts[name]))
    return out


def _kept(launch, screener, k, groups, counts):
    """Add people since erased whose organisation kept their anonymous contribution
    (privacy/erasure.py): they have a month, not a date, so they take their place
    at the start of their month (ids below every enrolment's)."""
    rows = (
        Contribution.select(
            Contribution.id,
            Contribution.month,
            Contribution.before,
            Contribution.before_items,
            Contribution.after,
            Contribution.after_items,
        )
        .where(Contribution.launch == launch, Contribution.measure == screener.name)
        .tuples()
    )
    for c_id, month, before, b_items, after, a_items in rows:
        final = datetime.fromisoformat(f"{month}-01")
        b_ok, a_ok = b_items == k and before is not None, a_items == k and after is not None
        counts["start"] += b_ok
        counts["end"] += a_ok
        if b_ok and a_ok:
            counts["both"] += 1
            groups["pair"].append((final, -c_id, before, after))
            groups["pair_pp"].append((final, -c_id, before, after))
        elif b_ok:
            counts["no_end"] += 1
            groups["left"].append((final, -c_id, before, None))


def _cell(measure, arm, family, before, items, after, people):
    return {
        "measure": measure,
        "arm": arm,
        "family": family,
        "before": before,
        "before_items": items if before is not None else 0,
        "after": after,
        "after_items": items if after is not None else 0,
        "people": people,
    }


def own_week_cells(launch, programme, horizon, step):
    """OwnWeekCell rows (dicts) for the programme's own scale items, from published runs."""
    items = own_items(programme)
    if not items:
        return []
    answers = defaultdict(list)  # (item, week) -> [(date, enrolment, value)]
    for e_id, day, item, value, at in (
        CheckinAnswer.select(
            CheckinAnswer.enrolment,
            CheckinAnswer.day,
            CheckinAnswer.item,
            CheckinAnswer.value,
            CheckinAnswer.answered_at,
        )
        .join(Enrolment, on=(CheckinAnswer.enrolment == Enrolment.id))
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(
            Enrolment.launch == launch,
            Participant.is_test == False,  # noqa: E712
            CheckinAnswer.item.in_(list(items)),
            CheckinAnswer.value.is_null(False),
            CheckinAnswer.answered_at < horizon,
        )
        .tuples()
    ):
        if day is None or day < 1:
            continue
        answers[(item, (day - 1) // 7 + 1)].append((rollups.as_date(at), e_id, int(value)))
    out = []
    for (item, week), rows in sorted(answers.items()):
        dates = disclosure.runs([(d, e) for d, e, _v in rows], step)
        kept = [(e, v) for d, e, v in rows if d in dates]
        # A week with no run closed yet is kept as a row of zeros, so the page
        # can say it is left out and why.
        out.append(
            {
                "item": item,
                "week": week,
                "people": len({e for e, _v in kept}),
                "answers": len(kept),
                "total": sum(v for _e, v in kept),
                "total_sq": sum(v * v for _e, v in kept),
            }
        )
    return out


def refresh(launch, programme, *, now, step=None):
    """Count a launch's outcome cells again from sealed dates (the clock's job)."""
    step = step or config.min_group()
    horizon = rollups.live_from()
    cells = screener_cells(launch, programme, horizon, step) if programme else []
    weeks = own_week_cells(launch, programme, horizon, step) if programme else []
    stamp = utc(now)
    with write_transaction():
        OutcomeCell.delete().where(OutcomeCell.launch == launch.id).execute()
        OwnWeekCell.delete().where(OwnWeekCell.launch == launch.id).execute()
        rows = [{**c, "launch": launch.id, "counted_at": stamp} for c in cells]
        for chunk in range(0, len(rows), 500):
            OutcomeCell.insert_many(rows[chunk : chunk + 500]).execute()
        rows = [{**w, "launch": launch.id, "counted_at": stamp} for w in weeks]
        for chunk in range(0, len(rows), 500):
            OwnWeekCell.insert_many(rows[chunk : chunk + 500]).execute()
    return len(cells) + len(weeks)


def refresh_sealed(dates, *, now):
    """Count again the launches with answers, or enrolments closing, on these sealed dates."""
    if not dates:
        return []
    launch_ids = {
        launch_id
        for (launch_id,) in AnswerRollup.select(AnswerRollup.launch)
        .where(AnswerRollup.on_date.in_(list(dates)))
        .distinct()
        .tuples()
    }
    start = rollups.day_start(min(dates))
    end = rollups.day_start(max(dates)) + timedelta(days=1)
    closed = (Enrolment.completed_at.between(start, end)) | (Enrolment.ended_at.between(start, end))
    launch_ids |= {
        launch_id
        for (launch_id,) in Enrolment.select(Enrolment.launch).where(closed).distinct().tuples()
    }
    # Cells counted before migration 0013 (family "all") are counted again once.
    launch_ids |= {
        launch_id
        for (launch_id,) in OutcomeCell.select(OutcomeCell.launch)
        .where(OutcomeCell.family == "all")
        .distinct()
        .tuples()
    }
    library = get_library(config.programs_dir())
    for launch in Launch.select().where(Launch.id.in_(sorted(launch_ids))):
        try:
            programme = library.get(launch.programme)
        except (ProgrammeNotFound, ProgrammeInvalid):
            continue
        refresh(launch, programme, now=now)
    return sorted(launch_ids)
