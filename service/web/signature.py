"""Twilio's request signature, checked over the public URL Twilio called."""

from functools import wraps

from flask import abort, current_app, request
from twilio.request_validator import RequestValidator


def public_url():
    """The URL as Twilio saw it: PUBLIC_BASE_URL (behind a TLS proxy) + path."""
    base = current_app.config.get("PUBLIC_BASE_URL") or request.host_url.rstrip("/")
    query = request.query_string.decode("latin-1")
    return f"{base}{request.path}" + (f"?{query}" if query else "")


def is_valid():
    """True when X-Twilio-Signature matches the auth token, URL and form."""
    token = current_app.config.get("TWILIO_AUTH_TOKEN")
    signature = request.headers.get("X-Twilio-Signature", "")
    if not token or not signature:
        return False
    validator = RequestValidator(token)
    return validator.validate(public_url(), request.form.to_dict(), signature)


def twilio_signed(view):
    """403 (and nothing written) unless the request is signed by Twilio."""

    @wraps(view)
    def checked(*args, **kwargs):
        if not is_valid():
            current_app.logger.warning("rejected unsigned webhook on %s", request.path)
            abort(403)
        return view(*args, **kwargs)

    return checked
