"""Inbound texts through gunicorn: Kindly's /twilio/sms against a bare Flask app.

Issue 10's measure. In one run, with the same gunicorn settings (the
Procfile's: sync workers, two of them) and the same load generator:

1. a bare Flask app that checks the Twilio signature and answers empty TwiML;
2. Kindly's `/twilio/sms`, every request a real check-in answer from an
   enrolled participant with a question open (PHQ-2/GAD-2 items, a 0-10
   scale; some answers ask the next item, some finish a screener and total
   it, some finish the day), each participant answering once.

Each is driven flat out (a fixed number of connections, each sending its next
request when the last is answered) for throughput, then Kindly at a fixed
offered rate for latency. Targets: Kindly at least 50% of bare; p99 under
50 ms at 200 texts/s, on SQLite and on PostgreSQL:

    .venv/bin/python bench/webhook.py --vs-bare
    .venv/bin/python bench/webhook.py --vs-bare --pg postgresql://postgres@127.0.0.1:5432/DB

Use a database of your own for --pg: its public schema is dropped and made
anew. The load generator writes each request's bytes before the clock starts
(signatures included), so it spends little CPU of the two cores it shares.
"""

import argparse
import asyncio
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path
from urllib.parse import urlencode

from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from bench.machine import machine  # noqa: E402

TOKEN = "bench-token"
BASE = "https://kindly.bench"
SERVICE_NUMBER = "+15005550006"
VARIABLES = {
    "crisis_line": "988",
    "emergency_number": "911",
    "safety_line": "800-799-7233",
    "help_contact": "call 555-0100",
    "community": {"en": "neighbours", "es": "vecinos"},
}


def bare_app():
    """The floor: check Twilio's signature, answer empty TwiML. Nothing else."""
    from flask import Flask, Response, abort, request

    app = Flask("bare")
    validator = RequestValidator(TOKEN)

    @app.post("/twilio/sms")
    def sms():
        signature = request.headers.get("X-Twilio-Signature", "")
        if not validator.validate(BASE + request.path, request.form.to_dict(), signature):
            abort(403)
        return Response("<?xml version='1.0' encoding='UTF-8'?>\n<Response />", mimetype="text/xml")

    @app.get("/healthz")
    def healthz():
        return {"status": "ok"}

    return app


# --- the participants ---------------------------------------------------------


def seed(url, n):
    """n participants, each with one check-in question open; returns [(phone, answer)].

    Three in four are on kind-to-myself's day-1 screen (PHQ-2 and GAD-2, one
    of its four items open, answers 0-3), one in four on the taster's 0-10
    kindness item, half of each reading Spanish.
    """
    from service.conversation.replies import programme_of
    from service.db import database, is_postgres, open_database
    from service.launches import create_organisation, launch_programme
    from service.migrate import migrate
    from service.models import Enrolment, Participant

    open_database(url)
    database.connect(reuse_if_open=True)
    if is_postgres():
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")
    else:
        for table in database.get_tables():
            database.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
    migrate()
    org = create_organisation(
        slug="bench", name="Bench", timezone="America/New_York", variables=VARIABLES
    )
    kind = launch_programme(org, "kind-to-myself", {"en": "CARE", "es": "CUIDAR"})
    taster = launch_programme(org, "taster", {"en": "KIND", "es": "AMABLE"})
    screen = [i.id for i in programme_of(kind).day(1).checkin]
    people, enrolments, answers = [], [], []
    for i in range(n):
        phone = f"+1212{i:07d}"
        people.append({"phone": phone, "pseudonym": f"b{i}", "timezone": "America/New_York"})
        if i % 4 == 3:
            launch, item, answer = taster, "kindness", str(i % 11)
        else:
            launch, item, answer = kind, screen[i % len(screen)], str(i % 4)
        enrolments.append(
            {
                "launch": launch.id,
                "language": "es" if i % 2 else "en",
                "state": "active",
                "send_time": "09:00",
                "timezone": "America/New_York",
                "next_day": 2,
                "pending": "checkin",
                "pending_day": 1,
                "pending_item": item,
            }
        )
        answers.append((phone, answer))
    with database.atomic():
        for start in range(0, n, 5000):
            Participant.insert_many(people[start : start + 5000]).execute()
        ids = [p.id for p in Participant.select(Participant.id).order_by(Participant.id)]
        for row, pid in zip(enrolments, ids, strict=True):
            row["participant"] = pid
        for start in range(0, n, 5000):
            Enrolment.insert_many(enrolments[start : start + 5000]).execute()
    if is_postgres():
        database.execute_sql("ANALYZE")
    database.close()
    return answers


