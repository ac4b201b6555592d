"""What the long-running processes (clock, dispatcher) share: how they log and how they stop.

Logs: every line passes through a formatter that masks phone numbers (E.164,
as the database holds them), including tracebacks and database error details
such as PostgreSQL's `Key (phone)=(+1...)`.

Stopping: SIGTERM (a deploy, a platform restart) and SIGINT (Ctrl-C) set one
Event; the work in hand sees it, stops claiming, finishes or gives back what it
holds within a few seconds, and the process exits 0.
"""

import logging
import re
import signal
import threading

# A "+" and 7-15 digits, perhaps spaced or dashed: what a phone number looks like in text.
_PHONE = re.compile(r"\+\d(?:[\s().-]{0,2}\d){6,14}")


def mask_phones(text):
    """Text with every phone number cut to its last four digits."""
    return _PHONE.sub(lambda m: "+••• " + re.sub(r"\D", "", m.group())[-4:], text)


class PhoneMaskingFormatter(logging.Formatter):
    """A log formatter that never writes a full phone number (around `inner`, if given)."""

    def __init__(self, *args, inner=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.inner = inner

    def format(self, record):
        """The formatted line (and traceback), with phone numbers masked."""
        line = self.inner.format(record) if self.inner else super().format(record)
        return mask_phones(line)


def configure_logging(settings=None):
    """The service's logging (service/logs.py: plain or JSON, scrubbed records),
    with formatted numbers ("+1 (202) 555-0199") masked on the way out too."""
    from . import config, logs

    logs.install()
    logs.configure(settings if settings is not None else config.from_env())
    for handler in logging.getLogger().handlers:
        handler.setFormatter(PhoneMaskingFormatter(inner=handler.formatter))
    # The SDK logs every request's headers and parameters at INFO.
    logging.getLogger("twilio").setLevel(logging.WARNING)


def stop_on_signals(on_stop=None):
    """An Event set by SIGTERM or SIGINT; `on_stop` runs once, off the signal handler."""
    stop = threading.Event()

    def handle(signum, frame):
        if stop.is_set():
            return
        logging.getLogger("service.process").info(
            "%s: finishing the work in hand, then stopping", signal.Signals(signum).name
        )
        stop.set()
        if on_stop is not None:
            # Not in the handler itself: it may have interrupted the scheduler
            # while it held its own locks.
            threading.Thread(target=on_stop, name="stopping", daemon=True).start()

    signal.signal(signal.SIGTERM, handle)
    signal.signal(signal.SIGINT, handle)
    return stop
