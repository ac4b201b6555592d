"""The clock process (Procfile `clock`): one APScheduler job, one pass every ~30 s.

The scheduler decides when; run_tick does the work. Web workers never run a
scheduler. Several clocks may run for availability (two is the usual
deployment): only one plans at a time (the planning lock in
sending/planlock.py; the others skip planning that pass), and nothing is
sent twice: the planner's unique keys and the dispatcher's claims make a
second pass a no-op.
"""

import logging
from datetime import datetime, timezone

from apscheduler.schedulers.blocking import BlockingScheduler

from . import config
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
    """Run the clock until stopped."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(name)s %(message)s")
    # One line per pass from run_tick is enough; APScheduler's own are noise.
    logging.getLogger("apscheduler").setLevel(logging.WARNING)
    settings = config.from_env()
    open_database(settings["DATABASE_URL"])
    log.info("clock started: a pass every %ss", settings["TICK_SECONDS"])
    make_scheduler(settings).start()


if __name__ == "__main__":
    main()
