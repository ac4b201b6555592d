"""What staff tripped over, each checked the way they met it."""

import csv
import io
from datetime import datetime, timedelta

from service.dashboard import queries
from service.evaluation import rollups
from service.models import Keyword, Launch, Message
from service.models.staff import MessageRollup
from service.sending.status import apply_status

from .test_pages import launch_form, text_of


def test_enrolments_export_names_the_launch(world, dash):
    dash.login(world["north_admin"])
    body = dash.post("/dashboard/export/enrolments.csv", token_from="/dashboard/export")
    rows = list(csv.DictReader(io.StringIO(body.get_data(as_text=True))))
    assert rows and {r["launch"] for r in rows} == {str(world["north_launch"].id)}


def test_an_acknowledged_crisis_alert_still_counts_until_resolved(world, dash, clock):
    alert = world["alerts"]["north"]
    alert.status = "acknowledged"
    alert.save()
    assert queries.overview(world["north"], now=clock.now).open_crisis == 1
    alert.status = "resolved"
    alert.save()
    assert queries.overview(world["north"], now=clock.now).open_crisis == 0


def test_a_bilingual_programme_launches_in_one_language(world, dash):
    dash.login(world["north_admin"])
    form = launch_form(keyword_en="", keyword_es="HOLA", go="launch")
    done = dash.post("/dashboard/launch?programme=taster", form)
    assert done.status_code == 302, done.get_data(as_text=True)[:2000]
    launch = Launch.select().order_by(Launch.id.desc()).first()
    assert [(k.word, k.language) for k in launch.keywords] == [("HOLA", "es")]
    nothing = text_of(dash.post("/dashboard/launch?programme=taster", launch_form(go="launch")))
    assert "at least one language" in nothing
    assert Keyword.select().count() == 4


def test_preview_says_a_keyword_is_taken_and_folds_away(world, dash):
    dash.login(world["north_admin"])
    form = launch_form(keyword_en="KIND", keyword_es="NUEVO", go="preview")
    page = text_of(dash.post("/dashboard/launch?programme=kind-to-myself", form))
    assert "KIND is already used by another launch" in page
    assert "<details" in page and "Preview (en)" in page
    assert 'list="zones"' in page and '<option value="Europe/Madrid">' in page


def test_an_unknown_time_zone_is_refused_with_words(world, dash):
    dash.login(world["north_admin"])
    form = launch_form(keyword_en="HELLO", keyword_es="HOLA", go="launch", timezone="New York")
    page = text_of(dash.post("/dashboard/launch?programme=taster", form))
    assert "pick a time zone from the list" in page
    assert Launch.select().count() == 2


def test_end_and_stop_ask_first(world, dash):
    dash.login(world["north_admin"])
    launch_page = text_of(dash.get(f"/dashboard/programmes/{world['north_launch'].id}"))
    assert '<details class="confirm"><summary>End launch…' in launch_page
    assert "Yes, end this launch" in launch_page
    person = text_of(dash.get(f"/dashboard/participants/{world['ana'].participant.id}"))
    assert "<summary>Stop…</summary>" in person and "Yes, stop this enrolment" in person


def test_titles_words_marks_and_navigation(world, dash):
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/participants"))
    assert "Kind Moments" in page and "<td>taster" not in page
    assert "Active" in page and "<td>active" not in page
    assert page.count("crisis open") == 1  # ana raised one; ben did not
    assert 'href="#main">Skip to content' in page
    assert '<a href="/dashboard/participants" aria-current="page">Participants' in page
    person = text_of(dash.get(f"/dashboard/participants/{world['ana'].participant.id}"))
    assert 'aria-current="page">Participants' in person


def test_403_and_404_are_dashboard_pages(world, dash):
    dash.login(world["north_staff"])
    missing = dash.get("/dashboard/participants/999999")
    assert missing.status_code == 404
    assert "Page not found" in missing.get_data(as_text=True)
    assert "/dashboard/assets/dashboard." in missing.get_data(as_text=True)
    forbidden = dash.get("/dashboard/launch")
    assert forbidden.status_code == 403
    assert "Not for this account" in forbidden.get_data(as_text=True)
    # Outside the dashboard, answers stay bare.
    assert "/dashboard/assets/" not in dash.get("/nowhere").get_data(as_text=True)


