"""Set-based planning: a batch of due enrolments queued in a few statements.

Everyone due in the same minute on the same launch, language, time zone,
send time and programme day gets the same texts and moves on the same way,
so the planner decides once per group (in Python, with the same rules as
for one enrolment) and the database applies the decision to every member:

1. `stage` copies the next due enrolments into a temporary table
   `plan_batch`, walking the (state, next_due_at) index, each numbered with
   its group, and returns one row per group;
2. `apply` writes each group's decision into `plan_text` (its texts, each
   rendered once) and `plan_move` (how its enrolments move on, or why they
   are set aside), then one UPDATE moves every enrolment of the batch and
   one INSERT ... SELECT queues their texts (ON CONFLICT DO NOTHING on the
   unique dedupe key).

On PostgreSQL the UPDATE and the INSERT are one statement: the UPDATE
re-checks each row (a STOP that lands meanwhile wins) and the INSERT queues
texts only for the rows it moved. SQLite has one writer at a time
(write_transaction), so the rows staged are the rows moved. Python holds one
row per group, never one per enrolment: memory is flat in the number due.
"""

from ..db import database, is_postgres
from ..models import Enrolment

# Enrolment columns a group is made of (besides the state, fixed per pass).
GROUP_COLUMNS = ("launch_id", "language", "timezone", "send_time", "next_day", "last_planned_on")
_GROUP_FIELDS = (
    Enrolment.launch,
    Enrolment.language,
    Enrolment.timezone,
    Enrolment.send_time,
    Enrolment.next_day,
    Enrolment.last_planned_on,
)

_MESSAGE_COLUMNS = (
    "participant_id, enrolment_id, organisation_id, dedupe_key, kind, day, item, body, language, "
    "encoding, segments, state, send_after, created_at, attempts"
)


def _temp(name, body, params=()):
    """Create temporary table `name` for this transaction (replacing a leftover)."""
    if is_postgres():
        database.execute_sql(f"DROP TABLE IF EXISTS pg_temp.{name}")
        sql = (
            f"CREATE TEMP TABLE {name} {body} ON COMMIT DROP"
            if body.startswith("(")
            else f"CREATE TEMP TABLE {name} ON COMMIT DROP {body}"
        )
        database.execute_sql(sql, params)
    else:
        database.execute_sql(f"DROP TABLE IF EXISTS temp.{name}")
        database.execute_sql(f"CREATE TEMP TABLE {name} {body}", params)


def drop():
    """Drop the temporary tables (PostgreSQL drops them at commit anyway)."""
    if not is_postgres():
        for name in ("plan_batch", "plan_text", "plan_move"):
            database.execute_sql(f"DROP TABLE IF EXISTS temp.{name}")


def stage(state, now, limit, after=None, lane=None):
    """Copy the next `limit` due enrolments in `state` into plan_batch; returns the groups.

    Due enrolments are walked in (next_due_at, id) order on the
    (state, next_due_at, id) index, starting after `after` (the last
    (next_due_at, id) of the previous batch), so no batch reads again what
    an earlier one passed over. Each group is a dict of GROUP_COLUMNS plus
    "g" (its number in this batch) and "count". Not due: enrolments of a
    participant held by the launch's organisation (a Hold until after now), of a
    launch that is not active, and PAUSED ones with no date to wake on. `lane`
    (k, n): only enrolments
    whose id is k modulo n (planner.py runs the lanes side by side).
    """
    p = database.param
    if is_postgres():
        # Losing the last planned batch in a server crash is harmless: the
        # enrolments' moves are lost with their texts and planned again.
        database.execute_sql("SET LOCAL synchronous_commit TO OFF")
    paused = " AND e.paused_until IS NOT NULL" if state == "paused" else ""
    keyset = f" AND (e.next_due_at, e.id) > ({p}, {p})" if after else ""
    if lane is not None:
        mod = "%%" if is_postgres() else "%"  # psycopg2 reads a lone % as a parameter
        keyset += f" AND e.id {mod} {int(lane[1])} = {int(lane[0])}"
    inner = ", ".join(f"e.{c}" for c in GROUP_COLUMNS)
    outer = ", ".join(f"s.{c}" for c in GROUP_COLUMNS)
    _temp(
        "plan_batch",
        f"""AS SELECT s.id, s.participant_id, s.next_due_at, {outer},
                dense_rank() OVER (ORDER BY {outer}) AS g
            FROM (
                SELECT e.id, e.participant_id, e.next_due_at, {inner}
                FROM enrolment e
                WHERE e.state = {p} AND e.next_due_at <= {p}{keyset}{paused}
                  AND e.launch_id IN (SELECT l.id FROM launch l WHERE l.status = 'active')
                  AND NOT EXISTS (
                      SELECT 1 FROM hold h JOIN launch hl ON hl.organisation_id = h.organisation_id
                      WHERE h.participant_id = e.participant_id AND hl.id = e.launch_id
                        AND h.until > {p})
                ORDER BY e.next_due_at, e.id
                LIMIT {p}
            ) s""",
        (state, now, *(after or ()), now, limit),
    )
    if is_postgres():
        # A temporary table has no statistics until analysed: without them
        # PostgreSQL guesses a thousand rows and scans every enrolment to
        # join them, once per batch.
        database.execute_sql("ANALYZE plan_batch")
    cursor = database.execute_sql(
        f"SELECT g, {', '.join(GROUP_COLUMNS)}, count(*) FROM plan_batch "
        f"GROUP BY g, {', '.join(GROUP_COLUMNS)}"
    )
    groups = []
    for g, *values, count in cursor.fetchall():
        group = {"g": g, "count": count}
        for name, field, value in zip(GROUP_COLUMNS, _GROUP_FIELDS, values, strict=True):
            group[name] = value if name == "launch_id" else field.python_value(value)
        groups.append(group)
    return groups


