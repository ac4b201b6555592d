"""`launch list`, and the clock run ahead by hand with `tick --days` or a relative --now."""

from datetime import datetime, timedelta, timezone

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


def test_simulate_after_tick_days_happens_after_those_days(runner, app):
    """The walkthrough's order: join, let two days go by, then text; the text comes last."""
    from service.models import Inbound

    runner.invoke(args=["seed-demo"])
    for body in ("KIND", "YES", "7:30pm"):
        assert runner.invoke(args=["simulate", "+12125550123", body]).exit_code == 0
    assert runner.invoke(args=["tick", "--days", "2"]).exit_code == 0
    runner.invoke(args=["simulate", "+12125550123", "HELP"])
    last_practice = (
        Message.select().where(Message.kind == "practice").order_by(Message.sent_at.desc()).get()
    )
    help_text = Inbound.get(Inbound.body == "HELP")
    assert help_text.received_at > last_practice.sent_at
    kept = datetime.fromisoformat(open(app.config["DEV_NOW_FILE"]).read())
    assert kept > datetime.now(timezone.utc) + timedelta(days=1, hours=23)


def test_a_text_after_tick_days_comes_after_the_last_pass_even_when_it_sent_a_practice(runner):
    """The last hourly pass falls two minutes after the 7:30pm practice (New York), so
    it sends it; the text typed next still comes after it, not at the same instant."""
    from service.models import Inbound

    start = "2030-01-05T00:32:00Z"  # 7:32pm in New York, ahead of the real clock
    runner.invoke(args=["seed-demo"])
    for body in ("KIND", "YES", "7:30pm"):
        result = runner.invoke(args=["simulate", "+12125550123", body, "--now", start])
        assert result.exit_code == 0, result.output
    assert runner.invoke(args=["tick", "--now", start, "--days", "2"]).exit_code == 0
    last_practice = (
        Message.select().where(Message.kind == "practice").order_by(Message.sent_at.desc()).get()
    )
    assert last_practice.sent_at == datetime(2030, 1, 7, 0, 32)  # the last pass sent it
    runner.invoke(args=["simulate", "+12125550123", "HELP"])
    assert Inbound.get(Inbound.body == "HELP").received_at > last_practice.sent_at


def test_seed_demo_outcomes_fills_a_report_with_screeners(runner, app):
    from service.evaluation import outcomes
    from service.models import Launch

    result = runner.invoke(args=["seed-demo", "--outcomes"])
    assert result.exit_code == 0, result.output
    launch = Launch.get(Launch.programme == "kind-to-the-helper")
    assert f"/dashboard/programmes/{launch.id}/outcomes" in result.output
    from service.content.programme import get_library

    programme = get_library(app.config["PROGRAMS_DIR"]).get("kind-to-the-helper")
    report = outcomes.report(launch, programme)
    shown = [s for s in report.screeners if s.result is not None]
    assert {s.name for s in shown} == {"PHQ-2", "GAD-2"}
