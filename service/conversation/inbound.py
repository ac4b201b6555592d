"""What happens when a text arrives: store it once, then route it.

Order matters: STOP first (it must always work at once), then the safety
screen (before anything could read a cry for help as an answer), then
FORGET and its YES (conversation/forget.py; a person waiting to be erased
hears nothing more, nor from an organisation that asked to forget them),
then reserved keywords, programme keywords, the open question, and finally
a kind acknowledgement.
"""

import logging
import uuid
from dataclasses import dataclass

from peewee import IntegrityError

from .. import bounds, followup
from ..content import gsm
from ..content.templates import DEFAULT_LANGUAGE, languages
from ..db import insert_new, is_postgres, utc, write_transaction
from ..launches import find_keyword
from ..models import ErasedFrom, Inbound, Message, Organisation, Participant
from ..models.messages import SENT
from ..models.participant import ACTIVE, ASK_TIME, CONSENT, PAUSED, new_pseudonym
from ..phones import InvalidNumber, mask, normalise, single_timezone
from ..prepared import Prepared
from ..safety import screen
from ..safety.screen import Decision
from . import answers, checkins, forget
from . import enrolment as enrolments
from .keywords import Command, classify
from .replies import say
from .safety import respond

log = logging.getLogger(__name__)

MAX_BODY = 1600  # Twilio's own limit for one inbound message


def clean(body):
    """The body as we keep it: no NUL bytes (PostgreSQL refuses them), bounded."""
    return (body or "").replace("\x00", "")[:MAX_BODY]


@dataclass(frozen=True)
class Reading:
    """What a text says, read before any lock is taken: none of it depends on
    who sent it, so two workers read their texts side by side and the write
    transaction holds only the writes (and the reads a decision needs)."""

    command: Command | None
    decision: Decision
    keyword: object  # the Keyword the text is, or None


def read_text(body):
    """The Reading of a text: command, safety screen and programme keyword."""
    command = classify(body)
    decision = screen(body)
    keyword = None if command or decision.is_risk else find_keyword(body)
    return Reading(command, decision, keyword)


def receive_text(*, phone, body, message_sid, to="", now, is_test=False):
    """Handle one inbound text; return the reply bodies (stored with it).

    A MessageSid already seen returns the replies stored the first time, so
    Twilio's retries never act twice. A repeat is told by the MessageSid
    alone: a unique-key error elsewhere (another request creating the same
    thing at the same moment) is no repeat, and the whole text is handled
    again on top of what that request committed.
    """
    body = clean(body)
    try:
        number = normalise(phone)
    except InvalidNumber:
        number = None
    reading = read_text(body) if number else None
    for attempt in range(1, ATTEMPTS + 1):
        try:
            return _receive(number, phone, body, message_sid, to, now, is_test, reading)
        except IntegrityError as exc:
            # The error's own text names the values (a phone number): only its type.
            log.warning("inbound: %s on try %d of %d", type(exc).__name__, attempt, ATTEMPTS)
            if attempt == ATTEMPTS:
                raise
    return []  # not reached


ATTEMPTS = 3

_INSERT_INBOUND = Prepared(
    lambda sid, participant, enrolment, organisation, sender, to, body, kind, at: (
        Inbound.insert(
            message_sid=sid,
            participant=participant,
            enrolment=enrolment,
            organisation=organisation,
            from_number=sender,
            to_number=to,
            body=body,
            kind=kind,
            received_at=at,
        )
        .on_conflict_ignore()
        .returning(Inbound.id)
    )
)
_TAKEN_AS = Prepared(
    lambda kind, enrolment, organisation, inbound: Inbound.update(
        kind=kind, enrolment=enrolment, organisation=organisation
    ).where(Inbound.id == inbound)
)


def organisation_of(found, reading):
    """Whose text this is, as an organisation id, or None (the site's inbox).

    The organisation of the programme the text is about (the open enrolment,
    else the latest of any state: a past enrolment tells too), else of the
    keyword it names, else the only organisation when there is just one.
    Otherwise no organisation can be told from a shared number.
    """
    if found[1] is not None:
        return found[1].launch.organisation_id
    if reading is not None and reading.keyword is not None:
        return reading.keyword.launch.organisation_id
    return sole_organisation_id()