def requests_for(port, answers, first_sid=0):
    """The raw bytes of one signed POST per (phone, answer), made before the clock starts."""
    validator = RequestValidator(TOKEN)
    made = []
    for n, (phone, body) in enumerate(answers):
        params = {
            "From": phone,
            "To": SERVICE_NUMBER,
            "Body": body,
            "MessageSid": f"SM{first_sid + n:032x}",
            "AccountSid": "AC" + "0" * 32,
        }
        signature = validator.compute_signature(f"{BASE}/twilio/sms", params)
        payload = urlencode(params).encode()
        head = (
            f"POST /twilio/sms HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"X-Twilio-Signature: {signature}\r\nContent-Length: {len(payload)}\r\n"
            "Connection: close\r\n\r\n"
        ).encode()
        made.append(head + payload)
    return made


# --- the load generator ---------------------------------------------------------


async def _one(port, data):
    """Send one request on a new connection (sync gunicorn workers close each);
    returns (seconds, status)."""
    started = time.perf_counter()
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    writer.write(data)
    response = await reader.read()
    writer.close()
    status = int(response[9:12]) if response.startswith(b"HTTP/") else 0
    return time.perf_counter() - started, status


async def flat_out(port, requests, seconds, connections, *, warm_up=False):
    """Closed loop: `connections` clients, each sending its next request as soon
    as the last is answered, for `seconds`. Returns (done, statuses, elapsed)."""
    queue = iter(requests)
    statuses = {}
    deadline = time.perf_counter() + seconds
    done = 0

    async def client():
        nonlocal done
        for data in queue:
            if time.perf_counter() >= deadline:
                return
            _, status = await _one(port, data)
            statuses[status] = statuses.get(status, 0) + 1
            done += 1

    started = time.perf_counter()
    await asyncio.gather(*(client() for _ in range(connections)))
    elapsed = time.perf_counter() - started
    if done == len(requests) and not warm_up:
        raise SystemExit("ran out of requests before the time was up: seed more")
    return done, statuses, elapsed


async def offered(port, requests, rate):
    """Open loop: request i leaves at i / rate whatever came before; latencies."""
    latencies, statuses = [], {}
    started = time.perf_counter() + 0.5

    async def one(i, data):
        await asyncio.sleep(max(0.0, started + i / rate - time.perf_counter()))
        seconds, status = await _one(port, data)
        latencies.append(seconds)
        statuses[status] = statuses.get(status, 0) + 1

    await asyncio.gather(*(one(i, data) for i, data in enumerate(requests)))
    elapsed = time.perf_counter() - started
    return sorted(latencies), statuses, elapsed


# --- the servers ----------------------------------------------------------------


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def wait_for(port, seconds=30):
    import urllib.request

    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=1)
            return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server did not start on port {port}")


class Server:
    """gunicorn with the Procfile's settings on an app, logs to a file."""

    def __init__(self, app, env, workers, log):
        self.port = free_port()
        self.log = open(log, "w")  # noqa: SIM115 - closed in __exit__
        self.process = subprocess.Popen(
            [
                str(ROOT / ".venv/bin/gunicorn"),
                "--workers",
                str(workers),
                "--graceful-timeout",
                "25",
                "--bind",
                f"127.0.0.1:{self.port}",
                app,
            ],
            env=env,
            cwd=ROOT,
            stdout=self.log,
            stderr=self.log,
        )

    def cpu(self):
        """CPU seconds the workers (the master's children) have used so far."""
        pid = self.process.pid
        with open(f"/proc/{pid}/task/{pid}/children") as f:
            workers = f.read().split()
        return sum(cpu_seconds(worker)[1] for worker in workers)

    def __enter__(self):
        wait_for(self.port)
        return self

    def __exit__(self, *exc):
        self.process.send_signal(signal.SIGTERM)
        self.process.wait(timeout=30)
        self.log.close()


