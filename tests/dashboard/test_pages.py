"""What staff see and do on each page, on data made through the real conversation."""

import csv
import io
import re
from datetime import timedelta

from service.conversation import simulate
from service.dashboard import queries
from service.models import Enrolment, Keyword, Launch, Message, Participant, SafetyAlert
from service.models.safety import SCREENING
from service.models.staff import AuditLog
from service.privacy.exports import pseudonym_in

VARIABLES = {
    "var_crisis_line": "988",
    "var_emergency_number": "911",
    "var_safety_line": "800-799-7233",
    "var_help_contact": "call 555-0100",
    "var_community__en": "neighbours",
    "var_community__es": "vecinos",
}


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def audit_actions(org):
    return [e.action for e in AuditLog.select().where(AuditLog.organisation == org)]


def test_overview_counts_real_people_only(world, dash, clock):
    ana, ben = world["ana"], world["ben"]
    Message.create(
        participant=ben.participant,
        enrolment=ben,
        kind="practice",
        day=2,
        body="x",
        state="failed",
        send_after=clock.now.replace(tzinfo=None),
    )
    simulate.text(ana.participant.phone, "STOP", now=clock.now, is_test=False)

    data = queries.overview(world["north"], now=clock.now)
    (row,) = data.launches
    assert (row.enrolled, row.active, row.opted_out) == (2, 1, 1)
    assert (data.today.delivered, data.today.failed) == (2, 1)
    assert data.open_crisis == 1

    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/"))
    assert "North Community" in page and "Kind Moments" in page
    assert "1</b> crisis alert not resolved" in page


def test_participants_table_masks_numbers_and_searches_by_last_digits(world, dash):
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/participants"))
    assert "+1 ••• ••• 0101" in page and "+1 ••• ••• 0102" in page
    assert "2125550101" not in page
    assert "0001" not in page, "test participants are left out unless asked for"
    assert "+44" not in page, "south's participant is not north's"

    found = text_of(dash.get("/dashboard/participants?digits=0102"))
    assert "0102" in found and "0101" not in found

    with_tests = text_of(dash.get("/dashboard/participants?test=y"))
    assert "+1 ••• ••• 0001" in with_tests and "test</span>" in with_tests


def test_participants_table_pages_and_filters(world, dash, clock):
    for n in range(60):
        simulate.text(f"+1212555{n:04d}", "KIND", now=clock.now, is_test=False)
    dash.login(world["north_staff"])
    first = text_of(dash.get("/dashboard/participants?state=consent"))
    assert "Page 1 of 2" in first
    assert first.count("<tr>") == 51  # header + 50 rows
    second = text_of(dash.get("/dashboard/participants?state=consent&page=2"))
    assert second.count("<tr>") == 11
    assert "state=consent" in second, "page links keep the filter"
    active = text_of(dash.get("/dashboard/participants?state=active"))
    assert active.count("<tr>") == 3


def test_participant_page_shows_the_conversation_in_order_with_states(world, dash):
    ana = world["ana"]
    dash.login(world["north_staff"])
    page = text_of(dash.get(f"/dashboard/participants/{ana.participant_id}"))
    thread = page.split('id="conversation"')[1]
    positions = [thread.index(s) for s in ("KIND", "YES", "9am", "Day 1 practice")]
    assert positions == sorted(positions)
    assert "delivered</b>" in thread
    assert pseudonym_in(world["north"], ana.participant.pseudonym) in page
    assert ana.participant.phone not in page


def test_pause_resume_stop_are_done_and_audited(world, dash):
    ana, org = world["ana"], world["north"]
    dash.login(world["north_staff"])
    for action, state in (("pause", "paused"), ("resume", "active"), ("stop", "ended")):
        response = dash.post(f"/dashboard/enrolments/{ana.id}/{action}")
        assert response.status_code == 302
        assert Enrolment.get_by_id(ana.id).state == state
    assert audit_actions(org) == ["enrolment.pause", "enrolment.resume", "enrolment.stop"]
    again = dash.post(f"/dashboard/enrolments/{ana.id}/resume", follow_redirects=True)
    assert "cannot be resumed" in text_of(again)
    assert Enrolment.get_by_id(ana.id).state == "ended"


def test_revealing_a_number_is_for_administrators_and_audited(world, dash):
    ana = world["ana"]
    dash.login(world["north_admin"])
    page = text_of(dash.post(f"/dashboard/participants/{ana.participant_id}/reveal"))
    assert ana.participant.phone in page
    entry = AuditLog.get(AuditLog.action == "participant.reveal")
    assert (entry.target_type, entry.target_id) == ("Participant", ana.participant_id)
    assert entry.staff_email == world["north_admin"].email
    assert ana.participant.phone not in str(entry.detail)


def test_alert_queue_puts_crisis_first_and_shows_the_wait(world, dash, clock):
    ben = world["ben"]
    SafetyAlert.create(
        organisation=world["north"],
        participant=ben.participant,
        priority=SCREENING,
        reason="own total 2",
        created_at=clock.now.replace(tzinfo=None) - timedelta(hours=3),
    )
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/alerts"))
    assert page.index("Crisis") < page.index("Screening")
    assert "waiting <b>5 min</b>" in page
    assert "waiting <b>3 h 0 min</b>" in page
    assert "+44" not in page


