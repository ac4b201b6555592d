"""Delivery reports that arrive before the text they describe is saved."""
from peewee import *
import datetime


def up(migrator, db):
    class StatusReport(Model):
        message_sid = CharField(index=True)
        status = CharField()
        error_code = CharField(null=True)
        received_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'status_report'
    db.create_tables([StatusReport])


def down(migrator, db):
    migrator.migrate(migrator.drop_table('status_report'))
