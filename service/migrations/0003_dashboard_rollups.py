"""Dashboard rollups: settled days' texts and answers, counted once per launch and date."""
# Written by hand in playhouse.migrations form, with frozen inline models.
from peewee import *
import datetime


def up(migrator, db):
    class Launch(Model):
        class Meta:
            database = db
            table_name = 'launch'

    class MessageRollup(Model):
        launch = ForeignKeyField(Launch, on_delete='CASCADE')
        on_date = DateField()
        kind = CharField()
        day = IntegerField(null=True)
        state = CharField()
        count = IntegerField()
        class Meta:
            database = db
            table_name = 'message_rollup'
            indexes = ((('launch', 'on_date'), False),)

    class AnswerRollup(Model):
        launch = ForeignKeyField(Launch, on_delete='CASCADE')
        on_date = DateField()
        day = IntegerField()
        item = CharField()
        measure = CharField(null=True)
        answers = IntegerField()
        enrolments = IntegerField()
        n = IntegerField()
        total = BigIntegerField(default=0)
        total_sq = BigIntegerField(default=0)
        low = IntegerField(null=True)
        high = IntegerField(null=True)
        class Meta:
            database = db
            table_name = 'answer_rollup'
            indexes = ((('launch', 'on_date'), False),)

    class RollupSeal(Model):
        on_date = DateField(unique=True)
        sealed_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'rollup_seal'

    db.create_tables([MessageRollup, AnswerRollup, RollupSeal])

    # Recent texts of one kind by time: the live part of a launch's funnel.
    migrator.migrate(
        migrator.add_index('message', ('kind', 'send_after', 'day', 'state', 'enrolment_id'), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('message', 'message_kind_send_after_day_state_enrolment_id'),
        migrator.drop_table('rollup_seal'),
        migrator.drop_table('answer_rollup'),
        migrator.drop_table('message_rollup'),
    )
