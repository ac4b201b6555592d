"""Kill the clock at random moments while it plans and sends; count lost and duplicated texts.

People keep joining (a batch of due enrolments every half second), and the
clock process (`python -m service.clock`, a pass every second) plans their
first day and sends it through the real TwilioBackend to bench/mock_twilio.py
(in its own process, 100 ms per request, holding every message it takes). The
clock is killed at random moments of its life (while planning, claiming, in
flight or recording): SIGKILL most times, SIGTERM (which must exit 0 within a
few seconds) some; it is restarted at once each time. Then one clock drains
what is left (texts planned for later are made due at once, so the drain
does not wait a minute for the last check-ins), and every planned text
(participant, day, item) is compared with what the mock took:

    .venv/bin/python -m bench.chaos                   # SQLite: 100 SIGKILLs, 20 SIGTERMs
    .venv/bin/python -m bench.chaos --pg postgresql://postgres@127.0.0.1:5432/DB
    .venv/bin/python -m bench.chaos --kills 8 --sigterms 2   # the suite's short version

Target: 0 lost; at most one extra copy of any text, and only where Twilio had
not recorded the message when the process died (with this mock, which holds a
message the moment its request arrives, that is never). The PostgreSQL
database named is emptied first.
"""

import argparse
import ast
import json
import multiprocessing
import os
import random
import secrets
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench.mock_twilio import SENT_PATH, MockTwilio, free_port
from service.db import database, open_database, write_transaction
from service.launches import create_organisation, launch_programme
from service.migrate import migrate
from service.models import Enrolment, Launch, Message, Participant
from service.models.messages import QUEUED, SENDING
from service.models.participant import ACTIVE

ROOT = Path(__file__).resolve().parent.parent
ACCOUNT_SID = "AC" + "0" * 32
FROM_NUMBER = "+15005550006"


def serve_mock(port, delay, ready):
    """Run the mock API in this (child) process until killed."""
    with MockTwilio(delay=delay, port=port):
        ready.set()
        while True:
            time.sleep(3600)


def reset(url):
    """Bind the database at `url`, empty it, migrate it; one launch everyone joins."""
    open_database(url)
    database.connect(reuse_if_open=True)
    if "postgres" in url:
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")
    migrate()
    org = create_organisation(
        slug="chaos",
        name="Chaos Community",
        timezone="UTC",
        quiet_start="00:00",
        quiet_end="23:59",
        variables={
            "crisis_line": "988",
            "emergency_number": "911",
            "help_contact": "call 555-0100",
            "safety_line": "800-799-7233",
        },
    )
    return launch_programme(org, "taster", {"en": "CHAOS"})


class Joiners(threading.Thread):
    """Adds `batch` due enrolments every half second until stopped."""

    def __init__(self, launch, batch):
        super().__init__(daemon=True)
        self.launch, self.batch = launch, batch
        self.stopped = threading.Event()
        self.joined = 0

    def run(self):
        while not self.stopped.wait(0.5):
            self.add(self.batch)

    def add(self, count):
        """Enrol `count` new people, their first day (a practice, a check-in) due now."""
        due = datetime.now(UTC).replace(tzinfo=None) - timedelta(seconds=90)
        with database.connection_context(), write_transaction():
            start = self.joined
            Participant.insert_many(
                [
                    {"phone": f"+1617{n:07d}", "pseudonym": f"c{n}"}
                    for n in range(start, start + count)
                ]
            ).execute()
            people = Participant.select(Participant.id).where(
                Participant.phone.in_([f"+1617{n:07d}" for n in range(start, start + count)])
            )
            Enrolment.insert_many(
                [
                    {
                        "participant": p.id,
                        "launch": self.launch.id,
                        "language": "en",
                        "state": ACTIVE,
                        "send_time": "09:00",
                        "timezone": "UTC",
                        "next_day": 1,
                        "next_due_at": due,
                    }
                    for p in people
                ]
            ).execute()
        self.joined += count


