"""Fixtures shared by every test: an app on a fresh database, its client and CLI,
and small builders that read like the domain (a phone that texts, a clock).

The suite runs on SQLite by default and on PostgreSQL when TEST_DATABASE_URL
points at one (CI does both). Each test starts from an empty, migrated schema:
its own SQLite file, or on PostgreSQL the run's own schema (tests/databases.py
says which databases the suite may touch and how runs keep apart).

Runs in parallel with pytest-xdist (`-n auto`, see pyproject.toml); journeys
that take seconds are marked `slow` (`-m "not slow"` leaves them out).
"""

import itertools
import os
import threading
from datetime import datetime, timezone
from xml.etree import ElementTree

import pytest
from twilio.request_validator import RequestValidator

from service import create_app
from service.db import database, is_postgres
from service.migrate import migrate
from service.sending.backends import MemoryBackend
from tests.databases import (
    UnsafeDatabase,
    checked_url,
    create_schema,
    drop_schema,
    run_schema,
    with_search_path,
)

# Staff, organisations and a signed-in client, for every folder (dashboard, staff, evaluation).
pytest_plugins = ["tests.staff_world"]

AUTH_TOKEN = "test-auth-token"
PUBLIC_BASE_URL = "https://kindly.example.org"
SERVICE_NUMBER = "+15005550006"
# 32 random bytes, as production requires (service/config.py secret_key_problem).
SECRET_KEY = "f5e95297263ae87a75551f855eaeae29cfef14f25769bb136d2e70dfec51e6af"
DEMO_VARIABLES = {
    "crisis_line": "988",
    "emergency_number": "911",
    "safety_line": "800-799-7233",
    "help_contact": "call 555-0100",
    "community": "neighbours",
}


# Tests that use one of these start a real server, browser or subprocess: they
# take seconds, so they are marked `slow` (leave them out with -m "not slow";
# `make test` and CI run them). Tests that share a session-wide server are
# kept on one pytest-xdist worker (run with --dist loadgroup) so it starts once.
SLOW_FIXTURES = {"browser", "live", "prism", "gunicorn"}
WORKER_GROUPS = {"prism": "prism"}


def pytest_collection_modifyitems(config, items):
    """Mark tests slow by the fixtures they use, and group those sharing a server."""
    for item in items:
        used = set(getattr(item, "fixturenames", ()))
        if used & SLOW_FIXTURES:
            item.add_marker(pytest.mark.slow)
        for fixture, group in WORKER_GROUPS.items():
            if fixture in used:
                item.add_marker(pytest.mark.xdist_group(group))


def pytest_configure(config):
    """Refuse, before any test runs, a TEST_DATABASE_URL not meant for tests."""
    url = os.environ.get("TEST_DATABASE_URL")
    if url:
        try:
            checked_url(url)
        except UnsafeDatabase as exc:
            raise pytest.UsageError(str(exc)) from None


@pytest.fixture(scope="session")
def postgres_schema():
    """(url, schema) of this run's own PostgreSQL schema, dropped at the end; None on SQLite."""
    url = os.environ.get("TEST_DATABASE_URL")
    if not url:
        yield None
        return
    url = checked_url(url)
    schema = run_schema()
    create_schema(url, schema)
    try:
        yield with_search_path(url, schema), schema
    finally:
        if database.obj is not None and not database.is_closed():
            database.close()
        drop_schema(url, schema)


def reset_schema(schema=None):
    """Drop everything and migrate from nothing."""
    if is_postgres():
        database.execute_sql(f'DROP SCHEMA "{schema}" CASCADE')
        database.execute_sql(f'CREATE SCHEMA "{schema}"')
    else:
        for table in database.get_tables():
            database.execute_sql(f'DROP TABLE IF EXISTS "{table}"')
    migrate()


class Clock:
    """A settable "now" for the app, in UTC."""

    def __init__(self, start=datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)):
        self.now = start

    def __call__(self):
        return self.now

    def set(self, when):
        """Move to an aware datetime."""
        assert when.tzinfo is not None
        self.now = when.astimezone(timezone.utc)


