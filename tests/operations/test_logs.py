"""Quiet, structured logs: a tick line only when something happened, JSON on request."""

import json
import logging
from datetime import datetime, timezone

import pytest

from service import logs


@pytest.fixture
def root_logging():
    """Put the root logger back as it was after configure() replaced its handlers."""
    root = logging.getLogger()
    handlers, level = root.handlers[:], root.level
    yield
    root.handlers[:] = handlers
    root.setLevel(level)
    logging.getLogger("twilio.http_client").removeFilter(logs.demote_to_debug)


def test_json_lines_carry_time_level_logger_and_message():
    record = logging.LogRecord("service.clock", logging.INFO, __file__, 1, "tick %s", ("x",), None)
    entry = json.loads(logs.JSONFormatter().format(record))
    assert (entry["level"], entry["logger"], entry["message"]) == (
        "INFO",
        "service.clock",
        "tick x",
    )
    assert entry["time"].endswith("+00:00")


def test_configure_picks_the_format(root_logging):
    logs.configure({"LOG_FORMAT": "json", "LOG_LEVEL": "INFO"})
    assert isinstance(logging.getLogger().handlers[0].formatter, logs.JSONFormatter)
    logs.configure({"LOG_FORMAT": "plain", "LOG_LEVEL": "INFO"})
    assert not isinstance(logging.getLogger().handlers[0].formatter, logs.JSONFormatter)


def test_twilio_requests_are_debug_lines(root_logging, capsys):
    logs.configure({"LOG_FORMAT": "plain", "LOG_LEVEL": "INFO"})
    logging.getLogger("twilio.http_client").info("-- BEGIN Twilio API Request --")
    assert "Twilio API Request" not in capsys.readouterr().err
    logs.configure({"LOG_FORMAT": "plain", "LOG_LEVEL": "DEBUG"})
    logging.getLogger("twilio.http_client").info("-- BEGIN Twilio API Request --")
    assert "DEBUG twilio.http_client -- BEGIN" in capsys.readouterr().err


def test_an_idle_tick_writes_no_info_line_and_a_busy_one_writes_one(tick, demo, enrol, caplog):
    with caplog.at_level(logging.INFO, logger="service"):
        tick(datetime(2026, 11, 23, 12, 30, tzinfo=timezone.utc))
    assert [r for r in caplog.records if r.levelno >= logging.INFO] == []
    enrol("+12125550123", time="9am")
    caplog.clear()
    with caplog.at_level(logging.INFO, logger="service"):
        tick(datetime(2026, 11, 24, 14, 30, tzinfo=timezone.utc))
    lines = [r.getMessage() for r in caplog.records if r.levelno >= logging.INFO]
    assert len(lines) == 1
    assert "planned 2 text(s) for 1 enrolment(s); sent 1" in lines[0]
