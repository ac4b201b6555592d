"""A launch's outcome report: screeners before and after, own items by week. No Flask.

The report counts settled days only: the screener totals are counted by
the clock when a day settles (`refresh_sealed`, called by rollups.seal) and
the own items come from the daily rollups, so the page reads a few hundred
rows however many people took part, and its figures move once a day.

Who is counted: real participants of the launch (test participants from
the simulator never); "started" are those who consented; "reached the last
day" those whose last programme day was planned; a screener total counts
only when every item of it was answered that day, and the before/after
figures only for people with a total on both days.

Privacy: a figure about a group smaller than `min_group` (10 unless the app
sets OUTCOME_MIN_GROUP) is never returned; the page and the CSV show "fewer
than 10" instead. The statistics come from the standard library's
`statistics` module; only the t quantile for the confidence interval is a
textbook expansion, because the standard library has the normal distribution
but not Student's t.
"""

import math
import re
import statistics
from dataclasses import dataclass, field

from peewee import Case, fn

from .. import config
from ..content.programme import ProgrammeInvalid, ProgrammeNotFound, get_library
from ..db import utc, write_transaction
from ..models.org import Launch
from ..models.outcomes import OutcomeCell
from ..models.participant import ASK_TIME, COMPLETED, CONSENT, DECLINED, Enrolment, Participant
from ..models.privacy import Contribution
from ..models.safety import CheckinAnswer
from ..models.staff import AnswerRollup

MIN_GROUP = 10
DEFAULT_CUT_OFF = 3  # PHQ-2 and GAD-2: a total of 3 or more screens positive
# Two-sided 95% quantiles of Student's t for the few degrees of freedom where the
# expansion below is off in the third decimal (a group that small is hidden anyway).
T_TABLE = {1: 12.706, 2: 4.303, 3: 3.182}


