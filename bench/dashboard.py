"""How fast the dashboard's heaviest pages render on a big database.

Fills a database with 100,000 participants (one enrolment each) and about
3,000,000 messages, with inbound replies and check-in answers, using bulk
inserts (executemany on SQLite, COPY on PostgreSQL), then signs in through
the Flask test client and times the overview, the participants list (plain,
filtered, searched by last digits, deep page), the programme view, the
outcome report (alone, beside a second launch, as CSV), the inbox (open,
handled, mine, one programme), an alert page and a participant page with its
reply form several times each. Prints median and max milliseconds per page
and the machine.

    .venv/bin/python -m bench.dashboard                       # SQLite, bench/out/
    .venv/bin/python -m bench.dashboard --db postgresql://postgres@127.0.0.1:5432/kindly_bench
    .venv/bin/python -m bench.dashboard --reuse               # time again, no refill
"""

import argparse
import csv
import io
import random
import secrets
import statistics
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from bench.machine import machine

OUT = Path(__file__).resolve().parent / "out"
NOW = datetime(2026, 11, 23, 15, 0, tzinfo=timezone.utc)
PASSWORD = "benchmark passphrase"
# Organisations: one big one holds half the people, four smaller ones the rest.
ORG_SHARES = [0.5, 0.125, 0.125, 0.125, 0.075]
# A second, smaller launch of the big organisation (say, last spring's), for the
# outcome report's side-by-side view: (launch id, organisation id, share).
SECOND_LAUNCH = (len(ORG_SHARES) + 1, 1, 0.05)
PROGRAMME = "kind-to-the-helper"
DAYS = 14
SCREEN = [("gad2_1", "GAD-2"), ("gad2_2", "GAD-2"), ("phq2_1", "PHQ-2"), ("phq2_2", "PHQ-2")]


def item_of(day):
    """The programme's own 0-10 item asked on a day (energy and kindness take turns)."""
    return "energy" if day % 2 else "self_kindness"


