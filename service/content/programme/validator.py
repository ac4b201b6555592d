"""Checking a programme file and building a Programme from it, every problem at once.

Errors stop a programme loading; warnings (a text over one SMS segment with
example values) do not. Each problem carries its place, e.g.
`days[3].checkin[0].text.es`, and the line in the file.
"""

import difflib
from pathlib import Path

import yaml

from .. import gsm, templates
from ..render import fill, syntax_problems, variables_in
from .model import (
    DAY_KEYS,
    ITEM_ID,
    ITEM_KEYS,
    ITEM_TYPES,
    LANGUAGE,
    MEASURE_KEYS,
    OPTION_KEY,
    OWN,
    PROGRAMME_SYSTEM_VARIABLES,
    SLUG,
    SPEC,
    SUMMABLE_TYPES,
    TOP_KEYS,
    TOP_REQUIRED,
    WAITLIST_KEYS,
    Day,
    Item,
    Measure,
    Option,
    Problem,
    Programme,
    ProgrammeInvalid,
)
from .parser import Lines, location, parse, read


class Checker:
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
    text, why = read(path)
    if text is None:
        raise ProgrammeInvalid([Problem(shown, "(file)", why)])
    try:
        data, node = parse(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = mark.line + 1 if mark else None
        what = getattr(exc, "problem", None) or str(exc)
        loc = f"line {line}" if line else "(file)"
        raise ProgrammeInvalid([Problem(shown, loc, f"YAML syntax: {what}", line=line)]) from None
    lines = Lines(node)
    variables = _variables(templates_dir)
    check = Checker(shown, lines, variables, templates_dir)
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
    waitlist = _waitlist(check, top["waitlist"]) if "waitlist" in top else None

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
        waitlist=waitlist,
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


def _waitlist(check, value):
    """The texts of a waitlist launch; the consent must say plainly, in every
    language, that a random draw decides who starts now and who waits {days}
    days, and that everyone gets the programme (words.yaml: waitlist_consent_says)."""
    where = ("waitlist",)
    top = check.mapping(value, where, WAITLIST_KEYS, WAITLIST_KEYS)
    if top is None:
        return None
    out = {key: check.texts(top[key], where + (key,)) for key in WAITLIST_KEYS if key in top}
    consent = out.get("consent")
    for lang, text in (consent or {}).items():
        missing = []
        if "{days}" not in text:
            missing.append("how long the wait is ({days})")
        for group in _says(check, lang):
            if not any(word.lower() in text.lower() for word in group):
                missing.append("one of " + " / ".join(repr(w) for w in group))
        if missing:
            check.add(
                where + ("consent", lang),
                "a waitlist consent must say plainly who waits and why; missing "
                + ", ".join(missing),
            )
    if any(v is None for v in out.values()) or len(out) < len(WAITLIST_KEYS):
        return None
    return out


def _says(check, lang):
    """Groups of words a waitlist consent in `lang` must use one of (words.yaml)."""
    path = templates.variables_path(check.templates_dir).parent / lang / "words.yaml"
    if not path.exists():
        return [["random"]]  # a language without words.yaml cannot be checked: ask for English
    with open(path, encoding="utf-8") as f:
        words = yaml.safe_load(f) or {}
    return words.get("waitlist_consent_says") or []
