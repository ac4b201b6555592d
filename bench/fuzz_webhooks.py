"""Signed, malformed webhooks against a running Kindly: the cases, the sender, the checks.

tests/web/test_fuzz.py sends a few thousand through gunicorn on each
database; a bigger run is by hand (it starts its own gunicorn on a fresh
SQLite file, or on the PostgreSQL database you name, which it empties):

    .venv/bin/python bench/fuzz_webhooks.py [--requests 20000] [--database URL]

Cases: odd and oversized fields, NUL and control bytes, invalid numbers,
unsigned requests, delivery reports with garbage, repeated MessageSids, and
bursts of first texts from one new number sent at the same instant. It
prints how many answers were >= 500 (the target is 0), whether the server is
still healthy, and whether every accepted text is stored exactly once.
"""

import argparse
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
PUBLIC_BASE_URL = "https://kindly.example.org"
AUTH_TOKEN = "fuzz-auth-token"
SECRET_KEY = "0e4bf01addd9bc6cfe20335cb0144307251456f532ef97b5d2e9fd1b23adb35f"
SERVICE_NUMBER = "+15005550006"
WORDS = ["KIND", "YES", "no", "7pm", "STOP", "START", "HELP", "PAUSE 3", "LANG ES", "7", "hi"]
ODD = [
    "",
    " ",
    "\x00",
    "kind\x00",
    "\x00\x00KIND",
    "\x1b[31mred",
    "🙂💛" * 50,
    "x" * 5000,
    "<Message>oops</Message>",
    "'; DROP TABLE inbound; --",
    "\ud7ff\ue000",
    "\r\n\t",
    "٣",
]
BAD_NUMBERS = [
    "",
    "+",
    "abc",
    "+1234",
    "+1" + "9" * 40,
    "whatsapp:+12125550123",
    "\x00+12125550123",
    "+12125550123\x00",
    "+1 212 555 0123",
    "0012125550123",
    "x" * 500,
    "+٣٣٣٣٣٣٣٣٣٣",
]
BAD_SIDS = ["", "\x00", "SM\x00" + "1" * 31, "SM" + "1" * 300, " " * 10, "SM" + "é" * 32]
STATUSES = ["delivered", "sent", "failed", "undelivered", "read", "weird", "", "x" * 300, "\x00"]
ERROR_CODES = ["", "30003", "21610", "-1", "99999999999999999999", "\x00", "3" * 300, "abc"]


@dataclass
class Tally:
    """What the server answered, and which texts it accepted."""

    codes: Counter = field(default_factory=Counter)
    errors: list = field(default_factory=list)  # (status, params) of answers >= 500
    accepted: dict = field(default_factory=dict)  # cleaned sid -> body sent
    failures: int = 0  # requests that got no answer at all
    lock: threading.Lock = field(default_factory=threading.Lock)


class Fuzzer:
    """Makes cases from a seed and sends them to base_url, signed as Twilio would."""

    def __init__(self, base_url, seed=9):
        self.base = base_url.rstrip("/")
        self.random = random.Random(seed)
        self.validator = RequestValidator(AUTH_TOKEN)
        self.sent = []  # earlier inbound params, to repeat
        self.serial = 0
        self.tally = Tally()

    def sid(self):
        self.serial += 1
        return f"SM{self.random.getrandbits(64):016x}{self.serial:016d}"

    def number(self):
        return f"+1212{self.random.randrange(10**7):07d}"

    def inbound(self):
        """One text: mostly plausible, often odd, sometimes broken."""
        r = self.random
        params = {
            "From": self.number() if r.random() < 0.8 else r.choice(BAD_NUMBERS),
            "To": SERVICE_NUMBER if r.random() < 0.9 else r.choice(BAD_NUMBERS),
            "Body": r.choice(WORDS) if r.random() < 0.6 else r.choice(ODD),
            "MessageSid": self.sid() if r.random() < 0.9 else r.choice(BAD_SIDS),
            "AccountSid": "AC" + "0" * 32,
        }
        if r.random() < 0.05:
            params["Extra\x00Field"] = "x" * r.randrange(1, 2000)
        if r.random() < 0.03:
            del params[r.choice(["From", "MessageSid", "Body", "To"])]
        return params

    def status(self):
        """A delivery report, for a sid we may or may not know."""
        r = self.random
        known = [p.get("MessageSid", "") for p in self.sent[-50:]]
        sid = r.choice(known) if known and r.random() < 0.3 else r.choice(BAD_SIDS + [self.sid()])
        params = {"MessageSid": sid, "MessageStatus": r.choice(STATUSES)}
        if r.random() < 0.6:
            params["ErrorCode"] = r.choice(ERROR_CODES)
        return params

    def post(self, path, params, *, signed=True):
        """POST a form; returns the status code (0 when no answer came)."""
        url = self.base + path
        signature = self.validator.compute_signature(PUBLIC_BASE_URL + path, params)
        if not signed:
            signature = signature[::-1]
        request = urllib.request.Request(
            url,
            data=urllib.parse.urlencode(params).encode(),
            headers={"X-Twilio-Signature": signature},
        )
        try:
            with urllib.request.urlopen(request, timeout=30) as response:
                response.read()
                code = response.status
        except urllib.error.HTTPError as error:
            code = error.code
        except OSError:
            code = 0
        self._count(path, params, code)
        return code

    def _count(self, path, params, code):
        t = self.tally
        with t.lock:
            t.codes[code] += 1
            if code == 0:
                t.failures += 1
            elif code >= 500:
                t.errors.append((code, path, params))
            elif code == 200 and path == "/twilio/sms":
                t.accepted[clean_sid(params.get("MessageSid"))] = params.get("Body", "")

    def burst(self, n):
        """n first texts from one number nobody has seen, released at the same instant."""
        number = self.number().replace("+1212", "+1646")
        cases = [
            {"From": number, "To": SERVICE_NUMBER, "Body": b, "MessageSid": self.sid()}
            for b in (["hi", "KIND"] * n)[:n]
        ]
        barrier = threading.Barrier(n)

        def send(params):
            barrier.wait()
            return self.post("/twilio/sms", params)

        with ThreadPoolExecutor(n) as pool:
            return list(pool.map(send, cases))

    def run(self, requests, *, threads=8, bursts=20, burst_size=4):
        """Send about `requests` cases from `threads` threads, with bursts among them."""
        plan = []
        for _ in range(requests):
            roll = self.random.random()
            if roll < 0.70:
                params = self.inbound()
                self.sent.append(params)
                plan.append(("/twilio/sms", params, True))
            elif roll < 0.80 and self.sent:
                # Twilio retrying: the very same request again.
                plan.append(("/twilio/sms", self.random.choice(self.sent), True))
            elif roll < 0.95:
                plan.append(("/twilio/status", self.status(), True))
            else:
                plan.append(("/twilio/sms", self.inbound(), False))
        with ThreadPoolExecutor(threads) as pool:
            list(pool.map(lambda case: self.post(case[0], case[1], signed=case[2]), plan))
        for _ in range(bursts):
            self.burst(burst_size)
        return self.tally


