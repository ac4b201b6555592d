"""Statements every arriving text runs, built once and run with new values.

Peewee builds the SQL of every query afresh, and works out for every cursor
which column fills which model; for a text arriving that was most of the CPU
a webhook spent. On PostgreSQL each statement is also prepared on the server,
once per connection.
"""

import itertools
import re

from .db import database, is_postgres


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


# (id(connection), server pid) -> names of the statements prepared on it.
_prepared_on = {}


def forget_connection(connection):
    """A connection is closing: what was prepared on it goes with it."""
    for key in [k for k in _prepared_on if k[0] == id(connection)]:
        del _prepared_on[key]


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
