"""Launches: group mode (anonymous group figures in programme texts), off by default."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('launch', 'group_mode', BooleanField(default=False)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('launch', 'group_mode'),
    )
