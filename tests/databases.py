"""Which database a test run may touch, and a private corner of it for each run.

The suite drops and recreates tables before every test, so it must never be
pointed at a database that matters. Two rules keep it safe:

1. TEST_DATABASE_URL must name a database whose name contains "test"; any
   other name stops the run before anything is touched.
2. On PostgreSQL each run (and each pytest-xdist worker of a run) works in a
   schema of its own, `kindly_test_<run>_<worker>`, made at the start and
   dropped at the end, so two runs on one server never see each other's
   rows. On SQLite every test has its own file under tmp_path already.

A run killed before its end leaves its schema behind; the next run drops
such schemas when they are more than a day old.
"""

import os
import secrets
import time
from urllib.parse import quote, urlparse

SCHEMA_PREFIX = "kindly_test_"
STALE_SECONDS = 24 * 3600


class UnsafeDatabase(Exception):
    """TEST_DATABASE_URL names a database the suite must not touch."""


def checked_url(url):
    """The URL back if its database name says it is for tests, else UnsafeDatabase."""
    parsed = urlparse(url)
    if not parsed.scheme.startswith("postgres"):
        raise UnsafeDatabase(
            f"TEST_DATABASE_URL must be postgresql://... (SQLite runs need no URL), not {url!r}"
        )
    name = parsed.path.lstrip("/")
    if "test" not in name.lower():
        raise UnsafeDatabase(
            f"TEST_DATABASE_URL names the database {name!r}: the suite drops tables, so it only "
            'runs on a database whose name contains "test" (e.g. kindly_test)'
        )
    return url


def run_schema(worker=None, now=None):
    """A fresh schema name for this run and worker, e.g. kindly_test_1764000000_ab12_gw0."""
    worker = worker or os.environ.get("PYTEST_XDIST_WORKER", "main")
    stamp = int(now if now is not None else time.time())
    return f"{SCHEMA_PREFIX}{stamp}_{secrets.token_hex(2)}_{worker}"


def with_search_path(url, schema):
    """The URL with the connection's search_path set to `schema` (libpq options)."""
    separator = "&" if "?" in url else "?"
    return f"{url}{separator}options={quote(f'-c search_path={schema}')}"


def _admin_connection(url):
    import psycopg2

    parsed = urlparse(url)
    connection = psycopg2.connect(
        dbname=parsed.path.lstrip("/"),
        user=parsed.username,
        password=parsed.password,
        host=parsed.hostname,
        port=parsed.port,
    )
    connection.autocommit = True
    return connection


def create_schema(url, schema, now=None):
    """Make `schema` in the database at `url`, dropping stale ones of earlier runs."""
    now = now if now is not None else time.time()
    with _admin_connection(url) as connection, connection.cursor() as cursor:
        cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname LIKE %s",
            (SCHEMA_PREFIX.replace("_", r"\_") + "%",),
        )
        for (name,) in cursor.fetchall():
            stamp = name[len(SCHEMA_PREFIX) :].split("_", 1)[0]
            if stamp.isdigit() and now - int(stamp) > STALE_SECONDS:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{name}" CASCADE')
        cursor.execute(f'CREATE SCHEMA "{schema}"')
    connection.close()


def drop_schema(url, schema):
    """Drop this run's schema and everything in it."""
    with _admin_connection(url) as connection, connection.cursor() as cursor:
        cursor.execute(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE')
    connection.close()