def test_alert_queue_shows_the_tier_category_and_the_words_that_matched(world, dash, clock):
    ben = world["ben"]
    SafetyAlert.create(
        organisation=world["north"],
        participant=ben.participant,
        priority=2,
        reason="concern: passive",
        category="passive",
        matched="better off without me",
        created_at=clock.now.replace(tzinfo=None),
    )
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/alerts"))
    assert "Concern" in page and "concern: passive" in page
    assert "matched: <q>better off without me</q>" in page


def test_alerts_are_acknowledged_then_resolved_with_a_note(world, dash):
    alert = world["alerts"]["north"]
    dash.login(world["north_staff"])
    dash.post(f"/dashboard/alerts/{alert.id}/acknowledge")
    no_note = dash.post(f"/dashboard/alerts/{alert.id}/resolve", {"note": ""})
    assert no_note.status_code == 302
    assert SafetyAlert.get_by_id(alert.id).status == "acknowledged"
    dash.post(f"/dashboard/alerts/{alert.id}/resolve", {"note": "Called back, safe with family."})
    done = SafetyAlert.get_by_id(alert.id)
    assert (done.status, done.note) == ("resolved", "Called back, safe with family.")
    assert done.acknowledged_by == world["north_staff"].email
    assert audit_actions(world["north"]) == ["alert.acknowledge", "alert.resolve"]
    resolved = text_of(dash.get("/dashboard/alerts?resolved=1"))
    assert "Called back" in resolved


def test_export_is_pseudonymous_without_test_people_and_audited(world, dash):
    dash.login(world["north_admin"])
    for kind in ("enrolments", "answers"):
        response = dash.post(f"/dashboard/export/{kind}.csv", token_from="/dashboard/export")
        assert response.status_code == 200
        assert response.mimetype == "text/csv"
        body = response.get_data(as_text=True)
        rows = list(csv.DictReader(io.StringIO(body)))
        ids = {r["participant"] for r in rows}
        assert ids == {
            pseudonym_in(world["north"], e.participant.pseudonym)
            for e in (world["ana"], world["ben"])
        }
        # A random hex pseudonym can hold ten digits in a row, so look past it.
        rest = "\n".join(",".join(v for k, v in r.items() if k != "participant") for r in rows)
        assert not re.search(r"\+?\d{10,}", rest), "no phone numbers"
        for number in ("2125550101", "2125550102", "5550000001"):
            assert number not in body
        assert all(r["launch"] == str(world["north_launch"].id) for r in rows)
    assert rows[0]["value"] == "7"
    assert audit_actions(world["north"]) == ["export.enrolments", "export.answers"]


def test_programme_page_shows_funnel_and_answers(world, dash):
    launch = world["north_launch"]
    dash.login(world["north_staff"])
    page = text_of(dash.get(f"/dashboard/programmes/{launch.id}"))
    funnel = page.split('id="funnel"')[1].split("</table>")[0]
    # Two people replied: a count under ten is not shown (evaluation/disclosure.py).
    assert re.search(r"<td>1</td><td>2</td><td>2</td><td>0</td><td>fewer than 10</td>", funnel)
    answers = page.split('id="answers"')[1].split("</table>")[0]
    assert "7.0" not in answers and "7–7" not in answers
    assert "No figures yet" in answers
    assert 'type="application/json" id="chart-data"' in page
    assert "chart-4.6.1.umd.min." in page


def launch_form(**fields):
    """The launch form as staff fill it in, with `fields` changed."""
    return {
        "timezone": "America/New_York",
        "default_send_time": "09:00",
        "quiet_start": "08:00",
        "quiet_end": "21:00",
        **VARIABLES,
        **fields,
    }


def test_launch_preview_shows_every_text_with_its_cost(world, dash):
    dash.login(world["north_admin"])
    pick = text_of(dash.get("/dashboard/launch"))
    assert "taster" in pick
    form = launch_form(keyword_en="HELLO", keyword_es="HOLA", go="preview")
    page = text_of(dash.post("/dashboard/launch?programme=taster", form))
    assert "Preview (en)" in page and "Preview (es)" in page
    assert "Day 7: practice" in page and "System: consent" in page
    assert "GSM-7, 1 segment" in page
    assert Launch.select().count() == 2, "a preview launches nothing"


def test_launch_is_refused_while_a_text_lacks_its_variable(world, dash):
    dash.login(world["north_admin"])
    form = launch_form(keyword_en="HELLO", keyword_es="HOLA", go="launch", var_crisis_line="")
    page = text_of(dash.post("/dashboard/launch?programme=taster", form))
    assert "crisis_line" in page
    assert Launch.select().count() == 2


