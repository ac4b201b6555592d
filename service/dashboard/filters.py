"""Template filters: local times, waiting times, masked numbers, percentages."""

from datetime import timezone

from babel import Locale, UnknownLocaleError

from ..phones import mask
from .blueprint import bp
from .queries import day_at, zone


def page_locale():
    """The page's language ('en' until the dashboard is translated)."""
    return "en"


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


@bp.app_template_filter("language_name")
def language_name(code):
    """A language code as its name in the page's language: 'es' -> 'Spanish'."""
    if not code:
        return "—"
    try:
        return Locale.parse(code).get_display_name(page_locale()) or code
    except (ValueError, UnknownLocaleError):
        return code


@bp.app_template_global()
def day_of(enrolment, inbound=None):
    """The programme day a text arrived on (see queries.day_at)."""
    return day_at(enrolment, inbound)


@bp.app_template_filter("masked")
def masked(phone):
    """A phone number with all but the last four digits hidden."""
    return mask(phone)


@bp.app_template_filter("percent")
def percent(value):
    """0.423 -> '42%', None -> a dash."""
    return "—" if value is None else f"{round(value * 100)}%"


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
