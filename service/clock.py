"""The clock process (Procfile `clock`): one APScheduler job, one pass every ~30 s.

The scheduler decides when; run_tick does the work. Web workers never run a
scheduler. Several clocks may run for availability (two is the usual
deployment): only one plans at a time (the planning lock in
sending/planlock.py; the others skip planning that pass), and nothing is
sent twice: the planner's unique keys and the dispatcher's leased claims make
a second pass harmless. With `--plan-only` the clock plans and calls on-call
staff, and dispatcher processes (service/dispatch_worker.py) send.

SIGTERM or SIGINT: no new pass starts, the pass under way stops claiming,
gives back what it claimed and lets requests in flight come back (a few
seconds), and the process exits 0.
"""

import argparse
import logging
import threading
from datetime import datetime, timezone

from apscheduler.schedulers.blocking import BlockingScheduler

from . import config
from .db import database, open_database
from .process import configure_logging, stop_on_signals
from .sending.dispatcher import STOP_GRACE_SECONDS
from .tick import run_tick

log = logging.getLogger("service.clock")


def make_scheduler(settings, scheduler_class=BlockingScheduler, *, stop=None, send=True):
    """A scheduler (blocking by default) in UTC running one pass every TICK_SECONDS."""
    scheduler = scheduler_class(
        timezone=timezone.utc,
        job_defaults={
            # After a stall, run once, not once per missed interval.
            "coalesce": True,
            # A long pass is never overlapped by the next one.
            "max_instances": 1,
            "misfire_grace_time": int(settings["TICK_SECONDS"]),
        },
    )
    scheduler.idle = threading.Event()  # clear while a pass runs
    scheduler.idle.set()

    def tick():
        if stop is not None and stop.is_set():
            return
        scheduler.idle.clear()
        try:
            with database.connection_context():
                run_tick(datetime.now(timezone.utc), settings, stop=stop, send=send)
        finally:
            scheduler.idle.set()

    scheduler.add_job(
        tick,
        "interval",
        seconds=int(settings["TICK_SECONDS"]),
        id="tick",
        next_run_time=datetime.now(timezone.utc),
    )
    return scheduler


def main(argv=None):
    """Run the clock until SIGTERM or SIGINT; exit 0 once the pass in hand is settled."""
    parser = argparse.ArgumentParser(description="Kindly's clock: plan (and send) every tick.")
    parser.add_argument(
        "--plan-only", action="store_true", help="leave sending to dispatcher processes"
    )
    args = parser.parse_args(argv)
    settings = config.from_env()
    configure_logging(settings)
    problem = config.secret_key_problem(settings)
    if problem:
        # The clock signs nothing, but it runs beside the web process with the
        # same settings: refusing here too makes a bad deployment fail loudly.
        raise SystemExit(f"clock not started: {problem}")
    open_database(settings["DATABASE_URL"])
    from .privacy.clock import configure as configure_privacy

    configure_privacy(settings)
    scheduler = None
    stop = stop_on_signals(on_stop=lambda: scheduler.shutdown(wait=False))
    scheduler = make_scheduler(settings, stop=stop, send=not args.plan_only)
    log.info(
        "clock started: a pass every %ss%s",
        settings["TICK_SECONDS"],
        " (planning only)" if args.plan_only else "",
    )
    scheduler.start()
    # start() returns once shut down; the pass under way may still be settling.
    if not scheduler.idle.wait(STOP_GRACE_SECONDS + 10):
        log.warning("clock stopped with a pass still running")
        return 1
    log.info("clock stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
