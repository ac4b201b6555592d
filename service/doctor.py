"""Is this deployment ready? `flask --app service doctor` asks, and says what to fix.

The checks, in the order a deployer meets them: the staff session key, the
public URL (https, and the very URL Twilio is set to call, since signatures
are checked over it), the SMS sender, the database (reachable and migrated),
and the programmes. Each finding is ok, a warning, or something to fix.
"""

from dataclasses import dataclass
from urllib.parse import urlparse

from .config import DEV_SECRET_KEY as DEV_SECRET
from .config import secret_key_is_weak

OK, WARN, FIX = "ok", "warn", "fix"


@dataclass
class Finding:
    """One check's result: `level` is ok, warn or fix; `advice` says what to do."""

    level: str
    what: str
    advice: str = ""

    def line(self):
        """'fix   SECRET_KEY is the development value: set ...' as printed."""
        return f"{self.level:<5} {self.what}" + (f": {self.advice}" if self.advice else "")


def check_secret(settings):
    """SECRET_KEY is set, not the development value, and long."""
    secret = settings.get("SECRET_KEY") or ""
    advice = (
        "set SECRET_KEY to a long random value: "
        'python3 -c "import secrets; print(secrets.token_hex(32))"'
    )
    if not secret or secret == DEV_SECRET:
        return [Finding(FIX, "SECRET_KEY is the development value", advice)]
    if secret_key_is_weak(secret):
        return [Finding(FIX, "SECRET_KEY is short or regular, not 32 random bytes", advice)]
    return [Finding(OK, "SECRET_KEY is set")]


def check_public_url(settings, incoming_webhook=None):
    """PUBLIC_BASE_URL is https, bare, and what Twilio's console will call for texts.

    `incoming_webhook()` returns the URL Twilio is set to post incoming texts
    to (None when Twilio is not asked); it may raise with the reason.
    """
    base = settings.get("PUBLIC_BASE_URL") or ""
    expected = f"{base}/twilio/sms"
    parsed = urlparse(base)
    if not base:
        findings = [
            Finding(
                FIX,
                "PUBLIC_BASE_URL is not set",
                "set it to the https address Twilio calls, e.g. https://kindly.example.org",
            )
        ]
        if settings.get("SMTP_HOST"):
            findings.append(
                Finding(
                    FIX,
                    "invitation and reset links are not emailed without PUBLIC_BASE_URL",
                    "links are built from PUBLIC_BASE_URL only, never from a request's Host",
                )
            )
        return findings
    findings = []
    if parsed.scheme.lower() != "https" or not parsed.netloc:
        findings.append(
            Finding(FIX, f"PUBLIC_BASE_URL {base!r} is not https://HOST", "Twilio must call https")
        )
    elif parsed.path or parsed.query:
        findings.append(
            Finding(FIX, f"PUBLIC_BASE_URL {base!r} has a path", "give the scheme and host only")
        )
    else:
        findings.append(Finding(OK, f"PUBLIC_BASE_URL is {base}"))
    if incoming_webhook is None:
        return findings
    try:
        configured = incoming_webhook()
    except Exception as exc:  # reported, not raised: the other checks still run
        findings.append(Finding(WARN, "could not ask Twilio for the incoming webhook", str(exc)))
        return findings
    if configured != expected:
        findings.append(
            Finding(
                FIX,
                f"Twilio posts incoming texts to {configured or '(nothing)'}",
                f"set 'A message comes in' to {expected} (HTTP POST): signatures are "
                "checked over that exact URL",
            )
        )
    else:
        findings.append(Finding(OK, f"Twilio posts incoming texts to {expected}"))
    return findings


def check_sender(settings):
    """SMS_BACKEND is twilio with credentials and a sender."""
    backend = settings.get("SMS_BACKEND")
    if backend != "twilio":
        return [
            Finding(
                FIX,
                f"SMS_BACKEND is {backend!r}: texts are printed, not sent",
                "set TWILIO_ACCOUNT_SID and TWILIO_AUTH_TOKEN (SMS_BACKEND follows them)",
            )
        ]
    findings = []
    sid = settings.get("TWILIO_ACCOUNT_SID") or ""
    if not (sid.startswith("AC") and len(sid) == 34):
        findings.append(
            Finding(FIX, "TWILIO_ACCOUNT_SID is not an account SID", "copy it (AC...) from Twilio")
        )
    if not settings.get("TWILIO_AUTH_TOKEN"):
        findings.append(Finding(FIX, "TWILIO_AUTH_TOKEN is not set", "copy it from Twilio"))
    if settings.get("TWILIO_MESSAGING_SERVICE_SID"):
        findings.append(
            Finding(
                OK, f"texts go from Messaging Service {settings['TWILIO_MESSAGING_SERVICE_SID']}"
            )
        )
    elif settings.get("TWILIO_FROM_NUMBER"):
        findings.append(Finding(OK, f"texts go from {settings['TWILIO_FROM_NUMBER']}"))
    else:
        findings.append(
            Finding(
                FIX,
                "no sender",
                "set TWILIO_FROM_NUMBER (+1...) or TWILIO_MESSAGING_SERVICE_SID (MG...)",
            )
        )
    if settings.get("TWILIO_API_BASE_URL"):
        findings.append(
            Finding(
                WARN,
                f"TWILIO_API_BASE_URL sends every request to {settings['TWILIO_API_BASE_URL']}",
                "unset it unless this is a test",
            )
        )
    return findings


def check_database(settings):
    """The database answers and every migration is applied."""
    from playhouse.migrations import Runner

    from .db import database
    from .migrate import MIGRATIONS_DIR

    url = settings.get("DATABASE_URL", "")
    findings = []
    if url.startswith("sqlite"):
        findings.append(
            Finding(
                WARN,
                "DATABASE_URL is SQLite",
                "fine on one machine with a persistent disk; on a platform use PostgreSQL",
            )
        )
    try:
        with database.connection_context():
            pending = [
                m.name
                for m in Runner(database.obj, str(MIGRATIONS_DIR)).status()
                if m.applied is None
            ]
    except Exception as exc:  # any driver's error: reported with the fix
        return findings + [
            Finding(
                FIX,
                f"the database does not answer ({type(exc).__name__})",
                "check DATABASE_URL and that the server is up",
            )
        ]
    if pending:
        findings.append(
            Finding(
                FIX,
                f"{len(pending)} migration(s) not applied ({', '.join(pending)})",
                "run: flask --app service init-db",
            )
        )
    else:
        findings.append(Finding(OK, "the database answers and is migrated"))
    return findings


def check_content(settings):
    """Programme files and system texts load without errors."""
    from pathlib import Path

    from .content import check as content_check

    templates = Path(settings["TEMPLATES_SMS_DIR"])
    report = content_check.check_programmes(Path(settings["PROGRAMS_DIR"]), templates)
    report.extend(content_check.check_templates(templates))
    if report.errors:
        return [
            Finding(
                FIX,
                f"{len(report.errors)} error(s) in programmes or system texts",
                "run: flask --app service programs check",
            )
        ]
    return [Finding(OK, f"{report.programmes} programme file(s) and the system texts are valid")]


def examine(settings, *, incoming_webhook=None):
    """Every finding, in the order a deployer would fix them."""
    return [
        *check_secret(settings),
        *check_public_url(settings, incoming_webhook),
        *check_sender(settings),
        *check_database(settings),
        *check_content(settings),
    ]
