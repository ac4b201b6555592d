"""Twilio's webhooks and the health check. Thin: parse, call the domain, answer."""

from flask import Blueprint, Response, abort, current_app, request
from twilio.twiml.messaging_response import MessagingResponse

from ..conversation.inbound import receive_text
from ..db import database
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
    sender, sid = request.form.get("From"), request.form.get("MessageSid")
    if not sender or not sid:
        abort(400)
    replies = receive_text(
        phone=sender,
        body=request.form.get("Body", ""),
        message_sid=sid,
        to=request.form.get("To", ""),
        now=current_app.config["CLOCK"](),
    )
    twiml = MessagingResponse()
    for body in replies:
        twiml.message(body)
    return Response(str(twiml), mimetype="text/xml")


@bp.post("/twilio/status")
@twilio_signed
def delivery_status():
    """Twilio's delivery report for a text we sent."""
    sid, status = request.form.get("MessageSid"), request.form.get("MessageStatus")
    if not sid or not status:
        abort(400)
    apply_status(
        sid,
        status,
        request.form.get("ErrorCode") or None,
        now=current_app.config["CLOCK"](),
    )
    return Response(status=204)
