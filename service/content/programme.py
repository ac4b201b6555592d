"""Programme files (programs/<slug>.yaml): the format, its validator and a library.

Format, spec 1::

    spec: 1                 # format version (this loader reads 1)
    id: taster              # slug: lower case, digits, - and _; equals the file name stem
    version: 1              # content version (a positive whole number), bumped when text changes
    languages: [en, es]     # the first one is the default
    title: {en: Kind Moments, es: Momentos amables}
    fold_to_gsm: {es: true} # optional, per language: fold non-GSM letters (á -> a) at send time
    measures:               # optional: scales whose items are summed
      PHQ-2: {items: [phq2_1, phq2_2], alert_at: 3, source: "Kroenke K et al. ..."}
    days:                   # numbered 1..N, no gaps, no repeats
      - day: 1
        practice: {en: "...", es: "..."}
        checkin:            # optional: questions asked one at a time, in order
          - id: kind        # lower_snake_case; the same id on other days is the same question
            type: scale     # scale | yesno | choice | text
            min: 0          # scale only (min and max both required, whole numbers)
            max: 10
            options:        # choice only: key -> text per language
              a: {en: a walk, es: una caminata}
            measure: own    # optional: a measures entry, or "own" (the programme's own item)
            text: {en: "How kind were you to yourself today? Reply 0-10", es: "..."}
    closing: {en: "...", es: "..."}

Every text is a mapping with exactly the declared languages. Texts may use
`{variables}` from templates_sms/variables.yaml that the sender fills in
programme texts: the organisation's (org_name, crisis_line, help_contact...)
and programme_title, days, default_time. A measure's items must
be asked on some day, carry `measure: <that name>`, and be scale, yesno or
choice questions (their values are summed). Unknown keys are errors, so a
typo never silently drops a text.

Loading reports every problem at once, each with a location such as
`days[3].checkin[0].text.es` (list positions count from 0) and the line in
the file. Errors stop a programme loading; warnings (a message longer than
one SMS segment once variables are filled with their example values, folded
where the programme folds that language) do not.
"""

import difflib
import os
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import gsm, templates
from .render import fill, syntax_problems, variables_in

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
)
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

    @property
    def length(self):
        """Number of days."""
        return len(self.days)

    @property
    def default_language(self):
        """The language used when a participant's is not offered."""
        return self.languages[0]

    def day(self, n):
        """Day number `n` (from 1), or None."""
        return self.days[n - 1] if isinstance(n, int) and 1 <= n <= len(self.days) else None

    def item(self, day_number, item_id):
        """The check-in item `item_id` of day `day_number`, or None."""
        day = self.day(day_number)
        return next((i for i in day.checkin if i.id == item_id), None) if day else None

    def folds(self, lang):
        """True when texts in `lang` are folded to GSM-7 at send time."""
        return bool(self.fold_to_gsm.get(lang, False))

    def variables_used(self):
        """Names of the variables this programme's texts use (a launch must set them)."""
        texts = [self.title, self.closing]
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


# --- reading YAML with line numbers ------------------------------------------


# libyaml's parser when PyYAML has it: five to ten times faster, same results.
_Loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def _parse(text):
    """(data, node tree) of a YAML document, parsed once; raises yaml.YAMLError."""
    loader = _Loader(text)
    try:
        node = loader.get_single_node()
        return (loader.construct_document(node) if node is not None else None), node
    finally:
        loader.dispose()


class _Lines:
    """Line numbers of every node in a YAML document, by path."""

    def __init__(self, node):
        self.lines = {}
        self.duplicates = []  # (path, line) of keys given twice
        if node is not None:
            self._walk(node, ())

    def _walk(self, node, path):
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, yaml.MappingNode):
            seen = set()
            for key, value in node.value:
                name = key.value if isinstance(key, yaml.ScalarNode) else None
                if name in seen:
                    self.duplicates.append((path + (name,), key.start_mark.line + 1))
                seen.add(name)
                if name is not None:
                    self.lines.setdefault(path + (name,), key.start_mark.line + 1)
                    self._walk(value, path + (name,))
        elif isinstance(node, yaml.SequenceNode):
            for i, value in enumerate(node.value):
                self._walk(value, path + (i,))

    def at(self, path):
        """The line of `path`, or of its nearest ancestor found."""
        path = tuple(str(p) if not isinstance(p, int) else p for p in path)
        while path:
            if path in self.lines:
                return self.lines[path]
            path = path[:-1]
        return self.lines.get(())


