"""The suite refuses databases not meant for tests, and each run has its own schema."""

import pytest

from tests.databases import (
    SCHEMA_PREFIX,
    UnsafeDatabase,
    checked_url,
    run_schema,
    with_search_path,
)


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://postgres@127.0.0.1:5432/kindly",
        "postgresql://postgres@127.0.0.1:5432/production",
        "postgresql://postgres@127.0.0.1:5432/",
        "sqlite:///test.db",
    ],
)
def test_a_database_not_named_for_tests_is_refused(url):
    with pytest.raises(UnsafeDatabase):
        checked_url(url)


@pytest.mark.parametrize(
    "url",
    ["postgresql://postgres@127.0.0.1:5432/test", "postgres://u:p@db:5432/kindly_test_ci"],
)
def test_a_test_database_is_accepted(url):
    assert checked_url(url) == url


def test_each_run_and_worker_gets_its_own_schema():
    names = {run_schema("gw0", now=1_764_000_000) for _ in range(20)}
    assert len(names) == 20
    assert all(n.startswith(f"{SCHEMA_PREFIX}1764000000_") and n.endswith("_gw0") for n in names)


def test_the_schema_travels_in_the_url_to_every_connection():
    url = with_search_path("postgresql://postgres@127.0.0.1:5432/test", "kindly_test_1_ab_gw0")
    assert url.endswith("?options=-c%20search_path%3Dkindly_test_1_ab_gw0")
    from playhouse.db_url import parse

    assert parse(url)["options"] == "-c search_path=kindly_test_1_ab_gw0"


def test_pytest_stops_before_any_test_on_a_database_not_for_tests():
    import os
    import subprocess
    import sys

    env = {**os.environ, "TEST_DATABASE_URL": "postgresql://postgres@127.0.0.1:5432/kindly"}
    env.pop("PYTEST_XDIST_WORKER", None)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "--co", __file__],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert 'contains "test"' in done.stdout + done.stderr
