"""Template filters: local times, waiting times, masked numbers, percentages."""

from datetime import timezone

from .. import config
from ..evaluation import stats
from ..phones import mask
from .blueprint import bp
from .queries import zone


@bp.app_template_filter("local")
def local(value, tz_name):
    """A stored naive-UTC datetime as local 'Mon 12 Mar 14:05', or a dash."""
    if value is None:
        return "—"
    return value.replace(tzinfo=timezone.utc).astimezone(zone(tz_name)).strftime("%a %d %b %H:%M")


@bp.app_template_filter("waited")
def waited(since, now):
    """How long since a naive-UTC time: '5 min', '3 h 10 min', '2 days'."""
    if since is None:
        return "—"
    minutes = max(0, int((now.replace(tzinfo=None) - since).total_seconds() // 60))
    if minutes < 60:
        return f"{minutes} min"
    if minutes < 48 * 60:
        return f"{minutes // 60} h {minutes % 60} min"
    return f"{minutes // (24 * 60)} days"


@bp.app_template_filter("masked")
def masked(phone):
    """A phone number with all but the last four digits hidden."""
    return mask(phone)


@bp.app_template_filter("percent")
def percent(value):
    """0.423 -> '42%', 0.125 -> '13%' (halves away from zero), None -> a dash."""
    return "—" if value is None else stats.percent(value)


@bp.app_template_filter("people")
def people(count):
    """A count of people: 0 or 10 and more as it is, 1 to 9 as "fewer than 10"."""
    low = config.min_group()
    return f"fewer than {low}" if 0 < count < low else f"{count:,}"


STATE_WORDS = {
    "consent": "Asked to say yes",
    "ask_time": "Choosing a time",
    "active": "Active",
    "paused": "Paused",
    "completed": "Completed",
    "stopped": "Stopped (texted STOP)",
    "declined": "Did not join",
    "ended": "Ended",
}


@bp.app_template_filter("state_word")
def state_word(state):
    """An enrolment state in words: 'consent' -> 'Asked to say yes'."""
    return STATE_WORDS.get(state, (state or "").replace("_", " ").capitalize())
