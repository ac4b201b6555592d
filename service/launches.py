"""Organisations and launches: putting a programme on keywords."""

import re
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from . import config, launch_variables
from .content.programme import (
    PROGRAMME_SYSTEM_VARIABLES,
    ProgrammeInvalid,
    ProgrammeNotFound,
    get_library,
)
from .conversation import allocation
from .conversation import keywords as reserved
from .conversation.vocabulary import fold_accents
from .db import utc, write_transaction
from .models import Enrolment, Keyword, Launch, Organisation
from .models.participant import OPEN_STATES
from .prepared import Prepared

LAUNCH_STATES = ("active", "paused", "ended")
DESIGNS = ("prepost", "waitlist")


class LaunchError(ValueError):
    """A launch or organisation that cannot be made; .problems says why."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = list(problems)


def normalise_keyword(text):
    """'  kind! ' -> 'KIND': case, spaces, punctuation and accents ignored."""
    return re.sub(r"[^A-Z0-9]", "", fold_accents(text or "").upper())


def reserved_words():
    """Words no programme keyword may be (STOP, HELP, YES...)."""
    return reserved.reserved_words(config.templates_dir())


def find_keyword(text):
    """The active Keyword this text is, on an active launch, or None.

    A keyword has a letter (see check_keywords), so a reply of digits, the
    commonest text of all (a check-in answer), needs no lookup.
    """
    word = normalise_keyword(text)
    if not _LETTER.search(word):
        return None
    return _KEYWORD.first(word)


_LETTER = re.compile(r"[A-Z]")


_KEYWORD = Prepared(
    lambda word: (
        Keyword.select(Keyword, Launch, Organisation)
        .join(Launch)
        .join(Organisation)
        .where(Keyword.word == word, Keyword.active, Launch.status == "active")
    )
)


def _check_zone(tz, problems):
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        problems.append(f"unknown time zone {tz!r}")


def _check_hhmm(value, name, problems):
    if value is not None and not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d", value):
        problems.append(f"{name} must be HH:MM (24-hour), not {value!r}")


def create_organisation(
    *, slug, name, timezone, variables=None, quiet_start="08:00", quiet_end="21:00"
):
    """A new organisation (LaunchError if the slug is taken or a value is bad)."""
    problems = []
    _check_zone(timezone, problems)
    _check_hhmm(quiet_start, "quiet_start", problems)
    _check_hhmm(quiet_end, "quiet_end", problems)
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]*", slug or ""):
        problems.append("slug must be lower-case letters, digits and dashes")
    if Organisation.get_or_none(Organisation.slug == slug):
        problems.append(f"an organisation {slug!r} exists already")
    if problems:
        raise LaunchError(problems)
    return Organisation.create(
        slug=slug,
        name=name,
        timezone=timezone,
        variables=variables or {},
        quiet_start=quiet_start,
        quiet_end=quiet_end,
    )


def check_keywords(keywords, programme_languages, *, launch=None):
    """Problems with {language: word} for a launch: reserved, taken, bad language."""
    problems = []
    taken_here = set()
    reserved_set = reserved_words()
    for lang, word in keywords.items():
        normal = normalise_keyword(word)
        if lang not in programme_languages:
            problems.append(f"the programme has no language {lang!r}")
        if not normal:
            problems.append(f"keyword for {lang!r} is empty")
            continue
        if not _LETTER.search(normal):
            problems.append(
                f"keyword {normal} needs a letter: a number could be an answer to a check-in"
            )
        if normal in reserved_set:
            problems.append(f"{normal} is a reserved word (like STOP or HELP)")
        if normal in taken_here:
            problems.append(f"{normal} is given twice")
        taken_here.add(normal)
        other = Keyword.get_or_none(Keyword.word == normal)
        if other is not None and (launch is None or other.launch_id != launch.id):
            problems.append(f"{normal} is already used by another launch")
    if not keywords:
        problems.append("at least one keyword is needed")
    return problems


def launch_programme(
    organisation,
    programme_slug,
    keywords,
    *,
    default_send_time="09:00",
    timezone=None,
    quiet_start=None,
    quiet_end=None,
    variables=None,
    design="prepost",
):
    """Launch a programme for an organisation on {language: keyword}.

    design="waitlist": each person who says yes is allocated at random to start
    now or after the programme's length (conversation/allocation.py); the
    programme must have waitlist texts that say so (`programs check`).
    """
    problems = []
    try:
        programme = get_library(config.programs_dir()).get(programme_slug)
    except ProgrammeNotFound:
        raise LaunchError([f"no programme {programme_slug!r} in programs/"]) from None
    except ProgrammeInvalid as exc:
        raise LaunchError(
            [f"programme {programme_slug!r} is broken"] + [str(p) for p in exc.problems]
        ) from None
    problems += check_keywords(keywords, programme.languages)
    # Every text in every language, filled with the organisation's real values:
    # a launch that would fail at send time is refused now, naming what is missing.
    planner_fills = {name: "-" for name in PROGRAMME_SYSTEM_VARIABLES}
    problems += launch_variables.check(programme, organisation, variables, extra=planner_fills)
    _check_hhmm(default_send_time, "default send time", problems)
    _check_hhmm(quiet_start, "quiet_start", problems)
    _check_hhmm(quiet_end, "quiet_end", problems)
    if timezone:
        _check_zone(timezone, problems)
    if design not in DESIGNS:
        problems.append(f"design must be one of {', '.join(DESIGNS)}")
    elif design == "waitlist" and not programme.waitlist:
        problems.append(
            f"programme {programme_slug!r} has no waitlist texts (a consent that says who waits "
            "and why, in every language): a waitlist launch needs them"
        )
    if problems:
        raise LaunchError(problems)
    with write_transaction():
        launch = Launch.create(
            organisation=organisation,
            programme=programme.slug,
            default_send_time=default_send_time,
            timezone=timezone or None,
            quiet_start=quiet_start,
            quiet_end=quiet_end,
            variables=variables or {},
            design=design,
            allocation_seed=allocation.new_seed() if design == "waitlist" else None,
        )
        for lang, word in keywords.items():
            Keyword.create(word=normalise_keyword(word), launch=launch, language=lang)
    return launch


def set_launch_status(launch, status, *, now):
    """Pause (no new joiners, no texts), reactivate, or end a launch."""
    from .conversation.enrolment import end

    if status not in LAUNCH_STATES:
        raise LaunchError([f"status must be one of {', '.join(LAUNCH_STATES)}"])
    with write_transaction():
        launch.status = status
        launch.save()
        if status == "ended":
            # Keywords are freed for a future launch; enrolments end kindly.
            Keyword.delete().where(Keyword.launch == launch).execute()
            for enrolment in Enrolment.select().where(
                Enrolment.launch == launch, Enrolment.state.in_(OPEN_STATES)
            ):
                end(enrolment, now=utc(now))
    return launch
