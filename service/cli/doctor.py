"""`flask --app service doctor`: check a deployment's settings and say what to fix."""

import click
from flask import current_app

from .. import doctor
from ..sending.backends import TwilioBackend, backend_from_config


def register(app):
    """Attach the `doctor` command."""

    @app.cli.command("doctor")
    @click.option(
        "--no-twilio", is_flag=True, help="Do not ask Twilio which URL it posts texts to."
    )
    def doctor_command(no_twilio):
        """Check this deployment (secret, public URL, sender, database, programmes)."""
        settings = current_app.config
        incoming_webhook = None
        if not no_twilio and settings.get("SMS_BACKEND") == "twilio":
            try:
                backend = backend_from_config(settings)
            except ValueError:
                backend = None  # the sender check says what is missing
            if isinstance(backend, TwilioBackend):
                incoming_webhook = backend.incoming_webhook
        findings = doctor.examine(settings, incoming_webhook=incoming_webhook)
        for finding in findings:
            click.echo(finding.line())
        to_fix = [f for f in findings if f.level == doctor.FIX]
        if to_fix:
            click.echo(f"{len(to_fix)} thing(s) to fix before going live.")
            raise SystemExit(1)
        warnings = sum(f.level == doctor.WARN for f in findings)
        click.echo(f"ready ({warnings} warning(s) to read)." if warnings else "ready.")
