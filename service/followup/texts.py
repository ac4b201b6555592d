"""Staff-facing texts and the default saved replies, from templates_sms/staff.yaml.

The English in staff.yaml is the message id: `pybabel extract` collects it (with
`extract_staff_yaml`, named in babel.cfg) into the dashboard's catalogue, and
`text(name, lang)` reads the translation from service/translations/. Babel only,
no Flask: the clock sends the on-call text outside any request.
"""

from functools import lru_cache
from pathlib import Path

import yaml
from babel.support import Translations

from .. import config
from ..content.render import MissingVariable, fill

TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"


@lru_cache(maxsize=4)
def _load(directory):
    with open(Path(directory) / "staff.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


@lru_cache(maxsize=8)
def _translations(lang):
    return Translations.load(str(TRANSLATIONS), [lang or "en"])


def translate(message, lang="en"):
    """A staff-facing message in `lang` (English, the message id, when there is none)."""
    if not message or not lang or lang == "en":
        return message
    return _translations(lang).gettext(message)


def staff_texts():
    """The parsed templates_sms/staff.yaml."""
    return _load(config.templates_dir())


def text(name, lang="en", **values):
    """One staff-facing text in `lang`, with its {variables} filled in."""
    return fill(translate(staff_texts()[name], lang), values)


def default_saved_replies(variables, lang="en", staff_lang="en"):
    """[(title, body)] offered until an organisation saves its own; unknown variables
    stay blank. The body is in the participant's `lang`, the title in `staff_lang`."""
    out = []
    for entry in staff_texts().get("saved_replies", []):
        bodies = entry["body"]
        body = bodies.get(lang) or bodies.get("en") or next(iter(bodies.values()))
        out.append((translate(entry["title"], staff_lang), _fill_blank(body, dict(variables))))
    return out


def _fill_blank(body, values):
    """fill() where a variable the organisation has not set reads as nothing."""
    while True:
        try:
            return fill(body, values)
        except MissingVariable as exc:
            values[exc.name] = ""


def extract_staff_yaml(fileobj, keywords, comment_tags, options):
    """Babel extractor for staff.yaml: every staff-facing string and saved-reply title
    (the replies' bodies are participant texts, in their own languages already)."""
    data = yaml.safe_load(fileobj.read().decode("utf-8"))
    for key, value in data.items():
        if isinstance(value, str):
            yield 0, "gettext", value, [f"staff.yaml: {key}"]
    for entry in data.get("saved_replies", []):
        yield 0, "gettext", entry["title"], ["staff.yaml: a saved reply's title"]
