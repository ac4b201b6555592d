"""What a programme's outcome report is about: its screeners, their days, its own
questions and their names. No Flask, no database."""

import re
from dataclasses import dataclass

DEFAULT_CUT_OFF = 3  # PHQ-2 and GAD-2: a total of 3 or more screens positive
WAIT = "wait"  # the waitlist arm
NOW = "now"


@dataclass(frozen=True)
class ScreenerDef:
    """One screener (PHQ-2, GAD-2) asked on two different days of a programme."""

    name: str
    items: tuple
    first_day: int
    last_day: int
    cut_off: int
    source: str


def _screener_days(programme, items):
    days = [d.number for d in programme.days if any(i.id in items for i in d.checkin)]
    return (min(days), max(days)) if days else (None, None)


def screener_definitions(programme):
    """The programme's screeners asked on two different days."""
    out = []
    for name, measure in sorted((programme.measures or {}).items()):
        first, last = _screener_days(programme, set(measure.items))
        if first is None or first == last:
            continue
        out.append(
            ScreenerDef(
                name=name,
                items=tuple(measure.items),
                first_day=first,
                last_day=last,
                cut_off=measure.alert_at if measure.alert_at is not None else DEFAULT_CUT_OFF,
                source=" ".join((measure.source or "").split()),
            )
        )
    return out


def windows(screener, arm):
    """(first, last) programme day of a screener's before and after for an arm.

    Everyone but the waitlist arm: the screener's first and last day. The
    waitlist arm answers it on day 0 (the day they join the wait) and again on
    the programme's first day, when their wait ends.
    """
    if arm == WAIT:
        return 0, screener.first_day
    return screener.first_day, screener.last_day


def own_items(programme):
    """{item id: Item} for own (not screener) scale items, in programme order."""
    items = {}
    for day in programme.days:
        for item in day.checkin:
            if item.type == "scale" and (item.measure or "own") == "own":
                items.setdefault(item.id, item)
    return items


def label(item, lang="en"):
    """A check-in item's name from its text in the programme file.

    "1 of 4: Feeling nervous, anxious or on edge. Reply 0..." reads
    "Feeling nervous, anxious or on edge"; the id is the last resort.
    """
    text = (item.text or {}).get(lang) or next(iter((item.text or {}).values()), "")
    text = re.sub(r"^\s*\d+\s*(of|/)\s*\d+:?\s*", "", text)
    cuts = [text.find(end) for end in (". ", "?", ", from", " Reply") if end in text]
    if cuts:
        text = text[: min(cuts)]
    text = text.strip().rstrip(".")
    if not text:
        return item.id.replace("_", " ").capitalize()
    return text if len(text) <= 60 else text[:59].rstrip() + "…"


def labels(programme):
    """{item id: label} for every check-in item of a programme."""
    out = {}
    for day in programme.days if programme else ():
        for item in day.checkin:
            out.setdefault(item.id, label(item))
    return out
