"""Staff sessions named by a random token (kept hashed), and login limits as one
row per address or email, changed under a row lock."""
# Written by hand in playhouse.migrations form, with frozen inline models.
from peewee import *
import datetime


def up(migrator, db):
    class StaffUser(Model):
        class Meta:
            database = db
            table_name = 'staff_user'

    class StaffSession(Model):
        staff = ForeignKeyField(StaffUser, on_delete='CASCADE')
        token_hash = CharField(unique=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'staff_session'

    class LoginLimit(Model):
        key = CharField(unique=True)
        failures = IntegerField(default=0)
        next_try_at = DateTimeField(null=True)
        updated_at = DateTimeField(default=datetime.datetime.utcnow)
        class Meta:
            database = db
            table_name = 'login_limit'

    db.create_tables([StaffSession, LoginLimit])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS staff_session')
    db.execute_sql('DROP TABLE IF EXISTS login_limit')