def test_launch_form_turns_on_a_waitlist_design(world, dash):
    dash.login(world["north_admin"])
    form = launch_form(keyword_en="HELPWAIT", keyword_es="AYUDAESPERA", go="launch", waitlist="y")
    page = text_of(dash.get("/dashboard/launch?programme=kind-to-the-helper"))
    assert "Waitlist design" in page and "A random draw says" in page
    done = dash.post("/dashboard/launch?programme=kind-to-the-helper", form)
    assert done.status_code == 302, text_of(done)
    launch = Launch.get(Launch.id == int(done.headers["Location"].rsplit("/", 1)[1]))
    assert launch.design == "waitlist" and len(launch.allocation_seed) == 16
    # The taster has no waitlist texts: no such box on its form.
    assert "Waitlist design" not in text_of(dash.get("/dashboard/launch?programme=taster"))


def test_launch_asks_a_worded_variable_in_each_language(world, dash):
    dash.login(world["north_admin"])
    form = launch_form(keyword_en="HELLO", keyword_es="HOLA", go="launch", var_community__es="")
    page = text_of(dash.post("/dashboard/launch?programme=kind-to-myself", form))
    assert "Community (es)" in page
    assert "no value for variable {community} in Spanish (es)" in page
    assert Launch.select().count() == 2
    form.update(var_community__es="vecinos")
    done = dash.post("/dashboard/launch?programme=kind-to-myself", form)
    assert done.status_code == 302, text_of(done)
    launch = Launch.get(Launch.id == int(done.headers["Location"].rsplit("/", 1)[1]))
    assert launch.template_variables("es")["community"] == "vecinos"
    assert launch.template_variables("en")["community"] == "neighbours"


def test_overview_warns_of_people_the_planner_set_aside(world, dash, clock):
    from service.sending.plan_problems import record_problems

    launch = world["north_launch"]
    record_problems({(launch.id, "no value for {help_contact} in Spanish (es)"): 3}, clock.now)
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/"))
    assert "3 people are not getting texts" in page
    assert "no value for {help_contact} in Spanish (es)" in page
    dash.login(world["south_staff"])
    assert "not getting texts" not in text_of(dash.get("/dashboard/"))


def test_launch_checks_keywords_then_launches(world, dash):
    dash.login(world["north_admin"])
    form = launch_form(keyword_en="STOP", keyword_es="KIND", go="launch")
    refused = text_of(dash.post("/dashboard/launch?programme=taster", form))
    assert "STOP" in refused and "KIND is already used" in refused
    assert Launch.select().count() == 2
    form.update(keyword_en="HELLO", keyword_es="HOLA")
    done = dash.post("/dashboard/launch?programme=taster", form)
    assert done.status_code == 302
    launch = Launch.get(Launch.id == int(done.headers["Location"].rsplit("/", 1)[1]))
    assert launch.organisation_id == world["north"].id
    assert {k.word for k in Keyword.select().where(Keyword.launch == launch)} == {"HELLO", "HOLA"}
    assert "launch.create" in audit_actions(world["north"])


def test_ending_a_launch_ends_its_enrolments(world, dash):
    launch = world["north_launch"]
    dash.login(world["north_admin"])
    dash.post(f"/dashboard/programmes/{launch.id}/end")
    assert Launch.get_by_id(launch.id).status == "ended"
    states = {e.state for e in Enrolment.select().where(Enrolment.launch == launch)}
    assert states == {"ended"}


def test_simulator_enrols_a_marked_test_participant_who_is_not_counted(world, dash, clock):
    dash.login(world["north_staff"])
    token_page = "/dashboard/simulator"
    for body in ("KIND", "YES", "9am"):
        dash.post("/dashboard/simulator", {"body": body}, token_from=token_page)
    page = text_of(dash.get("/dashboard/simulator"))
    assert "Reply YES to join" in page and "all set" in page
    dash.post("/dashboard/simulator/next-day", token_from=token_page)
    page = text_of(dash.get("/dashboard/simulator"))
    assert "day 1" in page
    tests = Participant.select().where(Participant.is_test == True)  # noqa: E712
    assert tests.count() == 2  # the world's tester and this one
    (row,) = queries.overview(world["north"], now=clock.now).launches
    assert row.enrolled == 2


def test_pages_stay_small(world, dash, clock):
    for n in range(60):
        simulate.text(f"+1212555{n:04d}", "KIND", now=clock.now, is_test=False)
    dash.login(world["north_admin"])
    paths = ["/dashboard/", "/dashboard/participants", "/dashboard/alerts", "/dashboard/simulator"]
    paths += [f"/dashboard/programmes/{world['north_launch'].id}"]
    paths += [f"/dashboard/participants/{world['ana'].participant_id}"]
    for path in paths:
        assert len(dash.get(path).data) < 100_000, path


def test_staff_accounts_are_added_by_administrators(world, dash):
    dash.login(world["north_admin"])
    dash.post(
        "/dashboard/staff",
        {"email": "New@North.example.org", "role": "staff", "password": "a fresh long passphrase"},
        token_from="/dashboard/staff",
    )
    from service.models.staff import StaffUser

    user = StaffUser.get(StaffUser.email == "new@north.example.org")
    assert (user.organisation_id, user.role) == (world["north"].id, "staff")
