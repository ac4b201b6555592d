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
    line = describe(summary)
    # An idle pass every 30 s is not news: one line only when something happened.
    log.log(logging.INFO if line else logging.DEBUG, "tick %s: %s", now.isoformat(), line or "idle")
    return summary


def describe(summary):
    """'planned 3 text(s) for 2 enrolment(s); sent 3' from a pass's summary; '' when idle."""
    planned, dispatched = summary["planned"], summary["dispatched"]
    parts = []
    if any(planned.values()):
        parts.append(
            f"planned {planned.get('messages', 0)} text(s) for "
            f"{planned.get('enrolments', 0)} enrolment(s)"
            + "".join(f", {planned[k]} {k}" for k in ("completed", "skipped") if planned.get(k))
        )
    done = {k: v for k, v in dispatched.items() if v and k != "claimed"}
    if done:
        parts.append(", ".join(f"{k} {v}" for k, v in done.items()))
    return "; ".join(parts)
