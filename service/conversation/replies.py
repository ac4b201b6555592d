"""Wording replies: the right template, language, variables and folding."""

from dataclasses import dataclass
from datetime import timedelta

from .. import config
from ..content.programme import get_library
from ..content.templates import render_system
from ..models import Organisation
from ..schedule import local_today, to_local
from .answers import format_time
from .vocabulary import language_words


@dataclass(frozen=True)
class Reply:
    """A text to send straight back, and what it is (for the record)."""

    body: str
    kind: str = "reply"
    day: int | None = None
    item: str | None = None
    dedupe_key: str | None = None


def programme_of(launch):
    """The programme a launch runs (raises if its file is missing or broken)."""
    return get_library(config.programs_dir()).get(launch.programme)


def home_organisation():
    """Whose crisis line and help a stranger gets: the first organisation."""
    return Organisation.select().order_by(Organisation.id).first()


def variables(enrolment=None, organisation=None, lang="en"):
    """Everything a text for this enrolment (or organisation) may fill in."""
    if enrolment is not None:
        values = enrolment.launch.template_variables(lang)
        programme = programme_of(enrolment.launch)
        values["programme_title"] = (
            programme.title.get(lang) or programme.title[programme.default_language]
        )
        values["days"] = programme.length
        values["default_time"] = format_time(enrolment.launch.default_send_time, lang)
        return values
    organisation = organisation or home_organisation()
    return organisation.template_variables(lang) if organisation else {}


def say(name, *, enrolment=None, organisation=None, lang=None, **extra):
    """A system text as a Reply, filled and folded for the participant."""
    lang = lang or (enrolment.language if enrolment else "en")
    values = {**variables(enrolment, organisation, lang), **extra}
    # System texts are always folded to GSM-7 where a letter has a close
    # equivalent: it never costs more, and keeps each one to one segment.
    return Reply(render_system(name, lang, values, fold=True))


def say_consent(enrolment):
    """The consent question: the programme's own waitlist consent in a waitlist
    launch (it says who waits and why), else the system one."""
    if enrolment.launch.design != "waitlist":
        return say("consent", enrolment=enrolment)
    programme = programme_of(enrolment.launch)
    lang = enrolment.language
    body = programme.render(programme.waitlist["consent"], lang, variables(enrolment, lang=lang))
    return Reply(body)


def when(due_utc, tz, lang, now):
    """'today at 7:30pm' / 'tomorrow at 9am' / 'on 24/11 at 9am' in `lang`."""
    words = language_words(lang) or language_words("en")
    local = to_local(due_utc, tz)
    time = format_time(local.strftime("%H:%M"), lang)
    today = local_today(now, tz)
    if local.date() == today:
        return words["today_at"].format(time=time)
    if local.date() == today + timedelta(days=1):
        return words["tomorrow_at"].format(time=time)
    return words["on_day_at"].format(time=time, date=local.strftime("%d/%m"))
