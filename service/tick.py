"""One pass of the clock: plan what is due, then dispatch what is queued."""

import logging

from .sending.backends import backend_from_config
from .sending.dispatcher import dispatch
from .sending.planner import plan_due

log = logging.getLogger(__name__)


def run_tick(now, settings, *, backend=None):
    """Plan and dispatch as of `now`; returns {"planned": {...}, "dispatched": {...}}.

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
    log.info("tick %s: %s", now.isoformat(), summary)
    return summary