def generate(participants, seed=7):
    """Rows for every table, as lists of tuples with explicit ids."""
    rnd = random.Random(seed)
    now = NOW.replace(tzinfo=None)
    orgs, launches, people, enrolments = [], [], [], []
    messages, inbound, answers = [], [], []
    bounds = []
    start = 0
    for i, share in enumerate(ORG_SHARES, 1):
        orgs.append(
            (i, f"org{i}", f"Organisation {i}", "America/New_York", "08:00", "21:00", "{}", now)
        )
        launches.append((i, i, PROGRAMME, "active", "09:00", "{}", now - timedelta(days=60)))
        count = round(participants * share)
        bounds.append((start, start + count, i))
        start += count
    second, org_id, share = SECOND_LAUNCH
    launches.append((second, org_id, PROGRAMME, "ended", "09:00", "{}", now - timedelta(days=200)))
    count = round(participants * share)
    bounds.append((start, start + count, second))
    msg_id = inbound_id = answer_id = 0
    for lo, hi, launch_id in bounds:
        for pid in range(lo + 1, hi + 1):
            is_test = rnd.random() < 0.01
            opted_out = rnd.random() < 0.03
            joined = now - timedelta(days=rnd.randint(0, 40), minutes=rnd.randint(0, 1440))
            people.append(
                (pid, f"+1212{pid:07d}", f"p{pid:011d}", "en", is_test, opted_out, joined)
            )
            elapsed = (now - joined).days
            days = min(DAYS, elapsed + 1)
            state = "completed" if elapsed >= DAYS else "active"
            roll = rnd.random()
            if opted_out:
                state = "stopped"
            elif roll < 0.05:
                state = "paused"
            elif roll < 0.07:
                state = "consent"
                days = 0
            lang = "es" if rnd.random() < 0.3 else "en"
            send_time = f"{rnd.choice([7, 8, 9, 12, 18, 19, 20]):02d}:{rnd.choice([0, 30]):02d}"
            enrolments.append(
                (
                    pid,
                    pid,
                    launch_id,
                    lang,
                    state,
                    send_time,
                    "America/New_York",
                    days + 1,
                    joined,
                    joined if days else None,
                )
            )
            for day in range(1, days + 1):
                at = joined + timedelta(days=day - 1, hours=1)
                future = at > now
                for kind, offset in (("practice", 0), ("checkin", 1)):
                    msg_id += 1
                    when = at + timedelta(minutes=offset)
                    roll = rnd.random()
                    if future:
                        state_m, sent = "queued", None
                    elif roll < 0.85:
                        state_m, sent = "delivered", when
                    elif roll < 0.93:
                        state_m, sent = "sent", when
                    elif roll < 0.96:
                        state_m, sent = "failed", None
                    else:
                        state_m, sent = "undelivered", when
                    messages.append(
                        (
                            msg_id,
                            pid,
                            pid,
                            None,
                            kind,
                            day,
                            item_of(day) if kind == "checkin" else None,
                            f"{kind} for day {day}",
                            lang,
                            state_m,
                            when,
                            when,
                            sent,
                        )
                    )
                if not future and day in (1, DAYS) and rnd.random() < 0.7:
                    # The PHQ-2 and GAD-2 on the first and the last day (the
                    # outcome report's before and after), a little lower at the end.
                    lean = rnd.choice((0, 0, 1)) if day == DAYS else 0
                    for item, measure in SCREEN:
                        answer_id += 1
                        value = max(0, min(3, rnd.randint(0, 3) - lean))
                        got = at + timedelta(minutes=rnd.randint(5, 120))
                        answers.append(
                            (answer_id, pid, day, item, measure, str(value), value, None, got)
                        )
                if not future and rnd.random() < 0.6:
                    inbound_id += 1
                    got = at + timedelta(minutes=rnd.randint(5, 600))
                    value = rnd.randint(0, 10)
                    inbound.append(
                        (
                            inbound_id,
                            f"SM{inbound_id:032d}",
                            pid,
                            pid,
                            f"+1212{pid:07d}",
                            str(value),
                            "checkin",
                            got,
                        )
                    )
                    answer_id += 1
                    answers.append(
                        (
                            answer_id,
                            pid,
                            day,
                            item_of(day),
                            "own",
                            str(value),
                            value,
                            inbound_id,
                            got,
                        )
                    )
                    msg_id += 1
                    messages.append(
                        (
                            msg_id,
                            pid,
                            pid,
                            inbound_id,
                            "reply",
                            None,
                            None,
                            "Thank you.",
                            lang,
                            "delivered",
                            got,
                            got,
                            got,
                        )
                    )
    # Rows go in in time order, as the service writes them, so recent rows sit
    # together at the end of each table (as they would in production).
    inbound.sort(key=lambda r: r[7])
    renumber = {row[0]: n for n, row in enumerate(inbound, 1)}
    inbound = [(n, *row[1:]) for n, row in enumerate(inbound, 1)]
    answers.sort(key=lambda r: r[8])
    answers = [(n, *row[1:7], renumber.get(row[7]), row[8]) for n, row in enumerate(answers, 1)]
    messages.sort(key=lambda r: r[10])
    messages = [
        (n, row[1], row[2], renumber.get(row[3]), *row[4:]) for n, row in enumerate(messages, 1)
    ]
    alerts = [
        (
            n,
            1 + n % len(ORG_SHARES),
            rnd.randint(1, participants),
            1 + (n % 3 == 0),
            "crisis terms (en)",
            "open" if n % 4 == 0 else "resolved",
            now - timedelta(hours=n),
        )
        for n in range(1, 201)
    ]
    # The inbox: one text in 25 needed a person (a question or free text);
    # those older than three days were handled. Every alert has its item.
    # A person's organisation is their launch's (launch 6 is organisation 1's second).
    org_by_launch = {row[0]: row[1] for row in launches}
    org_of = {row[0]: org_by_launch[row[2]] for row in enrolments}
    items = [
        (
            n,
            org_of[row[2]],
            row[2],
            row[0],
            None,
            "question" if n % 2 else "unread",
            9,
            row[7] < now - timedelta(days=3),
            row[7],
        )
        for n, row in enumerate(inbound[::25], 1)
    ]
    items += [
        (len(items) + n, org, pid, None, n, "alert", priority, status == "resolved", made)
        for n, (_id, org, pid, priority, _reason, status, made) in enumerate(alerts, 1)
    ]
    return {
        "organisation": (
            [
                "id",
                "slug",
                "name",
                "timezone",
                "quiet_start",
                "quiet_end",
                "variables",
                "created_at",
            ],
            orgs,
        ),
        "launch": (
            [
                "id",
                "organisation_id",
                "programme",
                "status",
                "default_send_time",
                "variables",
                "created_at",
            ],
            launches,
        ),
        "participant": (
            ["id", "phone", "pseudonym", "language", "is_test", "opted_out", "created_at"],
            people,
        ),
        "enrolment": (
            [
                "id",
                "participant_id",
                "launch_id",
                "language",
                "state",
                "send_time",
                "timezone",
                "next_day",
                "created_at",
                "consented_at",
            ],
            enrolments,
        ),
        "inbound": (
            [
                "id",
                "message_sid",
                "participant_id",
                "enrolment_id",
                "from_number",
                "body",
                "kind",
                "received_at",
            ],
            inbound,
        ),
        "message": (
            [
                "id",
                "participant_id",
                "enrolment_id",
                "in_reply_to_id",
                "kind",
                "day",
                "item",
                "body",
                "language",
                "state",
                "send_after",
                "created_at",
                "sent_at",
            ],
            messages,
        ),
        "checkin_answer": (
            [
                "id",
                "enrolment_id",
                "day",
                "item",
                "measure",
                "raw",
                "value",
                "inbound_id",
                "answered_at",
            ],
            answers,
        ),
        "safety_alert": (
            [
                "id",
                "organisation_id",
                "participant_id",
                "priority",
                "reason",
                "status",
                "created_at",
            ],
            alerts,
        ),
        "inbox_item": (
            [
                "id",
                "organisation_id",
                "participant_id",
                "inbound_id",
                "alert_id",
                "reason",
                "priority",
                "handled",
                "created_at",
            ],
            items,
        ),
    }


