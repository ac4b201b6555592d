"""Planning benchmark: N active enrolments all due in the same minute.

Targets (issue 10): on PostgreSQL 1,000,000 due enrolments queued in at most
60 s, time linear from 100,000 to 1,000,000, peak Python memory flat; on
SQLite 100,000 in at most 10 s. The enrolments are a realistic mix: two
languages and seven cohorts (programme days 1-7) on one launch, so 14 groups
of identical texts. Prints the figures:

    .venv/bin/python bench/plan.py                       # SQLite, 10k and 100k
    .venv/bin/python bench/plan.py --pg URL              # also PostgreSQL, 100k and 1M
    .venv/bin/python bench/plan.py --pg URL --no-sqlite  # PostgreSQL only
    .venv/bin/python bench/plan.py --vs-naive            # against one APScheduler job each

Use a database of your own for --pg: its schema is dropped and made anew.
"""

import argparse
import logging
import sys
import threading
import time
import tracemalloc
from datetime import datetime, timedelta, timezone
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.machine import machine
from service.db import database, is_postgres, open_database  # noqa: E402
from service.launches import create_organisation, launch_programme  # noqa: E402
from service.migrate import migrate  # noqa: E402
from service.models import Message  # noqa: E402
from service.sending.planner import plan_due  # noqa: E402

NOW = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)  # 09:00 in New York
ZONE = "America/New_York"
VARIABLES = {
    "crisis_line": "988",
    "emergency_number": "911",
    "safety_line": "800-799-7233",
    "help_contact": "call 555-0100",
    "community": {"en": "neighbours", "es": "vecinos"},
}


def reset(url):
    """Bind the database at `url` and give it an empty, migrated schema."""
    open_database(url)
    database.connect(reuse_if_open=True)
    if is_postgres():
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")
    migrate()


def fill(n, *, cohorts=7):
    """The taster launched in English and Spanish and n participants due at NOW.

    Rows are made by the database itself (a series of numbers), so filling a
    million takes seconds, not the time the benchmark measures.
    """
    org = create_organisation(slug="bench", name="Bench", timezone=ZONE, variables=VARIABLES)
    launch = launch_programme(org, "taster", {"en": "BENCH", "es": "BANCO"})
    due = (NOW - timedelta(minutes=1)).replace(tzinfo=None)
    created = NOW.replace(tzinfo=None) - timedelta(days=cohorts)
    p = database.param
    if is_postgres():
        numbers = f"SELECT i FROM generate_series(1, {p}) AS s(i)"
        phone = "'+1212' || lpad(i::text, 7, '0')"
        false = "false"
    else:
        numbers = (
            f"WITH RECURSIVE s(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM s WHERE i < {p}) "
            "SELECT i FROM s"
        )
        phone = "'+1212' || substr('0000000' || i, -7)"
        false = "0"
    mod = "%%" if is_postgres() else "%"  # psycopg2 reads a lone % as a parameter
    with database.atomic():
        database.execute_sql(
            f"INSERT INTO participant (phone, pseudonym, opted_out, is_test, created_at) "
            f"SELECT {phone}, 'b' || i, {false}, {false}, {p} FROM ({numbers}) AS n",
            (created, n),
        )
        # Every other person reads Spanish; seven cohorts joined a day apart.
        database.execute_sql(
            "INSERT INTO enrolment (participant_id, launch_id, language, state, send_time, "
            "timezone, next_day, next_due_at, reasked, created_at) "
            f"SELECT id, {p}, CASE WHEN id {mod} 2 = 0 THEN 'es' ELSE 'en' END, 'active', "
            f"'09:00', {p}, 1 + id {mod} {cohorts}, {p}, {false}, {p} FROM participant",
            (launch.id, ZONE, due, created),
        )
    if is_postgres():
        database.execute_sql("ANALYZE")
    return launch


def plan_once(n):
    """Plan NOW with n due; returns (seconds, CPU seconds, peak MB, summary)."""
    tracemalloc.start()
    started, cpu_started = time.perf_counter(), time.process_time()
    summary = plan_due(NOW)
    elapsed = time.perf_counter() - started
    cpu = time.process_time() - cpu_started
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, cpu, peak / 1e6, summary