def sole_organisation_id():
    """The id of the only organisation, or None when there are none or several."""
    ids = [o.id for o in Organisation.select(Organisation.id).order_by(Organisation.id).limit(2)]
    return ids[0] if len(ids) == 1 else None


def _receive(number, phone, body, message_sid, to, now, is_test, reading):
    with write_transaction():
        # The participant first, locked: two texts from one number are then
        # handled one after the other, never interleaved.
        participant = participant_for(number, is_test=is_test, now=now) if number else None
        # The enrolment a reply is about, read before the text is stored so the
        # row is written with it: the kind set after routing then changes no
        # indexed column (PostgreSQL updates the row in place).
        found = enrolments.current_or_latest(participant) if participant else (None, None)
        organisation = organisation_of(found, reading) if participant else None
        fields = {
            "message_sid": message_sid,
            "participant": participant,
            "enrolment": found[1],
            "organisation": organisation,
            "from_number": number or bounds.text(phone, bounds.MAX_ADDRESS),
            "to_number": bounds.text(to, bounds.MAX_ADDRESS),
            "body": body,
            "received_at": utc(now),
            # A whatsapp: sender or garbage: kept, not answered.
            "kind": _likely_kind(reading, found[0]) if number else "unsupported",
        }
        inbound_enrolment = found[1].id if found[1] else None
        inbound_id = _INSERT_INBOUND.execute(
            message_sid,
            participant.id if participant else None,
            inbound_enrolment,
            organisation,
            *(fields[k] for k in ("from_number", "to_number", "body", "kind", "received_at")),
        )
        if inbound_id is None:
            existing = Inbound.get(Inbound.message_sid == message_sid)
            log.info("inbound %s repeated by the carrier; not acted on twice", existing.id)
            return [m.body for m in existing.replies.order_by(Message.id)]
        if number is None:
            log.info("inbound %s from an unsupported sender", inbound_id)
            return []
        inbound = Inbound(id=inbound_id, **fields)
        replies = route(participant, inbound, body, now=now, reading=reading, found=found)
        if inbound.enrolment is not None:
            # Routing may have found another programme (a keyword joined one).
            inbound.organisation = inbound.enrolment.launch.organisation_id
        taken = (inbound.kind, inbound.enrolment_id, inbound.organisation_id)
        if taken != (fields["kind"], inbound_enrolment, organisation):
            _TAKEN_AS.execute(*taken, inbound.id)
        followup.text_arrived(participant, inbound, now=now)
        _store(replies, participant, inbound, now)
    log.info("inbound %s from %s taken as %s", inbound.id, mask(number), inbound.kind)
    return [r.body for r in replies]


def _likely_kind(reading, current):
    """What the text will most likely be taken as, so that it is stored so at
    once and, when routing agrees (nearly always), never written twice."""
    command = reading.command
    if command is not None and command.name == "stop":
        return "stop"
    if reading.decision.is_risk:
        return reading.decision.tier
    if current is not None and current.pending == "checkin" and not command and not reading.keyword:
        return "checkin"
    return "other"


_PARTICIPANT = Prepared(lambda phone: Participant.select().where(Participant.phone == phone))
# PostgreSQL: read and lock in one step (SQLite's write transaction holds everything).
_PARTICIPANT_LOCKED = Prepared(
    lambda phone: Participant.select().where(Participant.phone == phone).for_update()
)


def participant_for(number, *, is_test, now):
    """The Participant for an E.164 number, created if new (an upsert), held
    for the rest of the transaction so texts from one number queue up."""
    find = _PARTICIPANT_LOCKED if is_postgres() else _PARTICIPANT
    for _ in range(ATTEMPTS):
        participant = find.first(number)
        if participant is not None:
            return participant
        # Ours or the one that won the race: read back (and locked) on the next turn.
        insert_new(
            Participant,
            phone=number,
            pseudonym=new_pseudonym(),
            timezone=single_timezone(number),
            is_test=is_test,
            created_at=utc(now),
        )
    raise IntegrityError("no participant row after creating one")


