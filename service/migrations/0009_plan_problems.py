"""Planning problems: an enrolment that cannot be planned is set aside with its
reason, and staff of its organisation see one warning per launch and reason."""
from peewee import *
import datetime


def up(migrator, db):
    class Organisation(Model):
        class Meta:
            database = db
            table_name = 'organisation'

    class Launch(Model):
        class Meta:
            database = db
            table_name = 'launch'

    class PlanProblem(Model):
        organisation = ForeignKeyField(Organisation, on_delete='CASCADE')
        launch = ForeignKeyField(Launch, on_delete='CASCADE')
        reason = CharField()
        enrolments = IntegerField(default=0)
        first_seen_at = DateTimeField(default=datetime.datetime.utcnow)
        last_seen_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'plan_problem'
            indexes = (
                (('launch', 'reason'), True),
                (('organisation', 'last_seen_at'), False),
            )

    db.create_tables([PlanProblem])
    migrator.migrate(
        migrator.add_column('enrolment', 'plan_problem', CharField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('enrolment', 'plan_problem'),
        migrator.drop_table('plan_problem'),
    )
