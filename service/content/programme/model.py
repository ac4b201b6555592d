"""What a programme is once loaded: days, check-in items, measures, and the format's names.

The file format itself is described in the package's docstring
(service/content/programme/__init__.py).
"""

import re
from dataclasses import dataclass, field

from .. import gsm
from ..render import fill, variables_in

SPEC = 1
ITEM_TYPES = ("scale", "yesno", "choice", "text")
SUMMABLE_TYPES = ("scale", "yesno", "choice")
OWN = "own"
# System variables the planner fills in programme texts, besides the organisation's.
# Others ({when}, {min}...) only exist when a system message is sent.
PROGRAMME_SYSTEM_VARIABLES = {"programme_title", "days", "default_time"}
SLUG = re.compile(r"[a-z0-9][a-z0-9_-]*\Z")
ITEM_ID = re.compile(r"[a-z][a-z0-9_]*\Z")
LANGUAGE = re.compile(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})?\Z")
OPTION_KEY = re.compile(r"[A-Za-z0-9]{1,8}\Z")

TOP_KEYS = (
    "spec",
    "id",
    "version",
    "languages",
    "title",
    "fold_to_gsm",
    "measures",
    "days",
    "closing",
    "waitlist",
)
WAITLIST_KEYS = ("consent", "waiting")
TOP_REQUIRED = ("spec", "id", "version", "languages", "title", "days", "closing")
DAY_KEYS = ("day", "practice", "checkin")
ITEM_KEYS = ("id", "type", "text", "min", "max", "options", "measure")
MEASURE_KEYS = ("items", "alert_at", "source")


@dataclass(frozen=True)
class Option:
    """One answer of a choice question: the key to reply and its text per language."""

    key: str
    text: dict


@dataclass(frozen=True)
class Item:
    """A check-in question."""

    id: str
    type: str
    text: dict
    min: int | None = None
    max: int | None = None
    options: tuple = ()
    measure: str | None = None


@dataclass(frozen=True)
class Day:
    """One programme day: its practice and its check-in questions, in order."""

    number: int
    practice: dict
    checkin: tuple = ()


@dataclass(frozen=True)
class Measure:
    """A scale whose item answers are summed, with the total that raises an alert."""

    name: str
    items: tuple
    alert_at: int | None
    source: str


@dataclass
class Problem:
    """Something wrong (error) or worth a look (warning) in a content file."""

    path: str
    location: str
    message: str
    level: str = "error"
    line: int | None = None

    def __str__(self):
        where = f" (line {self.line})" if self.line else ""
        return f"{self.path}:{self.location}: {self.level}: {self.message}{where}"


class ProgrammeInvalid(Exception):
    """A programme file with errors; `.problems` lists every one (and any warnings)."""

    def __init__(self, problems):
        self.problems = list(problems)
        errors = [p for p in self.problems if p.level == "error"]
        super().__init__(f"{len(errors)} error(s): " + "; ".join(map(str, errors[:3])))


class ProgrammeNotFound(LookupError):
    """No programme file for a slug."""


@dataclass(frozen=True)
class Programme:
    """A validated programme."""

    slug: str
    spec: int
    version: int
    languages: tuple
    title: dict
    days: tuple
    closing: dict
    fold_to_gsm: dict
    measures: dict
    path: str
    warnings: tuple = field(default=(), compare=False)
    # Texts for a waitlist launch ({"consent": {lang: text}, "waiting": {...}}), or None.
    waitlist: dict | None = None

    @property
    def length(self):
        """Number of days."""
        return len(self.days)

    @property
    def default_language(self):
        """The language used when a participant's is not offered."""
        return self.languages[0]

    def day(self, n):
        """Day number `n` (from 1), or None; day 0 is a waitlist's first day (waiting_day)."""
        if n == 0:
            return self.waiting_day()
        return self.days[n - 1] if isinstance(n, int) and 1 <= n <= len(self.days) else None

    def waiting_day(self):
        """Day 0 of someone allocated to wait: the waiting text, then the screener
        questions of day 1 (the same items, so before and after compare), or None."""
        if not self.waitlist or not self.days:
            return None
        screened = {i for m in (self.measures or {}).values() for i in m.items}
        items = tuple(i for i in self.days[0].checkin if i.id in screened)
        return Day(number=0, practice=self.waitlist["waiting"], checkin=items)

    def item(self, day_number, item_id):
        """The check-in item `item_id` of day `day_number`, or None."""
        day = self.day(day_number)
        return next((i for i in day.checkin if i.id == item_id), None) if day else None

    def folds(self, lang):
        """True when texts in `lang` are folded to GSM-7 at send time."""
        return bool(self.fold_to_gsm.get(lang, False))

    def variables_used(self):
        """Names of the variables this programme's texts use (a launch must set them)."""
        texts = [self.title, self.closing, *(self.waitlist or {}).values()]
        for day in self.days:
            texts.append(day.practice)
            for item in day.checkin:
                texts.append(item.text)
                texts.extend(o.text for o in item.options)
        return {name for t in texts for text in t.values() for name in variables_in(text)}

    def render(self, texts, lang, variables):
        """One of this programme's texts in `lang` (else the default), filled and folded."""
        if lang not in texts:
            lang = self.default_language
        out = fill(texts[lang], variables)
        return gsm.fold(out) if self.folds(lang) else out
