"""Staff-facing texts and the default saved replies, from templates_sms/staff.yaml."""

from functools import lru_cache
from pathlib import Path

import yaml

from .. import config
from ..content.render import MissingVariable, fill


@lru_cache(maxsize=4)
def _load(directory):
    with open(Path(directory) / "staff.yaml", encoding="utf-8") as f:
        return yaml.safe_load(f)


def staff_texts():
    """The parsed templates_sms/staff.yaml."""
    return _load(config.templates_dir())


def text(name, **values):
    """One staff-facing text with its {variables} filled in."""
    return fill(staff_texts()[name], values)


def default_saved_replies(variables, lang="en"):
    """[(title, body)] offered until an organisation saves its own; unknown variables stay blank."""
    out = []
    for entry in staff_texts().get("saved_replies", []):
        bodies = entry["body"]
        body = bodies.get(lang) or bodies.get("en") or next(iter(bodies.values()))
        out.append((entry["title"], _fill_blank(body, dict(variables))))
    return out


def _fill_blank(body, values):
    """fill() where a variable the organisation has not set reads as nothing."""
    while True:
        try:
            return fill(body, values)
        except MissingVariable as exc:
            values[exc.name] = ""
