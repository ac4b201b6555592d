"""How well the screen does on a labelled corpus: recall, false alarms, every miss,
the confusion between tiers, and the lines the learned second opinion raised.

A corpus is a tab-separated file with the columns text, lang, tier, category
(tier crisis, concern or none; for safe lines the category names the kind of
look-alike, e.g. idiom or helper_work). Lines starting with # are comments.
"""

import csv
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from .screen import CONCERN, CRISIS, NONE, screen

TIERS = (CRISIS, CONCERN, NONE)
DEFAULT_CORPUS = Path(__file__).resolve().parents[2] / "tests" / "safety" / "corpus.tsv"


class CorpusError(ValueError):
    """A corpus line that cannot be read: names the file and the line."""


@dataclass(frozen=True)
class Example:
    """One labelled text."""

    text: str
    lang: str
    tier: str
    category: str
    line: int


@dataclass
class Tally:
    """Hits out of a number of lines."""

    hits: int = 0
    total: int = 0

    @property
    def rate(self):
        """hits / total, or None for no lines."""
        return self.hits / self.total if self.total else None

    def add(self, hit):
        """Count one line."""
        self.hits += bool(hit)
        self.total += 1


@dataclass
class Report:
    """Recall per tier, category and language; false alarms; the lines that went wrong."""

    risk_recall: Tally = field(default_factory=Tally)  # crisis+concern lines seen as any risk
    crisis_recall: Tally = field(default_factory=Tally)  # crisis lines seen as crisis
    false_alarms: Tally = field(default_factory=Tally)  # safe lines given any tier
    crisis_on_safe: Tally = field(default_factory=Tally)  # safe lines given the crisis tier
    by_tier: dict = field(default_factory=lambda: defaultdict(Tally))
    by_category: dict = field(default_factory=lambda: defaultdict(Tally))
    by_language: dict = field(default_factory=lambda: defaultdict(Tally))
    alarms_by_kind: dict = field(default_factory=lambda: defaultdict(Tally))
    alarms_by_language: dict = field(default_factory=lambda: defaultdict(Tally))
    misses: list = field(default_factory=list)  # (example, decision)
    alarms: list = field(default_factory=list)  # (example, decision)
    under_tiered: list = field(default_factory=list)  # crisis lines seen as concern
    # (labelled tier, screened tier) -> lines
    confusion: dict = field(default_factory=lambda: defaultdict(int))
    raised: list = field(default_factory=list)  # (example, decision) the model raised


def rows(path, header):
    """(line number, fields) of a tab-separated file, without blank lines, # comments
    and a first row that starts with `header`."""
    path = Path(path)
    try:
        with open(path, encoding="utf-8", newline="") as f:
            read = list(csv.reader(f, delimiter="\t", quoting=csv.QUOTE_NONE))
    except OSError as error:
        raise CorpusError(f"{path}: {error.strerror}") from error
    for number, row in enumerate(read, start=1):
        if row and not row[0].startswith("#") and row[: len(header)] != header:
            yield number, row


def load(path=DEFAULT_CORPUS):
    """The examples of a corpus file."""
    path = Path(path)
    examples = []
    for number, row in rows(path, ["text", "lang"]):
        if len(row) != 4 or row[2] not in TIERS:
            raise CorpusError(f"{path.name}:{number}: expected text, lang, tier, category")
        examples.append(Example(row[0], row[1], row[2], row[3], number))
    if not examples:
        raise CorpusError(f"{path.name}: no examples")
    return examples


def evaluate(examples, screen_text=screen):
    """Screen every example and tally how it went."""
    report = Report()
    for example in examples:
        decision = screen_text(example.text)
        report.confusion[example.tier, decision.tier] += 1
        if getattr(decision, "model_p", None) is not None:
            report.raised.append((example, decision))
        if example.tier == NONE:
            alarm = decision.tier != NONE
            report.false_alarms.add(alarm)
            report.crisis_on_safe.add(decision.tier == CRISIS)
            report.alarms_by_kind[example.category].add(alarm)
            report.alarms_by_language[example.lang].add(alarm)
            if alarm:
                report.alarms.append((example, decision))
            continue
        caught = decision.tier != NONE
        report.risk_recall.add(caught)
        report.by_tier[example.tier].add(caught)
        report.by_category[example.category].add(caught)
        report.by_language[example.lang].add(caught)
        if example.tier == CRISIS:
            report.crisis_recall.add(decision.tier == CRISIS)
            if decision.tier == CONCERN:
                report.under_tiered.append((example, decision))
        if not caught:
            report.misses.append((example, decision))
    return report


def _pct(tally):
    return "  n/a" if tally.rate is None else f"{100 * tally.rate:5.1f}%"


def format_report(report, *, show_lines=True):
    """The report as lines of text for a terminal."""
    out = [
        f"recall, crisis+concern (any tier): {_pct(report.risk_recall)} "
        f"({report.risk_recall.hits}/{report.risk_recall.total})",
        f"recall, crisis tier alone:         {_pct(report.crisis_recall)} "
        f"({report.crisis_recall.hits}/{report.crisis_recall.total})",
        f"false alarms (any tier on safe):   {_pct(report.false_alarms)} "
        f"({report.false_alarms.hits}/{report.false_alarms.total})",
        f"crisis tier on safe lines:         {_pct(report.crisis_on_safe)} "
        f"({report.crisis_on_safe.hits}/{report.crisis_on_safe.total})",
    ]
    for title, table in (
        ("recall by labelled tier", report.by_tier),
        ("recall by category", report.by_category),
        ("recall by language", report.by_language),
        ("false alarms by kind of safe line", report.alarms_by_kind),
        ("false alarms by language", report.alarms_by_language),
    ):
        out.append(f"\n{title}:")
        for key in sorted(table):
            tally = table[key]
            out.append(f"  {key:<18} {_pct(tally)}  ({tally.hits}/{tally.total})")
    out.append("\nlabelled tier (rows) x screened tier (columns):")
    out.append(f"  {'':<10}" + "".join(f"{tier:>9}" for tier in TIERS))
    for labelled in TIERS:
        counts = "".join(f"{report.confusion.get((labelled, s), 0):>9}" for s in TIERS)
        out.append(f"  {labelled:<10}{counts}")
    helped = sum(1 for example, _ in report.raised if example.tier != NONE)
    out.append(
        f"\nraised by the model: {len(report.raised)} "
        f"({helped} labelled risky, {len(report.raised) - helped} labelled safe)"
    )
    if show_lines:
        for title, rows in (
            ("missed (risky, screened as none)", report.misses),
            ("crisis screened as concern", report.under_tiered),
            ("false alarms (safe, screened as risky)", report.alarms),
            ("raised by the model", report.raised),
        ):
            out.append(f"\n{title}: {len(rows)}")
            for example, decision in rows:
                seen = ""
                if decision.is_risk:
                    seen = f"{decision.tier}/{decision.category}: {decision.matched}"
                out.append(
                    f"  line {example.line} [{example.lang} {example.tier}/{example.category}] "
                    f"{example.text!r} {seen}".rstrip()
                )
    return out
