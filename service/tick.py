"""One pass of the clock: plan what is due, dispatch what is queued, seal settled days.

Sealing (counting a settled date into the dashboard's rollups) happens here,
by the clock, never during a page load: pages read figures that only move
when a day settles, and a first visit never pays for a backlog.
"""

import logging

from .dashboard import rollups
from .sending.backends import backend_from_config
from .sending.dispatcher import dispatch
from .sending.planner import plan_due

log = logging.getLogger(__name__)


def run_tick(now, settings, *, backend=None):
    """Plan, dispatch and seal as of `now`; returns {"planned": {...}, "dispatched": {...}}
    (and "sealed": [dates] when a day settled).

    A pass sends at most what the rate allows in one tick interval, so a
    backlog drains over several passes instead of starving planning.
    """
    backend = backend or backend_from_config(settings)
    planned = plan_due(now)
    rate = float(settings["SEND_RATE"])
    dispatched = dispatch(
        now,
        backend=backend,
        rate=rate,
        concurrency=int(settings["SEND_CONCURRENCY"]),
        limit=max(1, int(rate * int(settings["TICK_SECONDS"]))),
    )
    summary = {"planned": planned, "dispatched": dispatched}
    sealed = rollups.seal(now, limit=None)
    if sealed:
        summary["sealed"] = [d.isoformat() for d in sealed]
    log.info("tick %s: %s", now.isoformat(), summary)
    return summary
