"""The database handle: unbound at import, bound by the app factory or a CLI."""

import fcntl
import json
import threading
from contextlib import contextmanager
from datetime import UTC, datetime

from peewee import DatabaseProxy, Model, PostgresqlDatabase, TextField
from playhouse.db_url import connect as connect_url

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
    # Deleted and rewritten rows are overwritten with zeros, not left in free
    # space: an erased person's texts must not stay readable in the file.
    "secure_delete": 1,
}


def open_database(url):
    """Make a peewee database from a DATABASE_URL and bind the proxy to it.

    The web app keeps its PostgreSQL connections instead (db_pool.open_kept).
    """
    db = connect_url(url, pragmas=SQLITE_PRAGMAS) if url.startswith("sqlite") else connect_url(url)
    database.initialize(db)
    return db


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


def stored(instance, **values):
    """Set fields on a model instance that a statement has already written,
    without marking them for its next save()."""
    instance.__data__.update(values)


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