def outstanding():
    """Texts not yet settled and enrolments not yet planned, as of now."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with database.connection_context():
        texts = Message.select().where(Message.state.in_([QUEUED, SENDING])).count()
        due = (
            Enrolment.select()
            .where((Enrolment.state == ACTIVE) & (Enrolment.next_due_at <= now))
            .count()
        )
    return texts + due


def fast_forward():
    """Make texts planned for later (a check-in a minute after its practice) due now."""
    now = datetime.now(UTC).replace(tzinfo=None)
    with database.connection_context(), write_transaction():
        Message.update(send_after=now).where(
            (Message.state == QUEUED) & (Message.send_after > now)
        ).execute()


def clock(env, log_path):
    """Start one clock process, logging to `log_path`."""
    with open(log_path, "wb") as log:
        return subprocess.Popen(
            [sys.executable, "-m", "service.clock"],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )


def _wait_for(log_path, text, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if text in log_path.read_text(errors="replace"):
            return
        time.sleep(0.05)
    raise RuntimeError(f"{log_path}: no {text!r} within {timeout} s")


def run_chaos(url, *, kills, sigterms, seed=1, batch=6, rate=40.0, life=(0.2, 4.0), say=print):
    """Run the chaos and return its figures (see `report`)."""
    rng = random.Random(seed)
    launch = reset(url)
    launch = Launch.get_by_id(launch.id)
    port = free_port()
    ready = multiprocessing.Event()
    mock = multiprocessing.Process(target=serve_mock, args=(port, 0.1, ready), daemon=True)
    mock.start()
    ready.wait(10)
    mock_url = f"http://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "SMS_BACKEND": "twilio",
        # Real-looking Twilio settings: the processes refuse to start without a strong key.
        "SECRET_KEY": secrets.token_hex(32),
        "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
        "TWILIO_AUTH_TOKEN": "chaos-token",
        "TWILIO_FROM_NUMBER": FROM_NUMBER,
        "TWILIO_API_BASE_URL": mock_url,
        "SEND_RATE": str(rate),
        "SEND_CONCURRENCY": "20",
        "TICK_SECONDS": "1",
        "SEND_LEASE_SECONDS": "2",
        "PYTHONUNBUFFERED": "1",
    }
    signals = [signal.SIGKILL] * kills + [signal.SIGTERM] * sigterms
    rng.shuffle(signals)
    joiners = Joiners(launch, batch)
    joiners.add(batch * 4)
    joiners.start()
    terms = []  # (exit code, seconds to exit)
    started = time.monotonic()
    logs = Path(tempfile.mkdtemp(prefix="chaos-clock-"))
    try:
        for i, sig in enumerate(signals, 1):
            log = logs / f"{i:03d}.log"
            proc = clock(env, log)
            if sig == signal.SIGTERM:
                # A deploy stops a clock that is running, not one still importing.
                _wait_for(log, "clock started")
            time.sleep(rng.uniform(*life))
            sent_at = time.monotonic()
            proc.send_signal(sig)
            code = proc.wait(timeout=60)
            if sig == signal.SIGTERM:
                terms.append((code, time.monotonic() - sent_at))
            if i % 20 == 0:
                say(f"  {i}/{len(signals)} signals, {joiners.joined} joined")
        joiners.stopped.set()
        joiners.join()
        # Drain: one clock runs until everything is settled, then is stopped.
        drain_started = time.monotonic()
        # The drain is not what is measured: it may send faster.
        proc = clock({**env, "SEND_RATE": str(rate * 4)}, logs / "drain.log")
        while outstanding() and time.monotonic() - drain_started < 900:
            fast_forward()
            time.sleep(0.5)
        drained = time.monotonic() - drain_started
        proc.send_signal(signal.SIGTERM)
        final_code = proc.wait(timeout=60)
    finally:
        joiners.stopped.set()
        with urllib.request.urlopen(mock_url + SENT_PATH) as response:
            taken = json.load(response)["sent"]
        mock.terminate()
        mock.join()
    result = report(taken)
    result["recovery"] = recoveries(logs)
    result.update(
        database="postgres" if "postgres" in url else "sqlite",
        kills=kills,
        sigterms=sigterms,
        joined=joiners.joined,
        sigterm_exits=terms,
        final_exit=final_code,
        drain_seconds=drained,
        seconds=time.monotonic() - started,
        logs=str(logs),
    )
    return result


def recoveries(logs):
    """What the clocks' recoveries did, summed from their logs."""
    total = Counter()
    for path in logs.glob("*.log"):
        for line in path.read_text(errors="replace").splitlines():
            if " recover: {" in line:
                total.update(ast.literal_eval(line.split(" recover: ", 1)[1]))
    return dict(total)


