"""`launch list`, and the clock run ahead by hand with `tick --days` or a relative --now."""

from datetime import datetime, timezone

import click
import pytest

from service.cli.sms import parse_now
from service.models import Message

NOW = datetime(2026, 11, 23, 12, 0, tzinfo=timezone.utc)


def test_launch_list_shows_ids_keywords_and_states(runner):
    assert runner.invoke(args=["launch", "list"]).output.strip() == "no launches"
    runner.invoke(args=["seed-demo"])
    runner.invoke(args=["launch-status", "1", "paused"])
    result = runner.invoke(args=["launch", "list", "--org", "demo"])
    assert result.exit_code == 0
    assert result.output.split() == ["1", "demo", "taster", "paused", "KIND(en)", "AMABLE(es)"]
    assert runner.invoke(args=["launch", "list", "--org", "other"]).output.strip() == (
        "no launches"
    )


@pytest.mark.parametrize(
    "text, expected",
    [
        ("+1 day", datetime(2026, 11, 24, 12, 0, tzinfo=timezone.utc)),
        ("+3days", datetime(2026, 11, 26, 12, 0, tzinfo=timezone.utc)),
        ("+5h", datetime(2026, 11, 23, 17, 0, tzinfo=timezone.utc)),
        ("+90m", datetime(2026, 11, 23, 13, 30, tzinfo=timezone.utc)),
        ("2026-12-01T09:00:00Z", datetime(2026, 12, 1, 9, 0, tzinfo=timezone.utc)),
        (None, NOW),
    ],
)
def test_now_may_be_relative(text, expected):
    assert parse_now(text, now=NOW) == expected


def test_a_time_that_is_neither_is_refused_with_examples():
    with pytest.raises(click.BadParameter, match=r"\+1 day"):
        parse_now("tomorrow", now=NOW)


def test_tick_days_lets_days_go_by_whatever_the_hour(runner):
    runner.invoke(args=["seed-demo"])
    for body in ("KIND", "YES", "7:30pm"):
        runner.invoke(args=["simulate", "+12125550123", body, "--now", "2026-11-23T03:00:00Z"])
    result = runner.invoke(args=["tick", "--now", "2026-11-23T03:00:00Z", "--days", "2"])
    assert result.exit_code == 0, result.output
    assert "(48 pass(es))" in result.output
    practices = Message.select().where(Message.kind == "practice", Message.state == "sent")
    assert practices.count() == 2
