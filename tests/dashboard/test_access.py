"""Who may reach what: every dashboard route, generated from the app's URL map.

A new route joins these tests by existing; if it takes an id the scoping
checks cover it, and if it names an object the scoping table does not know,
the request fails loudly.
"""

import re

import pytest

from service.dashboard.blueprint import PLAIN_ARGS, PUBLIC

ID_ARGS = {
    "launch_id": lambda w, side: w[f"{side}_launch"].id,
    "participant_id": lambda w, side: w["ana" if side == "north" else "south_one"].participant_id,
    "enrolment_id": lambda w, side: w["ana" if side == "north" else "south_one"].id,
    "alert_id": lambda w, side: w["alerts"][side].id,
    "user_id": lambda w, side: w[f"{side}_staff"].id,
    "org_id": lambda w, side: w[side].id,
    "item_id": lambda w, side: w["items"][side].id,
    "person_id": lambda w, side: w["ana" if side == "north" else "south_one"].participant_id,
    "saved_reply_id": lambda w, side: w["saved"][side].id,
    "contact_id": lambda w, side: w["contacts"][side].id,
    "site_item_id": lambda w, side: w["site_item"].id,
}
ADMIN_ONLY = {
    "dashboard.launch",
    "dashboard.launch_status",
    "dashboard.export",
    "dashboard.export_csv",
    "dashboard.outcomes_csv",
    "dashboard.staff_list",
    "dashboard.staff_active",
    "dashboard.audit_log",
    "dashboard.on_call",
    "dashboard.on_call_delete",
    "dashboard.saved_reply_add",
    "dashboard.saved_reply_edit",
    "dashboard.saved_reply_delete",
    "dashboard.staff_invite",
    "dashboard.staff_reset_link",
    "dashboard.staff_role",
}
# GET addresses that only lead back to a page (a reload after a number was shown).
REDIRECTS = {"dashboard.reveal_number_again", "dashboard.reveal_for_alert_again"}
SITE_ADMIN_ONLY = {
    "dashboard.organisations",
    "dashboard.switch_organisation",
    "dashboard.new_organisation",
    "dashboard.clear_limit",
    "dashboard.site_inbox",
    "dashboard.site_inbox_mark",
    "dashboard.site_inbox_give",
}


def dashboard_routes(app):
    """(endpoint, rule, method) for every dashboard route but sign-in and static files."""
    out = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith("dashboard.") or rule.endpoint in PUBLIC:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            out.append((rule.endpoint, rule, method))
    return out


def url_for_rule(rule, world, side):
    """A URL for the rule naming `side`'s objects (and the first value of any plain arg)."""
    values = {}
    for arg in rule.arguments:
        if arg in PLAIN_ARGS:
            converter = rule._converters[arg]
            values[arg] = sorted(converter.items)[0] if hasattr(converter, "items") else "x"
        else:
            values[arg] = ID_ARGS[arg](world, side)
    path = rule.rule
    for arg, value in values.items():
        path = re.sub(r"<[^>]*\b" + arg + ">", str(value), path)
    return path


def test_every_id_argument_is_known_to_the_matrix(app):
    seen = {a for _, rule, _ in dashboard_routes(app) for a in rule.arguments}
    assert seen - PLAIN_ARGS <= set(ID_ARGS), "add the new id to ID_ARGS and LOADERS"


def test_anonymous_is_sent_to_sign_in_everywhere(app, client, world):
    routes = dashboard_routes(app)
    assert len(routes) > 15
    for endpoint, rule, method in routes:
        url = url_for_rule(rule, world, "north")
        response = client.open(url, method=method)
        assert response.status_code == 302, (endpoint, method, response.status_code)
        assert response.headers["Location"].startswith("/dashboard/login"), endpoint


@pytest.mark.parametrize("who", ["south_admin", "south_staff"])
def test_another_organisation_gets_404_for_every_id(app, world, dash, who):
    assert dash.login(world[who]).status_code == 302
    checked = 0
    for endpoint, rule, method in dashboard_routes(app):
        if not set(rule.arguments) - PLAIN_ARGS:
            continue
        url = url_for_rule(rule, world, "north")
        data = {"note": "tried", "csrf_token": dash.token("/dashboard/password")}
        response = dash.client.open(url, method=method, data=data if method == "POST" else None)
        assert response.status_code == 404, (who, endpoint, method, response.status_code)
        checked += 1
    assert checked >= 9


def test_own_organisation_reaches_every_page(app, world, dash):
    """An administrator of north gets every north page without 403, 404 or an error."""
    assert dash.login(world["north_admin"]).status_code == 302
    for endpoint, rule, method in dashboard_routes(app):
        if method != "GET" or endpoint in SITE_ADMIN_ONLY:
            continue
        url = url_for_rule(rule, world, "north")
        response = dash.get(url)
        expected = 302 if endpoint in REDIRECTS else 200
        assert response.status_code == expected, (endpoint, response.status_code)


