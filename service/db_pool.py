"""The web app's PostgreSQL connections, kept from request to request.

Opening a PostgreSQL connection starts a server process, which cost more than
the whole text it was opened for; each web worker keeps its connection
instead (peewee's pool), and checks it with one round trip only after it sat
idle. A text that meets a connection the server closed meanwhile is handled
again on a new one. SQLite keeps its one connection per worker (closing the
last connection checkpoints the WAL, dearer than the request).
"""

import time

from peewee import InterfaceError, OperationalError
from playhouse.db_url import connect as connect_url
from playhouse.db_url import register_database
from playhouse.pool import PooledPostgresqlDatabase
from psycopg2.extensions import TRANSACTION_STATUS_IDLE

from . import prepared
from .db import database, is_postgres, open_database

# A kept connection idle this long is checked with one round trip before a
# request uses it, so a database restart while it sat idle costs no text;
# one in steady use is not (peewee's pool would check it every time).
PING_AFTER_IDLE = 10.0
KEPT_SCHEME = "postgresql+kept"


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
        prepared.forget_connection(conn)
        super()._close_raw(conn)


register_database(KeptPostgresConnections, KEPT_SCHEME)


def open_kept(url):
    """Bind the database for the web app: on PostgreSQL, connections kept and reused.

    A new PostgreSQL connection is a new server process, which cost more than
    the whole text it was opened for. SQLite keeps one connection per worker.
    """
    if url.startswith("sqlite"):
        return open_database(url)
    rest = url.split("://", 1)[1]
    # No cap: each thread holds at most one; idle ones close after 5 minutes.
    db = connect_url(f"{KEPT_SCHEME}://{rest}", max_connections=None, stale_timeout=300)
    database.initialize(db)
    return db


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
