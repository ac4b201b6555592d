"""Thousands of signed, malformed webhooks against real gunicorn (4 workers), on the
test database: no answer >= 500, the server still healthy, every accepted text
stored exactly once, and no full phone number in the server's log.

The cases and the checks live in bench/fuzz_webhooks.py, which also makes the
bigger run by hand.
"""

import re

import pytest

from bench.fuzz_webhooks import Fuzzer, healthy, start_gunicorn, stop, stored_problems
from service.models import Inbound, Participant


@pytest.fixture
def server(app, demo, tmp_path):
    """gunicorn on the app's database; yields (base URL, its log file)."""
    log_path = tmp_path / "gunicorn.log"
    process, base = start_gunicorn(app.config["DATABASE_URL"], log_path)
    yield base, log_path, process
    stop(process)


def test_malformed_webhooks_never_answer_500_and_every_accepted_text_is_stored(server):
    base, log_path, process = server
    tally = Fuzzer(base, seed=9).run(3000, threads=8, bursts=25, burst_size=4)

    assert tally.failures == 0
    assert tally.errors == []
    assert healthy(base) and process.poll() is None
    assert len(tally.accepted) > 1500
    assert stored_problems(tally) == []
    stored = list(Inbound.select(Inbound.message_sid, Inbound.from_number, Inbound.body).tuples())
    assert not [row for row in stored if any("\x00" in value for value in row)]
    # Each burst's new number is one participant, and all its texts are in.
    bursts = Participant.select().where(Participant.phone.startswith("+1646"))
    assert bursts.count() == 25
    for participant in bursts:
        assert participant.inbound.count() == 4
    log = log_path.read_text(errors="replace")
    assert "Traceback" not in log
    assert not re.search(r"\+?1(212|646)\d{7}", log)