def test_staff_are_refused_administrator_routes(app, world, dash):
    assert dash.login(world["north_staff"]).status_code == 302
    for endpoint, rule, method in dashboard_routes(app):
        if endpoint not in ADMIN_ONLY | SITE_ADMIN_ONLY:
            continue
        url = url_for_rule(rule, world, "north")
        data = {"csrf_token": dash.token("/dashboard/password")}
        response = dash.client.open(url, method=method, data=data if method == "POST" else None)
        expected = 404 if endpoint in SITE_ADMIN_ONLY else 403
        assert response.status_code == expected, (endpoint, method, response.status_code)


def test_staff_can_view_and_handle_alerts(world, dash):
    assert dash.login(world["north_staff"]).status_code == 302
    for path in ("/dashboard/", "/dashboard/participants", "/dashboard/alerts"):
        assert dash.get(path).status_code == 200
    alert = world["alerts"]["north"]
    response = dash.post(f"/dashboard/alerts/{alert.id}/acknowledge")
    assert response.status_code == 302
    assert type(alert).get_by_id(alert.id).status == "acknowledged"


def test_site_admin_picks_an_organisation_then_sees_it(world, dash):
    assert dash.login(world["site_admin"]).status_code == 302
    response = dash.get("/dashboard/")
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dashboard/organisations")
    page = dash.get("/dashboard/organisations").get_data(as_text=True)
    assert "North Community" in page and "South Centre" in page
    south = world["south"]
    assert dash.post(f"/dashboard/organisations/{south.id}/switch").status_code == 302
    overview = dash.get("/dashboard/").get_data(as_text=True)
    assert "South Centre" in overview
    launch = world["north_launch"]
    assert dash.get(f"/dashboard/programmes/{launch.id}").status_code == 404
    assert dash.get(f"/dashboard/programmes/{world['south_launch'].id}").status_code == 200


def test_a_post_without_its_csrf_token_is_refused(world, dash):
    assert dash.login(world["north_staff"]).status_code == 302
    alert = world["alerts"]["north"]
    response = dash.client.post(f"/dashboard/alerts/{alert.id}/acknowledge", data={})
    assert response.status_code == 400
    assert type(alert).get_by_id(alert.id).status == "open"
    wrong = dash.client.post(
        f"/dashboard/alerts/{alert.id}/acknowledge", data={"csrf_token": "forged"}
    )
    assert wrong.status_code == 400


def test_sign_in_itself_needs_the_token(world, client):
    user = world["north_staff"]
    response = client.post(
        "/dashboard/login", data={"email": user.email, "password": "a long kind passphrase"}
    )
    assert response.status_code == 400
    assert "_user_id" not in (
        client.get_cookie("session").value if client.get_cookie("session") else ""
    )


# One number, two organisations: the same phone enrolled with north and with
# south is two people to staff. Every page and action that shows or changes a
# person, as south, shows nothing of what the number told north and changes
# nothing of north's (issue 17, holes 1 and 2).
SHARED = "+12125550155"
NORTH_SECRET = "i told north a private thing"


@pytest.fixture
def shared(world, clock):
    """The shared number: north's programme, a private text and a crisis there
    (north's hold and alert), then south's programme, a text and an alert there."""
    from service.conversation import simulate
    from service.models import Inbound, InboxItem, Participant, SafetyAlert
    from tests.staff_world import enrol

    for org in (world["north"], world["south"]):
        org.variables = {**org.variables, "emergency_number": "911"}
        org.save()
    north_enrolment = enrol(SHARED, clock)
    simulate.text(SHARED, NORTH_SECRET, now=clock.now, is_test=False)
    simulate.text(SHARED, "i want to kill myself", now=clock.now, is_test=False)
    south_enrolment = enrol(SHARED, clock, keyword="SOUTHKIND")
    simulate.text(SHARED, "hello south, a question?", now=clock.now, is_test=False)
    person = Participant.get(Participant.phone == SHARED)
    south_text = Inbound.select().where(Inbound.participant == person).order_by(Inbound.id.desc())
    south_text = south_text.get()
    south_alert = SafetyAlert.create(
        organisation=world["south"],
        participant=person,
        inbound=south_text,
        priority=2,
        reason="concern: test",
        created_at=clock.now.replace(tzinfo=None),
    )
    north_alert = SafetyAlert.get(
        SafetyAlert.participant == person, SafetyAlert.organisation == world["north"]
    )
    return {
        "person": person,
        "north_enrolment": north_enrolment,
        "south_enrolment": south_enrolment,
        "north_alert": north_alert,
        "south_alert": south_alert,
        "south_item": InboxItem.get(
            InboxItem.participant == person, InboxItem.organisation == world["south"]
        ),
    }


