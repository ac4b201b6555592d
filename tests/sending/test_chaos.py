"""The short chaos run: the clock killed ten times at random while it plans and sends.

bench/chaos.py runs the full version (100 SIGKILLs and 20 SIGTERMs) by hand;
this one runs in the suite, on SQLite or on TEST_DATABASE_URL's PostgreSQL.
"""

import os

from bench.chaos import run_chaos
from service.db import database


def test_killing_the_clock_at_random_loses_nothing_and_sends_nothing_twice(tmp_path):
    url = os.environ.get("TEST_DATABASE_URL") or f"sqlite:///{tmp_path}/chaos.db"
    try:
        result = run_chaos(url, kills=8, sigterms=2, seed=9, batch=4, life=(0.2, 3.0), say=print)
    finally:
        if not database.is_closed():
            database.close()

    assert result["texts"] > 100 and result["unplanned"] == 0
    assert result["lost"] == []
    assert result["duplicated"] == []  # this mock holds a message the moment it arrives
    assert result["wrong_sid"] == [] and result["strays"] == 0
    assert [code for code, _ in result["sigterm_exits"]] == [0, 0]
    assert max(seconds for _, seconds in result["sigterm_exits"]) < 10
    assert result["final_exit"] == 0
