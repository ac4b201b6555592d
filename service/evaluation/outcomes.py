"""A launch's outcome report: screeners before and after, own questions by week,
and for a waitlist launch its two arms side by side. No Flask.

The page reads only what the clock counted from settled days (outcome_cells.py),
a few hundred rows however many took part, so its figures move once a day.

Who is counted: real participants of the launch (test participants from the
simulator never); a screener total counts only when every item of it was
answered that day. Every figure obeys disclosure.py: none about fewer than
`min_group` (OUTCOME_MIN_GROUP, 10) people, groups published in steps of ten,
counts in bands of ten, shares only with ten on each side.
"""

import math
from collections import Counter
from dataclasses import dataclass, field

from peewee import Case, fn

from ..models.outcomes import OutcomeCell, OwnWeekCell
from ..models.participant import (
    ASK_TIME,
    COMPLETED,
    CONSENT,
    DECLINED,
    Allocation,
    Enrolment,
    Participant,
)
from ..models.privacy import Contribution
from ..models.safety import CheckinAnswer
from . import disclosure, stats
from .definitions import (
    NOW,
    WAIT,
    label,
    labels,  # noqa: F401  (the programme page names items with it)
    own_items,
    screener_definitions,
    windows,
)
from .outcome_cells import COUNTS, refresh, refresh_sealed  # noqa: F401  (the clock's)
from .stats import Paired, percent, t_quantile  # noqa: F401

MIN_GROUP = 10


@dataclass
class Baseline:
    """The first total of a group (e.g. those with no end total): n, mean, SD."""

    n: int
    mean: float
    sd: float


@dataclass
class Screener:
    """One screener (PHQ-2, GAD-2) in one arm: counts in bands, published figures."""

    name: str
    items: tuple
    first_day: int
    last_day: int
    cut_off: int
    source: str
    arm: str | None = None
    min_group: int = 10
    counts: dict = field(default_factory=dict)  # name -> disclosure.Band
    result: Paired | None = None  # None when fewer than min_group published pairs
    per_protocol: Paired | None = None
    left: Baseline | None = None  # first totals of those with no end total
    changes: Counter = field(default_factory=Counter)  # {change: people}
    changes_pp: Counter = field(default_factory=Counter)

    @property
    def shows_before_share(self):
        """True when the share at/above the cut-off before has ten on each side."""
        p = self.result
        return p is not None and disclosure.share_shown(p.before_at, p.n, self.min_group)

    @property
    def shows_after_share(self):
        """True when the share at/above the cut-off after has ten on each side."""
        p = self.result
        return p is not None and disclosure.share_shown(p.after_at, p.n, self.min_group)


@dataclass
class WeekItem:
    """One of the programme's own questions in one programme week."""

    item: str
    label: str
    week: int
    low: int  # the item's scale
    high: int
    answers: int
    people: int  # different people over the whole week
    mean: float
    sd: float


@dataclass
class Comparison:
    """A waitlist launch's arms for one screener: mean change now minus waiting."""

    name: str
    itt: object = None  # stats.Difference, over everyone allocated with both totals
    per_protocol: object = None  # stats.Difference, those who answered the end on time


@dataclass
class Report:
    """Everything the outcome page, its print view and its CSV show for one launch."""

    launch: object
    programme: object
    min_group: int
    started: disclosure.Band = None
    reached_end: disclosure.Band = None
    screeners: list = field(default_factory=list)
    weeks: list = field(default_factory=list)
    hidden_weeks: int = 0  # question-weeks whose answers are not yet from ten people
    counted_at: object = None  # when the clock last counted
    waitlist: bool = False
    flow: dict = field(default_factory=dict)  # arm -> {stage: Band}
    comparisons: list = field(default_factory=list)

    def band(self, count):
        """A count as its band of ten (or "fewer than 10")."""
        return disclosure.band(count, self.min_group)


def _attrition(launch, last_day):
    """(started, reached the last day) among real participants."""
    not_started = (CONSENT, ASK_TIME, DECLINED)
    started = Case(None, [(Enrolment.state.not_in(not_started), 1)], 0)
    reached = Case(None, [((Enrolment.next_day > last_day) | (Enrolment.state == COMPLETED), 1)], 0)
    row = (
        Enrolment.select(fn.SUM(started), fn.SUM(reached))
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(Enrolment.launch == launch, Participant.is_test == False)  # noqa: E712
        .tuples()
        .first()
    )
    # People since erased, whose organisation kept their anonymous contribution.
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
    for s in screener_definitions(programme) if programme else []:
        first, last = windows(s, enrolment.arm)
        answers = list(
            CheckinAnswer.select(CheckinAnswer.day, CheckinAnswer.value).where(
                CheckinAnswer.enrolment == enrolment.id,
                CheckinAnswer.day.in_([first, last]),
                CheckinAnswer.item.in_(list(s.items)),
            )
        )
        if not answers:
            continue
        before = [a.value for a in answers if a.day == first and a.value is not None]
        after = [a.value for a in answers if a.day == last and a.value is not None]
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


