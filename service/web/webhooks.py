"""Twilio's webhooks and the health check. Thin: parse, call the domain, answer.

Every field is bounded and cleaned (service/bounds.py) after the signature
check (which must see the fields exactly as Twilio signed them) and before
anything reaches the database: a sid or status that Twilio could not have sent
(not of its shape: a line break, 20 digits) is 400.
"""

from flask import Blueprint, Response, abort, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from .. import bounds
from ..conversation.inbound import MAX_BODY, receive_text
from ..db import database
from ..db_pool import once_more_if_connection_lost
from ..sending.status import apply_status
from .signature import twilio_signed

bp = Blueprint("webhooks", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness and database check for the platform's router."""
    database.execute_sql("SELECT 1")
    return {"status": "ok"}


@bp.post("/twilio/sms")
@twilio_signed
def inbound_sms():
    """A text from a participant: answer with TwiML replies."""
    form = request.form
    sid = bounds.token(form.get("MessageSid"), shape=bounds.SID_SHAPE)
    sender = bounds.text(form.get("From"), bounds.MAX_ADDRESS).strip()
    if not sender or not sid:
        abort(400)
    replies = once_more_if_connection_lost(
        lambda: receive_text(
            phone=sender,
            body=bounds.text(form.get("Body"), MAX_BODY),
            message_sid=sid,
            to=bounds.text(form.get("To"), bounds.MAX_ADDRESS),
            now=current_app.config["CLOCK"](),
        )
    )
    twiml = MessagingResponse()
    for body in replies:
        twiml.message(body)
    return Response(str(twiml), mimetype="text/xml")


@bp.post("/twilio/status")
@twilio_signed
def delivery_status():
    """Twilio's delivery report for a text we sent."""
    form = request.form
    sid = bounds.token(form.get("MessageSid"), shape=bounds.SID_SHAPE)
    status = bounds.token(form.get("MessageStatus"), 32, shape=bounds.STATUS_SHAPE)
    if not sid or not status:
        abort(400)
    once_more_if_connection_lost(
        lambda: apply_status(
            sid,
            status,
            bounds.token(form.get("ErrorCode"), 16),
            now=current_app.config["CLOCK"](),
        )
    )
    return Response(status=204)