def location(path):
    """('days', 3, 'text', 'es') -> 'days[3].text.es'."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + str(part)
    return out or "(file)"


# --- the validator -------------------------------------------------------------


class _Checker:
    """Collects problems while building a programme from parsed YAML."""

    def __init__(self, path, lines, variables, templates_dir):
        self.path = str(path)
        self.lines = lines
        self.known = variables  # name -> templates.Variable, or None when unknown
        self.variables = set(variables) if variables is not None else None
        self.templates_dir = templates_dir
        self.problems = []
        self.languages = ()
        self.folding = {}

    def add(self, where, message, level="error"):
        """Record a problem at path `where`, with the line it is on."""
        self.problems.append(
            Problem(self.path, location(where), message, level, self.lines.at(where))
        )

    def warn(self, where, message):
        """Record a warning at path `where`."""
        self.add(where, message, "warning")

    def mapping(self, value, where, allowed, required=()):
        """`value` if it is a mapping with known keys, reporting typos and gaps."""
        if not isinstance(value, dict):
            self.add(where, f"should be a mapping with {', '.join(required or allowed)}")
            return None
        for key in value:
            if key not in allowed:
                hint = difflib.get_close_matches(str(key), allowed, n=1)
                guess = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.add(where + (key,), f"unknown key '{key}'{guess}")
        for key in required:
            if key not in value:
                self.add(where, f"missing '{key}'")
        return value

    def whole(self, value, where, minimum=None):
        """`value` if it is a whole number (not a bool) at least `minimum`."""
        if isinstance(value, bool) or not isinstance(value, int):
            self.add(where, f"should be a whole number, not {value!r}")
            return None
        if minimum is not None and value < minimum:
            self.add(where, f"should be {minimum} or more, not {value}")
            return None
        return value

    def texts(self, value, where, *, message=True):
        """A language -> text mapping with every declared language, or None."""
        if not isinstance(value, dict):
            self.add(where, "should be a mapping of language to text, e.g. {en: ..., es: ...}")
            return None
        ok = True
        for lang in value:
            if lang not in self.languages:
                hint = difflib.get_close_matches(str(lang), self.languages, n=1)
                guess = f" (did you mean '{hint[0]}'?)" if hint else ""
                self.add(where + (lang,), f"unknown language '{lang}'{guess}")
                ok = False
        for lang in self.languages:
            if lang not in value or value[lang] is None:
                self.add(where, f"missing translation for '{lang}'")
                ok = False
                continue
            text = value[lang]
            if not isinstance(text, str):
                self.add(where + (lang,), f"should be text, not {text!r}")
                ok = False
                continue
            if not text.strip():
                self.add(where + (lang,), "is empty")
                ok = False
                continue
            ok = self.text(text, where + (lang,), lang, message=message) and ok
        return {lang: value[lang] for lang in self.languages} if ok else None

    def text(self, text, where, lang, *, message):
        """Check one text's braces, variables and (for messages) SMS cost."""
        bad = syntax_problems(text)
        for why in bad:
            self.add(where, why)
        if bad:
            return False
        used = variables_in(text)
        if self.variables is not None:
            unknown = sorted(used - self.variables)
            for name in unknown:
                hint = difflib.get_close_matches(name, sorted(self.variables), n=1)
                guess = f" (did you mean {{{hint[0]}}}?)" if hint else ""
                self.add(where, f"unknown variable {{{name}}}{guess}")
            usable = self.usable()
            for name in sorted(used & self.variables - usable):
                could = ", ".join(f"{{{n}}}" for n in sorted(usable))
                self.add(
                    where,
                    f"{{{name}}} is only available in system messages; programme texts can use "
                    f"{could}",
                )
            if unknown or used & self.variables - usable:
                return False
        if message and self.known is not None:
            self.measure_cost(text, where, lang)
        return True

    def usable(self):
        """Variables the sender fills in programme texts: organisation ones and a few more."""
        own = {n for n, v in self.known.items() if v.kind == "organisation"}
        return own | (PROGRAMME_SYSTEM_VARIABLES & set(self.known))

    def examples(self, lang):
        """Example values of every variable in `lang`."""
        return {name: v.example(lang) for name, v in self.known.items()}

    def measure_cost(self, text, where, lang):
        """Warn when `text`, filled with example values, needs more than one segment."""
        filled = fill(text, self.examples(lang))
        folds = self.folding.get(lang, False)
        sent = gsm.cost(gsm.fold(filled) if folds else filled)
        if sent.segments > 1:
            self.warn(where, over_one_segment(sent, folds))