# NOT NULL columns whose defaults peewee fills in Python, so raw inserts must too.
CONSTANTS = {
    "organisation": {"retention": "{}"},
    "launch": {"group_mode": False, "design": "prepost"},
    "enrolment": {"reasked": False},
    "inbound": {"to_number": ""},
    "message": {"encoding": "GSM-7", "segments": 1, "attempts": 0},
}


def load(database, tables, postgres):
    """Bulk-insert every table; fix PostgreSQL's id sequences afterwards."""
    conn = database.connection()
    for table, (columns, rows) in tables.items():
        started = time.perf_counter()
        extra = CONSTANTS.get(table, {})
        if extra:
            columns = columns + list(extra)
            tail = tuple(extra.values())
            rows = [row + tail for row in rows]
        if postgres:
            cursor = conn.cursor()
            for chunk in range(0, len(rows), 200_000):
                buffer = io.StringIO()
                writer = csv.writer(buffer)
                for row in rows[chunk : chunk + 200_000]:
                    writer.writerow(["\\N" if v is None else v for v in row])
                buffer.seek(0)
                cursor.copy_expert(
                    f"COPY {table} ({', '.join(columns)}) FROM STDIN WITH (FORMAT csv, NULL '\\N')",
                    buffer,
                )
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                f"(SELECT MAX(id) FROM {table}))"
            )
            conn.commit()
        else:
            marks = ", ".join("?" for _ in columns)
            sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})"
            with database.atomic():
                for chunk in range(0, len(rows), 100_000):
                    database.cursor().executemany(sql, rows[chunk : chunk + 100_000])
        print(f"  loaded {len(rows):>9,} {table} in {time.perf_counter() - started:.1f} s")
    database.execute_sql("ANALYZE")


def timed(client, path, runs):
    """Milliseconds for each of `runs` GETs of `path` (after one warm-up)."""
    first = client.get(path)
    assert first.status_code == 200, (path, first.status_code)
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        response = client.get(path)
        out.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200
    return out, len(first.data)