def _flow(launch, programme):
    """{arm: {allocated, started, reached the end of the first period}} (plain counts)."""
    not_started = (CONSENT, ASK_TIME, DECLINED)
    out = {NOW: Counter3(), WAIT: Counter3()}
    rows = (
        Allocation.select(Allocation.arm, Enrolment.state, Enrolment.next_day)
        .join(Enrolment, on=(Allocation.enrolment == Enrolment.id))
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(Allocation.launch == launch, Participant.is_test == False)  # noqa: E712
        .tuples()
    )
    for arm, state, next_day in rows:
        c = out.setdefault(arm, Counter3())
        c.allocated += 1
        c.started += state not in not_started
        end = programme.length if arm == NOW else 1  # the first period's last day
        c.reached += next_day > end or state == COMPLETED
    return out


@dataclass
class Counter3:
    """Allocated, started and reached the end of the first period, for one arm."""

    allocated: int = 0
    started: int = 0
    reached: int = 0


def _cells(launch):
    out = {}
    for measure, arm, family, before, after, people in (
        OutcomeCell.select(
            OutcomeCell.measure,
            OutcomeCell.arm,
            OutcomeCell.family,
            OutcomeCell.before,
            OutcomeCell.after,
            OutcomeCell.people,
        )
        .where(OutcomeCell.launch == launch.id)
        .tuples()
    ):
        out.setdefault((measure, arm), {}).setdefault(family, []).append((before, after, people))
    return out


def _counts(rows):
    """{(before, after): people} from cell rows."""
    out = Counter()
    for before, after, people in rows:
        out[(int(before), int(after))] += int(people)
    return out


def _changes(cells):
    out = Counter()
    for (before, after), people in cells.items():
        out[after - before] += people
    return out


def screeners(launch, programme, min_group=MIN_GROUP, arms=(None,)):
    """The programme's screeners per arm with published figures, from the clock's cells."""
    cells = _cells(launch)
    out = []
    for arm in arms:
        for d in screener_definitions(programme):
            first, last = windows(d, arm)
            s = Screener(
                d.name, d.items, first, last, d.cut_off, d.source, arm=arm, min_group=min_group
            )
            mine = cells.get((d.name, arm), {})
            for name in COUNTS:
                value = sum(p for _b, _a, p in mine.get(f"count:{name}", []))
                s.counts[name] = disclosure.band(value, min_group)
            pairs = _counts(mine.get("pair", []))
            if sum(pairs.values()) >= min_group:
                s.result = stats.paired_counts(pairs, d.cut_off)
                s.changes = _changes(pairs)
            pp = _counts(mine.get("pair_pp", []))
            if sum(pp.values()) >= min_group:
                s.per_protocol = stats.paired_counts(pp, d.cut_off)
                s.changes_pp = _changes(pp)
            left = Counter()
            for before, _a, people in mine.get("left", []):
                left[int(before)] += int(people)
            if sum(left.values()) >= min_group:
                n, mean, variance = stats.moments(left)
                s.left = Baseline(n, mean, math.sqrt(variance))
            out.append(s)
    return out


def counted_at(launch):
    """When the clock last counted this launch's cells (naive UTC), or None."""
    return (
        OutcomeCell.select(fn.MAX(OutcomeCell.counted_at))
        .where(OutcomeCell.launch == launch.id)
        .scalar()
    )


def own_items_by_week(launch, programme, min_group=MIN_GROUP):
    """([WeekItem], hidden): own scale questions per programme week, as the clock published them."""
    items = own_items(programme)
    order = list(items)
    out, hidden = [], 0
    rows = (
        OwnWeekCell.select(
            OwnWeekCell.item,
            OwnWeekCell.week,
            OwnWeekCell.people,
            OwnWeekCell.answers,
            OwnWeekCell.total,
            OwnWeekCell.total_sq,
        )
        .where(OwnWeekCell.launch == launch.id)
        .tuples()
    )
    for item_id, week, people, count, total, total_sq in sorted(
        (r for r in rows if r[0] in items), key=lambda r: (order.index(r[0]), r[1])
    ):
        if people < min_group:
            hidden += 1
            continue
        item = items[item_id]
        mean = total / count
        out.append(
            WeekItem(
                item=item_id,
                label=label(item),
                week=week,
                low=item.min if item.min is not None else 0,
                high=item.max if item.max is not None else 10,
                answers=count,
                people=people,
                mean=mean,
                sd=max(0.0, total_sq / count - mean**2) ** 0.5,
            )
        )
    return out, hidden


