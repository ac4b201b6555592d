"""What every dashboard read shares: the organisation's launches, local days, the test filter."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from ...db import utc
from ...models.messages import (
    DELIVERED,
    SENT,
    UNDELIVERED,
)
from ...models.org import Launch, Organisation
from ...models.participant import (
    ASK_TIME,
    CONSENT,
    Enrolment,
    Participant,
)

JOINING = (CONSENT, ASK_TIME)


SENT_STATES = (SENT, DELIVERED, UNDELIVERED)


REPLY_DAYS = timedelta(days=7)


PER_PAGE = 50


def zone(name):
    """A ZoneInfo for a stored zone name, UTC when it is unknown."""
    try:
        return ZoneInfo(name or "UTC")
    except (KeyError, ValueError):
        return ZoneInfo("UTC")


def local_day(tz_name, now):
    """(start, end) of the local day containing `now`, as naive UTC datetimes."""
    tz = zone(tz_name)
    local = now.astimezone(tz)
    start = datetime(local.year, local.month, local.day, tzinfo=tz)
    end = (start + timedelta(days=1)).replace(tzinfo=tz)
    return utc(start), utc(end)


def _not_test():
    return Participant.is_test == False  # noqa: E712


def launches_of(org):
    """The organisation's launches, newest first."""
    return list(
        Launch.select()
        .where(Launch.organisation == org)
        .order_by(Launch.created_at.desc(), Launch.id.desc())
    )


def test_enrolment_ids(launch_ids):
    """Ids of these launches' enrolments of test participants (few: the simulator's)."""
    return [
        e_id
        for (e_id,) in Enrolment.select(Enrolment.id)
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(Enrolment.launch.in_(list(launch_ids)), Participant.is_test == True)  # noqa: E712
        .tuples()
    ]


def _recent_of(column, launch_id, tests):
    """`column` (an enrolment id) is a real participant's enrolment in this launch.

    Used with a time range on recent rows: `+ 0` keeps the planner on the time
    index (SQLite would otherwise walk every enrolment of a big launch), and the
    launch's enrolments are matched as a set, with the few test ones taken out.
    """
    launch = Enrolment.select(Enrolment.id).where(Enrolment.launch == launch_id)
    condition = (column + 0).in_(launch)
    return condition & column.not_in(tests) if tests else condition


def launch_of(org, launch_id):
    """The organisation's launch with this id, or None (another organisation's too)."""
    return Launch.get_or_none(Launch.id == launch_id, Launch.organisation == org)


def organisations():
    """Every organisation, by name (for the site administrator)."""
    return list(Organisation.select().order_by(Organisation.name))
