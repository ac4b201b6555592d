"""The email seam: SMTP with the standard library when configured, else nothing.

Email is optional: without SMTP_HOST nothing is emailed and `make run` needs
no mail server. Tests use MemoryMailer, as they use MemoryBackend for texts.
"""

import logging
import smtplib
import ssl
from email.message import EmailMessage

log = logging.getLogger(__name__)


class MailError(Exception):
    """An email the server did not take, or one that was never built (a bad header)."""


def check_headers(*values):
    """MailError for a header value with a line break (or any control byte):
    one would let a stored address add headers such as Bcc: to the email."""
    for value in values:
        if any(ord(c) < 32 or ord(c) == 127 for c in str(value or "")):
            raise MailError("an email header may not hold a line break or control character")


class SmtpMailer:
    """Sends each email in its own SMTP session (they are rare)."""

    def __init__(self, host, port=587, *, user="", password="", sender="", starttls=True):
        self.host, self.port = host, port
        self.user, self.password = user, password
        self.sender = sender or f"kindly@{host}"
        self.starttls = starttls

    def send(self, to, subject, body):
        """Send one plain-text email; raises MailError when it was not taken."""
        check_headers(self.sender, to, subject)
        try:
            message = EmailMessage()
            message["From"], message["To"], message["Subject"] = self.sender, to, subject
            message.set_content(body)
        except (ValueError, TypeError) as exc:
            raise MailError(f"{type(exc).__name__}: {exc}") from exc
        try:
            with smtplib.SMTP(self.host, self.port, timeout=10) as smtp:
                if self.starttls:
                    smtp.starttls(context=ssl.create_default_context())
                if self.user:
                    smtp.login(self.user, self.password)
                smtp.send_message(message)
        except (OSError, smtplib.SMTPException) as exc:
            raise MailError(f"{type(exc).__name__}: {exc}") from exc


class MemoryMailer:
    """Keeps emails in a list, for tests."""

    def __init__(self):
        self.sent = []  # (to, subject, body)

    def send(self, to, subject, body):
        """Keep the email (refused as SMTP would refuse it: a line break in a header)."""
        check_headers(to, subject)
        self.sent.append((to, subject, body))


def mailer_from_config(settings):
    """An SmtpMailer when SMTP_HOST is set, else None (email off)."""
    if not settings.get("SMTP_HOST"):
        return None
    return SmtpMailer(
        settings["SMTP_HOST"],
        int(settings.get("SMTP_PORT", 587)),
        user=settings.get("SMTP_USER", ""),
        password=settings.get("SMTP_PASSWORD", ""),
        sender=settings.get("SMTP_FROM", ""),
        starttls=settings.get("SMTP_STARTTLS", True),
    )