def last_staged():
    """(next_due_at, id) of the last enrolment staged: where the next batch starts."""
    return tuple(
        database.execute_sql(
            "SELECT next_due_at, id FROM plan_batch ORDER BY next_due_at DESC, id DESC LIMIT 1"
        ).fetchone()
    )


def apply(state, now, texts, moves):
    """Queue `texts` and move the staged enrolments by `moves`; returns (moved, queued).

    texts: (g, key, kind, day, item, body, encoding, segments, send_after);
    moves: (g, state, clear_paused, next_day, next_due_at, last_planned_on,
    completed_at, problem), one per group.
    """
    p = database.param
    _temp(
        "plan_text",
        "(g INTEGER, suffix TEXT, kind TEXT, day INTEGER, item TEXT, body TEXT, "
        "encoding TEXT, segments INTEGER, send_after TIMESTAMP)",
    )
    _temp(
        "plan_move",
        "(g INTEGER, state TEXT, clear_paused INTEGER, next_day INTEGER, "
        "next_due_at TIMESTAMP, last_planned_on DATE, completed_at TIMESTAMP, problem TEXT)",
    )
    cursor = database.cursor()
    if texts:
        cursor.executemany(f"INSERT INTO plan_text VALUES ({', '.join([p] * 9)})", texts)
    cursor.executemany(f"INSERT INTO plan_move VALUES ({', '.join([p] * 8)})", moves)
    # On SQLite a unary + keeps the (state, next_due_at) index out of the
    # UPDATE, so it walks plan_batch and finds each enrolment by its key
    # instead of walking every due enrolment for each batch.
    plus = "" if is_postgres() else "+"
    update = f"""UPDATE enrolment SET
            state = m.state,
            paused_until = CASE WHEN m.clear_paused = 1 THEN NULL ELSE enrolment.paused_until END,
            next_day = m.next_day,
            next_due_at = m.next_due_at,
            last_planned_on = m.last_planned_on,
            completed_at = COALESCE(m.completed_at, enrolment.completed_at),
            plan_problem = m.problem
        FROM plan_batch b JOIN plan_move m ON m.g = b.g
        WHERE enrolment.id = b.id AND {plus}enrolment.state = {p}
          AND enrolment.next_day = b.next_day AND {plus}enrolment.next_due_at <= {p}"""

    def insert(source):
        return f"""INSERT INTO message ({_MESSAGE_COLUMNS})
            SELECT src.participant_id, src.id,
                   (SELECT l.organisation_id FROM launch l WHERE l.id = src.launch_id),
                   'e' || src.id || ':' || t.suffix, t.kind,
                   t.day, t.item, t.body, src.language, t.encoding, t.segments,
                   'queued', t.send_after, {p}, 0
            FROM {source} src JOIN plan_text t ON t.g = src.g
            WHERE true
            ON CONFLICT (dedupe_key) DO NOTHING"""

    if is_postgres():
        moved, queued = database.execute_sql(
            f"""WITH moved AS ({update}
                    RETURNING enrolment.id, enrolment.participant_id, enrolment.language,
                        enrolment.launch_id, b.g),
                queued AS ({insert("moved")} RETURNING 1)
            SELECT (SELECT count(*) FROM moved), (SELECT count(*) FROM queued)""",
            (state, now, now),
        ).fetchone()
        return moved, queued
    # One writer at a time: every staged row is still as it was staged.
    queued = database.execute_sql(insert("plan_batch"), (now,)).rowcount
    moved = database.execute_sql(update, (state, now)).rowcount
    return moved, queued
