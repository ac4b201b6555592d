"""Tenancy in the data: every text in and out carries its organisation, a crisis hold
is one organisation's (table hold, from participant.held_until), the site's inbox
(inbox items with no organisation), and simulator numbers owned by a staff member.

Existing rows are given the organisation they already belonged to through their
enrolment, their reply, their alert or the audit entry that recorded them; a hold
goes to the organisation of the person's latest unresolved crisis alert, else of
their latest enrolment. Nothing is dropped but participant.held_until, once copied.
"""
# Written by hand in playhouse.migrations form, with frozen inline models.
from peewee import *
import datetime


def _frozen(db, name):
    class Frozen(Model):
        class Meta:
            database = db
            table_name = name

    return Frozen


def up(migrator, db):
    Organisation = _frozen(db, 'organisation')
    Participant = _frozen(db, 'participant')
    StaffUser = _frozen(db, 'staff_user')
    migrator.migrate(
        migrator.add_column(
            'inbound', 'organisation_id',
            ForeignKeyField(Organisation, null=True, on_delete='CASCADE', field=Organisation.id),
        ),
        migrator.add_column(
            'message', 'organisation_id',
            ForeignKeyField(Organisation, null=True, on_delete='CASCADE', field=Organisation.id),
        ),
        migrator.add_column(
            'participant', 'test_owner_id',
            ForeignKeyField(StaffUser, null=True, on_delete='CASCADE', field=StaffUser.id),
        ),
        migrator.drop_not_null('inbox_item', 'organisation_id'),
    )

    class Hold(Model):
        organisation = ForeignKeyField(Organisation, on_delete='CASCADE')
        participant = ForeignKeyField(Participant, on_delete='CASCADE')
        until = DateTimeField(index=True)
        created_at = DateTimeField(default=datetime.datetime.utcnow)

        class Meta:
            database = db
            table_name = 'hold'
            indexes = ((('participant', 'organisation'), True),)

    db.create_tables([Hold])

    of_enrolment = (
        "(SELECT l.organisation_id FROM enrolment e JOIN launch l ON l.id = e.launch_id "
        "WHERE e.id = {table}.enrolment_id)"
    )
    db.execute_sql(
        f"UPDATE inbound SET organisation_id = {of_enrolment.format(table='inbound')} "
        "WHERE enrolment_id IS NOT NULL"
    )
    # A stranger's text: the organisation its alert or inbox item went to.
    db.execute_sql(
        "UPDATE inbound SET organisation_id = (SELECT a.organisation_id FROM safety_alert a "
        "WHERE a.inbound_id = inbound.id ORDER BY a.id LIMIT 1) WHERE organisation_id IS NULL"
    )
    db.execute_sql(
        "UPDATE inbound SET organisation_id = (SELECT i.organisation_id FROM inbox_item i "
        "WHERE i.inbound_id = inbound.id) WHERE organisation_id IS NULL"
    )
    db.execute_sql(
        f"UPDATE message SET organisation_id = {of_enrolment.format(table='message')} "
        "WHERE enrolment_id IS NOT NULL"
    )
    db.execute_sql(
        "UPDATE message SET organisation_id = (SELECT i.organisation_id FROM inbound i "
        "WHERE i.id = message.in_reply_to_id) "
        "WHERE organisation_id IS NULL AND in_reply_to_id IS NOT NULL"
    )
    # A staff reply to someone with no enrolment: the organisation that audited it.
    db.execute_sql(
        "UPDATE message SET organisation_id = (SELECT a.organisation_id FROM audit_log a "
        "WHERE a.action = 'participant.reply' AND a.target_type = 'Message' "
        "AND a.target_id = message.id ORDER BY a.id LIMIT 1) "
        "WHERE organisation_id IS NULL AND kind = 'staff_reply'"
    )
    alert_org = (
        "(SELECT a.organisation_id FROM safety_alert a WHERE a.participant_id = p.id "
        "AND a.priority = 1 AND a.status <> 'resolved' AND a.organisation_id IS NOT NULL "
        "ORDER BY a.id DESC LIMIT 1)"
    )
    enrolment_org = (
        "(SELECT l.organisation_id FROM enrolment e JOIN launch l ON l.id = e.launch_id "
        "WHERE e.participant_id = p.id ORDER BY e.id DESC LIMIT 1)"
    )
    db.execute_sql(
        "INSERT INTO hold (organisation_id, participant_id, until, created_at) "
        f"SELECT COALESCE({alert_org}, {enrolment_org}), p.id, p.held_until, p.held_until "
        f"FROM participant p WHERE p.held_until IS NOT NULL "
        f"AND COALESCE({alert_org}, {enrolment_org}) IS NOT NULL"
    )
    migrator.migrate(
        migrator.drop_index('participant', 'participant_held_until'),
        migrator.drop_column('participant', 'held_until'),
        migrator.add_index('inbound', ('organisation_id', 'participant_id', 'id'), False),
        migrator.add_index('message', ('organisation_id', 'participant_id', 'id'), False),
    )


def down(migrator, db):
    migrator.migrate(
        migrator.add_column('participant', 'held_until', DateTimeField(null=True)),
    )
    db.execute_sql(
        "UPDATE participant SET held_until = (SELECT MAX(h.until) FROM hold h "
        "WHERE h.participant_id = participant.id)"
    )
    db.execute_sql('DROP TABLE IF EXISTS hold')
    migrator.migrate(
        migrator.add_index('participant', ('held_until',), False),
        migrator.drop_index('inbound', 'inbound_organisation_id_participant_id_id'),
        migrator.drop_index('message', 'message_organisation_id_participant_id_id'),
        migrator.drop_index('inbound', 'inbound_organisation_id'),
        migrator.drop_index('message', 'message_organisation_id'),
        migrator.drop_index('participant', 'participant_test_owner_id'),
        migrator.drop_column('inbound', 'organisation_id'),
        migrator.drop_column('message', 'organisation_id'),
        migrator.drop_column('participant', 'test_owner_id'),
    )
