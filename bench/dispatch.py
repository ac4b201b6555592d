"""How fast the dispatcher sends, and whether it keeps to its rate.

Queues N texts in a fresh SQLite database, runs one dispatch pass through the
real TwilioBackend against bench/mock_twilio.py (in its own process, answering
each request after 100 ms, as a slow Twilio might) and prints the figures.

    .venv/bin/python -m bench.dispatch --messages 3000 --rate 160 --concurrency 20

With --processes N, N dispatcher processes (`python -m service.dispatch_worker`,
as the Procfile runs them) share one rate through the database instead, on
SQLite or on the PostgreSQL database given with --pg (emptied first); the
figures are those the mock saw: throughput, the most requests that arrived in
any one-second window, and whether any text arrived twice.

    .venv/bin/python -m bench.dispatch --processes 3 --rate 150 --pg postgresql://...
"""

import argparse
import json
import multiprocessing
import os
import secrets
import signal
import tempfile
import time
import urllib.request
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from bench.machine import machine
from bench.mock_twilio import ARRIVALS_PATH, SENT_PATH, MockTwilio, free_port
from service.db import database, open_database
from service.migrate import migrate
from service.models import Enrolment, Launch, Message, Organisation, Participant
from service.models.messages import SENT
from service.sending.backends import TwilioBackend
from service.sending.dispatcher import dispatch

ACCOUNT_SID = "AC" + "0" * 32
# Noon UTC on a weekday: inside the launch's sending window.
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=timezone.utc)


def queue_texts(count, due=None):
    """One organisation, `count` participants, one practice each, all due."""
    org = Organisation.create(
        slug="bench", name="Bench Org", quiet_start="00:00", quiet_end="23:59"
    )
    launch = Launch.create(organisation=org, programme="bench")
    due = due or NOW.replace(tzinfo=None)
    with database.atomic():
        for start in range(0, count, 500):
            numbers = range(start, min(start + 500, count))
            Participant.insert_many([{"phone": f"+1202{n:07d}"} for n in numbers]).execute()
        people = list(Participant.select(Participant.id).order_by(Participant.id))
        rows = [
            {"participant": p.id, "launch": launch.id, "language": "en", "timezone": "UTC"}
            for p in people
        ]
        for start in range(0, len(rows), 500):
            Enrolment.insert_many(rows[start : start + 500]).execute()
        enrolments = list(Enrolment.select(Enrolment.id, Enrolment.participant))
        texts = [
            {
                "participant": e.participant_id,
                "enrolment": e.id,
                "kind": "practice",
                "day": 1,
                "body": "Today, notice one thing you did that took care. That counts.",
                "send_after": due,
            }
            for e in enrolments
        ]
        for start in range(0, len(texts), 500):
            Message.insert_many(texts[start : start + 500]).execute()


class Timed:
    """Wraps a backend and notes when each send left the dispatcher's pacer."""

    def __init__(self, inner, clock=time.monotonic):
        self.inner = inner
        self.sender = getattr(inner, "sender", "default")
        self.started = []
        self._clock = clock

    def send(self, to, body, *, status_callback=None):
        """Note the time, then send."""
        self.started.append(self._clock())
        return self.inner.send(to, body, status_callback=status_callback)

    def sent_to(self, to, since):
        """As the wrapped backend."""
        return self.inner.sent_to(to, since)

    def fetch(self, sid):
        """As the wrapped backend."""
        return self.inner.fetch(sid)


def max_in_any_second(times):
    """The most events inside any half-open one-second window."""
    times = sorted(times)
    best, left = 0, 0
    for right, t in enumerate(times):
        while times[left] <= t - 1.0:
            left += 1
        best = max(best, right - left + 1)
    return best


def serve_mock(port, delay, ready):
    """Run the mock API in this (child) process until killed."""
    with MockTwilio(delay=delay, port=port):
        ready.set()
        while True:
            time.sleep(3600)


def dispatcher_child(env, out):
    """One dispatcher process, as `python -m service.dispatch_worker` runs it, timing its sends.

    On SIGTERM it stops like the real one and writes when each request
    started (Unix seconds) to `out`.json.
    """
    import logging

    from service import config
    from service.dispatch_worker import run
    from service.process import configure_logging, stop_on_signals
    from service.sending.backends import backend_from_config

    os.environ.update(env)
    configure_logging()
    handler = logging.FileHandler(f"{out}.log")
    logging.getLogger().addHandler(handler)
    settings = config.from_env()
    open_database(settings["DATABASE_URL"])
    stop = stop_on_signals()
    backend = Timed(backend_from_config(settings), clock=time.time)
    run(settings, stop, backend=backend)
    Path(f"{out}.json").write_text(json.dumps(backend.started))


