"""No full phone number in any log line: a safety net under phones.mask().

Code logs masked numbers in the first place; this catches what it cannot
control: a database error whose detail names the phone column's value, a
Twilio error message that repeats the number, a traceback. Every log record
made in the process is scrubbed when it is created, whichever handler,
formatter or library (gunicorn, Flask, APScheduler) writes it out.
"""

import logging
import re

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
    _installed = True
