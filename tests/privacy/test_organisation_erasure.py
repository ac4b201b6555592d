"""One number, two organisations: north's administrator erases the person from north.

North keeps no copy of what the person told it (the canary's scan, for north's
words); south's texts, enrolment, alert, note, hold and queued texts are all
intact, south's staff still see the person, and Twilio keeps south's copies."""

import re
from datetime import datetime, timedelta, timezone

from service.conversation import simulate
from service.followup import alerts, hold, notes, replies
from service.models import (
    AuditLog,
    CaseNote,
    CheckinAnswer,
    Enrolment,
    Erasure,
    Hold,
    Inbound,
    InboxItem,
    Message,
    Participant,
    SafetyAlert,
)
from service.models.staff import ADMIN
from service.privacy import audit, erasure
from tests.privacy.test_canary import database_copies
from tests.staff_world import enrol as join

NUMBER = "+12125550143"
NORTH_WORDS = ["axolotlharmonium", "tapirmeringue", "quetzalbanjo", "dugongsonata", "ibisvelour"]
SOUTH_WORDS = ["lemurcandelabra", "civetporcelain", "marmosetglacier", "gharialtambourine"]
START = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


def shared_person(orgs, make_staff, clock, tick):
    """The number told north and south different things; each has its alert, note, reply."""
    from service.launches import launch_programme

    north, south = orgs
    launch_programme(north, "taster", {"en": "KIND"})
    launch_programme(south, "taster", {"en": "SOUTHKIND"})
    north_admin, south_staff = make_staff(north, ADMIN), make_staff(south)
    clock.set(START)
    north_enrolment = join(NUMBER, clock)
    person = north_enrolment.participant
    simulate.text(NUMBER, f"I feel like a {NORTH_WORDS[0]} today", now=clock.now)
    simulate.text(NUMBER, f"I want to kill myself {NORTH_WORDS[1]}", now=clock.now)
    CheckinAnswer.create(enrolment=north_enrolment, day=1, item="mood", raw="4", value=4)
    notes.add(person, north, f"Called, {NORTH_WORDS[2]}", staff=north_admin, now=clock.now)
    replies.send(person, north, f"Hello {NORTH_WORDS[3]}", by="Sam", key="n1", now=clock.now)
    audit.record(
        north_admin, north, "participant.reveal", now=clock.now, target=person, why=NORTH_WORDS[4]
    )
    south_enrolment = join(NUMBER, clock, keyword="SOUTHKIND")
    simulate.text(NUMBER, f"A question for south {SOUTH_WORDS[0]}", now=clock.now)
    simulate.text(NUMBER, f"I want to kill myself {SOUTH_WORDS[1]}", now=clock.now)
    notes.add(person, south, f"South called, {SOUTH_WORDS[2]}", staff=south_staff, now=clock.now)
    replies.send(person, south, f"Hi {SOUTH_WORDS[3]}", by="Kim", key="s1", now=clock.now)
    audit.record(south_staff, south, "participant.reveal", now=clock.now, target=person, why="s")
    tick(START + timedelta(minutes=5))  # both replies go out through the transport
    later = (START + timedelta(days=3)).replace(tzinfo=None)
    queued = {
        org.slug: Message.create(
            participant=person,
            enrolment=e,
            organisation=org,
            kind="practice",
            day=2,
            body=f"{org.slug} day 2",
            state="queued",
            send_after=later,
        )
        for org, e in ((north, north_enrolment), (south, south_enrolment))
    }
    return person, north_admin, south_staff, north_enrolment, south_enrolment, queued


def south_rows(person, south):
    """What south has about the person, by table."""
    return {
        "inbound": Inbound.select().where(Inbound.organisation == south).count(),
        "message": Message.select().where(Message.organisation == south).count(),
        "alert": SafetyAlert.select().where(SafetyAlert.organisation == south).count(),
        "inbox": InboxItem.select().where(InboxItem.organisation == south).count(),
        "note": CaseNote.select().where(CaseNote.organisation == south).count(),
        "hold": Hold.select().where(Hold.organisation == south).count(),
    }


