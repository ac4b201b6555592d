"""Organisation and launch variables per language, and the check made at launch.

A variable's value is either one text, neutral (the same in every
language: a phone number, an address), or one text per language:
{"en": "neighbours", "es": "vecinos"}, optionally with a neutral "*" for
languages not listed. A Spanish text never borrows the English value: a
language with no value of its own and no neutral one has no value.

variables.yaml marks a variable `worded: true` when its value is words in a
language (`community`): a single text given for such a variable counts only
for the programme's first language, so a launch in English and Spanish
needs `community.es` too. Launching fills every text of the programme, and
every system message that uses an organisation variable, in every language
the programme offers, with the organisation's real values, and refuses
with one line per variable and language missing.
"""

from .content import templates
from .content.render import variables_in
from .content.templates import TEMPLATE_NAMES, VariablesInvalid, template_text

NEUTRAL = "*"

# Language names for staff, who read the dashboard in English.
LANGUAGE_NAMES = {
    "en": "English",
    "es": "Spanish",
    "fr": "French",
    "pt": "Portuguese",
    "de": "German",
    "it": "Italian",
    "ar": "Arabic",
    "zh": "Chinese",
}


def language_label(lang):
    """'es' -> 'Spanish (es)', for messages to staff."""
    name = LANGUAGE_NAMES.get((lang or "").split("-")[0])
    return f"{name} ({lang})" if name else repr(lang)


def resolve(values, lang):
    """Variables (one value or one per language) resolved for `lang`.

    A per-language mapping gives `lang`'s own value, else its neutral "*"
    one; with neither the variable is left out (rendering then names it).
    """
    resolved = {}
    for name, value in (values or {}).items():
        if isinstance(value, dict):
            if lang in value:
                value = value[lang]
            elif NEUTRAL in value:
                value = value[NEUTRAL]
            else:
                continue
        resolved[name] = value
    return resolved


def parse_pairs(pairs):
    """('community=neighbours', 'community.es=vecinos') -> {'community': {'*': ..., 'es': ...}}.

    NAME=VALUE is neutral (every language); NAME.LANG=VALUE is for one
    language. A name given only neutrally stays a plain text. Raises
    ValueError with a sentence for a pair that is not NAME[.LANG]=VALUE.
    """
    out = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        name, dot, lang = key.strip().partition(".")
        name, lang, value = name.strip(), lang.strip().lower(), value.strip()
        if not sep or not name or (dot and not lang):
            raise ValueError(
                f"{pair!r}: write NAME=VALUE or NAME.LANG=VALUE, e.g. community.es=vecinos"
            )
        out.setdefault(name, {})[lang if dot else NEUTRAL] = value
    return {n: (v[NEUTRAL] if set(v) == {NEUTRAL} else v) for n, v in out.items()}


def merge(*layers):
    """Organisation variables with a launch's on top, per language.

    A launch giving community.es keeps the organisation's English value.
    """
    out = {}
    for layer in layers:
        for name, value in (layer or {}).items():
            if isinstance(value, dict):
                base = out.get(name)
                base = dict(base) if isinstance(base, dict) else ({NEUTRAL: base} if base else {})
                base.update(value)
                out[name] = base
            else:
                out[name] = value
    return out


def worded_names(directory=None):
    """Variables whose values are words in a language (variables.yaml `worded: true`)."""
    try:
        known = templates.load_variables(directory)
    except VariablesInvalid:
        return set()
    return {n for n, v in known.items() if v.worded}


def strict(values, lang, first_language, worded):
    """resolve(), except a worded variable's single text counts only for `first_language`."""
    resolved = resolve(values, lang)
    for name in worded:
        value = (values or {}).get(name)
        plain = value if not isinstance(value, dict) else None
        neutral_only = isinstance(value, dict) and lang not in value and NEUTRAL in value
        if (plain is not None or neutral_only) and lang != first_language:
            resolved.pop(name, None)
    return resolved


def check(programme, organisation, launch_variables=None, *, extra=None, directory=None):
    """Problems filling this programme for this organisation, one per variable and language.

    `extra` are the values the planner adds itself (programme_title, days,
    default_time). System messages sent for this launch (help, crisis...) are
    checked for the organisation variables they use.
    """
    values = merge({"org_name": organisation.name}, organisation.variables, launch_variables)
    worded = worded_names(directory)
    own = _organisation_names(directory)
    missing = {}  # (name, lang) -> an example of where it is used
    for lang in programme.languages:
        resolved = {**(extra or {}), **strict(values, lang, programme.default_language, worded)}
        for where, text_by_lang in _programme_texts(programme):
            text = text_by_lang.get(lang) or text_by_lang.get(programme.default_language, "")
            for name in sorted(variables_in(text)):
                if resolved.get(name) in (None, ""):
                    missing.setdefault((name, lang), where)
        for name in sorted(TEMPLATE_NAMES):
            text = template_text(name, lang, directory) or template_text(name, "en", directory)
            for var in sorted(variables_in(text or "") & own):
                if resolved.get(var) in (None, ""):
                    missing.setdefault((var, lang), f"the {name} message")
    return [
        _say(name, lang, where, name in worded, programme)
        for (name, lang), where in missing.items()
    ]


def _say(name, lang, where, worded, programme):
    if worded and lang != programme.default_language:
        how = f"give it in that language (e.g. --var {name}.{lang}=...)"
    else:
        how = f"set it for the organisation or the launch (e.g. --var {name}=...)"
    return f"{{{name}}} has no value in {language_label(lang)}, used in {where}: {how}"


def _programme_texts(programme):
    yield "the title", programme.title
    for day in programme.days:
        yield f"day {day.number} practice", day.practice
        for item in day.checkin:
            yield f"day {day.number} check-in {item.id}", item.text
            for option in item.options:
                yield f"day {day.number} check-in {item.id}", option.text
    yield "the closing text", programme.closing


def _organisation_names(directory=None):
    try:
        return templates.organisation_variables(directory)
    except VariablesInvalid:
        return set()
