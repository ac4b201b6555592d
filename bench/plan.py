"""Planning benchmark: N active enrolments all due in the same minute.

Target (issue 2): 100,000 queued in under 20 s on SQLite on a 2-core machine,
memory flat (batches, not one list of everything). Prints the figures:

    .venv/bin/python bench/plan.py            # 10,000 then 100,000 on SQLite
    .venv/bin/python bench/plan.py --pg URL   # also on PostgreSQL
"""

import argparse
import os
import platform
import sys
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from service.db import database, open_database  # noqa: E402
from service.launches import create_organisation, launch_programme  # noqa: E402
from service.migrate import migrate  # noqa: E402
from service.models import Enrolment, Message, Participant  # noqa: E402
from service.sending.planner import plan_due  # noqa: E402

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)  # 09:00 in New York


def machine():
    """One line about the machine the figures come from."""
    cpu = "unknown CPU"
    try:
        for line in open("/proc/cpuinfo"):
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores, {cpu}, Python {platform.python_version()}"


def fill(n):
    """An organisation, the taster launched, n participants due at NOW."""
    org = create_organisation(slug="bench", name="Bench Community", timezone="America/New_York")
    launch = launch_programme(org, "taster", {"en": "BENCH"})
    due = (NOW - timedelta(minutes=1)).replace(tzinfo=None)
    with database.atomic():
        for start in range(0, n, 5000):
            count = min(5000, n - start)
            Participant.insert_many(
                [
                    {"phone": f"+1212{start + i:07d}", "pseudonym": f"b{start + i}"}
                    for i in range(count)
                ]
            ).execute()
        ids = [p.id for p in Participant.select(Participant.id).order_by(Participant.id)]
        for start in range(0, n, 5000):
            Enrolment.insert_many(
                [
                    {
                        "participant": pid,
                        "launch": launch.id,
                        "language": "en",
                        "state": "active",
                        "send_time": "09:00",
                        "timezone": "America/New_York",
                        "next_day": 1,
                        "next_due_at": due,
                    }
                    for pid in ids[start : start + 5000]
                ]
            ).execute()


def run(url, n):
    open_database(url)
    with database.connection_context():
        if "postgres" in url:
            database.execute_sql("DROP SCHEMA public CASCADE")
            database.execute_sql("CREATE SCHEMA public")
        migrate()
        fill(n)
        tracemalloc.start()
        started, cpu_started = time.perf_counter(), time.process_time()
        summary = plan_due(NOW)
        elapsed = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        queued = Message.select().where(Message.state == "queued").count()
    print(
        f"{'postgres' if 'postgres' in url else 'sqlite':8} n={n:>7,}: {elapsed:6.2f} s "
        f"(this process's CPU {cpu:5.2f} s; the rest is waiting on disk or other load), "
        f"{n / elapsed:8,.0f} enrolments/s, {queued:,} rows queued, "
        f"peak Python memory {peak / 1e6:6.1f} MB ({summary['enrolments']:,} planned)"
    )
    return elapsed


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", default="10000,100000")
    parser.add_argument("--pg", default=None, help="PostgreSQL URL to run the same sizes on")
    args = parser.parse_args()
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    print(machine())
    for n in (int(s) for s in args.sizes.split(",")):
        path = out / f"plan-{n}.db"
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        run(f"sqlite:///{path}", n)
        if args.pg:
            run(args.pg, n)


if __name__ == "__main__":
    main()
