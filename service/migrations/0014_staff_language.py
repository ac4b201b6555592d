"""Staff choose the dashboard's language (null: the browser's). Saved replies say
which language they are in (null: offered for every language, as before). On-call
contacts get their texts and emails in a language (null: English, as before)."""
# Written by hand in playhouse.migrations form.
from peewee import *


def up(migrator, db):
    migrator.migrate(
        migrator.add_column('staff_user', 'language', CharField(null=True)),
        migrator.add_column('saved_reply', 'language', CharField(null=True)),
        migrator.add_column('on_call_contact', 'language', CharField(null=True)),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.drop_column('on_call_contact', 'language'),
        migrator.drop_column('saved_reply', 'language'),
        migrator.drop_column('staff_user', 'language'),
    )
