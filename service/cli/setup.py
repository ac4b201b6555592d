"""Setting up: the schema, organisations, launches and the demo."""

import json
from datetime import datetime, timezone

import click

from ..launch_variables import parse_pairs
from ..launches import LaunchError, create_organisation, launch_programme, set_launch_status
from ..models import Keyword, Launch, Organisation

DEMO = {
    "slug": "demo",
    "name": "Demo Community",
    "timezone": "America/New_York",
    "variables": {
        "crisis_line": "988",
        "emergency_number": "911",
        # The US National Domestic Violence Hotline: free, confidential, 24/7.
        "safety_line": "800-799-7233",
        "help_contact": "demo@kindly.example.org",
        "community": {"en": "neighbours", "es": "vecinos"},
    },
}


def _keywords(pairs):
    """('en=KIND', 'es=AMABLE') -> {'en': 'KIND', 'es': 'AMABLE'}."""
    result = {}
    for pair in pairs:
        lang, sep, word = pair.partition("=")
        if not sep:
            raise click.BadParameter(f"{pair!r}: write LANG=WORD, e.g. en=KIND")
        result[lang.strip().lower()] = word.strip()
    return result


class LaunchGroup(click.Group):
    """`launch ORG PROGRAMME ...` stays the way to launch; `launch list` lists."""

    def resolve_command(self, ctx, args):
        """Anything that is not a subcommand's name is the start of `launch create`."""
        if args and args[0] not in self.commands and not args[0].startswith("-"):
            args = ["create", *args]
        return super().resolve_command(ctx, args)


def _variables(pairs):
    """('community=neighbours', 'community.es=vecinos') -> variables, per language where given."""
    try:
        return parse_pairs(pairs)
    except ValueError as exc:
        raise click.BadParameter(str(exc)) from None


def _fail(exc):
    for problem in exc.problems:
        click.echo(f"error: {problem}", err=True)
    raise SystemExit(1)


def register(app):
    """Attach the set-up commands."""

    @app.cli.command("init-db")
    def init_db():
        """Create or migrate the database schema (safe to run twice)."""
        from ..migrate import migrate

        applied = migrate()
        click.echo(f"applied {len(applied)} migration(s)" if applied else "schema up to date")

    @app.cli.group("org")
    def org():
        """Organisations."""

    @org.command("create")
    @click.argument("slug")
    @click.option("--name", required=True, help="As participants will read it.")
    @click.option("--timezone", "tz", required=True, help="e.g. America/New_York")
    @click.option(
        "--var",
        "variables",
        multiple=True,
        help="NAME=VALUE for every language, NAME.LANG=VALUE for one (community.es=vecinos)",
    )
    @click.option("--quiet-start", default="08:00", show_default=True)
    @click.option("--quiet-end", default="21:00", show_default=True)
    def org_create(slug, name, tz, variables, quiet_start, quiet_end):
        """Create an organisation."""
        try:
            created = create_organisation(
                slug=slug,
                name=name,
                timezone=tz,
                variables=_variables(variables),
                quiet_start=quiet_start,
                quiet_end=quiet_end,
            )
        except LaunchError as exc:
            _fail(exc)
        click.echo(f"created organisation {created.slug} ({created.name})")

    @app.cli.group("launch", cls=LaunchGroup)
    def launch():
        """Launches: `launch ORG PROGRAMME --keyword en=KIND` makes one; `list` lists."""

    @launch.command("create")
    @click.argument("org_slug")
    @click.argument("programme")
    @click.option("--keyword", "keywords", multiple=True, required=True, help="LANG=WORD")
    @click.option("--send-time", default="09:00", show_default=True)
    @click.option("--timezone", "tz", default=None, help="Overrides the organisation's.")
    @click.option(
        "--var",
        "variables",
        multiple=True,
        help="Overrides the organisation's: NAME=VALUE, or NAME.LANG=VALUE for one language",
    )
    @click.option(
        "--waitlist",
        is_flag=True,
        help="Waitlist design: each person who says yes starts now or after the "
        "programme's length, at random (seeded, stratified by language).",
    )
    def launch_create(org_slug, programme, keywords, send_time, tz, variables, waitlist):
        """Launch PROGRAMME for ORG_SLUG on keywords (e.g. --keyword en=KIND)."""
        organisation = Organisation.get_or_none(Organisation.slug == org_slug)
        if organisation is None:
            raise click.ClickException(f"no organisation {org_slug!r}")
        try:
            made = launch_programme(
                organisation,
                programme,
                _keywords(keywords),
                default_send_time=send_time,
                timezone=tz,
                variables=_variables(variables),
                design="waitlist" if waitlist else "prepost",
            )
        except LaunchError as exc:
            _fail(exc)
        words = ", ".join(f"{k.word} ({k.language})" for k in made.keywords)
        click.echo(f"launched {programme} for {organisation.slug} on {words} (launch {made.id})")
        if waitlist:
            click.echo(f"waitlist design, allocation seed {made.allocation_seed}")

    @launch.command("list")
    @click.option("--org", "org_slug", default=None, help="Only this organisation's.")
    def launch_list(org_slug):
        """List launches: id, organisation, programme, state, keywords."""
        query = Launch.select(Launch, Organisation).join(Organisation).order_by(Launch.id)
        if org_slug:
            query = query.where(Organisation.slug == org_slug)
        rows = list(query)
        if not rows:
            click.echo("no launches")
        for row in rows:
            words = " ".join(f"{k.word}({k.language})" for k in row.keywords) or "-"
            click.echo(f"{row.id}\t{row.organisation.slug}\t{row.programme}\t{row.status}\t{words}")

    @app.cli.command("launch-status")
    @click.argument("launch_id", type=int)
    @click.argument("status", type=click.Choice(["active", "paused", "ended"]))
    def launch_status(launch_id, status):
        """Pause, reactivate or end a launch (ids: `launch list`)."""
        found = Launch.get_or_none(Launch.id == launch_id)
        if found is None:
            raise click.ClickException(f"no launch {launch_id}")
        set_launch_status(found, status, now=datetime.now(timezone.utc))
        click.echo(f"launch {launch_id} is {status}")

    @app.cli.command("seed-demo")
    @click.option(
        "--outcomes",
        is_flag=True,
        help="Also launch Kind to the Helper on HELPER with 40 finished made-up people, "
        "so the outcome report has screeners to show.",
    )
    def seed_demo(outcomes):
        """Create Demo Community with the taster on KIND and AMABLE (idempotent)."""
        organisation = Organisation.get_or_none(Organisation.slug == DEMO["slug"])
        if organisation is None:
            organisation = create_organisation(**DEMO)
            click.echo("created organisation Demo Community")
        if Keyword.get_or_none(Keyword.word == "KIND") is None:
            try:
                launch_programme(organisation, "taster", {"en": "KIND", "es": "AMABLE"})
            except LaunchError as exc:
                _fail(exc)
            click.echo("launched the taster on KIND (English) and AMABLE (Spanish)")
        if outcomes:
            from ..evaluation.demo import fill_demo_outcomes

            launch = fill_demo_outcomes(
                organisation, app.config["PROGRAMS_DIR"], now=datetime.now(timezone.utc)
            )
            click.echo(
                f"launch {launch.id}: Kind to the Helper on HELPER, with finished people; "
                f"its report: /dashboard/programmes/{launch.id}/outcomes"
            )
        click.echo(json.dumps({"organisation": organisation.slug, "keywords": ["KIND", "AMABLE"]}))