def test_the_clock_seals_settled_days_and_pages_do_not(world, dash, clock, tick):
    clock.set(clock.now + timedelta(days=3))
    dash.login(world["north_staff"])
    text_of(dash.get("/dashboard/"))
    assert rollups.last_sealed() is None, "a page load seals nothing"
    summary = tick()
    assert summary["sealed"] and rollups.last_sealed() is not None


def test_a_late_delivery_report_corrects_its_sealed_day(world, clock):
    ana = world["ana"]
    sent_at = datetime(2026, 11, 20, 14, 0)
    message = Message.create(
        participant=ana.participant,
        enrolment=ana,
        kind="practice",
        day=2,
        body="Day 2",
        state="sent",
        twilio_sid="SM" + "7" * 32,
        send_after=sent_at,
        sent_at=sent_at,
    )
    rollups.seal(clock.now, limit=None)

    def counted(state):
        return sum(
            r.count
            for r in MessageRollup.select().where(
                MessageRollup.on_date == sent_at.date(),
                MessageRollup.kind == "practice",
                MessageRollup.state == state,
            )
        )

    assert (counted("sent"), counted("delivered")) == (1, 0)
    before = queries.funnel(world["north_launch"])
    assert apply_status(message.twilio_sid, "delivered", now=clock.now)
    assert (counted("sent"), counted("delivered")) == (0, 1)
    after = {d.day: d for d in queries.funnel(world["north_launch"])}
    assert after[2].delivered == {d.day: d for d in before}[2].delivered + 1
    # The same report again, or a late "sent", moves nothing.
    apply_status(message.twilio_sid, "delivered", now=clock.now)
    apply_status(message.twilio_sid, "sent", now=clock.now)
    assert (counted("sent"), counted("delivered")) == (0, 1)


def test_the_audit_log_filters_pages_and_links(world, dash, clock):
    from service.privacy import audit

    admin = world["north_admin"]
    for _n in range(60):
        audit.record(
            admin,
            world["north"],
            "participant.reveal",
            now=clock.now,
            target=world["ana"].participant,
        )
    audit.record(admin, world["north"], "launch.pause", now=clock.now, target=world["north_launch"])
    dash.login(admin)
    first = text_of(dash.get("/dashboard/audit"))
    assert "Page 1 of 2" in first and "Older →" in first
    assert f'href="/dashboard/programmes/{world["north_launch"].id}">Launch #' in first
    assert f'href="/dashboard/participants/{world["ana"].participant.id}">Participant #' in first
    only = text_of(dash.get("/dashboard/audit?action=launch.pause"))
    assert (
        "Page 1 of 1" in only
        and only.count('<td><a href="/dashboard/audit?action=launch.pause') == 1
    )
    nobody = text_of(dash.get("/dashboard/audit?who=nobody@example.org"))
    assert "Nothing recorded that matches" in nobody


def test_participants_sort_by_their_columns(world, dash):
    world["ben"].next_day = 5
    world["ben"].save()
    dash.login(world["north_staff"])

    def order(path):
        page = text_of(dash.get(path)).split('id="participants"')[1]
        return sorted(("0101", "0102"), key=page.index)

    assert order("/dashboard/participants") == ["0102", "0101"]  # newest first
    assert order("/dashboard/participants?sort=oldest") == ["0101", "0102"]
    assert order("/dashboard/participants?sort=day") == ["0102", "0101"]
    assert order("/dashboard/participants?sort=day_asc") == ["0101", "0102"]
    page = text_of(dash.get("/dashboard/participants?sort=day"))
    assert 'aria-sort="descending"' in page and "sort=day_asc" in page
    assert text_of(dash.get("/dashboard/participants?sort=nonsense"))
