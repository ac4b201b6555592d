"""Human follow-up: inbox items, case notes, saved replies, on-call contacts and pages,
one-time staff links; who wrote a staff reply; held participants found by index."""
from peewee import *
import datetime


def up(migrator, db):
    class Organisation(Model):
        class Meta:
            database = db
            table_name = 'organisation'

    class Participant(Model):
        class Meta:
            database = db
            table_name = 'participant'

    class Inbound(Model):
        class Meta:
            database = db
            table_name = 'inbound'

    class SafetyAlert(Model):
        class Meta:
            database = db
            table_name = 'safety_alert'

    class StaffUser(Model):
        class Meta:
            database = db
            table_name = 'staff_user'

    class InboxItem(Model):
        organisation = ForeignKeyField(Organisation, on_delete='CASCADE')
        participant = ForeignKeyField(Participant, on_delete='CASCADE')
        inbound = ForeignKeyField(Inbound, null=True, unique=True, on_delete='CASCADE')
        alert = ForeignKeyField(SafetyAlert, null=True, unique=True, on_delete='CASCADE')
        reason = CharField()
        priority = IntegerField(default=9)
        handled = BooleanField(default=False)
        assigned_to = ForeignKeyField(StaffUser, null=True, on_delete='SET NULL')
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        handled_at = DateTimeField(null=True)
        handled_by = CharField(null=True)
        class Meta:
            database = db
            table_name = 'inbox_item'
            indexes = ((('organisation', 'handled', 'created_at'), False),)

    class CaseNote(Model):
        organisation = ForeignKeyField(Organisation, on_delete='CASCADE')
        participant = ForeignKeyField(Participant, on_delete='CASCADE')
        staff = ForeignKeyField(StaffUser, null=True, on_delete='SET NULL')
        author = CharField()
        body = TextField()
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'case_note'
            indexes = ((('participant', 'created_at'), False),)

    class SavedReply(Model):
        organisation = ForeignKeyField(Organisation, on_delete='CASCADE')
        title = CharField()
        body = TextField()
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'saved_reply'

    class OnCallContact(Model):
        organisation = ForeignKeyField(Organisation, on_delete='CASCADE')
        name = CharField(default='')
        phone = CharField(null=True)
        email = CharField(null=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'on_call_contact'

    class OnCallPage(Model):
        alert = ForeignKeyField(SafetyAlert, unique=True, on_delete='CASCADE')
        organisation = ForeignKeyField(Organisation, on_delete='CASCADE')
        rounds = IntegerField(default=0)
        next_at = DateTimeField(null=True, index=True)
        last_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'on_call_page'

    class StaffToken(Model):
        staff = ForeignKeyField(StaffUser, on_delete='CASCADE')
        purpose = CharField()
        token_hash = CharField(unique=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        expires_at = DateTimeField()
        used_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'staff_token'

    db.create_tables([InboxItem, CaseNote, SavedReply, OnCallContact, OnCallPage, StaffToken])
    migrator.migrate(
        migrator.add_column('message', 'sent_by', CharField(null=True)),
        migrator.add_index('participant', ('held_until',), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('participant', 'participant_held_until'),
        migrator.drop_column('message', 'sent_by'),
    )
    for table in ('staff_token', 'on_call_page', 'on_call_contact', 'saved_reply',
                  'case_note', 'inbox_item'):
        migrator.migrate(migrator.drop_table(table))