def _reply_row(
    participant, enrolment, organisation, inbound, key, kind, day, item, body, lang, encoding, n, at
):
    return Message.insert(
        participant=participant,
        enrolment=enrolment,
        organisation=organisation,
        in_reply_to=inbound,
        dedupe_key=key,
        kind=kind,
        day=day,
        item=item,
        body=body,
        language=lang,
        encoding=encoding,
        segments=n,
        state=SENT,
        send_after=at,
        sent_at=at,
        created_at=at,
        attempts=0,
        sends=0,
    )


_REPLY = Prepared(_reply_row)


def _store(replies, participant, inbound, now):
    """Each reply as a sent Message: TwiML carries it in the answer to this request."""
    lang = inbound.enrolment.language if inbound.enrolment else participant.language
    for reply in replies:
        cost = gsm.cost(reply.body)
        _REPLY.execute(
            participant.id,
            inbound.enrolment_id,
            inbound.organisation_id,
            inbound.id,
            reply.dedupe_key,
            reply.kind,
            reply.day,
            reply.item,
            reply.body,
            lang,
            cost.encoding,
            cost.segments,
            utc(now),
        )


def _forgotten_by_its_organisation(participant, inbound, current, keyword):
    """The organisation this text is for, or whose programme keyword it is, asked to
    forget the person (privacy/erasure.py): it says nothing more and takes no one
    back until the clock has erased its rows. Not asked of a reply to an open
    enrolment: that erasure ended the organisation's own."""
    orgs = {keyword.launch.organisation_id} if keyword else set()
    if current is None and inbound.organisation_id is not None:
        orgs.add(inbound.organisation_id)
    if not orgs:
        return False
    return (
        ErasedFrom.select()
        .where(ErasedFrom.participant == participant.id, ErasedFrom.organisation.in_(orgs))
        .exists()
    )


def route(participant, inbound, text, *, now, reading=None, found=None):
    """Decide what the text is and act on it; returns Replies.

    `found`: (open enrolment or None, the one a reply is about), when the
    caller has read them already.
    """
    reading = reading or read_text(text)
    command = reading.command
    current, inbound.enrolment = found or enrolments.current_or_latest(participant)
    inbound.kind = "other"  # until routing says what it is (whatever it was stored as)

    if command and command.name == "stop":
        inbound.kind = "stop"
        return enrolments.stop_all(participant, now=now)

    decision = reading.decision
    if decision.is_risk:
        # A risky text is never read as an answer or a command (but STOP).
        inbound.kind = decision.tier
        enrolment = inbound.enrolment
        # A stranger's alert goes to the organisation the text is told to be
        # for (inbound.organisation), or to the site's inbox when none can be
        # told; their reply gives the first organisation's crisis line.
        organisation = enrolment.launch.organisation if enrolment else inbound.organisation
        lang = enrolment.language if enrolment else _reply_language(participant, decision)
        return [
            respond(
                decision,
                participant=participant,
                inbound=inbound,
                enrolment=enrolment,
                organisation=organisation,
                lang=lang,
                now=now,
            )
        ]

    if participant.erasure or _forgotten_by_its_organisation(
        participant, inbound, current, reading.keyword
    ):
        inbound.kind = "ignored"  # asked to be forgotten: nothing more is said
        return []
    lang = (current.language if current else None) or participant.language
    if command and command.name == "forget":
        inbound.kind = "forget"
        return forget.ask(participant, lang or command.language, now)
    if participant.forget_asked_at is not None:
        if forget.asked(participant, now):
            replies = forget.confirm(participant, command, lang or DEFAULT_LANGUAGE, now)
            if replies is not None:
                inbound.kind = "forget"
                return replies
        else:
            participant.forget_asked_at = None
            participant.save()

    keyword = reading.keyword
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


def _reply_language(participant, decision):
    """A stranger's language: the one they chose before, else the one they wrote in."""
    if participant.language:
        return participant.language
    return decision.language if decision.language in languages() else DEFAULT_LANGUAGE


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
