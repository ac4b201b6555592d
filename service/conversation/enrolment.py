"""A participant's enrolment: joining, consent, send time, pause, stop, language.

Each action changes the database and returns the reply texts to send back.
"""

from datetime import timedelta

from ..db import lock_row, utc
from ..models import Enrolment, Launch, Message, Organisation, Participant
from ..models.messages import CANCELLED, QUEUED
from ..models.participant import (
    ACTIVE,
    ASK_TIME,
    COMPLETED,
    CONSENT,
    DECLINED,
    ENDED,
    OPEN_STATES,
    PAUSED,
    STOPPED,
)
from ..prepared import Prepared
from ..schedule import at_local, clamp_to_window, first_due, local_today, next_day_due
from . import allocation
from .answers import format_time
from .replies import programme_of, say, say_consent, when
from .vocabulary import language_words

PROGRAMME_KINDS = ("practice", "checkin", "closing")


def _with_launch():
    # The launch and organisation come with the enrolment: every reply needs them.
    return Enrolment.select(Enrolment, Launch, Organisation).join(Launch).join(Organisation)


def current(participant):
    """The participant's most recent open enrolment, or None."""
    return (
        _with_launch()
        .where(Enrolment.participant == participant, Enrolment.state.in_(OPEN_STATES))
        .order_by(Enrolment.id.desc())
        .first()
    )


_CURRENT_OR_LATEST = Prepared(
    lambda participant_id: (
        _with_launch()
        .where(Enrolment.participant == participant_id)
        .order_by(Enrolment.state.in_(OPEN_STATES).desc(), Enrolment.id.desc())
        .limit(1)
    )
)


def current_or_latest(participant):
    """(open enrolment or None, the one a reply is about) in one query: the
    open one when there is one, else the most recent of any state."""
    found = _CURRENT_OR_LATEST.first(participant.id)
    if found is None:
        return None, None
    return (found if found.state in OPEN_STATES else None), found


def latest(participant):
    """The participant's most recent enrolment in any state, or None."""
    return (
        _with_launch()
        .where(Enrolment.participant == participant)
        .order_by(Enrolment.id.desc())
        .first()
    )


def unplan(enrolment):
    """Take back programme texts queued but not sent, so their day is not lost.

    Rows are deleted (not cancelled) so the planner can queue the same day
    again under the same unique key later. A day whose practice already went
    out is not repeated; only its unsent check-in is dropped.
    """
    queued = list(
        Message.select(Message.id, Message.day, Message.kind).where(
            Message.enrolment == enrolment,
            Message.state == QUEUED,
            Message.kind.in_(PROGRAMME_KINDS),
        )
    )
    Message.delete().where(Message.id.in_([m.id for m in queued])).execute()
    unsent_days = [m.day for m in queued if m.kind == "practice"]
    if unsent_days:
        enrolment.next_day = min(min(unsent_days), enrolment.next_day)
        enrolment.last_planned_on = None
    if any(m.kind == "closing" for m in queued) and enrolment.state == COMPLETED:
        enrolment.state = ACTIVE


def join(participant, keyword, *, now):
    """A programme keyword: start (or repeat) the consent question."""
    launch = keyword.launch
    # Two keywords arriving at once from one person must not open two
    # enrolments: hold the participant while looking and creating.
    lock_row(Participant, participant.id)
    existing = (
        Enrolment.select()
        .where(
            Enrolment.participant == participant,
            Enrolment.launch == launch,
            Enrolment.state.in_(OPEN_STATES),
        )
        .first()
    )
    if existing and existing.state in (ACTIVE, PAUSED):
        return [say("already_enrolled", enrolment=existing)]
    if existing and existing.state == ASK_TIME:
        return [say("ask_time", enrolment=existing)]
    if existing:
        existing.language = keyword.language
        existing.save()
        return [say_consent(existing)]
    enrolment = Enrolment.create(
        participant=participant,
        launch=launch,
        language=keyword.language,
        state=CONSENT,
        timezone=participant.timezone or launch.zone(),
        created_at=utc(now),
    )
    participant.language = keyword.language
    participant.save()
    return [say_consent(enrolment)]


def consent(enrolment, agreed, *, now):
    """YES or NO to the consent question."""
    if not agreed:
        enrolment.state = DECLINED
        enrolment.ended_at = utc(now)
        enrolment.save()
        return [say("declined", enrolment=enrolment)]
    # One programme at a time: joining a new one ends the old one.
    for other in Enrolment.select().where(
        Enrolment.participant == enrolment.participant,
        Enrolment.state.in_(OPEN_STATES),
        Enrolment.id != enrolment.id,
    ):
        end(other, now=now)
    enrolment.state = ASK_TIME
    enrolment.consented_at = utc(now)
    enrolment.reasked = False
    if enrolment.launch.design == "waitlist":
        # Allocated on saying yes: everyone who consented is in the comparison.
        allocation.allocate(enrolment, now=now)
    enrolment.save()
    return [say("ask_time", enrolment=enrolment)]


def _window(enrolment):
    return enrolment.launch.quiet_hours()


