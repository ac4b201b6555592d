"""The clock process: one interval job in UTC that coalesces and never overlaps."""

from apscheduler.schedulers.background import BackgroundScheduler

from service import config
from service.clock import make_scheduler


def test_clock_has_one_coalescing_non_overlapping_job_in_utc():
    settings = {**config.from_env({}), "TICK_SECONDS": 30}
    # The same set-up as the clock process, in a scheduler that does not block.
    scheduler = make_scheduler(settings, BackgroundScheduler)
    scheduler.start(paused=True)
    try:
        (job,) = scheduler.get_jobs()
        assert job.trigger.interval.total_seconds() == 30
        assert job.coalesce is True
        assert job.max_instances == 1
        assert job.misfire_grace_time == 30
        assert str(scheduler.timezone) == "UTC"
    finally:
        scheduler.shutdown(wait=False)
