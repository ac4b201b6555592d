"""Privacy: erasure tombstones, anonymous outcome contributions, the research export
register and the retention job's record; participants carry their erasure and the
moment they texted FORGET; audit entries their erasure; organisations their retention."""
# Written by hand in playhouse.migrations form, with frozen inline models.
from peewee import *
import datetime


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('participant', 'erasure', CharField(null=True)),
        migrator.add_column('participant', 'forget_asked_at', DateTimeField(null=True)),
        migrator.add_index('participant', ('erasure',), False),
        migrator.add_column('audit_log', 'erasure', CharField(null=True)),
        migrator.add_column('organisation', 'retention', TextField(default='{}')),
    )

    class Organisation(Model):
        class Meta:
            database = db
            table_name = 'organisation'

    class Launch(Model):
        class Meta:
            database = db
            table_name = 'launch'

    class Participant(Model):
        class Meta:
            database = db
            table_name = 'participant'

    class StaffUser(Model):
        class Meta:
            database = db
            table_name = 'staff_user'

    class Erasure(Model):
        id = CharField(primary_key=True)
        number_hmac = CharField(index=True)
        how = CharField()
        requested_by = CharField(default='')
        requested_at = DateTimeField()
        due_at = DateTimeField()
        deadline_at = DateTimeField()
        state = CharField(default='requested', index=True)
        hold_reason = CharField(null=True)
        done_at = DateTimeField(null=True)
        organisation = ForeignKeyField(Organisation, null=True, on_delete='SET NULL')
        rows = TextField(default='{}')
        provider = TextField(default='{}')
        class Meta:
            database = db
            table_name = 'erasure'

    class Contribution(Model):
        launch = ForeignKeyField(Launch, on_delete='CASCADE')
        month = CharField()
        started = IntegerField(default=0)
        reached_end = IntegerField(default=0)
        measure = CharField(null=True)
        before = IntegerField(null=True)
        before_items = IntegerField(default=0)
        after = IntegerField(null=True)
        after_items = IntegerField(default=0)
        class Meta:
            database = db
            table_name = 'contribution'
            indexes = ((('launch', 'measure'), False),)

    class ExportRecord(Model):
        organisation = ForeignKeyField(Organisation, on_delete='CASCADE')
        staff = ForeignKeyField(StaffUser, null=True, on_delete='SET NULL')
        staff_email = CharField(default='')
        kind = CharField()
        rows = IntegerField(default=0)
        suppressed = IntegerField(default=0)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'export_record'

    class ExportSubject(Model):
        export = ForeignKeyField(ExportRecord, on_delete='CASCADE')
        participant = ForeignKeyField(Participant, null=True, on_delete='SET NULL')
        erasure = CharField(null=True)
        class Meta:
            database = db
            table_name = 'export_subject'

    class RetentionRun(Model):
        organisation = ForeignKeyField(Organisation, null=True, on_delete='CASCADE')
        ran_at = DateTimeField(index=True)
        removed = TextField(default='{}')
        class Meta:
            database = db
            table_name = 'retention_run'

    db.create_tables([Erasure, Contribution, ExportRecord, ExportSubject, RetentionRun])


def down(migrator, db):
    for table in ('retention_run', 'export_subject', 'export_record', 'contribution', 'erasure'):
        db.execute_sql(f'DROP TABLE IF EXISTS {table}')
    migrator.migrate(
        migrator.drop_column('organisation', 'retention'),
        migrator.drop_column('audit_log', 'erasure'),
        migrator.drop_index('participant', 'participant_erasure'),
        migrator.drop_column('participant', 'forget_asked_at'),
        migrator.drop_column('participant', 'erasure'),
    )
