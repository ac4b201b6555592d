"""System messages: one text per file in templates_sms/<lang>/<name>.txt.

Each file holds one message in plain text with `{variables}` (see render.py);
a trailing newline is stripped. templates_sms/variables.yaml lists every
variable any text may use, with a one-line description and a realistic
example value (per language where it differs), used to measure SMS cost.

System messages are best sent with fold=True: folding only replaces
characters outside GSM-7 that have a close GSM-7 form (á -> a), so it never
makes a text cost more and keeps Spanish texts in one GSM-7 segment.
"""

import logging
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from . import gsm
from .render import fill

log = logging.getLogger(__name__)

DEFAULT_LANGUAGE = "en"
VARIABLES_FILE = "variables.yaml"

# Template name -> the variables it may use.
TEMPLATE_NAMES = {
    "consent": {"org_name", "programme_title", "days"},
    "consent_reask": {"programme_title"},
    "declined": {"org_name"},
    "ask_time": {"default_time", "crisis_line"},
    "time_reask": {"default_time"},
    "confirm_start": {"when"},
    "help": {"org_name", "programme_title", "help_contact", "crisis_line"},
    "help_general": {"crisis_line"},
    "stopped": {"org_name"},
    "stopped_general": set(),
    "started": {"when"},
    "started_nothing": set(),
    "paused": set(),
    "paused_days": {"days"},
    "resumed": {"when"},
    "time_changed": {"time", "when"},
    "time_unreadable": set(),
    "lang_changed": {"language_name"},
    "lang_unavailable": {"languages"},
    "reask_scale": {"min", "max", "crisis_line"},
    "reask_yesno": {"crisis_line"},
    "reask_choice": {"options", "crisis_line"},
    "answer_thanks": set(),
    "ack": {"crisis_line"},
    "unknown_keyword": set(),
    "already_enrolled": {"programme_title"},
    "crisis": {"org_name", "crisis_line", "emergency_number"},
    "concern": {"org_name", "crisis_line", "emergency_number"},
    "safety_others": {"org_name", "safety_line", "emergency_number"},
    "medical": {"org_name", "crisis_line", "emergency_number"},
    "third_party": {"org_name", "crisis_line", "emergency_number"},
    "screening_support": {"org_name", "help_contact", "crisis_line"},
    "forget_confirm": set(),
    "forget_done": set(),
    "forget_kept": set(),
}


class TemplateMissing(LookupError):
    """No file for a system message, not even in English."""


class VariablesInvalid(ValueError):
    """variables.yaml cannot be read; `.problems` says why."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Variable:
    """One variable texts may use, with example values for measuring cost."""

    name: str
    description: str
    kind: str  # "organisation" (set per organisation/launch) or "system"
    examples: dict = field(default_factory=dict)  # language -> example value
    # True when the value is words in one language (community): a launch in
    # several languages needs it per language (see launch_variables.py).
    worded: bool = False

    def example(self, lang):
        """The example value for `lang`, else the English one."""
        return self.examples.get(lang, self.examples.get(DEFAULT_LANGUAGE, ""))


def default_directory():
    """The configured templates folder (TEMPLATES_SMS_DIR, else the repo's)."""
    from ..config import templates_dir

    return Path(templates_dir())


def _dir(directory):
    return Path(directory) if directory is not None else default_directory()


# path -> ((mtime_ns, size), value): files are re-read only when they change.
_cache = {}
_cache_lock = threading.Lock()


def _stamp(path):
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return None
    return (st.st_mtime_ns, st.st_size)


def _cached(path, parse):
    """parse(text) of the file at `path`, cached until the file changes; None if absent."""
    key = str(path)
    stamp = _stamp(path)
    if stamp is None:
        return None
    hit = _cache.get(key)
    if hit and hit[0] == stamp:
        return hit[1]
    value = parse(Path(path).read_text(encoding="utf-8"))
    with _cache_lock:
        _cache[key] = (stamp, value)
    return value


def _parse_variables(text):
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise VariablesInvalid([f"YAML error: {exc}"]) from exc
    if not isinstance(data, dict):
        raise VariablesInvalid(["should be a mapping of variable name to its description"])
    problems, out = [], {}
    for name, spec in data.items():
        if not isinstance(spec, dict):
            problems.append(f"{name}: should be a mapping with description and example")
            continue
        unknown = set(spec) - {"description", "kind", "example", "worded"}
        if unknown:
            problems.append(f"{name}: unknown key(s) {', '.join(sorted(map(str, unknown)))}")
        example = spec.get("example")
        if isinstance(example, (str, int)):
            examples = {DEFAULT_LANGUAGE: str(example)}
        elif isinstance(example, dict) and DEFAULT_LANGUAGE in example:
            examples = {str(k): str(v) for k, v in example.items()}
        else:
            problems.append(f"{name}: example should be a text or a mapping with 'en'")
            continue
        if not spec.get("description"):
            problems.append(f"{name}: needs a one-line description")
        kind = spec.get("kind", "system")
        if kind not in ("organisation", "system"):
            problems.append(f"{name}: kind should be organisation or system")
        worded = spec.get("worded", False)
        if not isinstance(worded, bool):
            problems.append(f"{name}: worded should be true or false")
        out[str(name)] = Variable(
            str(name), str(spec.get("description", "")), kind, examples, worded is True
        )
    if problems:
        raise VariablesInvalid(problems)
    return out


def variables_path(directory=None):
    """Where variables.yaml lives."""
    return _dir(directory) / VARIABLES_FILE


def load_variables(directory=None):
    """Every variable texts may use, by name (raises VariablesInvalid)."""
    found = _cached(variables_path(directory), _parse_variables)
    if found is None:
        raise VariablesInvalid([f"{variables_path(directory)} not found"])
    return found


def example_values(lang, directory=None):
    """Example values of every variable, in `lang` where one is given."""
    return {name: v.example(lang) for name, v in load_variables(directory).items()}


def organisation_variables(directory=None):
    """Names of the variables an organisation (or launch) sets."""
    return {n for n, v in load_variables(directory).items() if v.kind == "organisation"}


def template_path(name, lang, directory=None):
    """Where the text of system message `name` in `lang` lives."""
    return _dir(directory) / lang / f"{name}.txt"


def _strip_newline(text):
    return text[:-1] if text.endswith("\n") else text


def template_text(name, lang, directory=None):
    """The raw text of system message `name` in `lang`, or None if it has none."""
    return _cached(template_path(name, lang, directory), _strip_newline)


def render_system(name, lang, variables, *, fold=False, directory=None):
    """System message `name` in `lang`, filled with `variables` (folded to GSM-7 if fold).

    Falls back to English, with a warning in the log, when `lang` lacks it.
    Raises TemplateMissing for a name with no English text either, and
    render.MissingVariable when a variable it uses is not given.
    """
    text = template_text(name, lang, directory)
    if text is None and lang != DEFAULT_LANGUAGE:
        log.warning("system message %r has no %r text; sending English", name, lang)
        text = template_text(name, DEFAULT_LANGUAGE, directory)
    if text is None:
        raise TemplateMissing(f"no system message {name!r} in {lang!r} or English")
    out = fill(text, variables)
    return gsm.fold(out) if fold else out


def languages(directory=None):
    """Languages with system messages (folders holding .txt files), English first."""
    base = _dir(directory)
    if not base.is_dir():
        return []
    found = [
        p.name
        for p in base.iterdir()
        if p.is_dir() and any((p / f"{n}.txt").exists() for n in TEMPLATE_NAMES)
    ]
    return sorted(found, key=lambda lang: (lang != DEFAULT_LANGUAGE, lang))
