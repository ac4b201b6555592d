"""Setting up: the schema."""

import click


def register(app):
    """Attach the set-up commands."""

    @app.cli.command("init-db")
    def init_db():
        """Create or migrate the database schema (safe to run twice)."""
        from ..migrate import migrate

        applied = migrate()
        click.echo(f"applied {len(applied)} migration(s)" if applied else "schema up to date")
