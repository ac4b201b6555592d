"""What happens when a text arrives: store it once, then route it.

Order matters: STOP first (it must always work at once), then the safety
screen (before anything could read a cry for help as an answer), then
reserved keywords, programme keywords, the open question, and finally a
kind acknowledgement.
"""

import logging
import uuid

from peewee import IntegrityError

from .. import followup
from ..db import Prepared, utc, write_transaction
from ..launches import find_keyword
from ..models import Inbound, Message, Participant
from ..models.messages import SENT
from ..models.participant import ACTIVE, ASK_TIME, CONSENT, PAUSED
from ..phones import InvalidNumber, mask, normalise, single_timezone
from . import answers, checkins
from . import enrolment as enrolments
from .keywords import classify
from .replies import home_organisation, say
from .safety import raise_alert, screen

log = logging.getLogger(__name__)

MAX_BODY = 1600  # Twilio's own limit for one inbound message


def clean(body):
    """The body as we keep it: no NUL bytes (PostgreSQL refuses them), bounded."""
    return (body or "").replace("\x00", "")[:MAX_BODY]


def receive_text(*, phone, body, message_sid, to="", now, is_test=False):
    """Handle one inbound text; return the reply bodies (stored with it).

    A MessageSid already seen returns the replies stored the first time, so
    Twilio's retries never act twice.
    """
    body = clean(body)
    try:
        number = normalise(phone)
    except InvalidNumber:
        number = None
    try:
        with write_transaction():
            inbound = Inbound.create(
                message_sid=message_sid,
                from_number=number or (phone or "")[:64],
                to_number=(to or "")[:64],
                body=body,
                received_at=utc(now),
            )
            if number is None:
                # A whatsapp: sender or garbage: kept, not answered.
                inbound.kind = "unsupported"
                inbound.save()
                log.info("inbound %s from an unsupported sender", inbound.id)
                return []
            participant = _participant(number, is_test, now)
            inbound.participant = participant
            replies = route(participant, inbound, body, now=now)
            inbound.save()
            followup.text_arrived(participant, inbound, now=now)
            _store(replies, participant, inbound, now)
    except IntegrityError:
        existing = Inbound.get_or_none(Inbound.message_sid == message_sid)
        if existing is None:
            raise
        log.info("inbound %s repeated by the carrier; not acted on twice", existing.id)
        return [m.body for m in existing.replies.order_by(Message.id)]
    log.info("inbound %s from %s taken as %s", inbound.id, mask(number), inbound.kind)
    return [r.body for r in replies]


_PARTICIPANT = Prepared(lambda phone: Participant.select().where(Participant.phone == phone))


def _participant(number, is_test, now):
    participant = _PARTICIPANT.first(number)
    if participant is None:
        participant = Participant.create(
            phone=number,
            timezone=single_timezone(number),
            is_test=is_test,
            created_at=utc(now),
        )
    return participant


def _store(replies, participant, inbound, now):
    for reply in replies:
        Message.create(
            participant=participant,
            enrolment=inbound.enrolment,
            in_reply_to=inbound,
            dedupe_key=reply.dedupe_key,
            kind=reply.kind,
            day=reply.day,
            item=reply.item,
            body=reply.body,
            language=inbound.enrolment.language if inbound.enrolment else participant.language,
            state=SENT,
            send_after=utc(now),
            sent_at=utc(now),
            created_at=utc(now),
        )


def route(participant, inbound, text, *, now):
    """Decide what the text is and act on it; returns Replies."""
    command = classify(text)
    current, inbound.enrolment = enrolments.current_or_latest(participant)

    if command and command.name == "stop":
        inbound.kind = "stop"
        return enrolments.stop_all(participant, now=now)

    crisis = screen(text)
    if crisis:
        inbound.kind = "crisis"
        enrolment = inbound.enrolment
        # A stranger's alert goes to the organisation whose crisis line we
        # just gave them, so that someone sees it.
        organisation = enrolment.launch.organisation if enrolment else home_organisation()
        lang = enrolment.language if enrolment else crisis[0]
        raise_alert(
            organisation=organisation,
            participant=participant,
            inbound=inbound,
            reason=f"crisis terms ({crisis[0]})",
            now=now,
        )
        return [say("crisis", enrolment=enrolment, lang=lang)]

    keyword = None if command else find_keyword(text)
    if participant.opted_out:
        if command and command.name == "start":
            inbound.kind = "start"
            return enrolments.start(participant, now=now)
        if keyword is None:
            inbound.kind = "ignored"  # opted out: we do not answer
            return []
        # Texting a programme keyword is a fresh opt-in.
        participant.opted_out = False
        participant.save()

    if command:
        inbound.kind = command.name
        handled = _command(command, participant, current, inbound.enrolment, now)
        if handled is not None:
            return handled

    if keyword is not None:
        inbound.kind = "keyword"
        replies = enrolments.join(participant, keyword, now=now)
        inbound.enrolment = enrolments.current(participant)
        return replies

    if current is not None:
        replies = _answer(current, inbound, text, command, now)
        if replies is not None:
            return replies

    inbound.kind = inbound.kind if command else "other"
    if inbound.enrolment is None:
        return [say("unknown_keyword", lang=participant.language or "en")]
    return [say("ack", enrolment=inbound.enrolment)]


def _command(command, participant, current, latest, now):
    """START, HELP, PAUSE, RESUME, TIME, LANG. None: let the conversation read it."""
    name = command.name
    lang = current.language if current else command.language
    if name == "start":
        return enrolments.start(participant, now=now)
    if name == "help":
        enrolment = current or latest
        if enrolment is None:
            return [say("help_general", lang=lang)]
        return [say("help", enrolment=enrolment)]
    if current is None:
        # PAUSE, TIME or LANG with no programme to act on.
        return None if name in ("yes", "no") else [say("unknown_keyword", lang=lang)]
    if current.state not in (ACTIVE, PAUSED):
        return None  # consent or send time still open: the conversation reads it
    if name == "pause":
        days = answers.numbers_in(command.argument)
        return enrolments.pause(current, now=now, days=days[0] if days else None)
    if name == "resume":
        return enrolments.resume(current, now=now)
    if name == "time":
        hhmm = answers.parse_time(command.argument)
        if hhmm is None:
            return [say("time_unreadable", enrolment=current)]
        return enrolments.change_time(current, hhmm, now=now)
    if name == "lang":
        return enrolments.change_language(current, command.argument, now=now)
    return None


def _answer(current, inbound, text, command, now):
    """The reply to whatever question is open, or None if none is."""
    if current.state == CONSENT:
        inbound.kind = "consent"
        if command and command.name in ("yes", "no"):
            return enrolments.consent(current, command.name == "yes", now=now)
        if current.reasked:
            return []  # asked twice already: say nothing more, wait for YES
        current.reasked = True
        current.save()
        return [say("consent_reask", enrolment=current)]
    if current.state == ASK_TIME:
        inbound.kind = "send_time"
        argument = command.argument if command and command.name == "time" else text
        default = command is not None and command.name == "yes"
        hhmm = None if default else answers.parse_time(argument)
        if hhmm is None and not default and not current.reasked:
            current.reasked = True
            current.save()
            return [say("time_reask", enrolment=current)]
        # Unreadable twice: start at the default time rather than ask a third time.
        return enrolments.choose_time(current, hhmm, now=now)
    if current.pending == "checkin":
        inbound.kind = "checkin"
        return checkins.answer(current, text, inbound, now=now)
    return None


def simulated_sid():
    """A MessageSid for texts that did not come through Twilio."""
    return "SMsim" + uuid.uuid4().hex
