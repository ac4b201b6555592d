"""Settings, read from the environment when the app or clock starts."""

import math
import os
from collections import Counter
from pathlib import Path

from .db import utcnow

ROOT = Path(__file__).resolve().parent.parent
DEV_SECRET_KEY = "dev-only-not-secret"
MIN_SECRET_BYTES = 32
# What 32 random bytes written as hex or base64 measure at least, letter by letter.
MIN_SECRET_BITS = 128


def from_env(environ=None):
    """The settings dictionary for create_app, from environment variables."""
    env = os.environ if environ is None else environ
    has_twilio = bool(env.get("TWILIO_ACCOUNT_SID") and env.get("TWILIO_AUTH_TOKEN"))
    return {
        "DATABASE_URL": env.get("DATABASE_URL", f"sqlite:///{ROOT / 'instance' / 'kindly.db'}"),
        # Refused in production (see secret_key_problem); fine for `make run`.
        "SECRET_KEY": env.get("SECRET_KEY", DEV_SECRET_KEY),
        "SMS_BACKEND": env.get("SMS_BACKEND", "twilio" if has_twilio else "console"),
        "TWILIO_ACCOUNT_SID": env.get("TWILIO_ACCOUNT_SID", ""),
        "TWILIO_AUTH_TOKEN": env.get("TWILIO_AUTH_TOKEN", ""),
        "TWILIO_FROM_NUMBER": env.get("TWILIO_FROM_NUMBER", ""),
        "TWILIO_MESSAGING_SERVICE_SID": env.get("TWILIO_MESSAGING_SERVICE_SID", ""),
        "TWILIO_API_BASE_URL": env.get("TWILIO_API_BASE_URL", ""),
        "PUBLIC_BASE_URL": env.get("PUBLIC_BASE_URL", "").rstrip("/"),
        # How many proxies (the platform's router) stand in front of gunicorn.
        # 0 (gunicorn faces the internet): X-Forwarded-For is never believed,
        # so a client cannot choose the address its sign-in tries count against.
        "TRUSTED_PROXIES": int(env.get("TRUSTED_PROXIES", "0")),
        # Messages per second the dispatcher may send (the number's carrier limit).
        "SEND_RATE": float(env.get("SEND_RATE", "1")),
        "SEND_CONCURRENCY": int(env.get("SEND_CONCURRENCY", "20")),
        # How long a dispatcher's claim holds unless renewed; past it, a dead
        # dispatcher's texts are taken back (and looked up at Twilio).
        "SEND_LEASE_SECONDS": float(env.get("SEND_LEASE_SECONDS", "30")),
        "TICK_SECONDS": int(env.get("TICK_SECONDS", "30")),
        # The outcome report shows no figure about fewer people than this.
        "OUTCOME_MIN_GROUP": int(env.get("OUTCOME_MIN_GROUP", "10")),
        # Logs: "plain" lines or "json" (one object per line) for platforms that parse them.
        "LOG_FORMAT": env.get("LOG_FORMAT", "plain").lower(),
        "LOG_LEVEL": env.get("LOG_LEVEL", "INFO").upper(),
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
        # Erasure: the tombstone's HMAC of a number is keyed by this (kept out of
        # the database; SECRET_KEY when unset), and a crisis alert holds it this long at most.
        "ERASURE_KEY": env.get("ERASURE_KEY", ""),
        "ERASURE_HOLD_DAYS": float(env.get("ERASURE_HOLD_DAYS", "14")),
        # Retention defaults; an organisation may set its own (privacy/retention.py).
        "RETENTION_BODY_DAYS": float(env.get("RETENTION_BODY_DAYS", "180")),
        "RETENTION_NOTE_DAYS": float(env.get("RETENTION_NOTE_DAYS", "730")),
        "RETENTION_INACTIVE_MONTHS": float(env.get("RETENTION_INACTIVE_MONTHS", "24")),
        "RETENTION_OUTCOMES": env.get("RETENTION_OUTCOMES", "keep"),
        "RETENTION_EVERY_MINUTES": float(env.get("RETENTION_EVERY_MINUTES", "60")),
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


class InsecureSettings(RuntimeError):
    """Settings that would leave a real deployment open; the message says what to do."""


def is_production(settings):
    """True when real texts go out (Twilio) or the site is served over https."""
    return settings.get("SMS_BACKEND") == "twilio" or str(
        settings.get("PUBLIC_BASE_URL") or ""
    ).startswith("https://")


def secret_key_problem(settings):
    """Why SECRET_KEY will not do for this deployment, or None when it will.

    Development (console texts, plain http) may use the built-in key. A real
    deployment needs at least 32 random bytes: anyone who knows the key can
    sign a session cookie.
    """
    if not is_production(settings):
        return None
    key = settings.get("SECRET_KEY") or ""
    how = "set one made by: python -c 'import secrets; print(secrets.token_hex(32))'"
    if not key or key == DEV_SECRET_KEY:
        return f"SECRET_KEY is not set, and this deployment sends real texts or serves https; {how}"
    if secret_key_is_weak(key):
        return (
            f"SECRET_KEY is too short or too regular to be {MIN_SECRET_BYTES} random bytes; {how}"
        )
    return None


def secret_key_is_weak(key):
    """True when a key is shorter or more regular than MIN_SECRET_BYTES random bytes."""
    raw = key.encode() if isinstance(key, str) else bytes(key)
    return len(raw) < MIN_SECRET_BYTES or _entropy_bits(raw) < MIN_SECRET_BITS


def check_secret_key(settings):
    """Raise InsecureSettings when secret_key_problem finds one."""
    problem = secret_key_problem(settings)
    if problem:
        raise InsecureSettings(problem)


def _entropy_bits(raw):
    """Shannon entropy of the key's bytes times its length: a floor for guessable keys."""
    counts = Counter(raw)
    per_byte = -sum(n / len(raw) * math.log2(n / len(raw)) for n in counts.values())
    return per_byte * len(raw)
