"""Group mode: texts that tell a participant their group is real, in numbers.

A programme may have a group file, programs/groups/<slug>.yaml, read here and
kept apart from the programme format itself::

    spec: 1
    programme: kind-to-myself         # the programme file it belongs to
    figures:                          # what the texts may say, from check-in answers
      group_practised_this_week:      # people who answered an item with at least a value
        people: {item: self_kindness, days: [12, 14], at_least: 1}
      group_share_found_it_hard:      # the share of those answering an item, at least a value
        share: {item: felt_strange, days: [13], at_least: 5}
    days:                             # a day's practice, replaced when group mode is on
      15: {en: "Last week {group_practised_this_week} people ...", es: "..."}

{group_size} (people who started and have not stopped) is always there. A
launch turns group mode on (it is off unless staff turn it on); a day's group
text is sent only when every figure it uses describes at least the privacy
threshold of people (10 by default), else the day's own practice goes as the
fallback. No database here: the sender computes the figures.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import gsm
from .programme import Problem, ProgrammeInvalid, ProgrammeNotFound, location, over_one_segment
from .render import fill, syntax_problems, variables_in

SPEC = 1
FOLDER = "groups"
KINDS = ("people", "share")
SIZE = "group_size"
NAME = re.compile(r"group_[a-z0-9_]+\Z")
# Realistic values on the long side, to measure what a group text costs as SMS.
EXAMPLES = {"people": "1,234", "share": "100%"}


@dataclass(frozen=True)
class Figure:
    """One number a group text may use, from one check-in item's answers."""

    name: str
    kind: str  # "people" (a count) or "share" (a percentage of those answering)
    item: str
    days: tuple
    at_least: int


@dataclass(frozen=True)
class GroupTexts:
    """A programme's group texts and the figures they use."""

    programme: str
    figures: dict  # name -> Figure
    days: dict  # day number -> {lang: text}
    path: str = ""

    def used(self, day):
        """Names of the figures (and group_size) day `day`'s group text uses."""
        texts = self.days.get(day, {})
        return {n for t in texts.values() for n in variables_in(t) if n.startswith("group_")}


@dataclass
class _Found:
    problems: list = field(default_factory=list)


def group_path(programs_dir, slug):
    """Where programme `slug`'s group file lives."""
    return Path(programs_dir) / FOLDER / f"{slug}.yaml"


def _problem(found, path, where, message, level="error"):
    found.problems.append(Problem(str(path), location(where), message, level))


def parse(path, programme):
    """(GroupTexts or None, [Problem]) for a group file of `programme`."""
    found = _Found()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        _problem(found, path, (), f"cannot read: {exc}")
        return None, found.problems
    if not isinstance(data, dict):
        _problem(found, path, (), "a group file is a mapping (spec, programme, figures, days)")
        return None, found.problems
    for key in set(data) - {"spec", "programme", "figures", "days"}:
        _problem(found, path, (key,), f"unknown key {key!r}")
    if data.get("spec") != SPEC:
        _problem(found, path, ("spec",), f"spec must be {SPEC}")
    if data.get("programme") != programme.slug:
        _problem(found, path, ("programme",), f"must name its programme, {programme.slug!r}")
    items = {}
    for day in programme.days:
        for item in day.checkin:
            items.setdefault(item.id, set()).add(day.number)
    figures = {}
    for name, spec in (data.get("figures") or {}).items():
        where = ("figures", name)
        if not NAME.match(str(name)) or name == SIZE:
            _problem(found, path, where, "a figure is named group_..., and not group_size")
            continue
        if not isinstance(spec, dict) or len(spec) != 1 or next(iter(spec)) not in KINDS:
            _problem(found, path, where, "a figure is one of people: {...} or share: {...}")
            continue
        kind, body = next(iter(spec.items()))
        body = body if isinstance(body, dict) else {}
        item, days = body.get("item"), body.get("days") or []
        at_least = body.get("at_least", 1)
        if item not in items:
            _problem(found, path, (*where, kind, "item"), f"no check-in item {item!r}")
            continue
        if not isinstance(days, list) or not days or set(days) - items[item]:
            asked = ", ".join(str(d) for d in sorted(items[item]))
            _problem(found, path, (*where, kind, "days"), f"{item} is asked on days {asked}")
            continue
        if not isinstance(at_least, int):
            _problem(found, path, (*where, kind, "at_least"), "a whole number")
            continue
        figures[name] = Figure(name, kind, item, tuple(days), at_least)
    known = set(figures) | {SIZE}
    allowed = programme.variables_used() | known
    days = {}
    for number, texts in (data.get("days") or {}).items():
        where = ("days", number)
        if programme.day(number) is None:
            _problem(found, path, where, f"the programme has no day {number}")
            continue
        if not isinstance(texts, dict) or set(texts) != set(programme.languages):
            langs = ", ".join(programme.languages)
            _problem(found, path, where, f"a text in each language: {langs}")
            continue
        for lang, text in texts.items():
            for why in syntax_problems(str(text)):
                _problem(found, path, (*where, lang), why)
            for name in variables_in(str(text)):
                if name.startswith("group_") and name not in known:
                    _problem(found, path, (*where, lang), f"no figure {{{name}}} in figures")
                elif name not in allowed and not name.startswith("group_"):
                    _problem(
                        found,
                        path,
                        (*where, lang),
                        f"{{{name}}}: a group text may use the figures and the variables "
                        "the programme's own texts use",
                    )
        days[number] = {lang: str(text) for lang, text in texts.items()}
    if any(p.level == "error" for p in found.problems):
        return None, found.problems
    return GroupTexts(programme.slug, figures, days, str(path)), found.problems


def examples(group):
    """Realistic values of every figure, for measuring cost."""
    values = {SIZE: EXAMPLES["people"]}
    values.update({f.name: EXAMPLES[f.kind] for f in group.figures.values()})
    return values


def costs(group, programme, base_examples):
    """(location, lang, SmsCost as sent) of each group text filled with realistic values."""
    out = []
    for number, texts in sorted(group.days.items()):
        for lang, text in texts.items():
            values = {**base_examples(lang), **examples(group)}
            filled = fill(text, values)
            sent = gsm.fold(filled) if programme.folds(lang) else filled
            out.append((location(("days", number, lang)), lang, gsm.cost(sent)))
    return out


def check_folder(programs_dir, library, base_examples):
    """Problems of every group file in programs/groups/, with the SMS cost of each text.

    Returns ([Problem], [(path, location, lang, SmsCost)]); a text over one
    segment is a warning, as for programme texts.
    """
    folder = Path(programs_dir) / FOLDER
    problems, measured = [], []
    if not folder.is_dir():
        return problems, measured
    for path in sorted(folder.glob("*.yaml")):
        try:
            programme = library.get(path.stem)
        except (ProgrammeNotFound, ProgrammeInvalid):
            problems.append(Problem(str(path), "(file)", f"no valid programme {path.stem!r}"))
            continue
        group, found = parse(path, programme)
        problems.extend(found)
        if group is None:
            continue
        for where, lang, cost in costs(group, programme, base_examples):
            measured.append((str(path), where, lang, cost))
            if cost.segments > 1:
                problems.append(
                    Problem(
                        str(path),
                        where,
                        over_one_segment(cost, programme.folds(lang)),
                        "warning",
                    )
                )
    return problems, measured


def load(programs_dir, programme):
    """The programme's GroupTexts, or None when it has no valid group file."""
    path = group_path(programs_dir, programme.slug)
    if not path.exists():
        return None
    group, _problems = parse(path, programme)
    return group
