"""One pass of the clock: plan what is due, call on-call staff, dispatch what is queued,
seal settled days, then erase what people asked to have erased and let go what is
kept too long (privacy.tick: erasures every pass, retention once an hour).

Sealing (counting a settled date into the dashboard's rollups) happens here,
by the clock, never during a page load: pages read figures that only move
when a day settles, and a first visit never pays for a backlog.
"""

import logging
from datetime import timedelta

from .evaluation import rollups
from .followup.mail import mailer_from_config
from .followup.oncall import page_due
from .privacy.clock import tick as privacy_tick
from .sending.backends import backend_from_config
from .sending.dispatcher import dispatch
from .sending.planner import plan_due

log = logging.getLogger(__name__)


def run_tick(now, settings, *, backend=None, mailer=None, stop=None, send=True):
    """Plan, page on-call staff, (unless `send` is False) dispatch, and seal as of `now`.

    Returns {"planned": {...}, "paged": {...}, "dispatched": {...}}. A pass
    sends at most what the rate allows in one tick interval, so a backlog
    drains over several passes instead of starving planning. `stop` (an
    Event) ends the pass early, giving back what it holds. With `send` False
    (`clock --plan-only`) dispatcher processes send; on-call pages still go
    from the clock, before the backlog of practices.
    """
    backend = backend or backend_from_config(settings)
    planned = plan_due(now)
    paged = page_due(
        now,
        backend=backend,
        mailer=mailer or mailer_from_config(settings),
        repeat_minutes=int(settings.get("ONCALL_REPEAT_MINUTES", 15)),
        max_rounds=int(settings.get("ONCALL_MAX_ROUNDS", 4)),
        dashboard_url=settings.get("PUBLIC_BASE_URL", "") + "/dashboard/alerts",
    )
    dispatched = {}
    if send and not (stop is not None and stop.is_set()):
        dispatched = dispatch_due(now, settings, backend=backend, stop=stop)
    summary = {"planned": planned, "dispatched": dispatched, "paged": paged}
    sealed = rollups.seal(now, limit=None)
    if sealed:
        summary["sealed"] = [d.isoformat() for d in sealed]
    privacy = privacy_tick(now, settings, backend=backend)
    if privacy["erasures"] or privacy["retention"]:
        summary["privacy"] = privacy
    line = describe(summary)
    # An idle pass every 30 s is not news: one line only when something happened.
    log.log(logging.INFO if line else logging.DEBUG, "tick %s: %s", now.isoformat(), line or "idle")
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


def describe(summary):
    """'planned 3 text(s) for 2 enrolment(s); sent 3' from a pass's summary; '' when idle."""
    planned, dispatched = summary["planned"], summary["dispatched"] or {}
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
    paged = summary.get("paged") or {}
    if paged.get("organisations"):
        parts.append(f"on-call paged for {paged['organisations']} organisation(s)")
    if summary.get("sealed"):
        parts.append(f"sealed {', '.join(summary['sealed'])}")
    privacy = summary.get("privacy") or {}
    if privacy.get("erasures"):
        parts.append("erasures " + ", ".join(f"{k} {v}" for k, v in privacy["erasures"].items()))
    if privacy.get("retention"):
        parts.append(f"retention removed data of {len(privacy['retention'])} organisation(s)")
    return "; ".join(parts)
