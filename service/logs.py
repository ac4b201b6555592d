"""How the processes log: one line per event, plain text or JSON (LOG_FORMAT=json).

The clock writes a line only when a pass did something; Twilio's client logs
every request's URL and headers at INFO, which is demoted to DEBUG here
(LOG_LEVEL=DEBUG shows them). Messages never carry a full phone number or a
message body (service.phones.mask).
"""

import json
import logging
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
