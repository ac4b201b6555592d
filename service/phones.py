"""Phone numbers: E.164 normalisation, masking, and time zone from a number."""

import phonenumbers
from phonenumbers import timezone as pn_timezone


class InvalidNumber(ValueError):
    """Raised when a string is not a usable phone number."""


def normalise(raw, default_region="US"):
    """'+1 (555) 123-4567' -> '+15551234567'. Raises InvalidNumber."""
    raw = (raw or "").strip()
    if not raw or raw.count("+") > 1 or ":" in raw:
        raise InvalidNumber("not a phone number")
    try:
        parsed = phonenumbers.parse(raw, None if raw.startswith("+") else default_region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidNumber(str(exc)) from None
    if not phonenumbers.is_possible_number(parsed):
        raise InvalidNumber("not a possible number")
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164)


def mask(e164):
    """'+15551234567' -> '+1 ••• ••• 4567': enough to tell numbers apart, no more."""
    if not e164:
        return "unknown"
    try:
        code = str(phonenumbers.parse(e164, None).country_code)
    except phonenumbers.NumberParseException:
        return "••• " + e164[-4:]
    return f"+{code} ••• ••• {e164[-4:]}"


def single_timezone(e164):
    """The number's time zone when phonenumbers knows exactly one, else None."""
    try:
        zones = pn_timezone.time_zones_for_number(phonenumbers.parse(e164, None))
    except phonenumbers.NumberParseException:
        return None
    zones = [z for z in zones if z != "Etc/Unknown"]
    return zones[0] if len(zones) == 1 else None
