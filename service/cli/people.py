"""People from the command line: erasure, asked for by the organisation on someone's behalf."""

import sys

import click
from flask import current_app

from ..models import Participant
from ..phones import InvalidNumber, mask, normalise
from ..privacy import erasure
from ..privacy.clock import settings_for


def register(app):
    """Attach the `people` command group."""

    @app.cli.group("people")
    def people():
        """Participants: erasure."""

    @people.command("erase")
    def erase():
        """Erase a person: the number is read from standard input (never an argument,
        so it stays out of shell history); sends stop at once, the clock erases."""
        raw = (
            sys.stdin.readline()
            if not sys.stdin.isatty()
            else click.prompt("Number", hide_input=True)
        )
        try:
            number = normalise(raw.strip())
        except InvalidNumber:
            raise click.ClickException("That is not a phone number; nothing was erased.") from None
        rows = list(Participant.select().where(Participant.phone == number))
        if not rows:
            raise click.ClickException(f"No participant with the number {mask(number)}.")
        key, hold_days = settings_for(current_app.config)
        request = erasure.request(
            rows,
            how="cli",
            requested_by="cli",
            key=key,
            now=current_app.config["CLOCK"](),
            hold_days=hold_days,
        )
        click.echo(
            f"erasure {request.id} for {mask(number)}: sending stopped; "
            "the clock erases every row and Twilio's copies on its next pass"
        )
