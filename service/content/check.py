"""Checking content before it reaches a phone: programme files and system messages.

Collects problems (errors and warnings) and what every message costs as SMS,
with and without folding, so `flask --app service programs check` can print
one report. Nothing here sends or stores anything.
"""

import os
from dataclasses import dataclass, field
from pathlib import Path

from . import gsm, templates
from .programme import (
    Problem,
    ProgrammeInvalid,
    load_programme,
    location,
    over_one_segment,
)
from .render import MissingVariable, fill, syntax_problems, variables_in


@dataclass(frozen=True)
class MessageCost:
    """What one message costs, folded and not, and which of the two is sent."""

    path: str
    location: str
    lang: str
    unfolded: gsm.SmsCost
    folded: gsm.SmsCost
    folds: bool  # whether it is sent folded

    @property
    def sent(self):
        """The cost of the message as it will be sent."""
        return self.folded if self.folds else self.unfolded


@dataclass
class Report:
    """Everything one check found."""

    problems: list = field(default_factory=list)
    costs: list = field(default_factory=list)
    programmes: int = 0
    templates: int = 0

    @property
    def errors(self):
        """The problems that are errors."""
        return [p for p in self.problems if p.level == "error"]

    @property
    def warnings(self):
        """The problems that are warnings."""
        return [p for p in self.problems if p.level == "warning"]

    def extend(self, other):
        """Add another report's findings to this one."""
        self.problems.extend(other.problems)
        self.costs.extend(other.costs)
        self.programmes += other.programmes
        self.templates += other.templates


def shown(path):
    """`path` relative to the working folder when it is inside it."""
    path = os.path.abspath(path)
    here = os.getcwd()
    if path == here or path.startswith(here + os.sep):
        return os.path.relpath(path)
    return path


def _measure(path, where, lang, text, values, folds):
    filled = fill(text, values)
    return MessageCost(path, where, lang, gsm.cost(filled), gsm.cost(gsm.fold(filled)), folds)


def programme_files(path):
    """The programme files at `path`: the file itself, or the .yaml files in a folder."""
    path = Path(path)
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


def check_programmes(path, templates_dir=None):
    """Check a programme file, or every programme file in a folder."""
    report = Report()
    files = programme_files(path)
    if not files:
        report.problems.append(
            Problem(shown(path), "(folder)", "no programme files (*.yaml) here", "warning")
        )
    offered = set(templates.languages(templates_dir))
    examples = {}
    try:
        variables = templates.load_variables(templates_dir)
    except templates.VariablesInvalid:
        variables = None
    for file in files:
        name = shown(file)
        report.programmes += 1
        try:
            programme = load_programme(name, templates_dir=templates_dir)
        except ProgrammeInvalid as exc:
            report.problems.extend(exc.problems)
            continue
        report.problems.extend(programme.warnings)
        for lang in programme.languages:
            if lang not in offered:
                report.problems.append(
                    Problem(
                        name,
                        "languages",
                        f"no system messages in '{lang}' ({templates_dir or 'templates_sms'}/"
                        f"{lang}/): they would be sent in English",
                        "warning",
                    )
                )
        if variables is None:
            continue
        for where, lang, text in programme_messages(programme):
            if lang not in examples:
                examples[lang] = {n: v.example(lang) for n, v in variables.items()}
            report.costs.append(
                _measure(name, where, lang, text, examples[lang], programme.folds(lang))
            )
    return report


def programme_messages(programme):
    """(location, language, text) of every message a programme sends."""
    for i, day in enumerate(programme.days):
        for lang in programme.languages:
            yield location(("days", i, "practice", lang)), lang, day.practice[lang]
        for j, item in enumerate(day.checkin):
            for lang in programme.languages:
                yield location(("days", i, "checkin", j, "text", lang)), lang, item.text[lang]
    for lang in programme.languages:
        yield location(("closing", lang)), lang, programme.closing[lang]