def run(url, n):
    """Fill and plan n due enrolments on `url`; prints one line, returns the seconds."""
    reset(url)
    fill(n)
    elapsed, cpu, peak, summary = plan_once(n)
    queued = Message.select().where(Message.state == "queued").count()
    engine = "postgres" if is_postgres() else "sqlite"
    database.close()
    print(
        f"{engine:8} n={n:>9,}: {elapsed:6.2f} s ({n / elapsed:9,.0f} enrolments/s; "
        f"this process's CPU {cpu:5.2f} s), {queued:,} texts queued, "
        f"peak Python memory {peak:5.1f} MB, {summary['enrolments']:,} planned",
        flush=True,
    )
    assert summary["enrolments"] == n, summary
    return elapsed


# --- the naive design: one APScheduler job per participant ----------------------


class Naive:
    """What each naive job needs, set once (jobs are stored by reference)."""

    db = programme = values = None
    local = threading.local()


def send_practice(participant_id, lang):
    """The naive job: render day 1 for one person and queue it in Kindly's table."""
    import sqlite3

    from service.content.render import fill as fill_text

    conn = getattr(Naive.local, "conn", None)
    if conn is None:
        conn = Naive.local.conn = sqlite3.connect(Naive.db, timeout=60, check_same_thread=False)
    body = fill_text(Naive.programme.day(1).practice[lang], Naive.values[lang])
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    with conn:
        conn.execute(
            "INSERT INTO message (participant_id, enrolment_id, dedupe_key, kind, day, body, "
            "language, encoding, segments, state, send_after, created_at, attempts) "
            "VALUES (?, ?, ?, 'practice', 1, ?, ?, 'GSM-7', 1, 'queued', ?, ?, 0)",
            (participant_id, participant_id, f"e{participant_id}:d1", body, lang, now, now),
        )


def naive(n, out, *, wait=600):
    """One daily cron job per participant in APScheduler's SQLAlchemy job store.

    The design APScheduler's documentation suggests for "text each person at
    their time": a persistent job per person. Registering stores a pickled
    job per person; at the minute they are due every job is fetched, run
    (render and queue the text) and rescheduled (an UPDATE each). A job that
    cannot start within misfire_grace_time of its time (APScheduler's default,
    1 s) is skipped: that person gets nothing that day, and nobody is told.
    Returns (register seconds, fire seconds, ran, missed).
    """
    from apscheduler.events import EVENT_JOB_ERROR, EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
    from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
    from apscheduler.schedulers.background import BackgroundScheduler

    from service.content.programme import get_library

    # Each missed job is a warning line from APScheduler: counted, not printed.
    logging.getLogger("apscheduler").setLevel(logging.ERROR)
    jobs_db, texts_db = out / "naive-jobs.db", out / "naive-texts.db"
    for path in (jobs_db, texts_db):
        for suffix in ("", "-wal", "-shm", ".writelock", ".planlock"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    reset(f"sqlite:///{texts_db}")
    launch = fill(n, cohorts=1)
    Naive.db = str(texts_db)
    Naive.programme = get_library("programs").get("taster")
    Naive.values = {lang: launch.template_variables(lang) for lang in ("en", "es")}
    database.close()

    scheduler = BackgroundScheduler(
        jobstores={"default": SQLAlchemyJobStore(url=f"sqlite:///{jobs_db}")},
        timezone=timezone.utc,
    )
    done = {"ran": 0, "missed": 0, "error": 0}
    lock = threading.Lock()

    def listen(event):
        with lock:
            if event.code == EVENT_JOB_EXECUTED:
                done["ran"] += 1
            elif event.code == EVENT_JOB_MISSED:
                done["missed"] += 1
            else:
                done["error"] += 1

    scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED | EVENT_JOB_ERROR)
    scheduler.start()

    def register(count, fire_at):
        for pid in range(1, count + 1):
            scheduler.add_job(
                send_practice,
                "cron",
                hour=fire_at.hour,
                minute=fire_at.minute,
                second=fire_at.second,
                args=[pid, "en" if pid % 2 else "es"],
                id=f"p{pid}",
                replace_existing=True,
            )

    # Everyone is due at the same second, as at 09:00: far enough ahead that
    # registering ends first (measured on a few hundred jobs).
    far = datetime.now(timezone.utc) + timedelta(hours=1)
    started = time.perf_counter()
    register(300, far)
    per_job = (time.perf_counter() - started) / 300
    scheduler.remove_all_jobs()
    fire_at = datetime.now(timezone.utc).replace(microsecond=0) + timedelta(
        seconds=per_job * n * 1.5 + 5
    )
    started = time.perf_counter()
    register(n, fire_at)
    registering = time.perf_counter() - started
    lead = (fire_at - datetime.now(timezone.utc)).total_seconds()
    if lead < 0:
        print(f"(registering overran the firing time by {-lead:.1f} s)")
    time.sleep(max(0.0, lead))
    fired = time.perf_counter()
    while sum(done.values()) < n and time.perf_counter() - fired < wait:
        time.sleep(0.2)
    firing = time.perf_counter() - fired
    scheduler.shutdown(wait=False)
    return registering, firing, done["ran"], done["missed"] + done["error"]


