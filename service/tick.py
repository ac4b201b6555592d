"""One pass of the clock: plan what is due, call on-call staff, dispatch what is queued."""

import logging

from .followup.mail import mailer_from_config
from .followup.oncall import page_due
from .sending.backends import backend_from_config
from .sending.dispatcher import dispatch
from .sending.planner import plan_due

log = logging.getLogger(__name__)


def run_tick(now, settings, *, backend=None, mailer=None):
    """Plan, page on-call staff, dispatch as of `now`; returns {"planned", "paged", "dispatched"}.

    A pass sends at most what the rate allows in one tick interval, so a
    backlog drains over several passes instead of starving planning.
    """
    backend = backend or backend_from_config(settings)
    planned = plan_due(now)
    # People are called about crisis alerts before the backlog of practices goes.
    paged = page_due(
        now,
        backend=backend,
        mailer=mailer or mailer_from_config(settings),
        repeat_minutes=int(settings.get("ONCALL_REPEAT_MINUTES", 15)),
        max_rounds=int(settings.get("ONCALL_MAX_ROUNDS", 4)),
        dashboard_url=settings.get("PUBLIC_BASE_URL", "") + "/dashboard/alerts",
    )
    rate = float(settings["SEND_RATE"])
    dispatched = dispatch(
        now,
        backend=backend,
        rate=rate,
        concurrency=int(settings["SEND_CONCURRENCY"]),
        limit=max(1, int(rate * int(settings["TICK_SECONDS"]))),
    )
    summary = {"planned": planned, "dispatched": dispatched, "paged": paged}
    log.info("tick %s: %s", now.isoformat(), summary)
    return summary
