"""Launches: group mode (anonymous group figures in programme texts), off by default.
Outcome cells: screener totals before and after per launch, counted by the clock."""
# Written by hand in playhouse.migrations form, with frozen inline models.
from peewee import *
import datetime


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('launch', 'group_mode', BooleanField(default=False)),
    )

    class Launch(Model):
        class Meta:
            database = db
            table_name = 'launch'

    class OutcomeCell(Model):
        launch = ForeignKeyField(Launch, on_delete='CASCADE')
        measure = CharField()
        before = IntegerField(null=True)
        before_items = IntegerField()
        after = IntegerField(null=True)
        after_items = IntegerField()
        people = IntegerField()
        counted_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'outcome_cell'
            indexes = ((('launch', 'measure'), False),)

    db.create_tables([OutcomeCell])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS outcome_cell')
    migrator.migrate(
        migrator.drop_column('launch', 'group_mode'),
    )
