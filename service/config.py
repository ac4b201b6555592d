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
        # After a crisis text, programme texts wait this long for a human at most.
        "CRISIS_HOLD_HOURS": hold_hours(env),
        # On-call contacts are told again every this many minutes, this many times at most.
        "ONCALL_REPEAT_MINUTES": int(env.get("ONCALL_REPEAT_MINUTES", "15")),
        "ONCALL_MAX_ROUNDS": int(env.get("ONCALL_MAX_ROUNDS", "4")),
        # Email for on-call contacts and staff links; nothing is emailed without a host.
        "SMTP_HOST": env.get("SMTP_HOST", ""),
        "SMTP_PORT": int(env.get("SMTP_PORT", "587")),
        "SMTP_USER": env.get("SMTP_USER", ""),
        "SMTP_PASSWORD": env.get("SMTP_PASSWORD", ""),
        "SMTP_FROM": env.get("SMTP_FROM", ""),
        "SMTP_STARTTLS": env.get("SMTP_STARTTLS", "1") not in ("0", "false", "no"),
        # How long an invitation or password reset link works.
        "STAFF_LINK_HOURS": int(env.get("STAFF_LINK_HOURS", "72")),
        "PROGRAMS_DIR": programs_dir(),
        "TEMPLATES_SMS_DIR": templates_dir(),
        # Twilio's webhook bodies are small; anything larger is not Twilio.
        "MAX_CONTENT_LENGTH": 64 * 1024,
        # What handlers take as "now". Tests put a settable clock here.
        "CLOCK": utcnow,
    }


def hold_hours(environ=None):
    """Hours programme texts wait for a human after a crisis text (CRISIS_HOLD_HOURS, 72)."""
    env = os.environ if environ is None else environ
    return float(env.get("CRISIS_HOLD_HOURS", "72"))


def programs_dir():
    """Where programme files live (PROGRAMS_DIR, default programs/)."""
    return os.environ.get("PROGRAMS_DIR", str(ROOT / "programs"))


def templates_dir():
    """Where system texts and word lists live (TEMPLATES_SMS_DIR, default templates_sms/)."""
    return os.environ.get("TEMPLATES_SMS_DIR", str(ROOT / "templates_sms"))