def over_one_segment(sent, folded):
    """The warning for a message that needs more than one SMS segment."""
    how = " once folded" if folded else ""
    forced = f", UCS-2 forced by {' '.join(sent.non_gsm)}" if sent.non_gsm else ""
    return (
        f"{sent.segments} SMS segments with example values{how}: {sent.units} "
        f"{sent.encoding} units, one segment holds {sent.single_limit}{forced}"
    )


def _read(path):
    try:
        return Path(path).read_text(encoding="utf-8"), None
    except OSError as exc:
        return None, f"cannot read: {exc.strerror or exc}"
    except UnicodeDecodeError as exc:
        return None, f"not UTF-8 text: {exc.reason} at byte {exc.start}"


def _variables(templates_dir):
    """Variables texts may use, by name, from variables.yaml; None if unusable."""
    try:
        return templates.load_variables(templates_dir)
    except templates.VariablesInvalid:
        return None


def load_programme(path, *, templates_dir=None):
    """The programme in the file at `path`; raises ProgrammeInvalid listing every problem."""
    path = Path(path)
    shown = str(path)
    text, why = _read(path)
    if text is None:
        raise ProgrammeInvalid([Problem(shown, "(file)", why)])
    try:
        data, node = _parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc)
        loc = f"line {line}" if line else "(file)"
        raise ProgrammeInvalid([Problem(shown, loc, f"YAML syntax: {what}", line=line)]) from None
    lines = _Lines(node)
    variables = _variables(templates_dir)
    check = _Checker(shown, lines, variables, templates_dir)
    if variables is None:
        check.add((), "cannot check variables: templates_sms/variables.yaml is missing or broken")
    for where, line in lines.duplicates:
        check.problems.append(
            Problem(shown, location(where), f"'{where[-1]}' is given twice", line=line)
        )
    programme = _build(check, data, path)
    errors = [p for p in check.problems if p.level == "error"]
    if errors:
        raise ProgrammeInvalid(check.problems)
    return programme


def _build(check, data, path):
    """A Programme from parsed YAML, or None (with problems recorded on `check`)."""
    top = check.mapping(data, (), TOP_KEYS, TOP_REQUIRED)
    if top is None:
        return None
    spec = top.get("spec")
    if spec is not None and spec != SPEC:
        check.add(("spec",), f"unknown spec {spec!r}: this loader reads spec {SPEC}")
        return None  # a newer format: checking it by these rules would mislead
    slug = top.get("id")
    if slug is not None:
        if not isinstance(slug, str) or not SLUG.match(slug):
            check.add(("id",), f"{slug!r} is not a slug (a-z, 0-9, - and _)")
        elif slug != path.stem:
            check.add(("id",), f"id '{slug}' should equal the file name '{path.stem}'")
    version = check.whole(top["version"], ("version",), 1) if "version" in top else None

    languages = _languages(check, top.get("languages"))
    check.languages = languages
    check.folding = _folding(check, top.get("fold_to_gsm"))
    title = check.texts(top["title"], ("title",), message=False) if "title" in top else None

    days = _days(check, top.get("days"))
    closing = check.texts(top["closing"], ("closing",)) if "closing" in top else None
    measures = _measures(check, top.get("measures"), top.get("days"))
    _same_questions(check, top.get("days"))
    _templates_fit(check, title, days)

    if any(p.level == "error" for p in check.problems):
        return None
    return Programme(
        slug=slug,
        spec=spec,
        version=version,
        languages=languages,
        title=title,
        days=tuple(days),
        closing=closing,
        fold_to_gsm=dict(check.folding),
        measures=measures,
        path=str(path),
        warnings=tuple(check.problems),
    )


