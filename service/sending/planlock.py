"""One planner at a time, however many clocks run.

Several clock processes may run for availability; each pass tries to take
the planning lock without waiting, and a clock that does not get it leaves
planning to the one that has it (dispatching is not under this lock). On
PostgreSQL the lock is a session advisory lock: it is released when the pass
ends, or by the server when the clock's connection dies. On SQLite it is an
OS file lock beside the database file, released the same way.
"""

import fcntl
from contextlib import contextmanager

from ..db import database, is_postgres

# pg_advisory_lock keys: "kind" in ASCII, unlikely to clash with anything else,
# and the schema's name: clocks of one deployment share a schema and so the
# lock, while separate schemas on one server (a test run's workers, a staging
# copy) never stop each other planning.
ADVISORY_KEY = 0x6B696E64
_TRY = "SELECT pg_try_advisory_lock(%s, hashtext(current_schema()))"
_UNLOCK = "SELECT pg_advisory_unlock(%s, hashtext(current_schema()))"


@contextmanager
def planning_lock():
    """Yield True holding the planning lock, or False when another process has it."""
    if is_postgres():
        got = database.execute_sql(_TRY, (ADVISORY_KEY,)).fetchone()[0]
        try:
            yield bool(got)
        finally:
            if got:
                database.execute_sql(_UNLOCK, (ADVISORY_KEY,))
        return
    path = database.obj.database
    if not path or path == ":memory:":
        yield True  # an in-memory database has one process by nature
        return
    with open(f"{path}.planlock", "a+b") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            yield False
            return
        try:
            yield True
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
