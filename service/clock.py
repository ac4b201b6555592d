"""The clock process (Procfile `clock`): one APScheduler job, one pass every ~30 s.

The scheduler decides when; run_tick does the work. Web workers never run a
scheduler. Several clocks may run for availability (two is the usual
deployment): only one plans at a time (the planning lock in
sending/planlock.py; the others skip planning that pass), and nothing is
sent twice: the planner's unique keys and the dispatcher's claims make a
second pass a no-op.
"""

import logging
import signal
from datetime import datetime, timezone

from apscheduler.schedulers.blocking import BlockingScheduler

from . import config, logs
from .db import database, open_database
from .tick import run_tick

log = logging.getLogger("service.clock")


def make_scheduler(settings, scheduler_class=BlockingScheduler):
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

    def tick():
        with database.connection_context():
            run_tick(datetime.now(timezone.utc), settings)

    scheduler.add_job(
        tick,
        "interval",
        seconds=int(settings["TICK_SECONDS"]),
        id="tick",
        next_run_time=datetime.now(timezone.utc),
    )
    return scheduler


def main():
    """Run the clock until stopped (SIGTERM or Ctrl-C end it cleanly, exit 0)."""
    logs.install()
    settings = config.from_env()
    logs.configure(settings)
    problem = config.secret_key_problem(settings)
    if problem:
        # The clock signs nothing, but it runs beside the web process with the
        # same settings: refusing here too makes a bad deployment fail loudly.
        raise SystemExit(f"clock not started: {problem}")
    open_database(settings["DATABASE_URL"])
    scheduler = make_scheduler(settings)

    def stop(signum, frame):
        # Let a pass in progress finish; the platform's SIGTERM on a release is routine.
        scheduler.shutdown(wait=True)

    signal.signal(signal.SIGTERM, stop)
    log.info("clock started: a pass every %ss", settings["TICK_SECONDS"])
    try:
        scheduler.start()
    except KeyboardInterrupt:
        scheduler.shutdown(wait=True)
    log.info("clock stopped")


if __name__ == "__main__":
    main()