def _languages(check, value):
    where = ("languages",)
    if value is None:
        return ()
    if not isinstance(value, list) or not value:
        check.add(where, "should be a list of language codes, the default first, e.g. [en, es]")
        return ()
    out = []
    for i, lang in enumerate(value):
        if not isinstance(lang, str) or not LANGUAGE.match(lang):
            check.add(where + (i,), f"{lang!r} is not a language code like en or es")
        elif lang in out:
            check.add(where + (i,), f"'{lang}' is listed twice")
        else:
            out.append(lang)
    return tuple(out)


def _folding(check, value):
    where = ("fold_to_gsm",)
    if value is None:
        return {}
    if not isinstance(value, dict):
        check.add(where, "should be a mapping of language to true or false, e.g. {es: true}")
        return {}
    out = {}
    for lang, on in value.items():
        if lang not in check.languages:
            check.add(where + (lang,), f"unknown language '{lang}'")
        elif not isinstance(on, bool):
            check.add(where + (lang,), f"should be true or false, not {on!r}")
        else:
            out[lang] = on
    return out


def _days(check, value):
    where = ("days",)
    if value is None:
        return None
    if not isinstance(value, list) or not value:
        check.add(where, "should be a list of days, at least one")
        return None
    before = len(check.problems)
    days, numbers, numbered = [], {}, 0
    for i, raw in enumerate(value):
        day = _day(check, raw, where + (i,))
        number = raw.get("day") if isinstance(raw, dict) else None
        if isinstance(number, int) and not isinstance(number, bool) and number >= 1:
            numbered += 1
            if number in numbers:
                check.add(where + (i, "day"), f"day {number} appears twice")
            else:
                numbers[number] = i
        if day is not None:
            days.append(day)
    missing = [n for n in range(1, len(value) + 1) if n not in numbers]
    if missing and numbered == len(value):  # an unnumbered day is reported already
        check.add(where, f"days should run 1..{len(value)} without gaps: no day {_listed(missing)}")
    if any(p.level == "error" for p in check.problems[before:]):
        return None
    return sorted(days, key=lambda d: d.number)


def _listed(numbers):
    return ", ".join(str(n) for n in numbers)


def _day(check, raw, where):
    day = check.mapping(raw, where, DAY_KEYS, ("day", "practice"))
    if day is None:
        return None
    number = check.whole(day["day"], where + ("day",), 1) if "day" in day else None
    practice = check.texts(day["practice"], where + ("practice",)) if "practice" in day else None
    items = _checkin(check, day.get("checkin"), where + ("checkin",))
    if number is None or practice is None or items is None:
        return None
    return Day(number, practice, items)


def _checkin(check, value, where):
    if value is None:
        return ()
    if not isinstance(value, list):
        check.add(where, "should be a list of questions")
        return None
    items, seen, ok = [], set(), True
    for i, raw in enumerate(value):
        item = _item(check, raw, where + (i,))
        if item is None:
            ok = False
            continue
        if item.id in seen:
            check.add(where + (i, "id"), f"question id '{item.id}' is used twice on this day")
            ok = False
        seen.add(item.id)
        items.append(item)
    return tuple(items) if ok else None


def _item(check, raw, where):
    item = check.mapping(raw, where, ITEM_KEYS, ("id", "type", "text"))
    if item is None:
        return None
    problems_before = len(check.problems)
    item_id, kind = item.get("id"), item.get("type")
    if "id" in item and (not isinstance(item_id, str) or not ITEM_ID.match(item_id)):
        check.add(where + ("id",), f"{item_id!r} is not an id in lower_snake_case")
    if "type" in item and kind not in ITEM_TYPES:
        check.add(where + ("type",), f"type should be one of {', '.join(ITEM_TYPES)}")
    low = high = None
    if kind == "scale":
        for key in ("min", "max"):
            if key not in item:
                check.add(where, f"a scale needs '{key}'")
        low = check.whole(item["min"], where + ("min",)) if "min" in item else None
        high = check.whole(item["max"], where + ("max",)) if "max" in item else None
        if low is not None and high is not None and low >= high:
            check.add(where + ("max",), f"max ({high}) should be more than min ({low})")
    elif kind in ITEM_TYPES:
        for key in ("min", "max"):
            if key in item:
                check.add(where + (key,), f"only a scale has '{key}', not a {kind} question")
    options = ()
    if kind == "choice":
        options = _options(check, item.get("options"), where + ("options",))
    elif kind in ITEM_TYPES and "options" in item:
        check.add(where + ("options",), f"only a choice has options, not a {kind} question")
    measure = item.get("measure")
    if measure is not None and not isinstance(measure, str):
        check.add(where + ("measure",), "should be the name of a measure, or own")
    text = check.texts(item["text"], where + ("text",)) if "text" in item else None
    if len(check.problems) > problems_before and any(
        p.level == "error" for p in check.problems[problems_before:]
    ):
        return None
    if text is None or options is None:
        return None
    return Item(item_id, kind, text, low, high, options, measure)


