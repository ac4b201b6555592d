"""The database handle: unbound at import, bound by the app factory or a CLI."""

import fcntl
import itertools
import json
import re
import threading
import time
from contextlib import contextmanager
from datetime import UTC, datetime

from peewee import (
    DatabaseProxy,
    InterfaceError,
    Model,
    OperationalError,
    PostgresqlDatabase,
    TextField,
)
from playhouse.db_url import connect as connect_url
from playhouse.db_url import register_database
from playhouse.pool import PooledPostgresqlDatabase
from psycopg2.extensions import TRANSACTION_STATUS_IDLE

database = DatabaseProxy()

SQLITE_PRAGMAS = {
    # WAL lets the web workers read while the clock writes; the busy timeout
    # makes concurrent writers wait for each other instead of failing.
    "journal_mode": "wal",
    "busy_timeout": 10000,
    "foreign_keys": 1,
    "synchronous": "normal",
    # 64 MB of page cache (SQLite's default is 2 MB): planning a busy minute
    # touches every index of the message table.
    "cache_size": -64 * 1024,
}


def open_database(url, *, pooled=False):
    """Make a peewee database from a DATABASE_URL and bind the proxy to it.

    `pooled` (the web app): on PostgreSQL, connections are kept and reused
    from request to request instead of opened per request: a new PostgreSQL
    connection is a new server process, which cost more than the whole text
    it was opened for. SQLite keeps one connection per worker.
    """
    if url.startswith("sqlite"):
        db = connect_url(url, pragmas=SQLITE_PRAGMAS)
    elif pooled:
        rest = url.split("://", 1)[1]
        # No cap: each thread holds at most one; idle ones close after 5 minutes.
        db = connect_url(f"{_KEPT}://{rest}", max_connections=None, stale_timeout=300)
    else:
        db = connect_url(url)
    database.initialize(db)
    return db


# A kept connection idle this long is checked with one round trip before a
# request uses it, so a database restart while it sat idle costs no text;
# one in steady use is not (peewee's pool would check it every time).
PING_AFTER_IDLE = 10.0
_KEPT = "postgresql+kept"


