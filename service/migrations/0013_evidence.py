"""Evidence a statistician would sign (issue 19).

Outcome cells say which group they count (`family`: published pairs, published
people without an end total, or plain counts) and which arm of a waitlist
launch (`arm`); own questions are counted per programme week by the clock
(own_week_cell). Launches may run a waitlist design (`design`, with the seed of
their allocation); enrolments keep their arm, and every allocation is a row
(allocation). Existing cells keep their counts: they become family 'all',
which the report no longer reads, until the clock counts the launch again.
"""
# Written by hand in playhouse.migrations form, with frozen inline models.
from peewee import *
import datetime


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('outcome_cell', 'family', CharField(default='all')),
        migrator.add_column('outcome_cell', 'arm', CharField(null=True)),
        migrator.add_column('launch', 'design', CharField(default='prepost')),
        migrator.add_column('launch', 'allocation_seed', CharField(null=True)),
        migrator.add_column('enrolment', 'arm', CharField(null=True)),
    )

    class Launch(Model):
        class Meta:
            database = db
            table_name = 'launch'

    class Enrolment(Model):
        class Meta:
            database = db
            table_name = 'enrolment'

    class OwnWeekCell(Model):
        launch = ForeignKeyField(Launch, on_delete='CASCADE')
        item = CharField()
        week = IntegerField()
        people = IntegerField()
        answers = IntegerField()
        total = IntegerField()
        total_sq = IntegerField()
        counted_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'own_week_cell'
            indexes = ((('launch', 'item', 'week'), True),)

    class Allocation(Model):
        launch = ForeignKeyField(Launch, on_delete='CASCADE')
        enrolment = ForeignKeyField(Enrolment, on_delete='CASCADE', unique=True)
        stratum = CharField()
        position = IntegerField()
        arm = CharField()
        allocated_at = DateTimeField()
        class Meta:
            database = db
            table_name = 'allocation'
            indexes = ((('launch', 'stratum', 'position'), True),)

    db.create_tables([OwnWeekCell, Allocation])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS allocation')
    db.execute_sql('DROP TABLE IF EXISTS own_week_cell')
    migrator.migrate(
        migrator.drop_column('enrolment', 'arm'),
        migrator.drop_column('launch', 'allocation_seed'),
        migrator.drop_column('launch', 'design'),
        migrator.drop_column('outcome_cell', 'arm'),
        migrator.drop_column('outcome_cell', 'family'),
    )