def clean_sid(raw):
    """The MessageSid as the service keeps it (service/bounds.py token)."""
    from service import bounds

    return bounds.token(raw, shape=bounds.SID_SHAPE)


def healthy(base_url):
    """True when /healthz answers 200."""
    try:
        with urllib.request.urlopen(base_url.rstrip("/") + "/healthz", timeout=5) as response:
            return response.status == 200
    except OSError:
        return False


def stored_problems(tally):
    """Accepted texts missing from the database or stored twice (needs a bound database)."""
    from service.models import Inbound

    problems = []
    sids = list(tally.accepted)
    rows = Counter()
    for start in range(0, len(sids), 500):
        chunk = sids[start : start + 500]
        query = Inbound.select(Inbound.message_sid).where(Inbound.message_sid.in_(chunk))
        for (sid,) in query.tuples():
            rows[sid] += 1
    for sid in sids:
        if rows[sid] != 1:
            problems.append(f"{sid!r}: {rows[sid]} rows")
    return problems


def free_port():
    """A free TCP port on 127.0.0.1."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_gunicorn(database_url, log_path, *, workers=4):
    """gunicorn on the app factory, like the Procfile; returns (process, base URL)."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "SMS_BACKEND": "console",
        "SECRET_KEY": SECRET_KEY,
    }
    log = open(log_path, "ab")  # noqa: SIM115 - handed to the process
    server = subprocess.Popen(
        [
            str(Path(sys.executable).parent / "gunicorn"),
            "--workers",
            str(workers),
            "--bind",
            f"127.0.0.1:{port}",
            "service:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while not healthy(base):
        if time.time() > deadline or server.poll() is not None:
            server.kill()
            raise RuntimeError(Path(log_path).read_text(errors="replace"))
        time.sleep(0.2)
    return server, base


def stop(server):
    """SIGTERM, then wait."""
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=30)


def main():
    """The big run by hand; prints figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=20000)
    parser.add_argument("--threads", type=int, default=8)
    parser.add_argument("--database", default="")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    from bench.machine import machine
    from service import create_app
    from service.db import database
    from service.launches import create_organisation, launch_programme
    from tests.conftest import DEMO_VARIABLES, reset_schema

    workdir = Path(tempfile.mkdtemp(prefix="kindly-fuzz-"))
    url = args.database or f"sqlite:///{workdir}/kindly.db"
    create_app({"DATABASE_URL": url, "SECRET_KEY": SECRET_KEY, "PUBLIC_BASE_URL": ""})
    with database.connection_context():
        reset_schema()
        org = create_organisation(
            slug="demo", name="Demo", timezone="America/New_York", variables=DEMO_VARIABLES
        )
        launch_programme(org, "taster", {"en": "KIND", "es": "AMABLE"})
    log_path = workdir / "gunicorn.log"
    server, base = start_gunicorn(url, log_path)
    started = time.perf_counter()
    try:
        tally = Fuzzer(base).run(args.requests, threads=args.threads, bursts=args.requests // 100)
        seconds = time.perf_counter() - started
        alive = healthy(base) and server.poll() is None
    finally:
        stop(server)
    with database.connection_context():
        problems = stored_problems(tally)
    total = sum(tally.codes.values())
    print(f"machine: {machine()}")
    print(f"database: {url.split(':')[0]}, gunicorn 4 workers, {args.threads} client threads")
    print(f"requests: {total} in {seconds:.1f} s ({total / seconds:.0f}/s)")
    print(f"answers: {dict(sorted(tally.codes.items()))}")
    print(f">= 500: {len(tally.errors)}; no answer: {tally.failures}; healthy after: {alive}")
    print(f"accepted texts: {len(tally.accepted)}; missing or doubled: {len(problems)}")
    for code, path, params in tally.errors[:5]:
        print("  e.g.", code, path, {k: v[:40] for k, v in params.items()})
    print(f"server log: {log_path}")


if __name__ == "__main__":
    main()
