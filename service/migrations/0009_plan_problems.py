"""Planning problems: an enrolment that cannot be planned is set aside with its
reason, and staff of its organisation see one warning per launch and reason.

Planned texts are inserted a million at a time, and each index of `message`
is paid for on every row: the Twilio sid and the reply-to link are empty on
every planned text, so their indexes keep only the rows that have one, and
the index on enrolment_id alone goes (enrolment_id, kind, day, state) leads
with it and serves the same lookups. Likewise every planned enrolment is
rewritten once a day, so enrolment's index on launch_id alone goes:
(launch_id, state) serves it. The due index gains the id, so the planner can
walk it batch after batch from where it stopped (a keyset)."""
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
    db.execute_sql('DROP INDEX message_twilio_sid')
    db.execute_sql(
        'CREATE UNIQUE INDEX message_twilio_sid ON message (twilio_sid) '
        'WHERE twilio_sid IS NOT NULL'
    )
    db.execute_sql('DROP INDEX message_in_reply_to_id')
    db.execute_sql(
        'CREATE INDEX message_in_reply_to_id ON message (in_reply_to_id) '
        'WHERE in_reply_to_id IS NOT NULL'
    )
    db.execute_sql('DROP INDEX message_enrolment_id')
    db.execute_sql('DROP INDEX enrolment_launch_id')
    # The planner walks due enrolments in (next_due_at, id) order, each batch
    # starting where the last one ended, instead of from the start every time.
    db.execute_sql('DROP INDEX enrolment_state_next_due_at')
    db.execute_sql(
        'CREATE INDEX enrolment_state_next_due_at_id ON enrolment (state, next_due_at, id)'
    )


def down(migrator, db):
    db.execute_sql('DROP INDEX enrolment_state_next_due_at_id')
    db.execute_sql('CREATE INDEX enrolment_state_next_due_at ON enrolment (state, next_due_at)')
    db.execute_sql('CREATE INDEX enrolment_launch_id ON enrolment (launch_id)')
    db.execute_sql('CREATE INDEX message_enrolment_id ON message (enrolment_id)')
    db.execute_sql('DROP INDEX message_in_reply_to_id')
    db.execute_sql('CREATE INDEX message_in_reply_to_id ON message (in_reply_to_id)')
    db.execute_sql('DROP INDEX message_twilio_sid')
    db.execute_sql('CREATE UNIQUE INDEX message_twilio_sid ON message (twilio_sid)')
    migrator.migrate(
        migrator.drop_column('enrolment', 'plan_problem'),
        migrator.drop_table('plan_problem'),
    )
