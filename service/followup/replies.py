"""A staff member's one-off text to a participant, through the outbox.

It is queued like every other text, so the dispatcher paces, retries and
records it, and the delivery report lands on it. It is a reply, so quiet
hours and a programme hold do not delay it. It is queued once per form (the
form's one-time key is its dedupe_key), so a double click or a resent form
cannot send it twice. An opted-out person can be answered only within 24
hours of a text they sent (carriers' rules for replying after STOP).
"""

from datetime import timedelta

from peewee import IntegrityError

from ..content import gsm
from ..db import utc, write_transaction
from ..marks import N_
from ..models import Enrolment, Inbound, Launch, Message
from ..models.followup import SavedReply
from ..models.messages import QUEUED

KIND = "staff_reply"
OPTED_OUT_WINDOW = timedelta(hours=24)
MAX_LENGTH = 640  # four segments of GSM-7; a reply, not a letter


class ReplyRefused(ValueError):
    """A reply that cannot go; the message says why, for staff."""


def last_text_at(participant):
    """When the person last texted the service (naive UTC), or None."""
    return (
        Inbound.select(Inbound.received_at)
        .where(Inbound.participant == participant)
        .order_by(Inbound.received_at.desc())
        .scalar()
    )


def refusal(participant, *, now):
    """Why no reply can go to this person now, or None when one can."""
    if not participant.opted_out:
        return None
    last = last_text_at(participant)
    if last is not None and last > utc(now) - OPTED_OUT_WINDOW:
        return None
    return N_(
        "This person texted STOP. They can be answered only within 24 hours of a text "
        "they send, and their last text is older than that, so no reply can go."
    )


def check_body(body):
    """The body to send (trimmed), or ReplyRefused saying what is wrong with it."""
    # Folded to GSM-7 like programme texts (á -> a; é, ñ, ¿ stay): an accented
    # Spanish reply costs what an English one does.
    body = gsm.fold((body or "").strip().replace("\r\n", "\n"))
    if not body:
        raise ReplyRefused(N_("Please write the text to send."))
    if len(body) > MAX_LENGTH:
        raise ReplyRefused(N_("Please keep a reply to 640 characters or fewer."))
    return body


def send(participant, organisation, body, *, by, key, now):
    """Queue a staff reply (by: the writer's name as shown) and return its Message.

    `key` is the form's one-time key: the same key queues one text however
    often it is posted.
    """
    body = check_body(body)
    why_not = refusal(participant, now=now)
    if why_not:
        raise ReplyRefused(why_not)
    dedupe_key = f"staff:{key}"
    enrolment = (
        Enrolment.select()
        .join(Launch)
        .where(Enrolment.participant == participant, Launch.organisation == organisation)
        .order_by(Enrolment.id.desc())
        .first()
    )
    cost = gsm.cost(body)
    try:
        with write_transaction():
            return Message.create(
                participant=participant,
                enrolment=enrolment,
                organisation=organisation,
                dedupe_key=dedupe_key,
                kind=KIND,
                body=body,
                language=enrolment.language if enrolment else participant.language,
                encoding=cost.encoding,
                segments=cost.segments,
                state=QUEUED,
                send_after=utc(now),
                created_at=utc(now),
                sent_by=by,
            )
    except IntegrityError:
        existing = Message.get_or_none(Message.dedupe_key == dedupe_key)
        if existing is None:
            raise
        if existing.participant_id != participant.id or existing.organisation_id != getattr(
            organisation, "id", organisation
        ):
            # A form's one-time key posted again for someone else: nothing sent.
            raise ReplyRefused(
                "This reply form was already used. Please write the reply again."
            ) from None
        return existing


def offered(org, lang, defaults):
    """[(title, body)] to start a reply to someone who reads `lang`: the organisation's
    saved replies in that language (or for any language), else the defaults in it.

    `defaults(variables, lang)` gives the defaults (texts.default_saved_replies)."""
    saved = [
        (r.title, r.body) for r in saved_replies_of(org) if not r.language or r.language == lang
    ]
    return saved or defaults(org.template_variables(lang), lang)


def saved_replies_of(org):
    """The organisation's saved replies, oldest first."""
    return list(SavedReply.select().where(SavedReply.organisation == org).order_by(SavedReply.id))


def saved_reply_of(org, saved_reply_id):
    """The organisation's saved reply with this id, or None."""
    return SavedReply.get_or_none(SavedReply.id == saved_reply_id, SavedReply.organisation == org)
