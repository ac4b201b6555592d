"""Local time arithmetic: send times, quiet hours and time zones.

Pure functions of their arguments. Datetimes in and out are naive UTC (as
stored) unless a name says local; "now" is always passed in.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def parse_hhmm(value):
    """'19:30' -> time(19, 30)."""
    hours, minutes = value.split(":")
    return time(int(hours), int(minutes))


def to_local(at_utc, tz):
    """A naive UTC datetime as an aware local one in zone `tz`."""
    return at_utc.replace(tzinfo=UTC).astimezone(ZoneInfo(tz))


def local_today(now_utc, tz):
    """The participant's local date at `now_utc`."""
    return to_local(now_utc, tz).date()


def at_local(day, hhmm, tz):
    """Naive UTC instant of local wall time `hhmm` on `day` in `tz`.

    A wall time that does not exist (the hour skipped when clocks go forward)
    moves forward by the gap; an ambiguous one (clocks go back) takes the
    first occurrence, so nothing is sent twice.
    """
    # zoneinfo with fold=0 does both: a skipped wall time takes the offset
    # from before the change (so lands after the gap), an ambiguous one the
    # earlier of its two instants.
    wall = datetime.combine(day, parse_hhmm(hhmm)).replace(tzinfo=ZoneInfo(tz), fold=0)
    return wall.astimezone(UTC).replace(tzinfo=None)


def clamp_to_window(hhmm, quiet_start, quiet_end):
    """A send time moved inside the allowed window [quiet_start, quiet_end)."""
    wanted, start, end = parse_hhmm(hhmm), parse_hhmm(quiet_start), parse_hhmm(quiet_end)
    if wanted < start:
        return quiet_start
    if wanted >= end:
        last = datetime.combine(date.min, end) - timedelta(minutes=1)
        return max(last.time(), start).strftime("%H:%M")
    return wanted.strftime("%H:%M")


def is_allowed(at_utc, tz, quiet_start, quiet_end):
    """True when local time at `at_utc` is inside the sending window."""
    local = to_local(at_utc, tz).time()
    return parse_hhmm(quiet_start) <= local < parse_hhmm(quiet_end)


def next_allowed(at_utc, tz, quiet_start, quiet_end):
    """`at_utc` if sending is allowed then, else the start of the next window."""
    if is_allowed(at_utc, tz, quiet_start, quiet_end):
        return at_utc
    local = to_local(at_utc, tz)
    day = local.date()
    if local.time() >= parse_hhmm(quiet_end):
        day += timedelta(days=1)
    return at_local(day, quiet_start, tz)


def first_due(now_utc, tz, send_time, lead=timedelta(minutes=2)):
    """When day 1 goes out: today at `send_time` if still ahead, else tomorrow."""
    today = local_today(now_utc, tz)
    due = at_local(today, send_time, tz)
    if due < now_utc + lead:
        due = at_local(today + timedelta(days=1), send_time, tz)
    return due


def next_day_due(sent_on, tz, send_time):
    """When the day after local date `sent_on` is due."""
    return at_local(sent_on + timedelta(days=1), send_time, tz)
