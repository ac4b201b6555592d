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
    "dashboard.reveal_number",
    "dashboard.export",
    "dashboard.export_csv",
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
        assert response.status_code == 200, (endpoint, response.status_code)


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