def report(launch, programme, *, min_group=MIN_GROUP):
    """The outcome report of one launch; nothing about fewer than min_group people."""
    result = Report(launch=launch, programme=programme, min_group=min_group)
    if programme is None:
        return result
    started, reached = _attrition(launch, programme.length)
    result.started, result.reached_end = result.band(started), result.band(reached)
    if started < min_group:
        return result  # too few people to say anything without pointing at someone
    result.waitlist = launch.design == "waitlist"
    arms = (NOW, WAIT) if result.waitlist else (None,)
    result.screeners = screeners(launch, programme, min_group, arms)
    result.counted_at = counted_at(launch)
    result.weeks, result.hidden_weeks = own_items_by_week(launch, programme, min_group)
    if result.waitlist:
        flow = _flow(launch, programme)
        result.flow = {
            arm: {
                "allocated": result.band(c.allocated),
                "started": result.band(c.started),
                "reached": result.band(c.reached),
            }
            for arm, c in flow.items()
        }
        by = {(s.name, s.arm): s for s in result.screeners}
        for d in screener_definitions(programme):
            now_, wait_ = by[(d.name, NOW)], by[(d.name, WAIT)]
            c = Comparison(d.name)
            if now_.changes and wait_.changes:
                c.itt = stats.difference_counts(now_.changes, wait_.changes)
            if now_.changes_pp and wait_.changes_pp:
                c.per_protocol = stats.difference_counts(now_.changes_pp, wait_.changes_pp)
            result.comparisons.append(c)
    return result


CSV_COLUMNS = ["launch", "programme", "section", "measure", "arm", "week", "figure", "value"]


def _fmt(value, places=3):
    if value is None:
        return ""
    return f"{value:.{places}f}" if isinstance(value, float) else str(value)


def _paired_rows(s, p, what, r):
    few = f"fewer than {r.min_group}"
    rows = [
        (f"{what}: n", p.n),
        (f"{what}: mean total day {s.first_day} (n={p.n})", p.before_mean),
        (f"{what}: mean total day {s.last_day} (n={p.n})", p.after_mean),
        (f"{what}: mean change (n={p.n})", p.change),
        (f"{what}: SD of change", p.change_sd),
        (f"{what}: 95% CI of change, low", p.ci_low if p.ci_low is not None else p.why),
        (f"{what}: 95% CI of change, high", p.ci_high if p.ci_high is not None else p.why),
        (f"{what}: effect size d_z", p.d_z),
        (f"{what}: effect size d_av", p.d_av),
        (f"{what}: correlation before-after", p.r),
    ]
    for day, at, shown in (
        (s.first_day, p.before_at, s.shows_before_share),
        (s.last_day, p.after_at, s.shows_after_share),
    ):
        value = percent(at / p.n) if shown else f"not shown: {few} on one side"
        rows.append((f"{what}: share at or above {s.cut_off} on day {day}", value))
    return rows


def csv_rows(report_):
    """The report as CSV rows (CSV_COLUMNS): the same published figures as the page."""
    r = report_
    launch, slug = r.launch.id, r.launch.programme
    few = f"fewer than {r.min_group}"

    def row(section, measure, arm, week, name, value):
        return [launch, slug, section, measure, arm or "", week, name, _fmt(value)]

    out = [
        row("people", "", "", "", "started", str(r.started)),
        row("people", "", "", "", "reached the last day", str(r.reached_end)),
    ]
    for arm, stages in r.flow.items():
        for stage, value in stages.items():
            out.append(row("flow", "", arm, "", stage, str(value)))
    for s in r.screeners:
        for name, value in s.counts.items():
            out.append(row("screener", s.name, s.arm, "", f"count {name}", str(value)))
        if s.result is None:
            out.append(row("screener", s.name, s.arm, "", "answered both: n", few))
        else:
            for name, value in _paired_rows(s, s.result, "answered both", r):
                out.append(row("screener", s.name, s.arm, "", name, value))
        if s.left is not None:
            out.append(row("screener", s.name, s.arm, "", "no end total: n", s.left.n))
            out.append(
                row(
                    "screener",
                    s.name,
                    s.arm,
                    "",
                    f"no end total: mean total day {s.first_day} (n={s.left.n})",
                    s.left.mean,
                )
            )
    for c in r.comparisons:
        for what, d in (("intention to treat", c.itt), ("per protocol", c.per_protocol)):
            if d is None:
                out.append(row("arms", c.name, "", "", f"{what}: difference", few))
                continue
            for name, value in (
                ("n now", d.n_first),
                ("n waiting", d.n_second),
                ("difference in mean change (now - waiting)", d.difference),
                ("95% CI low", d.ci_low if d.ci_low is not None else d.why),
                ("95% CI high", d.ci_high if d.ci_high is not None else d.why),
            ):
                out.append(row("arms", c.name, "", "", f"{what}: {name}", value))
    for w in r.weeks:
        for name, value in (
            ("people", w.people),
            ("answers", w.answers),
            (f"mean (n={w.answers} answers)", w.mean),
            ("SD", w.sd),
            ("scale", f"{w.low}-{w.high}"),
        ):
            out.append(row("own item", w.item, "", w.week, name, value))
    return out
