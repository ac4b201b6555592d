"""The web app's database connections: kept between requests, and a dead one
(the database restarted) never costs a text."""

import psycopg2
import pytest

from service import db, db_pool
from service.db import database, is_postgres
from service.models import Inbound


@pytest.fixture
def on_postgres(app):
    if not is_postgres():
        pytest.skip("SQLite keeps one connection per worker; there is no pool to test")


def backend_of_next_request_connection(client):
    """The server process id of the connection the next request will get."""
    assert client.get("/healthz").status_code == 200  # leaves its connection in the pool
    database.connect(reuse_if_open=True)
    pid = database.execute_sql("SELECT pg_backend_pid()").fetchone()[0]
    database.close()  # back to the pool: the next request takes this one
    return pid


def terminate(pid):
    """Kill one server process from outside, as a database restart would."""
    url = db.database.obj.connect_params
    other = psycopg2.connect(dbname=db.database.obj.database, **url)
    other.autocommit = True
    other.cursor().execute("SELECT pg_terminate_backend(%s)", (pid,))
    other.close()


def test_a_connection_is_kept_from_request_to_request(on_postgres, client):
    first = backend_of_next_request_connection(client)
    second = backend_of_next_request_connection(client)
    assert first == second


def test_a_text_on_a_connection_the_server_killed_is_handled_on_a_new_one(
    on_postgres, client, demo, phone
):
    pid = backend_of_next_request_connection(client)
    terminate(pid)
    # Within PING_AFTER_IDLE the pool hands the dead connection out unchecked.
    replies = phone("+12125550199").text("KIND")
    assert replies and "YES" in replies[0]
    assert Inbound.select().where(Inbound.body == "KIND").count() == 1


def test_an_idle_connection_is_checked_before_use(on_postgres, client, demo, phone, monkeypatch):
    monkeypatch.setattr(db_pool, "PING_AFTER_IDLE", 0.0)
    pid = backend_of_next_request_connection(client)
    terminate(pid)
    replies = phone("+12125550198").text("KIND")
    assert replies and "YES" in replies[0]