def _south_pages(shared):
    pid = shared["person"].id
    return [
        "/dashboard/",
        "/dashboard/participants",
        f"/dashboard/participants?digits={SHARED[-4:]}",
        f"/dashboard/participants/{pid}",
        "/dashboard/inbox",
        "/dashboard/inbox?status=handled",
        "/dashboard/alerts",
        "/dashboard/alerts?resolved=1",
        f"/dashboard/alerts/{shared['south_alert'].id}",
        "POST /dashboard/export/enrolments.csv",
        "POST /dashboard/export/answers.csv",
        "/dashboard/audit",
    ]


@pytest.mark.parametrize("who", ["south_admin", "south_staff"])
def test_one_number_two_organisations_south_sees_nothing_of_north(world, dash, shared, who):
    from service.followup import hold
    from service.privacy.exports import pseudonym_in

    assert hold.is_held(world["north"], shared["person"], dash.client.application.config["CLOCK"]())
    assert dash.login(world[who]).status_code == 302
    north_id = pseudonym_in(world["north"], shared["person"].pseudonym)
    for path in _south_pages(shared):
        if path.startswith("POST "):
            path = path[len("POST ") :]
            response = dash.post(path)
        else:
            response = dash.get(path)
        if response.status_code in (403, 404):
            continue  # an admin-only page for staff: nothing shown at all
        assert response.status_code == 200, (path, response.status_code)
        page = response.get_data(as_text=True)
        for leak in (NORTH_SECRET, "kill myself", "Programme texts are waiting", north_id):
            assert leak not in page, (who, path, leak)
    # North's alert and inbox items are not south's to open.
    assert dash.get(f"/dashboard/alerts/{shared['north_alert'].id}").status_code == 404


def test_one_number_two_organisations_south_cannot_change_north(world, dash, shared, clock):
    from service.followup import hold
    from service.models import CaseNote, InboxItem, Message, SafetyAlert

    person = shared["person"]
    assert dash.login(world["south_admin"]).status_code == 302
    # "Resume programme texts" on south's page for the same number.
    dash.post(f"/dashboard/people/{person.id}/release")
    assert hold.is_held(world["north"], person, clock.now)
    # Acknowledge and resolve south's own alert: north's hold and alert stay.
    dash.post(f"/dashboard/alerts/{shared['south_alert'].id}/acknowledge")
    dash.post(f"/dashboard/alerts/{shared['south_alert'].id}/resolve", {"note": "called"})
    assert hold.is_held(world["north"], person, clock.now)
    assert SafetyAlert.get_by_id(shared["north_alert"].id).status == "open"
    # A note and a reply are south's, and north never sees them.
    dash.post(f"/dashboard/people/{person.id}/notes", {"body": "south's note"})
    page = dash.get(f"/dashboard/participants/{person.id}").get_data(as_text=True)
    key = re.search(r'name="key"[^>]*value="([0-9a-f]{32})"', page).group(1)
    dash.post(f"/dashboard/people/{person.id}/reply", {"body": "south says hi", "key": key})
    assert CaseNote.get(CaseNote.body == "south's note").organisation_id == world["south"].id
    reply = Message.get(Message.body == "south says hi")
    assert reply.organisation_id == world["south"].id
    # The same form key posted for someone else is refused, not a 500.
    other = world["south_one"].participant_id
    again = dash.post(f"/dashboard/people/{other}/reply", {"body": "again", "key": key})
    assert again.status_code == 302
    assert Message.select().where(Message.body == "again").count() == 0
    # Handling south's item leaves north's open.
    dash.post(f"/dashboard/inbox/{shared['south_item'].id}/handle")
    north_items = InboxItem.select().where(
        InboxItem.participant == person, InboxItem.organisation == world["north"]
    )
    assert north_items.count() >= 1 and not any(i.handled for i in north_items)

    north = type(dash)(dash.client.application.test_client())
    north.login(world["north_staff"])
    page = north.get(f"/dashboard/participants/{person.id}").get_data(as_text=True)
    assert NORTH_SECRET in page and "Programme texts are waiting" in page
    for leak in ("south's note", "south says hi", "hello south"):
        assert leak not in page
    alert_page = north.get(f"/dashboard/alerts/{shared['north_alert'].id}").get_data(as_text=True)
    assert NORTH_SECRET in alert_page and "hello south" not in alert_page


def test_stop_from_the_shared_number_stops_both_organisations(world, shared, clock):
    """Carriers' rule: one STOP stops everything sent from the number."""
    from service.conversation import simulate
    from service.models import Enrolment

    simulate.text(SHARED, "STOP", now=clock.now, is_test=False)
    person = type(shared["person"]).get_by_id(shared["person"].id)
    assert person.opted_out
    for enrolment in (shared["north_enrolment"], shared["south_enrolment"]):
        assert Enrolment.get_by_id(enrolment.id).state not in ("active", "consent", "ask_time")