def report(taken):
    """Compare every planned text with what the mock took: lost, duplicated, unplanned."""
    copies = Counter((to, body) for to, body, _ in taken)
    sids = {}
    for to, body, sid in taken:
        sids.setdefault((to, body), set()).add(sid)
    with database.connection_context():
        rows = list(
            Message.select(Message, Participant)
            .join(Participant)
            .where(Message.kind != "reply")
            .order_by(Message.id)
        )
        unplanned = Enrolment.select().where(Enrolment.next_day == 1).count()
        enrolments = Enrolment.select().count()
    lost, extra, wrong_sid = [], [], []
    planned = set()
    for msg in rows:
        key = (msg.participant.pseudonym, msg.day, msg.item or msg.kind)
        planned.add((msg.participant.phone, msg.body))
        n = copies[(msg.participant.phone, msg.body)]
        if n == 0:
            lost.append((key, msg.state, msg.error_message))
        elif n > 1:
            extra.append((key, n))
        if n and msg.twilio_sid not in sids[(msg.participant.phone, msg.body)]:
            wrong_sid.append((key, msg.state))
    strays = [k for k in copies if k not in planned]
    return {
        "texts": len(rows),
        "enrolments": enrolments,
        "unplanned": unplanned,
        "requests": len(taken),
        "lost": lost,
        "duplicated": extra,
        "extra_copies": sum(n - 1 for _, n in extra),
        "most_copies": max([n for _, n in extra], default=1 if rows else 0),
        "wrong_sid": wrong_sid,
        "strays": len(strays),
    }


def show(result, say=print):
    """Print a result."""
    say(
        f"{result['database']}: {result['kills']} SIGKILLs + {result['sigterms']} SIGTERMs "
        f"in {result['seconds']:.0f} s (drain {result['drain_seconds']:.1f} s); "
        f"{result['enrolments']} people joined, {result['unplanned']} never planned"
    )
    say(
        f"  texts planned {result['texts']}, requests at the mock {result['requests']}; "
        f"lost {len(result['lost'])}, duplicated {len(result['duplicated'])} "
        f"({result['extra_copies']} extra copies, most copies of one text "
        f"{result['most_copies']}), sid not the one Twilio gave {len(result['wrong_sid'])}, "
        f"texts nobody planned {result['strays']}"
    )
    say(f"  after crashes: {result['recovery']}")
    codes = Counter(code for code, _ in result["sigterm_exits"])
    slowest = max((s for _, s in result["sigterm_exits"]), default=0.0)
    say(
        f"  SIGTERM exit codes {dict(codes)}, slowest exit {slowest:.2f} s; "
        f"drain clock exit {result['final_exit']}; logs in {result['logs']}"
    )
    for key, state, why in result["lost"][:20]:
        say(f"  lost {key}: {state} {why or ''}")
    for key, n in result["duplicated"][:20]:
        say(f"  {n} copies of {key}")


def main():
    """Run the chaos on SQLite (and PostgreSQL if given) and print the figures."""
    from bench.machine import machine

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=100)
    parser.add_argument("--sigterms", type=int, default=20)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pg", default=None, help="PostgreSQL URL (emptied first)")
    parser.add_argument("--pg-only", action="store_true", help="skip the SQLite run")
    args = parser.parse_args()
    print(machine())
    with tempfile.TemporaryDirectory() as tmp:
        urls = [] if args.pg_only else [f"sqlite:///{tmp}/chaos.db"]
        if args.pg:
            urls.append(args.pg)
        for url in urls:
            show(run_chaos(url, kills=args.kills, sigterms=args.sigterms, seed=args.seed))


if __name__ == "__main__":
    main()