def kindly(n, out):
    """Kindly at the same size: one enrolment row per person, then one planning pass.

    Returns (register seconds, plan seconds).
    """
    from service.models import Enrolment, Launch

    path = out / f"kindly-{n}.db"
    for suffix in ("", "-wal", "-shm", ".writelock", ".planlock"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    reset(f"sqlite:///{path}")
    fill(n, cohorts=1)
    launch = Launch.get()
    rows = list(Enrolment.select().order_by(Enrolment.id).dicts())
    Enrolment.delete().execute()
    started = time.perf_counter()
    for row in rows:  # one commit per person, as each joins by text
        row.pop("id")
        Enrolment.create(**{**row, "launch": launch.id, "participant": row["participant"]})
    registering = time.perf_counter() - started
    elapsed, _, _, summary = plan_once(n)
    database.close()
    assert summary["enrolments"] == n, summary
    return registering, elapsed


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default=None, help="comma-separated, e.g. 10000,100000")
    parser.add_argument("--pg", default=None, help="PostgreSQL URL (its schema is replaced)")
    parser.add_argument("--pg-sizes", default="100000,1000000", help="sizes on PostgreSQL")
    parser.add_argument("--no-sqlite", action="store_true", help="PostgreSQL only")
    parser.add_argument("--vs-naive", action="store_true", help="APScheduler job per person")
    args = parser.parse_args()
    out = Path(__file__).resolve().parent / "out"
    out.mkdir(exist_ok=True)
    print(machine(), flush=True)
    if args.vs_naive:
        n = int(args.sizes or 10000)
        k_reg, k_plan = kindly(n, out)
        n_reg, n_fire, ran, missed = naive(n, out)
        print(
            f"n={n:,}, SQLite\n"
            f"  registering: Kindly {k_reg:6.2f} s (an enrolment row each), naive "
            f"{n_reg:6.2f} s (a stored job each): naive/Kindly {n_reg / k_reg:5.1f}x\n"
            f"  firing:      Kindly {k_plan:6.2f} s (one planning pass), naive {n_fire:6.2f} s "
            f"(each job run and rescheduled): naive/Kindly {n_fire / k_plan:5.1f}x\n"
            f"  texts queued: Kindly {n:,} of {n:,}; naive {ran:,} of {n:,}, "
            f"{missed:,} jobs missed ({missed / n:.0%}) with APScheduler's default misfire grace"
        )
        return
    sizes = [int(s) for s in args.sizes.split(",")] if args.sizes else [10000, 100000]
    for n in [] if args.no_sqlite else sizes:
        path = out / f"plan-{n}.db"
        for suffix in ("", "-wal", "-shm", ".writelock", ".planlock"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
        run(f"sqlite:///{path}", n)
    if args.pg:
        times = {int(n): run(args.pg, int(n)) for n in args.pg_sizes.split(",")}
        if len(times) > 1:
            (small, t_small), (big, t_big) = min(times.items()), max(times.items())
            print(
                f"postgres: {big:,} took {t_big / t_small:.1f}x the time of {small:,} "
                f"({big / small:.0f}x the enrolments; linear would be {big / small:.0f}x)"
            )


if __name__ == "__main__":
    main()
