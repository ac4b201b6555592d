"""Sending exactly once: a lease on each claim, the moment a text went in flight,
how many requests may have reached Twilio; and the shared send pace per sender."""
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('message', 'lease_until', DateTimeField(null=True)),
        migrator.add_column('message', 'in_flight_at', DateTimeField(null=True)),
        migrator.add_column('message', 'sends', IntegerField(default=0, constraints=[SQL('DEFAULT 0')])),
    )

    class SendPace(Model):
        sender = CharField(primary_key=True)
        next_at = DoubleField()
        class Meta:
            database = db
            table_name = 'send_pace'
    db.create_tables([SendPace])


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('message', 'lease_until'),
        migrator.drop_column('message', 'in_flight_at'),
        migrator.drop_column('message', 'sends'),
        migrator.drop_table('send_pace'),
    )
