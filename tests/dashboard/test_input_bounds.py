"""Dashboard URLs with huge ids, huge page numbers, odd digits and NUL bytes: 4xx or
clamped, never a 500 (PostgreSQL refuses what SQLite would take)."""

import re

import pytest

from service import bounds
from service.dashboard.blueprint import PLAIN_ARGS

from .test_access import dashboard_routes

HUGE = ["99999999999999999999", str(bounds.MAX_ID + 1), "0"]


def test_every_id_route_answers_404_to_ids_no_row_can_have(app, world, dash):
    assert dash.login(world["north_admin"]).status_code == 302
    checked = 0
    for endpoint, rule, method in dashboard_routes(app):
        ids = set(rule.arguments) - PLAIN_ARGS
        if not ids:
            continue
        for huge in HUGE:
            path = rule.rule
            for arg in rule.arguments:
                value = huge if arg in ids else "pause"
                if arg in PLAIN_ARGS and hasattr(rule._converters[arg], "items"):
                    value = sorted(rule._converters[arg].items)[0]
                path = re.sub(r"<[^>]*\b" + arg + ">", value, path)
            data = {"csrf_token": dash.token("/dashboard/password")}
            response = dash.client.open(
                path, method=method, data=data if method == "POST" else None
            )
            assert response.status_code == 404, (endpoint, method, huge, response.status_code)
            checked += 1
    assert checked >= 27


@pytest.mark.parametrize(
    "query",
    [
        "page=999999999999999999",
        "page=99999999999999999999999",
        "page=-5",
        "page=%C2%B2",
        "day=%D9%A3&launch=99999999999999999999",
        "launch=2147483648&day=999",
        "digits=" + "1" * 5000,
        "state=" + "x" * 5000,
    ],
)
def test_participant_list_takes_any_query_without_an_error(world, dash, query):
    assert dash.login(world["north_admin"]).status_code == 302
    assert dash.get(f"/dashboard/participants?{query}").status_code == 200


@pytest.mark.parametrize(
    "path", ["/dashboard/participants?digits=12%00", "/dashboard/alerts?x%00=1"]
)
def test_a_nul_byte_anywhere_in_a_dashboard_query_is_400(world, dash, path):
    assert dash.login(world["north_admin"]).status_code == 302
    assert dash.get(path).status_code == 400


def test_a_nul_byte_in_a_dashboard_form_is_400_and_changes_nothing(world, dash):
    assert dash.login(world["north_admin"]).status_code == 302
    response = dash.post("/dashboard/simulator", {"body": "KIND\x00"})
    assert response.status_code == 400
