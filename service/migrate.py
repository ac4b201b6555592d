"""Create or migrate the schema with playhouse.migrations (safe to run twice)."""

from pathlib import Path

from playhouse.migrations import Runner

from .db import database

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"


def migrate():
    """Apply every pending migration; return the names applied."""
    runner = Runner(database.obj, directory=str(MIGRATIONS_DIR))
    return runner.up()
