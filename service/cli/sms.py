"""Operating the SMS side: one clock pass, texting as a phone, open alerts."""

from datetime import datetime, timezone

import click
from flask import current_app

from ..models import SafetyAlert
from ..models.safety import PRIORITY_NAMES
from ..phones import InvalidNumber, mask, normalise
from ..tick import run_tick


def parse_now(value):
    """'2026-11-23T09:00:00Z' -> aware UTC datetime; None -> the real now."""
    if not value:
        return datetime.now(timezone.utc)
    parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        raise click.BadParameter("give a time zone, e.g. 2026-11-23T09:00:00Z")
    return parsed.astimezone(timezone.utc)


def register(app):
    """Attach the operating commands."""

    @app.cli.command("tick")
    @click.option("--now", "now_text", default=None, help="ISO time, e.g. 2026-11-23T09:00:00Z")
    def tick(now_text):
        """Run exactly one clock pass (plan, call on-call staff, dispatch) and print a summary."""
        summary = run_tick(parse_now(now_text), current_app.config)
        planned, sent = summary["planned"], summary["dispatched"]
        click.echo(
            f"planned {planned['messages']} text(s) for {planned['enrolments']} enrolment(s), "
            f"{planned['completed']} completed; dispatched: "
            + ", ".join(f"{k} {v}" for k, v in sent.items())
        )
        paged = summary["paged"]
        if paged["organisations"]:
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
        replies = text(phone, body, now=parse_now(now_text), is_test=False)
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
