"""Settings, read from the environment when the app or clock starts."""

import os
from pathlib import Path

from .db import utcnow

ROOT = Path(__file__).resolve().parent.parent


def from_env(environ=None):
    """The settings dictionary for create_app, from environment variables."""
    env = os.environ if environ is None else environ
    has_twilio = bool(env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN"))
    return {
        "DATABASE_URL": env.get("DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'kindly.db'}"),
        "SECRET_KEY": env.get("SECRET_KEY", "dev-only-not-secret"),
        "SMS_BACKEND": env.get("SMS_BACKEND", "twilio" if has_twilio else "console"),
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID", ""),
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN", ""),
        "TWILIO_FROM_NUMBER": env.get("TWILIO_FROM_NUMBER", ""),
        "TWILIO_MESSAGING_SERVICE_SID": env.get("TWILIO_MESSAGING_SERVICE_SID", ""),
        "TWILIO_API_BASE_URL": env.get("TWILIO_API_BASE_URL", ""),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "").rstrip("/"),
        # How many proxies (the platform's router) stand in front of gunicorn.
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "1")),
        # Messages per second the dispatcher may send (the number's carrier limit).
        "SEND_RATE": float(env.get("SEND_RATE", "1")),
        "SEND_CONCURRENCY": int(env.get("SEND_CONCURRENCY", "20")),
        "TICK_SECONDS": int(env.get("TICK_SECONDS", "30")),
        # The outcome report shows no figure about fewer people than this.
        "OUTCOME_MIN_GROUP": int(env.get("OUTCOME_MIN_GROUP", "10")),
        "PROGRAMS_DIR": programs_dir(),
        "TEMPLATES_SMS_DIR": templates_dir(),
        # Twilio's webhook bodies are small; anything larger is not Twilio.
        "MAX_CONTENT_LENGTH": 64 * 1024,
        # What handlers take as "now". Tests put a settable clock here.
        "CLOCK": utcnow,
    }


def min_group():
    """The smallest group a shown figure may describe (OUTCOME_MIN_GROUP, default 10)."""
    return int(os.environ.get("OUTCOME_MIN_GROUP", "10"))


def programs_dir():
    """Where programme files live (PROGRAMS_DIR, default programs/)."""
    return os.environ.get("PROGRAMS_DIR", str(ROOT / "programs"))


def templates_dir():
    """Where system texts and word lists live (TEMPLATES_SMS_DIR, default templates_sms/)."""
    return os.environ.get("TEMPLATES_SMS_DIR", str(ROOT / "templates_sms"))