def run_processes(args, url):
    """N dispatcher processes sharing one rate; print what the mock saw."""
    port = free_port()
    ready = multiprocessing.Event()
    mock = multiprocessing.Process(target=serve_mock, args=(port, args.delay, ready), daemon=True)
    mock.start()
    ready.wait(10)
    mock_url = f"http://127.0.0.1:{port}"
    open_database(url)
    with database.connection_context():
        if "postgres" in url:
            database.execute_sql("DROP SCHEMA public CASCADE")
            database.execute_sql("CREATE SCHEMA public")
        migrate()
        # Due now by the wall clock: the dispatchers run on real time.
        queue_texts(args.messages, due=datetime.now(timezone.utc).replace(tzinfo=None))
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SMS_BACKEND": "twilio",
        # Real-looking Twilio settings: the processes refuse to start without a strong key.
        "SECRET_KEY": secrets.token_hex(32),
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": "bench-token",
        "TWILIO_FROM_NUMBER": "+15005550006",
        "TWILIO_API_BASE_URL": mock_url,
        "SEND_RATE": str(args.rate),
        "SEND_CONCURRENCY": str(args.concurrency),
    }
    logs = Path(tempfile.mkdtemp(prefix="dispatch-bench-"))
    spawn = multiprocessing.get_context("spawn")
    procs = [
        spawn.Process(target=dispatcher_child, args=(env, logs / f"dispatcher-{i}"))
        for i in range(args.processes)
    ]
    for proc in procs:
        proc.start()
    deadline = time.monotonic() + args.messages / args.rate * 3 + 60
    while time.monotonic() < deadline:
        with database.connection_context():
            left = Message.select().where(Message.state != SENT).count()
        if not left:
            break
        time.sleep(0.5)
    for proc in procs:
        os.kill(proc.pid, signal.SIGTERM)
    for proc in procs:
        proc.join(timeout=30)
    codes = [proc.exitcode for proc in procs]
    started = sorted(
        t
        for i in range(args.processes)
        for t in json.loads((logs / f"dispatcher-{i}.json").read_text())
    )
    with database.connection_context():
        sent = Message.select().where(Message.state == SENT).count()
    with urllib.request.urlopen(mock_url + ARRIVALS_PATH) as response:
        arrivals = sorted(json.load(response)["arrivals"])
    with urllib.request.urlopen(mock_url + SENT_PATH) as response:
        taken = json.load(response)["sent"]
    mock.terminate()
    mock.join()
    copies = Counter((to, body) for to, body, _ in taken)
    span = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else 0.0
    print(
        f"{'postgres' if 'postgres' in url else 'sqlite'}: {args.processes} dispatcher "
        f"processes, shared rate {args.rate:g}/s, concurrency {args.concurrency} each, "
        f"{args.messages} texts, mock delay {args.delay * 1000:.0f} ms"
    )
    print(f"rows SENT: {sent}, requests at the mock: {len(arrivals)}")
    if span:
        print(f"first to last request: {span:.2f} s -> {(len(arrivals) - 1) / span:.1f} msgs/s")
    print(
        f"most in any 1-second window: {max_in_any_second(started)} requests started by the "
        f"dispatchers together, {max_in_any_second(arrivals)} arriving at the mock (the mock "
        f"process's own scheduling on a busy machine adds to the second)"
    )
    print(
        f"texts that arrived twice: {sum(1 for n in copies.values() if n > 1)}; "
        f"exit codes on SIGTERM: {codes}; logs in {logs}"
    )


def main():
    """Run the benchmark and print its figures."""
    parser = argparse.ArgumentParser(description="Dispatcher throughput against a mock Twilio.")
    parser.add_argument("--messages", type=int, default=3000)
    parser.add_argument("--rate", type=float, default=160.0, help="messages per second allowed")
    parser.add_argument("--concurrency", type=int, default=20)
    parser.add_argument("--batch-size", type=int, default=200)
    parser.add_argument("--delay", type=float, default=0.1, help="mock API answer delay, s")
    parser.add_argument("--processes", type=int, default=0, help="dispatcher processes")
    parser.add_argument("--pg", default=None, help="PostgreSQL URL for --processes (emptied)")
    args = parser.parse_args()

    print(machine())
    if args.processes:
        with tempfile.TemporaryDirectory() as tmp:
            run_processes(args, args.pg or f"sqlite:///{tmp}/bench.db")
        return
    port = free_port()
    ready = multiprocessing.Event()
    # The mock runs in its own process so it does not share our interpreter lock,
    # as Twilio would not.
    mock = multiprocessing.Process(target=serve_mock, args=(port, args.delay, ready), daemon=True)
    mock.start()
    ready.wait(10)
    url = f"http://127.0.0.1:{port}"

    with tempfile.TemporaryDirectory() as tmp:
        open_database(f"sqlite:///{tmp}/bench.db")
        with database.connection_context():
            migrate()
            queue_texts(args.messages)
            backend = Timed(
                TwilioBackend(
                    ACCOUNT_SID, "bench-token", from_number="+15005550006", api_base_url=url
                )
            )
            started = time.monotonic()
            summary = dispatch(
                NOW,
                backend=backend,
                rate=args.rate,
                concurrency=args.concurrency,
                batch_size=args.batch_size,
            )
            elapsed = time.monotonic() - started
            sent = Message.select().where(Message.state == SENT).count()
            sids = Message.select(Message.twilio_sid).where(Message.twilio_sid.is_null(False))
            unique_sids = sids.distinct().count()

    with urllib.request.urlopen(url + ARRIVALS_PATH) as response:
        arrivals = sorted(json.load(response)["arrivals"])
    mock.terminate()
    mock.join()

    span = arrivals[-1] - arrivals[0] if len(arrivals) > 1 else 0.0
    print(
        f"settings: {args.messages} texts, rate {args.rate:g}/s, concurrency "
        f"{args.concurrency}, batch {args.batch_size}, mock delay {args.delay * 1000:.0f} ms"
    )
    print(f"summary: {summary}")
    print(f"rows SENT: {sent}, distinct sids: {unique_sids}, requests at mock: {len(arrivals)}")
    print(f"wall time of the pass: {elapsed:.2f} s -> {sent / elapsed:.1f} msgs/s overall")
    if span:
        print(f"first to last request: {span:.2f} s -> {(len(arrivals) - 1) / span:.1f} msgs/s")
    print(
        f"most in any 1-second window: {max_in_any_second(backend.started)} sends leaving "
        f"the pacer, {max_in_any_second(arrivals)} requests arriving at the mock"
    )


if __name__ == "__main__":
    main()
