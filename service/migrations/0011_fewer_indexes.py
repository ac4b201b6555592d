"""Drop two indexes that a wider one already covers: every arriving text
wrote to them (the text's row and its answer), and no query needs them.

- inbound (enrolment_id): covered by (enrolment_id, received_at), 0002.
- checkin_answer (enrolment_id): covered by the unique
  (enrolment_id, day, item), 0001.
"""
# Written by hand in playhouse.migrations form.
from peewee import *


def up(migrator, db):
    db.execute_sql('DROP INDEX IF EXISTS "inbound_enrolment_id"')
    db.execute_sql('DROP INDEX IF EXISTS "checkinanswer_enrolment_id"')


def down(migrator, db):
    db.execute_sql('CREATE INDEX IF NOT EXISTS "inbound_enrolment_id" ON "inbound" ("enrolment_id")')
    db.execute_sql(
        'CREATE INDEX IF NOT EXISTS "checkinanswer_enrolment_id" ON "checkin_answer" ("enrolment_id")'
    )
