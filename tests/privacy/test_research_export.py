"""The research export identifies no one: no number-shaped string, no free text,
no group under 11, pseudonyms that differ between exports; registered."""

import re
from datetime import datetime, timedelta, timezone

from service.launches import launch_programme
from service.models import CheckinAnswer, ExportRecord, ExportSubject
from service.models.staff import ADMIN
from service.privacy import research
from tests.staff_world import enrol as join

PHONE_SHAPED = re.compile(r"\+?\d[\d\s().-]{6,}\d")


def test_the_research_export(app, orgs, make_staff, clock, dash):
    north, _ = orgs
    launch_programme(north, "taster", {"en": "KIND"})
    admin = make_staff(north, ADMIN)
    november = datetime(2026, 11, 3, 14, 0, tzinfo=timezone.utc)
    # 12 people in November: shown by month. 3 in December: too few for the
    # month, and the year pools only the small groups (3): left out.
    for n in range(12):
        clock.set(november + timedelta(hours=n))
        e = join(f"+1202555{n:04d}", clock)
        CheckinAnswer.create(enrolment=e, day=1, item="mood", raw="I'm ok, 6", value=6, text="ok")
    for n in range(3):
        clock.set(november + timedelta(days=30, hours=n))
        e = join(f"+1202556{n:04d}", clock)
        CheckinAnswer.create(enrolment=e, day=1, item="mood", raw="4 Maria knows", value=4)
    header, rows, record = research.export(north, staff=admin, now=clock.now)
    text = "\n".join(header) + "\n" + "\n".join(",".join(map(str, r)) for r in rows)
    assert PHONE_SHAPED.findall(text) == []
    assert "Maria" not in text and "I'm ok" not in text
    assert any("fewer than 11" in line for line in header)
    assert {r[3] for r in rows} == {"2026-11"}  # December's three are left out
    assert record.suppressed == 3 and record.rows == 12
    groups = {}
    for r in rows:
        groups.setdefault((r[1], r[2], r[3]), set()).add(r[0])
    assert min(len(people) for people in groups.values()) >= 11
    # Pseudonyms are per export: a second export cannot be linked to the first.
    _, again, _ = research.export(north, staff=admin, now=clock.now)
    assert {r[0] for r in rows}.isdisjoint({r[0] for r in again})
    assert ExportRecord.select().count() == 2
    assert ExportSubject.select().where(ExportSubject.export == record.id).count() == 12


def test_the_research_export_from_the_dashboard_is_admin_only_and_audited(
    app, orgs, make_staff, dash, clock
):
    north, _ = orgs
    staff = make_staff(north)
    dash.login(staff)
    assert dash.post("/dashboard/export/research.csv").status_code == 403
    admin = make_staff(north, ADMIN)
    dash.get("/dashboard/logout")
    dash.login(admin)
    response = dash.post("/dashboard/export/research.csv")
    assert response.status_code == 200
    assert response.get_data(as_text=True).startswith("# Kindly research export")
    from service.models import AuditLog

    assert AuditLog.select().where(AuditLog.action == "export.research").count() == 1
