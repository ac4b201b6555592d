"""Safety alerts: a concern tier between crisis and screening; category and matched words.
Participants: programme texts held for a human after a crisis text."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('safety_alert', 'category', CharField(null=True)),
        migrator.add_column('safety_alert', 'matched', CharField(null=True)),
        migrator.add_column('participant', 'held_until', DateTimeField(null=True)),
    )
    # Screening alerts move from priority 2 to 3: concern (2) sorts before them.
    db.execute_sql('UPDATE safety_alert SET priority = 3 WHERE priority = 2')


def down(migrator, db):
    db.execute_sql('UPDATE safety_alert SET priority = 2 WHERE priority = 3')
    migrator.migrate(
        migrator.drop_column('safety_alert', 'category'),
        migrator.drop_column('safety_alert', 'matched'),
        migrator.drop_column('participant', 'held_until'),
    )