def test_north_erasing_a_shared_number_takes_only_north_rows(
    app, orgs, make_staff, clock, tick, sms, dash
):
    north, south = orgs
    person, admin, south_staff, north_e, south_e, queued = shared_person(
        orgs, make_staff, clock, tick
    )
    sent = {
        m.organisation_id: m.twilio_sid
        for m in Message.select().where(Message.kind == "staff_reply")
    }
    assert hold.is_held(north, person, clock.now) and hold.is_held(south, person, clock.now)
    before = south_rows(person, south)
    assert all(before.values()), before
    assert {w for _t, w in database_copies(NORTH_WORDS)} == set(NORTH_WORDS)

    # Step one, from north's participant page: north's pages lose the person at once.
    dash.login(admin)
    page = f"/dashboard/participants/{person.id}/erase"
    assert dash.post(page, {"confirm": "ERASE"}, token_from=page).status_code == 302
    asked = Erasure.get()
    assert asked.organisation_id == north.id
    assert Participant.get_by_id(person.id).erasure is None  # the shared row is not marked
    assert Enrolment.get_by_id(north_e.id).state == "ended"
    assert Enrolment.get_by_id(south_e.id).state == south_e.state
    assert Message.get_by_id(queued["north"].id).state == "cancelled"
    assert Message.get_by_id(queued["south"].id).state == "queued"
    assert dash.get(f"/dashboard/participants/{person.id}").status_code == 404

    # The crisis wait looks at north's open crisis alert only.
    tick(START + timedelta(minutes=30))
    assert Erasure.get().state == "held"
    for alert in SafetyAlert.select().where(SafetyAlert.organisation == north):
        alerts.resolve(alert, by="Sam", note="Safe now.", now=clock.now)
    assert SafetyAlert.get(SafetyAlert.organisation == south).status != "resolved"
    tick(START + timedelta(hours=1))

    tombstone = Erasure.get_by_id(asked.id)
    assert tombstone.state == "done" and tombstone.scope == "organisation"
    assert "participant" not in tombstone.rows and tombstone.rows["inbound"] >= 4
    # North has no copy of anything the person told it, anywhere.
    assert database_copies(NORTH_WORDS) == []
    for model in (Inbound, Message, SafetyAlert, InboxItem, CaseNote, Hold):
        assert model.select().where(model.organisation == north).count() == 0, model
    assert Enrolment.select().where(Enrolment.participant == person).count() == 1
    # South: everything intact, still queued, still held, still shown.
    assert Participant.get_by_id(person.id).phone == NUMBER
    assert south_rows(person, south) == before
    assert {w for _t, w in database_copies(SOUTH_WORDS)} == set(SOUTH_WORDS)
    assert Enrolment.get_by_id(south_e.id).state == south_e.state
    assert Message.get_by_id(queued["south"].id).state == "queued"
    assert hold.is_held(south, person, clock.now)
    reveals = {
        a.organisation_id: a
        for a in AuditLog.select().where(AuditLog.action == "participant.reveal")
    }
    assert reveals[south.id].target_id == person.id and reveals[south.id].erasure is None
    assert reveals[north.id].target_id is None and reveals[north.id].erasure == asked.id
    # Twilio: north's reply deleted, south's kept; the number's list was not emptied.
    assert sent[north.id] in sms.deleted and sent[south.id] not in sms.deleted
    assert sms.fetch(sent[south.id]) is not None
    other = type(dash)(dash.client.application.test_client())
    other.login(south_staff)
    shown = other.get(f"/dashboard/participants/{person.id}").get_data(as_text=True)
    assert SOUTH_WORDS[0] in shown and SOUTH_WORDS[2] in shown
    assert not re.search("|".join(NORTH_WORDS), shown)
    assert dash.get(f"/dashboard/participants/{person.id}").status_code == 404


def test_while_north_waits_its_texts_stop_and_south_s_go(app, orgs, make_staff, clock, tick, sms):
    north, south = orgs
    person, admin, *_rest, queued = shared_person(orgs, make_staff, clock, tick)
    erasure.request(
        [person], how="dashboard", requested_by=admin.email, now=clock.now, organisation=north
    )
    # A staff reply written on north's alert page after the request is never sent.
    late = Message.create(
        participant=person,
        organisation=north,
        kind="staff_reply",
        body="north, too late",
        state="queued",
        send_after=clock.now.replace(tzinfo=None),
    )
    due = START + timedelta(days=3, hours=1)
    tick(due)
    assert Message.get_by_id(late.id).state == "cancelled"
    # A text the person sends north now gets no answer from north.
    assert simulate.text(NUMBER, "KIND", now=due) == []
    assert Erasure.get().state == "held"  # north's crisis alert is still open


def test_a_person_only_north_knew_is_erased_whole(app, orgs, make_staff, clock, tick):
    from service.launches import launch_programme

    north, _south = orgs
    launch_programme(north, "taster", {"en": "KIND"})
    admin = make_staff(north, ADMIN)
    clock.set(START)
    person = join(NUMBER, clock).participant
    simulate.text(NUMBER, f"only north {NORTH_WORDS[0]}", now=clock.now)
    erasure.request(
        [person], how="dashboard", requested_by=admin.email, now=clock.now, organisation=north
    )
    tick(START + timedelta(hours=1))
    tombstone = Erasure.get()
    assert tombstone.state == "done" and tombstone.scope == "person"
    assert tombstone.rows["participant"] == 1
    assert Participant.select().where(Participant.phone == NUMBER).count() == 0
    assert database_copies(NORTH_WORDS + [NUMBER]) == []


def test_the_person_s_own_forget_still_erases_every_organisation(
    app, orgs, make_staff, clock, tick
):
    north, south = orgs
    person, *_rest = shared_person(orgs, make_staff, clock, tick)
    for alert in SafetyAlert.select():
        alerts.resolve(alert, by="Sam", note="Safe now.", now=clock.now)
    simulate.text(NUMBER, "FORGET", now=clock.now)
    simulate.text(NUMBER, "YES", now=clock.now)
    tick(START + timedelta(hours=1))
    tombstone = Erasure.get()
    assert tombstone.state == "done" and tombstone.scope == "person"
    assert Participant.select().count() == 0
    assert database_copies(NORTH_WORDS + SOUTH_WORDS) == []
