"""Bounds for every value that comes from outside, before it reaches the database.

Webhook fields, dashboard query strings and ids in URLs all pass through
these few functions, so a NUL byte, a 300-character sid or a 20-digit id is
turned away (or clamped) the same way everywhere instead of surfacing as a
database error. PostgreSQL refuses NUL bytes in text and integers past its
column types; SQLite takes both, so a bug here would only show in production.
"""

import re

# Record ids are PostgreSQL `integer` (peewee's AutoField): 1 .. 2**31 - 1.
MAX_ID = 2**31 - 1
# Twilio's sids are 34 characters; anything much longer did not come from Twilio.
MAX_SID = 64
# E.164 is at most 16 characters; channel prefixes ("whatsapp:") add a few.
MAX_ADDRESS = 64

# Twilio's message sids are two capital letters and 32 hex digits (SM..., MM...);
# its message statuses are lower-case words (delivered, partially_delivered).
SID_SHAPE = re.compile(r"[A-Z]{2}[0-9a-fA-F]{32}")
STATUS_SHAPE = re.compile(r"[a-z_]{1,32}")

_DIGITS = re.compile(r"[+-]?[0-9]{1,18}")
# C0 control characters other than tab, newline and carriage return.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def text(value, limit):
    """The value as a string without NUL bytes or control characters, cut to `limit`."""
    return _CONTROL.sub("", str(value or ""))[:limit]


def token(value, limit=MAX_SID, shape=None):
    """A cleaned identifier (a sid, a code), or None when empty, longer than `limit`,
    or not of its `shape` (a line break or 20 digits where a sid belongs).

    Never cut short: two long sids sharing a prefix must not become one.
    """
    cleaned = _CONTROL.sub("", str(value or "")).strip()
    if not cleaned or len(cleaned) > limit:
        return None
    if shape is not None and not shape.fullmatch(cleaned):
        return None
    return cleaned


def integer(value, *, low, high, default=None):
    """A whole number written in ASCII digits, clamped to low..high; `default` otherwise."""
    if isinstance(value, int) and not isinstance(value, bool):
        number = value
    else:
        raw = str(value if value is not None else "").strip()
        if not _DIGITS.fullmatch(raw):
            return default
        number = int(raw)
    return min(max(number, low), high)


def record_id(value):
    """A database id (1 .. MAX_ID), or None for anything else: callers answer 404."""
    number = integer(value, low=-1, high=MAX_ID + 1)
    if number is None or not 1 <= number <= MAX_ID:
        return None
    return number


def has_nul(values):
    """True when any of these strings holds a NUL byte (no database keeps one)."""
    return any("\x00" in str(v) for v in values)
