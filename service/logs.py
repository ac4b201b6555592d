"""How the processes log: one line per event, plain text or JSON (LOG_FORMAT=json),
and never a full phone number.

The clock writes a line only when a pass did something; Twilio's client logs
every request's URL and headers at INFO, which is demoted to DEBUG here
(LOG_LEVEL=DEBUG shows them). Code logs masked numbers in the first place
(service.phones.mask); `install()` is the safety net under that: every log
record made in the process is scrubbed of phone-number-like digits when it is
created (a database error naming the phone column's value, a traceback),
whichever handler, formatter or library writes it out.
"""

import json
import logging
import re
from datetime import UTC, datetime

PLAIN = "%(asctime)s %(levelname)s %(name)s %(message)s"
CHATTY = ("twilio.http_client",)


class JSONFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message (and the error, if any)."""

    def format(self, record):
        entry = {
            "time": datetime.fromtimestamp(record.created, UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def demote_to_debug(record):
    """A logging filter: INFO records become DEBUG, kept only when DEBUG is on."""
    if record.levelno == logging.INFO:
        record.levelno, record.levelname = logging.DEBUG, "DEBUG"
        return logging.getLogger().isEnabledFor(logging.DEBUG)
    return True


def configure(settings):
    """Set up the root logger from LOG_LEVEL and LOG_FORMAT (plain or json)."""
    handler = logging.StreamHandler()
    if settings.get("LOG_FORMAT", "plain") == "json":
        handler.setFormatter(JSONFormatter())
    else:
        handler.setFormatter(logging.Formatter(PLAIN))
    root = logging.getLogger()
    root.handlers[:] = [handler]
    root.setLevel(settings.get("LOG_LEVEL", "INFO").upper())
    for name in CHATTY:
        chatty = logging.getLogger(name)
        if demote_to_debug not in chatty.filters:
            chatty.addFilter(demote_to_debug)
    # One line per pass from run_tick is enough; APScheduler's own are noise.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)


# E.164 or bare international digits: 8 to 15 digits, an optional "+", not
# part of a longer word (so "SM0000...0001" and ids stay as they are).
PHONE_LIKE = re.compile(r"(?<![\w+])\+?\d{4,11}(\d{4})(?![\w])")

_installed = False


def scrub(text):
    """The text with every phone-number-like run reduced to its last four digits."""
    return PHONE_LIKE.sub(lambda m: "••• " + m.group(1), text)


def _scrub_record(record):
    message = record.getMessage()
    masked = scrub(message)
    if masked != message:
        record.msg, record.args = masked, ()
    if record.exc_info and not record.exc_text:
        # Formatters reuse exc_text when it is set: format the traceback once, masked.
        record.exc_text = scrub(logging.Formatter().formatException(record.exc_info))
    if record.stack_info:
        record.stack_info = scrub(record.stack_info)


def install():
    """Scrub every log record this process makes from now on (safe to call twice)."""
    global _installed
    if _installed:
        return
    make_record = logging.getLogRecordFactory()

    def factory(*args, **kwargs):
        record = make_record(*args, **kwargs)
        try:
            _scrub_record(record)
        except Exception:  # a log line must never break the request it describes
            record.msg, record.args = "(log line withheld: it could not be masked)", ()
        return record

    logging.setLogRecordFactory(factory)
    # peewee logs every statement with its parameters at DEBUG: message bodies,
    # answers and notes. Never, whatever LOG_LEVEL says.
    logging.getLogger("peewee").setLevel(logging.INFO)
    _installed = True