@pytest.fixture
def clock():
    """The app's clock; tests move it."""
    return Clock()


@pytest.fixture
def app(tmp_path, clock, postgres_schema):
    """The app on a fresh database, console SMS backend, known Twilio token."""
    url, schema = postgres_schema or (f"sqlite:///{tmp_path}/kindly.db", None)
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": url,
            "SECRET_KEY": SECRET_KEY,
            "SMS_BACKEND": "console",
            "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
            "TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
            "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
            # Tests do not wait for the carrier's pace.
            "SEND_RATE": 1000.0,
            "CLOCK": clock,
            # `tick --days` keeps the time it reached here (never in instance/).
            "DEV_NOW_FILE": str(tmp_path / "dev_now"),
        }
    )
    with database.connection_context():
        reset_schema(schema)
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


@pytest.fixture
def sms():
    """The SMS transport, replaced at the boundary: records what is sent."""
    return MemoryBackend()


def sign(url, params):
    """X-Twilio-Signature for a POST of `params` to `url`."""
    return RequestValidator(AUTH_TOKEN).compute_signature(url, params)


_sids = itertools.count(1)


def new_sid():
    """A fresh, unique inbound MessageSid."""
    return f"SM{next(_sids):032d}"


def twiml_bodies(xml):
    """The <Message> bodies of a TwiML response."""
    return [m.text or "" for m in ElementTree.fromstring(xml).iter("Message")]


class Phone:
    """A participant's phone: texts the service through the signed webhook."""

    def __init__(self, client, number):
        self.client = client
        self.number = number

    def post(self, body, *, sid=None):
        """The raw webhook response to one text."""
        params = {
            "From": self.number,
            "To": SERVICE_NUMBER,
            "Body": body,
            "MessageSid": sid or new_sid(),
            "AccountSid": "AC" + "0" * 32,
        }
        signature = sign(PUBLIC_BASE_URL + "/twilio/sms", params)
        return self.client.post(
            "/twilio/sms", data=params, headers={"X-Twilio-Signature": signature}
        )

    def text(self, body, *, sid=None):
        """Text the service; returns the replies it sent straight back."""
        response = self.post(body, sid=sid)
        assert response.status_code == 200, response.data
        return twiml_bodies(response.data)


@pytest.fixture
def phone(client):
    """phone('+12125550123') -> a Phone."""
    return lambda number: Phone(client, number)


@pytest.fixture
def demo(app):
    """Demo Community (New York, crisis line 988) with the taster on KIND/AMABLE."""
    from service.launches import create_organisation, launch_programme

    org = create_organisation(
        slug="demo", name="Demo Community", timezone="America/New_York", variables=DEMO_VARIABLES
    )
    launch = launch_programme(org, "taster", {"en": "KIND", "es": "AMABLE"})
    return launch


@pytest.fixture
def tick(app, clock, sms):
    """tick(when) runs one clock pass at `when` (aware) through the memory transport."""
    from service.tick import run_tick

    def run(when=None):
        if when is not None:
            clock.set(when)
        return run_tick(clock.now, app.config, backend=sms)

    return run


def at_once(n, target):
    """Run target() in n threads released together, each on its own database
    connection (as separate processes would be); returns what they raised."""
    barrier = threading.Barrier(n)
    errors = []

    def run():
        try:
            database.connect(reuse_if_open=True)
            barrier.wait()
            target()
        except Exception as exc:  # returned to the test, which asserts on it
            errors.append(exc)
        finally:
            # A request may have closed it already (PostgreSQL, per request).
            if not database.is_closed():
                database.close()

    threads = [threading.Thread(target=run) for _ in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.fixture
def enrol(phone):
    """enrol('+12125550123', time='9am') texts KIND, YES and a time; returns the Phone."""

    def join(number, *, time="9am", keyword="KIND", consent="YES"):
        p = phone(number)
        for body in (keyword, consent, time):
            p.text(body)
        return p

    return join
