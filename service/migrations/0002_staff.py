"""Staff accounts, audit log and login attempts; indexes for the dashboard's queries."""
# Written by hand in playhouse.migrations form, with frozen inline models.
from peewee import *
from service.db import JSONField
import datetime


def up(migrator, db):
    class Organisation(Model):
        class Meta:
            database = db
            table_name = 'organisation'

    class StaffUser(Model):
        organisation = ForeignKeyField(Organisation, null=True, on_delete='CASCADE')
        email = CharField(unique=True)
        name = CharField(default='')
        password_hash = CharField()
        role = CharField(default='staff')
        active = BooleanField(default=True)
        session_version = IntegerField(default=1)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        last_login_at = DateTimeField(null=True)
        password_changed_at = DateTimeField(null=True)
        class Meta:
            database = db
            table_name = 'staff_user'

    class AuditLog(Model):
        staff = ForeignKeyField(StaffUser, null=True, on_delete='SET NULL')
        staff_email = CharField(default='')
        organisation = ForeignKeyField(Organisation, null=True, on_delete='SET NULL')
        action = CharField()
        target_type = CharField(null=True)
        target_id = IntegerField(null=True)
        detail = JSONField(default=dict)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'audit_log'
            indexes = ((('organisation', 'created_at'), False),)

    class LoginAttempt(Model):
        email = CharField()
        ip = CharField(default='')
        succeeded = BooleanField(default=False)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'login_attempt'
            indexes = (
                (('email', 'created_at'), False),
                (('ip', 'created_at'), False),
            )

    db.create_tables([StaffUser, AuditLog, LoginAttempt])

    # The dashboard's aggregates read these indexes only (covering where possible).
    migrator.migrate(
        migrator.add_index('enrolment', ('launch_id', 'state'), False),
        migrator.add_index('message', ('enrolment_id', 'kind', 'day', 'state'), False),
        migrator.add_index('message', ('send_after', 'kind', 'state', 'enrolment_id'), False),
        migrator.add_index('inbound', ('enrolment_id', 'received_at'), False),
        migrator.add_index('checkin_answer', ('answered_at', 'enrolment_id'), False),
        migrator.add_index('safety_alert', ('organisation_id', 'status', 'priority', 'created_at'), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_index('safety_alert', 'safety_alert_organisation_id_status_priority_created_at'),
        migrator.drop_index('checkin_answer', 'checkin_answer_answered_at_enrolment_id'),
        migrator.drop_index('inbound', 'inbound_enrolment_id_received_at'),
        migrator.drop_index('message', 'message_send_after_kind_state_enrolment_id'),
        migrator.drop_index('message', 'message_enrolment_id_kind_day_state'),
        migrator.drop_index('enrolment', 'enrolment_launch_id_state'),
        migrator.drop_table('login_attempt'),
        migrator.drop_table('audit_log'),
        migrator.drop_table('staff_user'),
    )