def _options(check, value, where):
    if not isinstance(value, dict) or not value:
        check.add(where, "a choice needs options: key -> text per language")
        return None
    out, ok = [], True
    for key, texts in value.items():
        if isinstance(key, bool) or not OPTION_KEY.match(str(key)):
            check.add(where + (key,), f"option key {key!r} should be a short word or number")
            ok = False
            continue
        text = check.texts(texts, where + (key,), message=False)
        if text is None:
            ok = False
            continue
        out.append(Option(str(key), text))
    return tuple(out) if ok else None


def _raw_items(raw_days):
    """(day position, day number, item position, item) for every question written.

    Works on the parsed YAML, not on validated days, so that one broken day
    does not make every measure that mentions its questions look broken too.
    """
    if not isinstance(raw_days, list):
        return
    for i, day in enumerate(raw_days):
        items = day.get("checkin") if isinstance(day, dict) else None
        if not isinstance(items, list):
            continue
        for j, item in enumerate(items):
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                yield i, day.get("day"), j, item


def _measures(check, value, raw_days):
    where = ("measures",)
    asked = {}  # question id -> the first time it is written
    for _, _, _, item in _raw_items(raw_days):
        asked.setdefault(item["id"], item)
    if value is None:
        value = {}
    if not isinstance(value, dict):
        check.add(where, "should be a mapping of measure name to items, alert_at and source")
        value = {}
    out = {}
    for name, raw in value.items():
        spot = where + (name,)
        if str(name) == OWN:
            check.add(spot, "'own' is reserved for the programme's own items")
            continue
        spec = check.mapping(raw, spot, MEASURE_KEYS, ("items", "source"))
        if spec is None:
            continue
        items = spec.get("items")
        if not isinstance(items, list) or not items or not all(isinstance(i, str) for i in items):
            if "items" in spec:
                check.add(spot + ("items",), "should be a list of question ids")
            continue
        for i, item_id in enumerate(items):
            item = asked.get(item_id)
            if item is None:
                check.add(spot + ("items", i), f"no day asks a question with id '{item_id}'")
            elif item.get("measure") != name:
                check.add(
                    spot + ("items", i),
                    f"question '{item_id}' should have measure: {name} "
                    f"(it has {item.get('measure')})",
                )
            elif item.get("type") in ITEM_TYPES and item.get("type") not in SUMMABLE_TYPES:
                check.add(spot + ("items", i), f"a {item['type']} question cannot be summed")
        alert_at = spec.get("alert_at")
        if alert_at is not None:
            alert_at = check.whole(alert_at, spot + ("alert_at",))
        source = spec.get("source")
        if "source" in spec and (not isinstance(source, str) or not source.strip()):
            check.add(spot + ("source",), "should cite where the measure comes from")
        out[str(name)] = Measure(str(name), tuple(items), alert_at, str(source or ""))
    for i, _, j, item in _raw_items(raw_days):
        measure = item.get("measure")
        if isinstance(measure, str) and measure != OWN and measure not in value:
            check.add(
                ("days", i, "checkin", j, "measure"),
                f"unknown measure '{measure}' (not in measures, nor own)",
            )
    return out


