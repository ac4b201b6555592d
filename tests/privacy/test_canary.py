"""The canary: a person with a unique number and unique words everywhere is erased,
then every table, the raw SQLite file and its WAL, the logs and every export are
searched for them. 0 copies of the number in any form, 0 of any word."""

import csv
import io
import logging
from datetime import datetime, timedelta, timezone
from pathlib import Path

from service.db import database, is_postgres
from service.evaluation import outcomes
from service.followup import notes, replies
from service.models import CheckinAnswer, Enrolment, Erasure, Participant
from service.models.staff import ADMIN
from service.privacy import audit, exports, research
from tests.staff_world import enrol as join

NUMBER = "+12125550142"
FORMS = ["+12125550142", "12125550142", "2125550142", "(212) 555-0142", "212-555-0142"]
WORDS = {
    "text": "quokkalantern",
    "answer": "pangolinmarmalade",
    "note": "capybaratrombone",
    "alert": "narwhalsaxophone",
    "reply": "wombatcathedral",
    "audit": "okapivelvet",
}
NEEDLES = FORMS + list(WORDS.values())
START = datetime(2026, 11, 23, 14, 0, tzinfo=timezone.utc)


def found_in(text, needles=NEEDLES):
    return [n for n in needles if n.lower() in text.lower()]


def database_copies(needles=NEEDLES):
    """(table, needle) for every needle in any column of any row of any table."""
    hits = []
    for table in database.get_tables():
        for row in database.execute_sql(f'SELECT * FROM "{table}"').fetchall():
            hits += [(table, n) for n in found_in(" ".join(map(str, row)), needles)]
    return hits


def test_an_erased_person_leaves_no_copy_anywhere(app, orgs, make_staff, clock, tick, sms, caplog):
    caplog.set_level(logging.DEBUG)
    north, _ = orgs
    from service.launches import launch_programme

    launch_programme(north, "taster", {"en": "KIND"})
    admin = make_staff(north, ADMIN)
    clock.set(START)
    enrolment = join(NUMBER, clock)
    person = enrolment.participant
    # Ten other people, so the research export has a group to show.
    for n in range(11):
        e = join(f"+1202555{n:04d}", clock)
        CheckinAnswer.create(enrolment=e, day=1, item="mood", raw="5", value=5)
    from service.conversation import simulate

    simulate.text(NUMBER, f"I feel like a {WORDS['text']} today", now=clock.now)
    simulate.text(NUMBER, f"I want to kill myself {WORDS['alert']}", now=clock.now)
    CheckinAnswer.create(
        enrolment=enrolment,
        day=1,
        item="mood",
        raw=f"7 {WORDS['answer']}",
        value=7,
        text=WORDS["answer"],
    )
    notes.add(person, north, f"Called back, {WORDS['note']}", staff=admin, now=clock.now)
    replies.send(
        person, north, f"Thinking of you {WORDS['reply']}", by="Sam", key="k1", now=clock.now
    )
    audit.record(
        admin, north, "participant.reveal", now=clock.now, target=person, why=WORDS["audit"]
    )
    audit.record(
        admin, north, "enrolment.pause", now=clock.now, target=enrolment, why=WORDS["audit"]
    )
    tick(START + timedelta(minutes=5))  # the staff reply goes out through the transport
    sent_sids = list(sms._records)
    header, rows, record = research.export(north, staff=admin, now=clock.now)
    assert any(NUMBER in str(v) for v in [person.phone])  # the canary is really there
    assert database_copies(), "the canary must be in the database before erasure"

    from service.privacy import erasure

    asked = erasure.request(
        [person], how="dashboard", requested_by=admin.email, now=clock.now, organisation=north
    )
    from service.followup import alerts
    from service.models import SafetyAlert

    for alert in SafetyAlert.select():
        alerts.resolve(alert, by="Sam", note="Safe now.", now=clock.now)
    tick(START + timedelta(hours=1))

    tombstone = Erasure.get_by_id(asked.id)
    assert tombstone.state == "done" and tombstone.scope == "person"  # north alone knew them
    assert Participant.select().where(Participant.phone == NUMBER).count() == 0
    # 1. Every table and every column.
    assert database_copies() == []
    # 2. The raw SQLite file and its write-ahead log.
    if not is_postgres():
        path = Path(database.obj.database)
        for f in (path, Path(f"{path}-wal")):
            if f.exists():
                raw = f.read_bytes().lower()
                assert [n for n in NEEDLES if n.lower().encode() in raw] == [], f.name
    # 3. The logs.
    assert found_in(caplog.text) == []
    # 4. Every export the dashboard can make.
    made = []
    for columns, rows_of in (
        (exports.ENROLMENT_COLUMNS, exports.enrolment_rows),
        (exports.ANSWER_COLUMNS, exports.answer_rows),
    ):
        made.append("".join(exports.csv_chunks(columns, rows_of(north))))
    made.append("\n".join(research.export(north, staff=admin, now=clock.now)[0]))
    made.append("".join(exports.csv_chunks(research.COLUMNS, research.build(north)[0])))
    for launch in north.launches:
        from service.config import programs_dir
        from service.content.programme import get_library

        report = outcomes.report(launch, get_library(programs_dir()).get(launch.programme))
        buffer = io.StringIO()
        csv.writer(buffer).writerows(outcomes.csv_rows(report))
        made.append(buffer.getvalue())
    assert found_in("\n".join(made)) == []
    # 5. Twilio: the reply it sent is deleted from its log, and the inbound texts by their sids.
    assert set(sent_sids) & set(sms.deleted), "the staff reply's copy was not deleted"
    assert tombstone.provider.get("deleted", 0) >= 1
    assert sum(tombstone.provider.values()) >= 5
    # 6. The tombstone: counts, no personal data; the register names the erasure.
    assert tombstone.rows["participant"] == 1 and tombstone.rows["inbound"] >= 5
    assert found_in(str(tombstone.__data__)) == []
    assert NUMBER not in tombstone.number_hmac
    register = research.register(north)
    assert any(asked.id in r.erased_since for r in register)
    # Audit entries about the person are re-keyed to the erasure.
    from service.models import AuditLog

    rekeyed = AuditLog.select().where(AuditLog.erasure == asked.id)
    assert {a.action for a in rekeyed} >= {"participant.reveal", "enrolment.pause"}
    assert all(a.target_id is None for a in rekeyed)
    assert Enrolment.select().count() == 11