def check_templates(directory=None):
    """Check every system message: translations, variables, braces and SMS cost.

    Cost is measured folded, as system messages are sent (see templates.py).
    """
    report = Report()
    base = Path(directory) if directory is not None else templates.default_directory()
    try:
        variables = templates.load_variables(base)
    except templates.VariablesInvalid as exc:
        where = shown(templates.variables_path(base))
        report.problems.extend(Problem(where, "(file)", why) for why in exc.problems)
        variables = None
    langs = templates.languages(base)
    if templates.DEFAULT_LANGUAGE not in langs:
        langs.insert(0, templates.DEFAULT_LANGUAGE)
    for lang in langs:
        folder = shown(base / lang)
        values = {n: v.example(lang) for n, v in (variables or {}).items()}
        for name, allowed in sorted(templates.TEMPLATE_NAMES.items()):
            text = templates.template_text(name, lang, base)
            if text is None:
                if lang == templates.DEFAULT_LANGUAGE:
                    why = f"missing: {name}.txt is needed (English is the fallback for all)"
                else:
                    why = f"missing translation: {name}.txt exists in English only"
                report.problems.append(Problem(folder, name, why))
                continue
            report.templates += 1
            report.problems.extend(
                _template_problems(folder, name, text, allowed, variables, values, lang, report)
            )
    return report


def _template_problems(folder, name, text, allowed, variables, values, lang, report):
    if not text.strip():
        return [Problem(folder, name, "is empty")]
    bad = [Problem(folder, name, why) for why in syntax_problems(text)]
    if bad:
        return bad
    out = []
    for var in sorted(variables_in(text) - allowed):
        known = "" if variables is None or var in variables else " (and not in variables.yaml)"
        could = ", ".join(f"{{{v}}}" for v in sorted(allowed)) or "none"
        out.append(
            Problem(folder, name, f"{{{var}}} is not available in {name}{known}; can use: {could}")
        )
    if out or variables is None:
        return out
    try:
        cost = _measure(folder, name, lang, text, values, True)
    except MissingVariable as exc:  # allowed here but not in variables.yaml
        return [Problem(folder, name, f"{{{exc.name}}} has no example in variables.yaml")]
    report.costs.append(cost)
    if cost.sent.segments > 1:
        out.append(Problem(folder, name, over_one_segment(cost.sent, True), "warning"))
    return out


def describe(costs):
    """One phrase for the cost of a group of messages."""
    if not costs:
        return "no messages"
    encodings = sorted({c.encoding for c in costs})
    worst = max(c.segments for c in costs)
    longest = max(costs, key=lambda c: (c.segments, c.units))
    forced = list(dict.fromkeys(ch for c in costs for ch in c.non_gsm))
    if encodings == ["GSM-7"] and worst == 1:
        text = f"all GSM-7, 1 segment each (longest {longest.units}/{gsm.GSM7_SINGLE})"
    else:
        counts = ", ".join(f"{sum(c.encoding == e for c in costs)} {e}" for e in encodings)
        over = sum(c.segments > 1 for c in costs)
        text = f"{counts}; {over} over one segment, up to {worst}"
    if forced:
        text += "; UCS-2 forced by " + " ".join(gsm.visible(ch) for ch in forced)
    return text


def cost_lines(report):
    """Per file (or folder) and language: how its messages travel, with and without folding."""
    groups = {}
    for c in report.costs:
        groups.setdefault((c.path, c.lang), []).append(c)
    lines = []
    for (path, lang), costs in groups.items():
        folded = [c.folded for c in costs]
        unfolded = [c.unfolded for c in costs]
        head = f"{path} [{lang}]: {len(costs)} message{'s' if len(costs) != 1 else ''}"
        if folded == unfolded:
            lines.append(f"{head}, {describe(folded)}")
        elif costs[0].folds:
            lines.append(f"{head}, sent folded: {describe(folded)}; unfolded: {describe(unfolded)}")
        else:
            lines.append(f"{head}, sent unfolded: {describe(unfolded)}; folded: {describe(folded)}")
    return lines


def detail_lines(report):
    """One line per message: its cost as sent, and unfolded where that differs."""
    out = []
    for c in report.costs:
        line = f"{c.path}:{c.location}: {c.sent}"
        if c.folded != c.unfolded:
            other = c.unfolded if c.folds else c.folded
            line += f" ({'unfolded' if c.folds else 'folded'}: {other})"
        out.append(line)
    return out