def _same_questions(check, raw_days):
    """A question id used on several days must be the same question each time."""
    first = {}
    for i, number, j, item in _raw_items(raw_days):
        options = item.get("options")
        keys = tuple(sorted(map(str, options))) if isinstance(options, dict) else None
        shape = (item.get("type"), item.get("min"), item.get("max"), keys, item.get("measure"))
        if item["id"] not in first:
            first[item["id"]] = (number, shape)
        elif first[item["id"]][1] != shape:
            check.add(
                ("days", i, "checkin", j),
                f"question '{item['id']}' differs from day {first[item['id']][0]} "
                "(type, range, options or measure); use a new id for a new question",
            )


def _templates_fit(check, title, days):
    """Warn when this programme's own title and length push a system message over."""
    if title is None or days is None or check.known is None:
        return
    for lang in check.languages:
        values = check.examples(lang)
        values.update(programme_title=title[lang], days=str(len(days)))
        for name in ("consent", "consent_reask", "already_enrolled", "help"):
            if templates.template_text(name, lang, check.templates_dir) is None:
                continue  # the template check reports missing translations
            try:
                text = templates.render_system(
                    name, lang, values, fold=True, directory=check.templates_dir
                )
            except (LookupError, ValueError):
                continue  # the template check reports broken templates
            sent = gsm.cost(text)
            if sent.segments > 1:
                check.warn(
                    ("title", lang), f"in the {name} message: {over_one_segment(sent, True)}"
                )


# --- the library -------------------------------------------------------------------


class Library:
    """The programmes in one folder, each re-read when its file changes."""

    def __init__(self, directory, *, templates_dir=None):
        self.directory = Path(directory)
        self.templates_dir = templates_dir
        self._entries = {}  # slug -> (stamp, Programme or ProgrammeInvalid)
        self._lock = threading.Lock()

    def _stamp(self, path):
        st = os.stat(path)
        variables = templates.variables_path(self.templates_dir)
        try:
            vst = os.stat(variables)
            vstamp = (vst.st_mtime_ns, vst.st_size)
        except FileNotFoundError:
            vstamp = None
        return (st.st_mtime_ns, st.st_size, vstamp)

    def slugs(self):
        """Slugs of every programme file in the folder, sorted."""
        if not self.directory.is_dir():
            return []
        return sorted(p.stem for p in self.directory.glob("*.yaml") if SLUG.match(p.stem))

    def _load(self, slug):
        """The Programme, or the ProgrammeInvalid it raised (cached by file stamp)."""
        if not isinstance(slug, str) or not SLUG.match(slug):
            raise ProgrammeNotFound(slug)
        path = self.directory / f"{slug}.yaml"
        try:
            stamp = self._stamp(path)
        except FileNotFoundError:
            with self._lock:
                self._entries.pop(slug, None)
            raise ProgrammeNotFound(slug) from None
        hit = self._entries.get(slug)
        if hit and hit[0] == stamp:
            return hit[1]
        try:
            result = load_programme(path, templates_dir=self.templates_dir)
        except ProgrammeInvalid as exc:
            result = exc
        with self._lock:
            self._entries[slug] = (stamp, result)
        return result

    def get(self, slug):
        """The programme `slug` (ProgrammeNotFound, or ProgrammeInvalid if broken)."""
        result = self._load(slug)
        if isinstance(result, ProgrammeInvalid):
            raise result
        return result

    def valid(self):
        """Every programme in the folder that loads, by slug."""
        out = []
        for slug in self.slugs():
            try:
                result = self._load(slug)
            except ProgrammeNotFound:  # removed while we looked
                continue
            if not isinstance(result, ProgrammeInvalid):
                out.append(result)
        return out

    def problems(self):
        """Every error and warning in the folder's programme files."""
        out = []
        for slug in self.slugs():
            try:
                result = self._load(slug)
            except ProgrammeNotFound:
                continue
            out.extend(result.problems if isinstance(result, ProgrammeInvalid) else result.warnings)
        return out


_libraries = {}
_libraries_lock = threading.Lock()


def get_library(directory, *, templates_dir=None):
    """The one Library for `directory` in this process."""
    key = (os.path.abspath(directory), str(templates_dir) if templates_dir else None)
    with _libraries_lock:
        if key not in _libraries:
            _libraries[key] = Library(directory, templates_dir=templates_dir)
        return _libraries[key]
