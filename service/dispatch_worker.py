"""The dispatcher process (Procfile `dispatcher`): sends what is queued, continuously.

Run as many as sending needs, on as many machines (`python -m
service.dispatch_worker`), beside clocks started with `--plan-only`. Each
pass claims with leases (FOR UPDATE SKIP LOCKED on PostgreSQL), and every
dispatcher of a sender reserves its sending moments from the database, so
together they keep to SEND_RATE. A dispatcher that dies is covered by the
others: its claims are taken back when their leases end.

SIGTERM or SIGINT: stop claiming, give back what is claimed, let requests in
flight come back (a few seconds), exit 0.
"""

import logging

from . import config
from .db import database, open_database, utcnow
from .process import configure_logging, stop_on_signals
from .sending.backends import backend_from_config
from .tick import dispatch_due

log = logging.getLogger("service.dispatch_worker")

# One pass sends at most this many seconds' worth at the rate, then starts
# afresh (recovering any dead dispatcher's rows first).
PASS_SECONDS = 10
# How long to rest when nothing is due.
IDLE_SECONDS = 1.0


def run(settings, stop, *, backend=None, now=utcnow):
    """Dispatch pass after pass until `stop` is set; return the passes run."""
    backend = backend or backend_from_config(settings)
    passes = 0
    while not stop.is_set():
        with database.connection_context():
            summary = dispatch_due(
                now(), settings, backend=backend, stop=stop, seconds=PASS_SECONDS
            )
        passes += 1
        if summary["claimed"] == 0:
            stop.wait(IDLE_SECONDS)
    return passes


def main():
    """Run one dispatcher until SIGTERM or SIGINT; exit 0."""
    configure_logging()
    settings = config.from_env()
    open_database(settings["DATABASE_URL"])
    stop = stop_on_signals()
    log.info("dispatcher started: %s texts/s shared by all dispatchers", settings["SEND_RATE"])
    run(settings, stop)
    log.info("dispatcher stopped")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
