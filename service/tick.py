"""One pass of the clock: plan what is due, then dispatch what is queued."""

import logging
from datetime import timedelta

from .sending.backends import backend_from_config
from .sending.dispatcher import dispatch
from .sending.planner import plan_due

log = logging.getLogger(__name__)


def run_tick(now, settings, *, backend=None, stop=None, send=True):
    """Plan and (unless `send` is False) dispatch as of `now`; returns a summary.

    The summary is {"planned": {...}, "dispatched": {...}}. A pass sends at
    most what the rate allows in one tick interval, so a backlog drains over
    several passes instead of starving planning. `stop` (an Event) ends the
    pass early, giving back what it holds.
    """
    planned = plan_due(now)
    dispatched = None
    if send and not (stop is not None and stop.is_set()):
        dispatched = dispatch_due(now, settings, backend=backend, stop=stop)
    summary = {"planned": planned, "dispatched": dispatched}
    log.info("tick %s: %s", now.isoformat(), summary)
    return summary


def dispatch_due(now, settings, *, backend=None, stop=None, seconds=None):
    """One dispatcher pass with the settings' rate, concurrency and lease."""
    backend = backend or backend_from_config(settings)
    rate = float(settings["SEND_RATE"])
    seconds = int(settings["TICK_SECONDS"]) if seconds is None else seconds
    return dispatch(
        now,
        backend=backend,
        rate=rate,
        concurrency=int(settings["SEND_CONCURRENCY"]),
        limit=max(1, int(rate * seconds)),
        lease=timedelta(seconds=float(settings.get("SEND_LEASE_SECONDS", 30))),
        stop=stop,
    )
