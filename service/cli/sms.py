"""Operating the SMS side: one clock pass, texting as a phone, open alerts."""

import re
from datetime import datetime, timedelta, timezone
from pathlib import Path

import click
from flask import current_app

from ..models import SafetyAlert
from ..models.safety import PRIORITY_NAMES
from ..phones import InvalidNumber, mask, normalise
from ..tick import run_tick

RELATIVE = re.compile(r"\+\s*(\d+)\s*(m|min|mins|minutes?|h|hours?|d|days?)", re.IGNORECASE)
UNITS = {"m": "minutes", "h": "hours", "d": "days"}
HOURLY = timedelta(hours=1)


def parse_now(value, *, now=None):
    """'2026-11-23T09:00:00Z' or '+1 day', '+3h', '+90m' -> aware UTC; None -> `now`.

    `now` is the real time unless given (tests give it).
    """
    now = now or datetime.now(timezone.utc)
    if not value:
        return now
    relative = RELATIVE.fullmatch(value.strip())
    if relative:
        amount, unit = int(relative.group(1)), relative.group(2)[0].lower()
        return now + timedelta(**{UNITS[unit]: amount})
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise click.BadParameter(
            f"{value!r}: give an ISO time (2026-11-23T09:00:00Z) or '+1 day', '+3h'"
        ) from None
    if parsed.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. 2026-11-23T09:00:00Z")
    return parsed.astimezone(timezone.utc)


# In development (the console SMS backend), `tick --days` and `tick --now` leave the
# time they reached in instance/dev_now, and `simulate` and the next `tick` start from
# it, so a conversation typed after letting days go by happens after them, in order.
DEV_NOW = "dev_now"
MOMENT = timedelta(seconds=1)


def _dev_now_path():
    if current_app.config.get("SMS_BACKEND", "console") == "twilio":
        return None  # a real deployment runs on the real clock only
    return Path(current_app.config.get("DEV_NOW_FILE") or Path(current_app.instance_path) / DEV_NOW)


def shared_now(value):
    """The time a command runs at: --now if given, else the stored development
    time when it is ahead of the real clock, else the real time."""
    path = _dev_now_path()
    real = datetime.now(timezone.utc)
    stored = None
    if path is not None and path.exists():
        try:
            stored = datetime.fromisoformat(path.read_text().strip())
        except ValueError:
            stored = None
    base = stored if stored is not None and stored > real else real
    return parse_now(value, now=base)


def keep_now(when):
    """Remember the time a development command reached (ignored on Twilio)."""
    path = _dev_now_path()
    if path is not None and when > datetime.now(timezone.utc):
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(when.isoformat())


def register(app):
    """Attach the operating commands."""

    @app.cli.command("tick")
    @click.option(
        "--now", "now_text", default=None, help="ISO time (2026-11-23T09:00:00Z) or '+1 day', '+3h'"
    )
    @click.option(
        "--days",
        type=click.IntRange(min=1),
        default=None,
        help="Let N days go by: a pass every hour from --now (or now) onwards.",
    )
    def tick(now_text, days):
        """Run one clock pass (plan, call on-call staff, dispatch), or N days of passes."""
        start = shared_now(now_text)
        if days is None:
            passes = [start]
        else:
            passes = [start + HOURLY * i for i in range(1, days * 24 + 1)]
        totals = {"planned": {}, "dispatched": {}, "paged": {}}
        for when in passes:
            summary = run_tick(when, current_app.config)
            for part in totals:
                for key, value in summary[part].items():
                    totals[part][key] = totals[part].get(key, 0) + value
        planned, sent = totals["planned"], totals["dispatched"]
        click.echo(
            f"up to {passes[-1]:%Y-%m-%d %H:%M}Z ({len(passes)} pass(es)): "
            f"planned {planned['messages']} text(s) for {planned['enrolments']} enrolment(s), "
            f"{planned['completed']} completed; dispatched: "
            + ", ".join(f"{k} {v}" for k, v in sent.items())
        )
        # A moment after the last pass: a text typed next comes after what that pass
        # sent, whatever the hour (tests/operations/test_cli_more.py).
        keep_now(passes[-1] + MOMENT)
        paged = totals["paged"]
        if paged.get("organisations"):
            click.echo(
                f"on-call: {paged['texts']} text(s), {paged['emails']} email(s) "
                f"for {paged['organisations']} organisation(s), {paged['failed']} failed"
            )

    @app.cli.command("simulate")
    @click.argument("phone")
    @click.argument("body")
    @click.option("--now", "now_text", default=None, help="ISO time, e.g. 2026-11-23T09:00:00Z")
    def simulate(phone, body, now_text):
        """Text the service as PHONE and print the replies."""
        from ..conversation.simulate import text

        try:
            normalise(phone)
        except InvalidNumber as exc:
            raise click.BadParameter(f"{phone!r} is not a phone number") from exc
        when = shared_now(now_text)
        replies = text(phone, body, now=when, is_test=False)
        keep_now(when)
        if not replies:
            click.echo("(no reply)")
        for reply in replies:
            click.echo(f"< {reply}")

    @app.cli.command("alerts")
    @click.option("--all", "show_all", is_flag=True, help="Include acknowledged and resolved.")
    def alerts(show_all):
        """List open safety alerts, crisis first, oldest first."""
        query = SafetyAlert.select().order_by(SafetyAlert.priority, SafetyAlert.created_at)
        if not show_all:
            query = query.where(SafetyAlert.status == "open")
        rows = list(query)
        if not rows:
            click.echo("no open alerts")
        for alert in rows:
            kind = PRIORITY_NAMES.get(alert.priority, "alert").upper()
            who = mask(alert.participant.phone) if alert.participant else "unknown"
            org = alert.organisation.slug if alert.organisation else "(no organisation)"
            click.echo(
                f"#{alert.id} {kind} {alert.status} {alert.created_at:%Y-%m-%d %H:%M}Z "
                f"{who} {org}: {alert.reason}"
            )