def main():
    """Fill (unless --reuse), then time the pages and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", default=f"sqlite:///{OUT / 'dashboard.db'}")
    parser.add_argument("--participants", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--reuse", action="store_true", help="keep the filled database")
    args = parser.parse_args()

    from service import create_app
    from service.db import database, is_postgres
    from service.evaluation import rollups
    from service.migrate import migrate
    from service.models import Organisation
    from service.models.staff import ADMIN
    from service.staff import accounts

    postgres = args.db.startswith("postgres")
    if not postgres:
        OUT.mkdir(parents=True, exist_ok=True)
        path = Path(args.db[len("sqlite:///") :])
        if not args.reuse:
            for suffix in ("", "-wal", "-shm"):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
    app = create_app(
        {
            "DATABASE_URL": args.db,
            "SECRET_KEY": secrets.token_hex(32),
            "CLOCK": lambda: NOW,
            "PUBLIC_BASE_URL": "https://bench.example.org",
        }
    )
    print(f"machine: {machine()}")
    print(f"database: {'PostgreSQL' if postgres else 'SQLite'} ({args.db.split('@')[-1]})")
    with database.connection_context():
        if not args.reuse:
            if is_postgres():
                database.execute_sql("DROP SCHEMA public CASCADE")
                database.execute_sql("CREATE SCHEMA public")
            migrate()
            started = time.perf_counter()
            tables = generate(args.participants)
            print(f"generated rows in {time.perf_counter() - started:.1f} s")
            load(database, tables, postgres)
            big = Organisation.get(Organisation.slug == "org1")
            accounts.create_staff(
                email="bench@org1.example.org",
                password=PASSWORD,
                role=ADMIN,
                organisation=big,
                now=NOW,
            )
        migrate()  # a reused database may predate the latest migrations
        started = time.perf_counter()
        sealed = rollups.seal(NOW, limit=None)
        print(
            f"sealed {len(sealed)} settled dates into the rollups in "
            f"{time.perf_counter() - started:.1f} s (once; then one date a day)"
        )
        # What the clock does when a day with screener answers settles: recount
        # the launches' before/after cells (the outcome report reads only those).
        from service.content.programme import get_library
        from service.evaluation import outcomes
        from service.models import Launch

        library = get_library(app.config["PROGRAMS_DIR"])
        for launch in Launch.select().order_by(Launch.id):
            started = time.perf_counter()
            cells = outcomes.refresh(launch, library.get(launch.programme), now=NOW)
            print(
                f"counted launch {launch.id}'s outcome cells ({cells}) in "
                f"{(time.perf_counter() - started) * 1000:.0f} ms (the clock, once a day)"
            )
        counts = {
            t: database.execute_sql(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in (
                "participant",
                "enrolment",
                "message",
                "inbound",
                "checkin_answer",
                "inbox_item",
            )
        }
    print("rows: " + ", ".join(f"{t} {n:,}" for t, n in counts.items()))

    with database.connection_context():
        from service.models import InboxItem, SafetyAlert

        alert = (
            SafetyAlert.select().where(SafetyAlert.organisation == 1).order_by(SafetyAlert.id).get()
        )
        alert_id = alert.id
        person_id = (
            InboxItem.select(InboxItem.participant)
            .where(InboxItem.organisation == 1, InboxItem.inbound.is_null(False))
            .scalar()
        )
    client = app.test_client()
    login = client.get("/dashboard/login").get_data(as_text=True)
    token = login.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    signed_in = client.post(
        "/dashboard/login",
        data={"email": "bench@org1.example.org", "password": PASSWORD, "csrf_token": token},
    )
    assert signed_in.status_code == 302, signed_in.status_code
    pages = [
        ("overview", "/dashboard/"),
        ("participants", "/dashboard/participants"),
        ("participants, active + es", "/dashboard/participants?state=active&language=es"),
        ("participants, last digits", "/dashboard/participants?digits=4567"),
        ("participants, page 500", "/dashboard/participants?page=500"),
        ("programme view (50k people)", "/dashboard/programmes/1"),
        ("outcome report (50k people)", "/dashboard/programmes/1/outcomes"),
        (
            "outcomes beside a 2nd launch",
            f"/dashboard/programmes/1/outcomes?compare={SECOND_LAUNCH[0]}",
        ),
        ("outcomes CSV", "/dashboard/programmes/1/outcomes.csv"),
        ("inbox, open", "/dashboard/inbox"),
        ("inbox, handled (newest 50)", "/dashboard/inbox?status=handled"),
        ("inbox, assigned to me", "/dashboard/inbox?mine=1"),
        ("inbox, one programme", "/dashboard/inbox?launch=1"),
        ("alert page", f"/dashboard/alerts/{alert_id}"),
        ("participant page + reply", f"/dashboard/participants/{person_id}"),
    ]
    print(f"{'page':32} {'median ms':>10} {'max ms':>8} {'KB':>6}   ({args.runs} runs)")
    for name, path in pages:
        times, size = timed(client, path, args.runs)
        print(f"{name:32} {statistics.median(times):10.1f} {max(times):8.1f} {size / 1024:6.1f}")


if __name__ == "__main__":
    main()