class KeptPostgresConnections(PooledPostgresqlDatabase):
    """Peewee's PostgreSQL pool, checking a connection only after it sat idle."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._returned = {}  # id(connection) -> time.monotonic() it came back

    def _is_closed(self, conn):
        returned = self._returned.get(id(conn))
        if (
            returned is not None
            and time.monotonic() - returned < PING_AFTER_IDLE
            and not conn.closed
            and conn.get_transaction_status() == TRANSACTION_STATUS_IDLE
        ):
            return False
        return super()._is_closed(conn)

    def _close(self, conn, close_conn=False):
        self._returned[id(conn)] = time.monotonic()
        super()._close(conn, close_conn)

    def _close_raw(self, conn):
        self._returned.pop(id(conn), None)
        for key in [k for k in _prepared_on if k[0] == id(conn)]:
            del _prepared_on[key]
        super()._close_raw(conn)


register_database(KeptPostgresConnections, _KEPT)


def connect_for_request():
    """This request's connection: the worker's own (SQLite) or one from the pool."""
    database.connect(reuse_if_open=True)


def once_more_if_connection_lost(action):
    """action(), run again on a new connection if the kept one turns out dead
    (the database restarted within PING_AFTER_IDLE): nothing was written on a
    dead connection, and a text Twilio gave us must not be lost to it."""
    try:
        return action()
    except (OperationalError, InterfaceError):
        if not is_postgres() or database.is_closed() or not database.connection().closed:
            raise
        database.close()  # the pool drops a closed connection
        database.connect()
        return action()


def release_after_request():
    """Give a PostgreSQL connection back to the pool (SQLite keeps its one:
    closing the last connection checkpoints the WAL, dearer than the request)."""
    if is_postgres() and not database.is_closed():
        database.close()


def is_postgres():
    """True when the bound database is PostgreSQL."""
    return isinstance(database.obj, PostgresqlDatabase)


def utc(now):
    """Naive UTC datetime for storage from an aware (or naive UTC) one."""
    if now.tzinfo is not None:
        now = now.astimezone(UTC).replace(tzinfo=None)
    return now


def utcnow():
    """The current time, aware, in UTC. Only entry points call this."""
    return datetime.now(UTC)


class JSONField(TextField):
    """A dict stored as JSON text, portable across SQLite and PostgreSQL."""

    def db_value(self, value):
        return None if value is None else json.dumps(value, sort_keys=True)

    def python_value(self, value):
        return None if value is None else json.loads(value)


class BaseModel(Model):
    class Meta:
        database = database
        legacy_table_names = False
        # save() writes only the fields that changed: less SQL, and two
        # writers touching different fields of a row do not undo each other.
        only_save_dirty = True


_writer = threading.local()


def _write_lock_file():
    """This thread's handle on the SQLite database's lock file (None in memory)."""
    path = database.obj.database
    if not path or path == ":memory:":
        return None
    files = _writer.__dict__.setdefault("files", {})
    if path not in files:
        files[path] = open(f"{path}.writelock", "a+b")  # noqa: SIM115 - kept per thread
    return files[path]


@contextmanager
def write_transaction():
    """A transaction that takes the write lock up front.

    PostgreSQL: a plain transaction. SQLite: writers queue on an OS file lock
    first, then BEGIN IMMEDIATE. SQLite's own busy handler polls with sleeps
    of 1, 2, 5, 10... ms, so two gunicorn workers waiting on each other spent
    more time asleep than working; the file lock wakes the next writer the
    moment the last one commits. Nested calls join the outer transaction.
    """
    if is_postgres():
        with database.atomic():
            yield
        return
    depth = getattr(_writer, "depth", 0)
    lock = _write_lock_file() if depth == 0 else None
    if lock is not None:
        fcntl.flock(lock, fcntl.LOCK_EX)
    _writer.depth = depth + 1
    try:
        with database.atomic(lock_type="IMMEDIATE") if depth == 0 else database.atomic():
            yield
    finally:
        _writer.depth = depth
        if lock is not None:
            fcntl.flock(lock, fcntl.LOCK_UN)


class Prepared:
    """A query whose SQL is built once and then run with new values.

    Peewee builds the SQL of every query afresh, and for a text arriving that
    is most of the CPU a webhook spends. The few lookups every text makes
    build theirs once. `build(*args)` must return a query whose shape does
    not depend on its arguments (they only appear as values), and arguments
    are ints, strings, datetimes or None (never booleans: peewee would turn
    the stand-in into True).
    """

    _names = itertools.count(1)

    def __init__(self, build):
        self.build = build
        self._compiled = {}
        self._layouts = {}
        # On PostgreSQL the statement is also prepared on the server, once per
        # connection (PREPARE, then EXECUTE): no parsing and planning per text.
        self._server_name = f"kindly_{next(Prepared._names)}"

    def _compile(self, args):
        # Stand-ins of the same type as the real values, unlikely in real data.
        marks = [
            -(10**12) - i if isinstance(arg, int) else f"\x00prepared-{i}\x00"
            for i, arg in enumerate(args)
        ]
        query = self.build(*marks)
        sql, params = query.sql()
        slots = [
            (position, marks.index(value))
            for position, value in enumerate(params)
            if value in marks
        ]
        if {i for _, i in slots} != set(range(len(args))):
            raise ValueError("each argument must appear as a value")
        return query, sql, params, slots

    def _cursor(self, args):
        key = database.param  # SQLite and PostgreSQL write parameters differently
        if key not in self._compiled:
            self._compiled[key] = self._compile(args)
        query, sql, params, slots = self._compiled[key]
        values = list(params)
        for position, i in slots:
            values[position] = args[i]
        if is_postgres():
            return query, self._execute_prepared(sql, values)
        return query, database.execute_sql(sql, values)

    def _execute_prepared(self, sql, values):
        connection = database.connection()
        # A connection's server process id tells a new connection from an old
        # one at the same address (PQbackendPID: no round trip).
        done = _prepared_on.setdefault((id(connection), connection.get_backend_pid()), set())
        if self._server_name not in done:
            numbered = iter(range(1, len(values) + 1))
            server_sql = re.sub(r"%s", lambda _: f"${next(numbered)}", sql)
            database.execute_sql(f"PREPARE {self._server_name} AS {server_sql}")
            done.add(self._server_name)
        marks = ", ".join(["%s"] * len(values))
        return database.execute_sql(
            f"EXECUTE {self._server_name}" + (f" ({marks})" if values else ""), values
        )

    def __call__(self, *args):
        """Run with these values; returns the rows as the built query would."""
        query, cursor = self._cursor(args)
        wrapper = query._get_cursor_wrapper(cursor)
        # Peewee works out which column fills which model anew for each
        # cursor (the costliest part of reading a joined row); the SQL is
        # the same every time, so that is worked out once and reused.
        layout = self._layouts.get(database.param)
        if layout is not None:
            wrapper.__dict__.update(layout)
            wrapper.initialized = True
        return _Remember(wrapper, self._layouts, database.param) if layout is None else wrapper

    def execute(self, *args):
        """Run an INSERT, UPDATE or DELETE with these values; returns the
        first column of the first row it returns (RETURNING), or None."""
        _, cursor = self._cursor(args)
        if cursor.description is None:
            return None
        row = cursor.fetchone()
        return row[0] if row else None

    def first(self, *args):
        """The first row, or None."""
        return next(iter(self(*args)), None)


def stored(instance, **values):
    """Set fields on a model instance that a statement has already written,
    without marking them for its next save()."""
    instance.__data__.update(values)


# (id(connection), server pid) -> names of the statements prepared on it.
_prepared_on = {}


# A cursor wrapper's own state; everything else it holds after initialize()
# depends only on the query and the columns it returns.
_PER_CURSOR = frozenset({"cursor", "count", "index", "initialized", "populated", "row_cache"})


class _Remember:
    """The first run of a Prepared query: its rows, then its wrapper's layout kept."""

    def __init__(self, wrapper, layouts, key):
        self._wrapper, self._layouts, self._key = wrapper, layouts, key

    def __iter__(self):
        for row in self._wrapper:
            self._keep()
            yield row
        self._keep()

    def _keep(self):
        if self._wrapper.initialized and self._key not in self._layouts:
            self._layouts[self._key] = {
                k: v for k, v in self._wrapper.__dict__.items() if k not in _PER_CURSOR
            }


def insert_new(model, **fields):
    """Insert a row unless its unique value is taken; the new id, or None if it was.

    INSERT ... ON CONFLICT DO NOTHING RETURNING id on both databases: two
    requests creating the same thing at once never raise a unique-key error,
    and the loser can tell it lost (SQLite's lastrowid would be stale).
    """
    rows = list(model.insert(**fields).on_conflict_ignore().returning(model.id).execute())
    return rows[0].id if rows else None


def lock_row(model, row_id):
    """Hold this row until the transaction ends, so work on it goes one at a time.

    PostgreSQL: SELECT ... FOR UPDATE. SQLite needs nothing: a write
    transaction already holds the whole database.
    """
    if is_postgres():
        model.select(model.id).where(model.id == row_id).for_update().execute()
