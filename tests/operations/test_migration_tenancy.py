"""Migration 0012 gives every existing text its organisation and moves a crisis hold
to the organisation it belonged to, losing nothing (on SQLite and PostgreSQL)."""

from datetime import datetime, timedelta

from playhouse.migrations import Runner

from service.db import database
from service.migrate import MIGRATIONS_DIR, migrate

NOW = datetime(2026, 11, 23, 12, 0)


def _sql(statement, params=()):
    p = database.param
    return database.execute_sql(statement.replace("?", p), params)


def test_0012_keeps_every_row_and_gives_each_its_organisation(app):
    # The app's database is freshly migrated and empty: step back to 0011.
    runner = Runner(database.obj, directory=str(MIGRATIONS_DIR))
    runner.down("0012_tenancy")  # back through 0012: the schema as 0011 left it
    applied = set(runner.applied())
    assert "0012_tenancy" not in applied and "0011_fewer_indexes" in applied
    for slug in ("north", "south"):
        _sql(
            "INSERT INTO organisation (slug, name, timezone, quiet_start, quiet_end, variables, "
            "created_at) VALUES (?, ?, 'UTC', '08:00', '21:00', '{}', ?)",
            (slug, slug, NOW),
        )
    north, south = (r[0] for r in _sql("SELECT id FROM organisation ORDER BY id").fetchall())
    for org in (north, south):
        _sql(
            "INSERT INTO launch (organisation_id, programme, status, default_send_time, "
            "variables, group_mode, created_at) VALUES (?, 'taster', 'active', '09:00', '{}', "
            "?, ?)",
            (org, False, NOW),
        )
    north_launch, south_launch = (r[0] for r in _sql("SELECT id FROM launch ORDER BY id"))
    _sql(
        "INSERT INTO participant (phone, pseudonym, opted_out, is_test, held_until, created_at) "
        "VALUES ('+12125550155', 'p1', ?, ?, ?, ?)",
        (False, False, NOW + timedelta(hours=70), NOW),
    )
    person = _sql("SELECT id FROM participant").fetchone()[0]
    for launch in (north_launch, south_launch):
        _sql(
            "INSERT INTO enrolment (participant_id, launch_id, language, state, timezone, "
            "next_day, reasked, created_at) VALUES (?, ?, 'en', 'active', 'UTC', 1, ?, ?)",
            (person, launch, False, NOW),
        )
    north_e, south_e = (r[0] for r in _sql("SELECT id FROM enrolment ORDER BY id"))
    for sid, enrolment, body in (("SM1", north_e, "to north"), ("SM2", south_e, "to south")):
        _sql(
            "INSERT INTO inbound (message_sid, participant_id, enrolment_id, from_number, "
            "to_number, body, kind, received_at) VALUES (?, ?, ?, '+12125550155', '', ?, "
            "'other', ?)",
            (sid, person, enrolment, body, NOW),
        )
        _sql(
            "INSERT INTO message (participant_id, enrolment_id, kind, body, encoding, segments, "
            "state, send_after, attempts, sends, created_at) VALUES (?, ?, 'practice', ?, "
            "'GSM-7', 1, 'queued', ?, 0, 0, ?)",
            (person, enrolment, "out " + body, NOW, NOW),
        )
    # North's open crisis alert is the one that held the person.
    _sql(
        "INSERT INTO safety_alert (organisation_id, participant_id, priority, reason, status, "
        "created_at) VALUES (?, ?, 1, 'crisis', 'open', ?)",
        (north, person, NOW),
    )

    assert "0012_tenancy" in migrate()

    inbound = dict(_sql("SELECT body, organisation_id FROM inbound").fetchall())
    assert inbound == {"to north": north, "to south": south}
    message = dict(_sql("SELECT body, organisation_id FROM message").fetchall())
    assert message == {"out to north": north, "out to south": south}
    holds = _sql("SELECT organisation_id, participant_id FROM hold").fetchall()
    assert [tuple(h) for h in holds] == [(north, person)]
    columns = [c.name for c in database.get_columns("participant")]
    assert "held_until" not in columns and "test_owner_id" in columns
