"""Fixtures shared by every test: an app on a fresh database, its client and CLI.

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL
points at one (CI does both). Each test starts from an empty, migrated schema.
"""

import os

import pytest

from service import create_app
from service.db import database, is_postgres
from service.migrate import migrate

AUTH_TOKEN = "test-auth-token"
PUBLIC_BASE_URL = "https://kindly.example.org"


def reset_schema():
    """Drop everything and migrate from nothing."""
    if is_postgres():
        database.execute_sql("DROP SCHEMA public CASCADE")
        database.execute_sql("CREATE SCHEMA public")
    else:
        for table in database.get_tables():
            database.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
    migrate()


@pytest.fixture
def app(tmp_path):
    """The app on a fresh database, console SMS backend, known Twilio token."""
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path}/kindly.db"
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": "test-secret",
            "SMS_BACKEND": "console",
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
            "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        }
    )
    with database.connection_context():
        reset_schema()
    database.connect(reuse_if_open=True)
    yield app
    if not database.is_closed():
        database.close()


@pytest.fixture
def client(app):
    """Flask's test client."""
    return app.test_client()


@pytest.fixture
def runner(app):
    """Flask's CLI runner."""
    return app.test_cli_runner()