def choose_time(enrolment, hhmm, *, now):
    """The answer to 'what time suits you': start the programme."""
    hhmm = clamp_to_window(hhmm or enrolment.launch.default_send_time, *_window(enrolment))
    enrolment.send_time = hhmm
    enrolment.state = ACTIVE
    enrolment.reasked = False
    if enrolment.arm == "wait" and enrolment.last_planned_on is None:
        enrolment.next_day = 0  # the waiting day: the screener now, the programme later
    enrolment.next_due_at = first_due(utc(now), enrolment.timezone, hhmm)
    enrolment.save()
    return [say("confirm_start", enrolment=enrolment, when=_when(enrolment, now))]


def _when(enrolment, now):
    return when(enrolment.next_due_at, enrolment.timezone, enrolment.language, utc(now))


def _next_due(enrolment, now):
    """The next due time from now, never twice on a local day already planned."""
    due = first_due(utc(now), enrolment.timezone, enrolment.send_time)
    planned = enrolment.last_planned_on
    if planned is not None:
        due = max(due, next_day_due(planned, enrolment.timezone, enrolment.send_time))
    return due


def change_time(enrolment, hhmm, *, now):
    """TIME 7pm: a new daily send time."""
    enrolment.send_time = clamp_to_window(hhmm, *_window(enrolment))
    if enrolment.state == ACTIVE:
        enrolment.next_due_at = _next_due(enrolment, now)
    elif enrolment.state == PAUSED and enrolment.paused_until is not None:
        # Still paused until its first day back, now at the new time.
        enrolment.next_due_at = at_local(
            enrolment.paused_until, enrolment.send_time, enrolment.timezone
        )
    enrolment.save()
    text = format_time(enrolment.send_time, enrolment.language)
    when = _when(enrolment, now) if enrolment.state == ACTIVE else text
    return [say("time_changed", enrolment=enrolment, time=text, when=when)]


def pause(enrolment, *, now, days=None):
    """PAUSE (until RESUME) or PAUSE 3 (for three days)."""
    unplan(enrolment)
    enrolment.state = PAUSED
    if days:
        # paused_until is the first local day back: PAUSE 3 on Monday skips
        # Tuesday to Thursday and the planner wakes it on Friday.
        back = local_today(utc(now), enrolment.timezone) + timedelta(days=days + 1)
        enrolment.paused_until = back
        enrolment.next_due_at = max(
            _next_due(enrolment, now), at_local(back, enrolment.send_time, enrolment.timezone)
        )
    else:
        enrolment.paused_until = None
    enrolment.save()
    if days:
        return [say("paused_days", enrolment=enrolment, days=days)]
    return [say("paused", enrolment=enrolment)]


def _reactivate(enrolment, now):
    enrolment.state = ACTIVE
    enrolment.paused_until = None
    enrolment.ended_at = None
    enrolment.next_due_at = _next_due(enrolment, now)
    enrolment.save()


def resume(enrolment, *, now):
    """RESUME: carry on from the day after the last one sent."""
    _reactivate(enrolment, now)
    return [say("resumed", enrolment=enrolment, when=_when(enrolment, now))]


def end(enrolment, *, now, state=ENDED):
    """Close an enrolment for good (staff action, launch ended, or replaced)."""
    unplan(enrolment)
    enrolment.state = state
    enrolment.ended_at = utc(now)
    enrolment.pending = None
    enrolment.save()


def stop_all(participant, *, now):
    """STOP: nothing more is sent to this number until START."""
    participant.opted_out = True
    participant.opted_out_at = utc(now)
    participant.save()
    _, about = current_or_latest(participant)
    for enrolment in Enrolment.select().where(
        Enrolment.participant == participant, Enrolment.state.in_(OPEN_STATES)
    ):
        end(enrolment, now=now, state=STOPPED)
    Message.update(state=CANCELLED).where(
        Message.participant == participant, Message.state == QUEUED
    ).execute()
    if about is not None:
        return [say("stopped", enrolment=about)]
    return [say("stopped_general", lang=participant.language or "en")]


def start(participant, *, now):
    """START / UNSTOP: lift the opt-out and resume what STOP interrupted."""
    participant.opted_out = False
    participant.opted_out_at = None
    participant.save()
    enrolment = latest(participant)
    if enrolment is None or enrolment.state != STOPPED:
        lang = enrolment.language if enrolment else participant.language or "en"
        return [say("started_nothing", lang=lang)]
    if enrolment.send_time:
        _reactivate(enrolment, now)
        return [say("started", enrolment=enrolment, when=_when(enrolment, now))]
    enrolment.ended_at = None
    if enrolment.consented_at:
        enrolment.state = ASK_TIME
        enrolment.save()
        return [say("ask_time", enrolment=enrolment)]
    enrolment.state = CONSENT
    enrolment.save()
    return [say_consent(enrolment)]


def change_language(enrolment, lang, *, now):
    """LANG ES: switch the programme's language where it has one."""
    programme = programme_of(enrolment.launch)
    lang = (lang or "").strip().lower()[:2]
    if lang not in programme.languages:
        names = ", ".join(code.upper() for code in programme.languages)
        return [say("lang_unavailable", enrolment=enrolment, languages=names)]
    enrolment.language = lang
    enrolment.save()
    enrolment.participant.language = lang
    enrolment.participant.save()
    name = language_words(lang).get("language_name", lang.upper())
    return [say("lang_changed", enrolment=enrolment, language_name=name)]


def complete(enrolment, *, now):
    """The last day is done."""
    enrolment.state = COMPLETED
    enrolment.completed_at = utc(now)
    enrolment.pending = None
    enrolment.next_due_at = None
    enrolment.save()
