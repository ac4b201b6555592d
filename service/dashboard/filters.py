"""Template filters: local times, waiting times, masked numbers, percentages, in the
page's language."""

from datetime import timezone

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as L_

from .. import config
from ..evaluation import stats
from ..phones import mask
from .blueprint import bp
from .i18n import page_language
from .queries import day_at, zone


def page_locale():
    """The page's language."""
    return page_language()


@bp.app_template_filter("local")
def local(value, tz_name):
    """A stored naive-UTC datetime as local 'Mon 12 Mar 14:05' ('lun 12 mar 14:05'), or a dash."""
    if value is None:
        return "—"
    when = value.replace(tzinfo=timezone.utc).astimezone(zone(tz_name))
    return format_datetime(when, "EEE d MMM HH:mm", locale=page_locale())


@bp.app_template_filter("waited")
def waited(since, now):
    """How long since a naive-UTC time: '5 min', '3 h 10 min', '2 days'."""
    if since is None:
        return "—"
    minutes = max(0, int((now.replace(tzinfo=None) - since).total_seconds() // 60))
    return _span(minutes)


def _span(minutes):
    if minutes < 60:
        return _("%(m)s min", m=minutes)
    if minutes < 48 * 60:
        return _("%(h)s h %(m)s min", h=minutes // 60, m=minutes % 60)
    return _("%(d)s days", d=minutes // (24 * 60))


@bp.app_template_filter("minutes")
def minutes(value):
    """12.5 -> '13 min', 135 -> '2 h 15 min', None -> a dash."""
    if value is None:
        return "—"
    whole = round(value)
    if whole < 60:
        return _("%(m)s min", m=whole)
    return _("%(h)s h %(m)s min", h=whole // 60, m=whole % 60)


@bp.app_template_filter("language_name")
def language_name(code):
    """A language code as its name in the page's language: 'es' -> 'Spanish' ('español')."""
    if not code:
        return "—"
    try:
        return Locale.parse(code).get_display_name(page_locale()).capitalize() or code
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
    """0.423 -> '42%', 0.125 -> '13%' (halves away from zero), None -> a dash."""
    return "—" if value is None else stats.percent(value)


@bp.app_template_filter("people")
def people(count):
    """A count of people: 0 or 10 and more as it is, 1 to 9 as "fewer than 10"."""
    low = config.min_group()
    return _("fewer than %(n)s", n=low) if 0 < count < low else f"{count:,}"


STATE_WORDS = {
    "consent": L_("Asked to say yes"),
    "ask_time": L_("Choosing a time"),
    "active": L_("Active"),
    "paused": L_("Paused"),
    "completed": L_("Completed"),
    "stopped": L_("Stopped (texted STOP)"),
    "declined": L_("Did not join"),
    "ended": L_("Ended"),
}


@bp.app_template_filter("state_word")
def state_word(state):
    """An enrolment state in words: 'consent' -> 'Asked to say yes'."""
    word = STATE_WORDS.get(state)
    return str(word) if word is not None else (state or "").replace("_", " ").capitalize()


# Words the pages show for stored codes: alert tiers and states, inbox reasons, text kinds.
TIERS = {1: L_("Crisis"), 2: L_("Concern")}
ALERT_STATES = {"open": L_("open"), "acknowledged": L_("acknowledged"), "resolved": L_("resolved")}
REASONS = {"unread": L_("Not understood"), "question": L_("Question")}
MESSAGE_STATES = {
    "queued": L_("queued"),
    "sending": L_("sending"),
    "sent": L_("sent"),
    "delivered": L_("delivered"),
    "failed": L_("failed"),
    "undelivered": L_("undelivered"),
    "cancelled": L_("cancelled"),
}


@bp.app_template_filter("tier")
def tier(priority):
    """An alert's priority in words: 1 -> 'Crisis', 2 -> 'Concern', else 'Screening'."""
    return str(TIERS.get(priority, L_("Screening")))


@bp.app_template_filter("alert_state")
def alert_state(status):
    """An alert's status in words."""
    return str(ALERT_STATES.get(status, status))


@bp.app_template_filter("reason")
def reason(code):
    """Why an inbox item needs a person, in words."""
    return str(REASONS.get(code, code))


@bp.app_template_filter("message_state")
def message_state(state):
    """An outbound text's state in words."""
    return str(MESSAGE_STATES.get(state, state))


LAUNCH_STATES = {"active": L_("Active"), "paused": L_("Paused"), "ended": L_("Ended")}
ROLES = {"staff": L_("Staff"), "admin": L_("Administrator"), "site_admin": L_("Site administrator")}


@bp.app_template_filter("launch_status")
def launch_status_word(status):
    """A launch's status in words: 'paused' -> 'Paused'."""
    return str(LAUNCH_STATES.get(status, status))


@bp.app_template_filter("role_word")
def role_word(role):
    """A staff role in words."""
    return str(ROLES.get(role, role))


# Flask-Babel's own format filters read the app's locale; this one is plain day and month.
@bp.app_template_filter("day_month")
def day_month(value):
    """A date as '23 Nov' ('23 nov')."""
    return format_date(value, "d MMM", locale=page_locale())


@bp.app_template_filter("month_year")
def month_year(value):
    """A date as 'Nov 2026' ('nov 2026')."""
    return format_date(value, "MMM y", locale=page_locale())


@bp.app_template_filter("day_month_year")
def day_month_year(value):
    """A date as '23 Nov 2026' ('23 nov 2026')."""
    return format_date(value, "d MMM y", locale=page_locale())
