"""An organisation's erasure of a person whose number other organisations share:
`erased_from` marks the person forgotten by that organisation until the clock
erases its rows; tombstones say whether the whole person went or one organisation's rows."""
# Written by hand in playhouse.migrations form, with frozen inline models.
from peewee import *


def up(migrator, db):
    migrator.migrate(migrator.add_column('erasure', 'scope', CharField(null=True)))

    class Organisation(Model):
        class Meta:
            database = db
            table_name = 'organisation'

    class Participant(Model):
        class Meta:
            database = db
            table_name = 'participant'

    class ErasedFrom(Model):
        erasure = CharField(index=True)
        organisation = ForeignKeyField(Organisation, on_delete='CASCADE')
        participant = ForeignKeyField(Participant, on_delete='CASCADE')
        class Meta:
            database = db
            table_name = 'erased_from'
            indexes = ((('organisation', 'participant'), True),)

    db.create_tables([ErasedFrom])


def down(migrator, db):
    db.execute_sql('DROP TABLE IF EXISTS erased_from')
    migrator.migrate(migrator.drop_column('erasure', 'scope'))