def cpu_seconds(pid):
    """(command name, CPU seconds used so far: user + system) of one process."""
    with open(f"/proc/{pid}/stat") as f:
        head, tail = f.read().rsplit(")", 1)
    fields = tail.split()
    return head.split("(", 1)[1], (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def postgres_cpu():
    """CPU seconds used so far by the local PostgreSQL server's processes (0 if none here)."""
    total = 0.0
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            name, seconds = cpu_seconds(pid)
        except OSError:
            continue  # the process ended meanwhile
        if name == "postgres":
            total += seconds
    return total


def environment(url):
    return {
        **os.environ,
        "DATABASE_URL": url,
        "TWILIO_AUTH_TOKEN": TOKEN,
        "PUBLIC_BASE_URL": BASE,
        "SMS_BACKEND": "console",
        "SECRET_KEY": secrets.token_hex(32),
        "LOG_LEVEL": os.environ.get("LOG_LEVEL", "INFO"),
    }


def pct(latencies, p):
    return latencies[min(len(latencies) - 1, int(p / 100 * len(latencies)))] * 1000


def compare(name, url, args, out):
    """One database: bare flat out, Kindly flat out, Kindly at the offered rate."""
    warm = 200
    needed = warm + int(args.seconds * 2500) + int(args.rate * args.seconds)
    answers = seed(url, needed)
    env = environment(url)
    with Server("bench.webhook:bare_app()", env, args.workers, out / "bare.log") as bare:
        requests = requests_for(bare.port, answers)
        asyncio.run(flat_out(bare.port, requests[:warm], 60, args.connections, warm_up=True))
        bare_cpu = bare.cpu()
        bare_done, bare_status, bare_elapsed = asyncio.run(
            flat_out(bare.port, requests[warm:], args.seconds, args.connections)
        )
        bare_cpu = bare.cpu() - bare_cpu
    with Server("service.wsgi:app", env, args.workers, out / f"kindly-{name}.log") as kindly:
        requests = requests_for(kindly.port, answers)
        # Warm both workers (programme files, templates, prepared statements).
        asyncio.run(flat_out(kindly.port, requests[:warm], 60, args.connections, warm_up=True))
        rest = requests[warm:]
        cpu, server_cpu = kindly.cpu(), postgres_cpu()
        done, status, elapsed = asyncio.run(
            flat_out(kindly.port, rest, args.seconds, args.connections)
        )
        cpu, server_cpu = kindly.cpu() - cpu, postgres_cpu() - server_cpu
        paced = rest[done : done + int(args.rate * args.seconds)]
        latencies, paced_status, paced_elapsed = asyncio.run(offered(kindly.port, paced, args.rate))
    bare_rate, rate = bare_done / bare_elapsed, done / elapsed
    print(
        f"{name:10} bare Flask  {bare_rate:7.0f} texts/s flat out ({bare_done:,} in "
        f"{bare_elapsed:.1f} s, statuses {bare_status})"
    )
    print(
        f"{name:10} Kindly      {rate:7.0f} texts/s flat out ({done:,} in {elapsed:.1f} s, "
        f"statuses {status}); Kindly/bare {rate / bare_rate:.0%}"
    )
    print(
        f"{name:10} Kindly at {args.rate:.0f}/s offered: {len(latencies) / paced_elapsed:.0f}/s "
        f"handled, statuses {paced_status}; p50 {pct(latencies, 50):.1f} ms, "
        f"p95 {pct(latencies, 95):.1f} ms, p99 {pct(latencies, 99):.1f} ms, "
        f"max {latencies[-1] * 1000:.1f} ms"
    )
    print(
        f"{name:10} CPU per text in the workers: Kindly {cpu / max(done, 1) * 1000:.2f} ms, "
        f"bare {bare_cpu / max(bare_done, 1) * 1000:.2f} ms"
        + (
            f"; PostgreSQL's own {server_cpu / max(done, 1) * 1000:.2f} ms"
            if name == "PostgreSQL"
            else ""
        )
    )
    return rate / bare_rate, pct(latencies, 99), cpu / max(done, 1)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--vs-bare", action="store_true", help="(the only mode; kept explicit)")
    parser.add_argument("--pg", metavar="URL", help="also run on this PostgreSQL database")
    parser.add_argument("--no-sqlite", action="store_true", help="only PostgreSQL")
    parser.add_argument("--seconds", type=float, default=15)
    parser.add_argument("--rate", type=float, default=200, help="offered texts/s for latency")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2, help="as the Procfile's default")
    args = parser.parse_args()
    out = ROOT / "bench" / "out"
    out.mkdir(exist_ok=True)
    print(machine())
    print(
        f"gunicorn --workers {args.workers} (sync), {args.connections} connections flat out "
        f"for {args.seconds:.0f} s, then {args.rate:.0f}/s offered for {args.seconds:.0f} s"
    )
    runs = []
    if not args.no_sqlite:
        db = out / "webhook.db"
        for suffix in ("", "-wal", "-shm", ".writelock"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        runs.append(("SQLite", f"sqlite:///{db}"))
    if args.pg:
        runs.append(("PostgreSQL", args.pg))
    for name, url in runs:
        compare(name, url, args, out)


if __name__ == "__main__":
    main()