def t_quantile(df, p=0.975):
    """Student's t quantile, from the normal one by the Cornish-Fisher expansion
    (Abramowitz and Stegun 26.7.5); within 0.001 of the tables for df >= 4."""
    if p == 0.975 and df in T_TABLE:
        return T_TABLE[df]
    z = statistics.NormalDist().inv_cdf(p)
    terms = (
        (z**3 + z) / 4,
        (5 * z**5 + 16 * z**3 + 3 * z) / 96,
        (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384,
        (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160,
    )
    return z + sum(term / df ** (k + 1) for k, term in enumerate(terms))


@dataclass
class Paired:
    """One screener's totals before and after, for the people who answered both."""

    n: int
    before_mean: float
    after_mean: float
    change: float  # mean of (after - before); negative is fewer symptoms
    change_sd: float
    ci_low: float
    ci_high: float
    effect_size: float | None  # Cohen's d_z: mean change / SD of the changes
    before_at_cut_off: float  # share with a total at or above the cut-off
    after_at_cut_off: float


def paired(pairs, cut_off=DEFAULT_CUT_OFF):
    """Paired statistics for [(before, after), ...] totals (at least two pairs)."""
    before = [b for b, _a in pairs]
    after = [a for _b, a in pairs]
    changes = [a - b for b, a in pairs]
    n = len(pairs)
    change = statistics.fmean(changes)
    sd = statistics.stdev(changes)
    half = t_quantile(n - 1) * sd / math.sqrt(n)
    return Paired(
        n=n,
        before_mean=statistics.fmean(before),
        after_mean=statistics.fmean(after),
        change=change,
        change_sd=sd,
        ci_low=change - half,
        ci_high=change + half,
        effect_size=change / sd if sd else None,
        before_at_cut_off=sum(b >= cut_off for b in before) / n,
        after_at_cut_off=sum(a >= cut_off for a in after) / n,
    )


@dataclass
class Screener:
    """One screener (PHQ-2, GAD-2) in a launch: who answered when, and the paired figures."""

    name: str
    items: tuple
    first_day: int
    last_day: int
    cut_off: int
    source: str
    answered_start: int = 0
    answered_end: int = 0
    result: Paired | None = None  # None when fewer than min_group people answered both
    n_pairs: int = 0  # kept for the "fewer than" wording; never shown when small


@dataclass
class WeekItem:
    """One of the programme's own items in one programme week."""

    item: str
    label: str
    week: int
    low: int  # the item's scale
    high: int
    answers: int
    people: int  # at least this many different people answered
    mean: float
    sd: float


@dataclass
class Report:
    """Everything the outcome page, its print view and its CSV show for one launch."""

    launch: object
    programme: object
    min_group: int
    started: int = 0
    reached_end: int = 0
    screeners: list = field(default_factory=list)
    weeks: list = field(default_factory=list)
    hidden_weeks: int = 0  # item-weeks left out for having too few people
    counted_at: object = None  # when the clock last counted the screener totals

    def shown(self, value):
        """The count, or None when it describes fewer than min_group people."""
        return value if value >= self.min_group else None


def label(item, lang="en"):
    """A check-in item's name from its text in the programme file.

    "1 of 4: Feeling nervous, anxious or on edge. Reply 0..." reads
    "Feeling nervous, anxious or on edge"; the id is the last resort.
    """
    text = (item.text or {}).get(lang) or next(iter((item.text or {}).values()), "")
    text = re.sub(r"^\s*\d+\s*(of|/)\s*\d+:?\s*", "", text)
    cuts = [text.find(end) for end in (". ", "?", ", from", " Reply") if end in text]
    if cuts:
        text = text[: min(cuts)]
    text = text.strip().rstrip(".")
    if not text:
        return item.id.replace("_", " ").capitalize()
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


def labels(programme):
    """{item id: label} for every check-in item of a programme."""
    out = {}
    for day in programme.days if programme else ():
        for item in day.checkin:
            out.setdefault(item.id, label(item))
    return out


def _test_ids(launch):
    """Ids of the launch's test enrolments (the simulator's: a handful)."""
    return [
        e_id
        for (e_id,) in Enrolment.select(Enrolment.id)
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(Enrolment.launch == launch, Participant.is_test == True)  # noqa: E712
        .tuples()
    ]


def _attrition(launch, last_day, tests):
    """(started, reached the last day) among real participants (`tests`: test enrolment ids)."""
    not_started = (CONSENT, ASK_TIME, DECLINED)
    started = Case(None, [(Enrolment.state.not_in(not_started), 1)], 0)
    reached = Case(None, [((Enrolment.next_day > last_day) | (Enrolment.state == COMPLETED), 1)], 0)
    query = Enrolment.select(fn.SUM(started), fn.SUM(reached)).where(Enrolment.launch == launch)
    if tests:
        query = query.where(Enrolment.id.not_in(tests))
    row = query.tuples().first()
    kept = (
        Contribution.select(fn.SUM(Contribution.started), fn.SUM(Contribution.reached_end))
        .where(Contribution.launch == launch, Contribution.measure.is_null())
        .tuples()
        .first()
    )
    return int(row[0] or 0) + int(kept[0] or 0), int(row[1] or 0) + int(kept[1] or 0)


def contributions(enrolment, programme):
    """What one enrolment gives the report, as anonymous Contribution rows (dicts):
    its month, whether it started and reached the last day, and its screener totals.
    Erasure keeps these when the organisation chooses to (privacy/erasure.py)."""
    month = enrolment.created_at.strftime("%Y-%m")
    base = {"launch": enrolment.launch_id, "month": month}
    last_day = programme.length if programme else None
    not_started = (CONSENT, ASK_TIME, DECLINED)
    reached = enrolment.state == COMPLETED or (
        last_day is not None and enrolment.next_day > last_day
    )
    rows = [
        {
            **base,
            "started": int(enrolment.state not in not_started),
            "reached_end": int(reached),
            "measure": None,
        }
    ]
    for s in _definitions(programme) if programme else []:
        answers = list(
            CheckinAnswer.select(CheckinAnswer.day, CheckinAnswer.value).where(
                CheckinAnswer.enrolment == enrolment.id,
                CheckinAnswer.day.in_([s.first_day, s.last_day]),
                CheckinAnswer.item.in_(list(s.items)),
            )
        )
        if not answers:
            continue
        before = [a.value for a in answers if a.day == s.first_day and a.value is not None]
        after = [a.value for a in answers if a.day == s.last_day and a.value is not None]
        rows.append(
            {
                **base,
                "measure": s.name,
                "before": sum(before) if before else None,
                "before_items": len(before),
                "after": sum(after) if after else None,
                "after_items": len(after),
            }
        )
    return rows


def _totals(launch, screener):
    """{(before, items answered, after, items answered): people} for one screener."""
    value = CheckinAnswer.value

    def on(day, agg):
        return agg(Case(None, [(CheckinAnswer.day == day, value)], None))

    per_person = (
        CheckinAnswer.select(
            on(screener.first_day, fn.SUM).alias("b"),
            on(screener.first_day, fn.COUNT).alias("bn"),
            on(screener.last_day, fn.SUM).alias("a"),
            on(screener.last_day, fn.COUNT).alias("an"),
        )
        .where(
            CheckinAnswer.enrolment.in_(
                Enrolment.select(Enrolment.id)
                .join(Participant, on=(Enrolment.participant == Participant.id))
                .where(Enrolment.launch == launch, Participant.is_test == False)  # noqa: E712
            ),
            CheckinAnswer.day.in_([screener.first_day, screener.last_day]),
            CheckinAnswer.item.in_(list(screener.items)),
        )
        .group_by(CheckinAnswer.enrolment)
    ).alias("per_person")
    b, bn, a, an = (per_person.c.b, per_person.c.bn, per_person.c.a, per_person.c.an)
    rows = (
        CheckinAnswer.select(b, bn, a, an, fn.COUNT(1))
        .from_(per_person)
        .group_by(b, bn, a, an)
        .tuples()
    )
    out = {(b_, int(bn_), a_, int(an_)): int(n) for b_, bn_, a_, an_, n in rows}
    # People since erased, whose organisation kept their anonymous contribution.
    kept = (
        Contribution.select(
            Contribution.before,
            Contribution.before_items,
            Contribution.after,
            Contribution.after_items,
            fn.COUNT(1),
        )
        .where(Contribution.launch == launch, Contribution.measure == screener.name)
        .group_by(
            Contribution.before,
            Contribution.before_items,
            Contribution.after,
            Contribution.after_items,
        )
        .tuples()
    )
    for b_, bn_, a_, an_, n in kept:
        key = (b_, int(bn_), a_, int(an_))
        out[key] = out.get(key, 0) + int(n)
    return out


def _screener_days(programme, items):
    days = [d.number for d in programme.days if any(i.id in items for i in d.checkin)]
    return (min(days), max(days)) if days else (None, None)


def _definitions(programme):
    """The programme's screeners asked on two different days, without figures."""
    out = []
    for name, measure in sorted((programme.measures or {}).items()):
        first, last = _screener_days(programme, set(measure.items))
        if first is None or first == last:
            continue
        out.append(
            Screener(
                name=name,
                items=tuple(measure.items),
                first_day=first,
                last_day=last,
                cut_off=measure.alert_at if measure.alert_at is not None else DEFAULT_CUT_OFF,
                source=" ".join((measure.source or "").split()),
            )
        )
    return out


def refresh(launch, programme, *, now):
    """Count the launch's screener totals before and after into OutcomeCell (the clock's job)."""
    cells = []
    for s in _definitions(programme) if programme else []:
        for (before, b_items, after, a_items), people in _totals(launch, s).items():
            cells.append(
                {
                    "launch": launch.id,
                    "measure": s.name,
                    "before": None if before is None else int(before),
                    "before_items": b_items,
                    "after": None if after is None else int(after),
                    "after_items": a_items,
                    "people": people,
                    "counted_at": utc(now),
                }
            )
    with write_transaction():
        OutcomeCell.delete().where(OutcomeCell.launch == launch.id).execute()
        for chunk in range(0, len(cells), 500):
            OutcomeCell.insert_many(cells[chunk : chunk + 500]).execute()
    return len(cells)


def refresh_sealed(dates, *, now):
    """Recount the outcome cells of launches that had screener answers on these sealed dates."""
    if not dates:
        return []
    launch_ids = [
        launch_id
        for (launch_id,) in AnswerRollup.select(AnswerRollup.launch)
        .where(
            AnswerRollup.on_date.in_(list(dates)),
            AnswerRollup.measure.is_null(False),
            AnswerRollup.measure != "own",
        )
        .distinct()
        .tuples()
    ]
    library = get_library(config.programs_dir())
    for launch in Launch.select().where(Launch.id.in_(launch_ids)):
        try:
            programme = library.get(launch.programme)
        except (ProgrammeNotFound, ProgrammeInvalid):
            continue
        refresh(launch, programme, now=now)
    return launch_ids


def screeners(launch, programme, min_group=MIN_GROUP):
    """The programme's screeners with paired figures, from the cells the clock counted."""
    out = _definitions(programme)
    cells = {}
    for measure, before, b_items, after, a_items, people in (
        OutcomeCell.select(
            OutcomeCell.measure,
            OutcomeCell.before,
            OutcomeCell.before_items,
            OutcomeCell.after,
            OutcomeCell.after_items,
            OutcomeCell.people,
        )
        .where(OutcomeCell.launch == launch.id)
        .tuples()
    ):
        cells.setdefault(measure, []).append((before, b_items, after, a_items, people))
    for s in out:
        k = len(s.items)
        pairs = []
        for before, b_count, after, a_count, people in cells.get(s.name, []):
            if b_count == k:
                s.answered_start += people
            if a_count == k:
                s.answered_end += people
            if b_count == k and a_count == k:
                pairs.extend([(int(before), int(after))] * people)
        s.n_pairs = len(pairs)
        if len(pairs) >= max(min_group, 2):
            s.result = paired(pairs, s.cut_off)
    return out


def counted_at(launch):
    """When the clock last counted this launch's screener totals (naive UTC), or None."""
    return (
        OutcomeCell.select(fn.MAX(OutcomeCell.counted_at))
        .where(OutcomeCell.launch == launch.id)
        .scalar()
    )


def _own_items(programme):
    """{item id: Item} for 0-10 (own) scale items, in programme order."""
    items = {}
    for day in programme.days:
        for item in day.checkin:
            if item.type == "scale" and (item.measure or "own") == "own":
                items.setdefault(item.id, item)
    return items


def own_items_by_week(launch, programme, min_group=MIN_GROUP):
    """([WeekItem], hidden): the programme's own scale items averaged per programme week,
    over settled days (the rollups), like the screener figures."""
    items = _own_items(programme)
    if not items:
        return [], 0
    cells = {}  # (item, week) -> [answers, sum, sum of squares, most people on one date]

    def add(day, item, people, n, total, total_sq):
        if item not in items or not n:
            return
        cell = cells.setdefault((item, (day - 1) // 7 + 1), [0, 0, 0, 0])
        cell[0] += int(n)
        cell[1] += int(total or 0)
        cell[2] += int(total_sq or 0)
        cell[3] = max(cell[3], int(people))

    sealed = (
        AnswerRollup.select(
            AnswerRollup.day,
            AnswerRollup.item,
            AnswerRollup.enrolments,
            AnswerRollup.n,
            AnswerRollup.total,
            AnswerRollup.total_sq,
        )
        .where(AnswerRollup.launch == launch, AnswerRollup.item.in_(list(items)))
        .tuples()
    )
    for row in sealed:
        add(*row)
    out, hidden = [], 0
    order = list(items)
    for (item_id, week), (count, s, sq, most) in sorted(
        cells.items(), key=lambda kv: (order.index(kv[0][0]), kv[0][1])
    ):
        if most < min_group:
            hidden += 1
            continue
        mean = s / count
        item = items[item_id]
        out.append(
            WeekItem(
                item=item_id,
                label=label(item),
                week=week,
                low=item.min if item.min is not None else 0,
                high=item.max if item.max is not None else 10,
                answers=count,
                people=most,
                mean=mean,
                sd=math.sqrt(max(0.0, sq / count - mean**2)),
            )
        )
    return out, hidden


def report(launch, programme, *, min_group=MIN_GROUP):
    """The outcome report of one launch; figures for groups under min_group are left out."""
    result = Report(launch=launch, programme=programme, min_group=min_group)
    if programme is None:
        return result
    tests = _test_ids(launch)
    result.started, result.reached_end = _attrition(launch, programme.length, tests)
    if result.started < min_group:
        return result  # too few people to say anything without pointing at someone
    result.screeners = screeners(launch, programme, min_group)
    result.counted_at = counted_at(launch)
    result.weeks, result.hidden_weeks = own_items_by_week(launch, programme, min_group)
    return result


CSV_COLUMNS = ["launch", "programme", "section", "measure", "week", "figure", "value"]


def _fmt(value, places=2):
    if value is None:
        return ""
    return f"{value:.{places}f}" if isinstance(value, float) else str(value)


def csv_rows(report_):
    """The report as CSV rows (CSV_COLUMNS); small groups are "fewer than N", never a number."""
    r = report_
    launch, slug = r.launch.id, r.launch.programme
    few = f"fewer than {r.min_group}"

    def row(section, measure, week, name, value):
        return [launch, slug, section, measure, week, name, value]

    out = []
    for name, value in (("started", r.started), ("reached the last day", r.reached_end)):
        shown = r.shown(value)
        out.append(row("people", "", "", name, few if shown is None else shown))
    for s in r.screeners:
        for name, value in (
            (f"complete total on day {s.first_day}", s.answered_start),
            (f"complete total on day {s.last_day}", s.answered_end),
        ):
            shown = r.shown(value)
            out.append(row("screener", s.name, "", name, few if shown is None else shown))
        if s.result is None:
            out.append(row("screener", s.name, "", "answered both", few))
            continue
        p = s.result
        for name, value in (
            ("answered both", p.n),
            ("mean total before", p.before_mean),
            ("mean total after", p.after_mean),
            ("mean change", p.change),
            ("SD of change", p.change_sd),
            ("95% CI of change, low", p.ci_low),
            ("95% CI of change, high", p.ci_high),
            ("effect size d_z", p.effect_size),
            (f"share at or above {s.cut_off} before", p.before_at_cut_off),
            (f"share at or above {s.cut_off} after", p.after_at_cut_off),
        ):
            out.append(row("screener", s.name, "", name, _fmt(value, 3)))
    for w in r.weeks:
        for name, value in (
            ("answers", w.answers),
            ("mean", w.mean),
            ("SD", w.sd),
            ("scale", f"{w.low}-{w.high}"),
        ):
            out.append(row("own item", w.item, w.week, name, _fmt(value, 2)))
    return out
