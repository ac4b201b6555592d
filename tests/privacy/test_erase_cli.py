"""`flask --app service people erase`: the number comes on standard input, never argv."""

from service.models import Erasure, Message, Participant


def test_erase_reads_the_number_from_stdin(runner, demo, enrol, tick):
    enrol("+12125550188")
    result = runner.invoke(args=["people", "erase"], input="(212) 555-0188\n")
    assert result.exit_code == 0, result.output
    assert "+12125550188" not in result.output and "0188" in result.output
    erasure = Erasure.get()
    assert erasure.how == "cli" and Participant.get().erasure == erasure.id
    assert Message.select().where(Message.state == "queued").count() == 0
    tick()
    assert Participant.select().count() == 0 and Erasure.get().state == "done"


def test_a_number_nobody_has_erases_nothing(runner, demo):
    result = runner.invoke(args=["people", "erase"], input="+12125550999\n")
    assert result.exit_code != 0 and "No participant" in result.output
    bad = runner.invoke(args=["people", "erase"], input="not a number\n")
    assert bad.exit_code != 0 and "nothing was erased" in bad.output
    assert Erasure.select().count() == 0


def test_the_dashboard_erasure_needs_an_admin_and_the_typed_word(
    app, orgs, make_staff, dash, clock
):
    from service.launches import launch_programme
    from service.models import AuditLog
    from service.models.staff import ADMIN
    from tests.staff_world import enrol as join

    north, _ = orgs
    launch_programme(north, "taster", {"en": "KIND"})
    person = join("+12125550177", clock).participant
    dash.login(make_staff(north))
    url = f"/dashboard/participants/{person.id}/erase"
    assert dash.get(url).status_code == 403
    dash.client.post("/dashboard/logout", data={"csrf_token": dash.token("/dashboard/")})
    dash.login(make_staff(north, ADMIN))
    assert dash.get(url).status_code == 200
    dash.post(url, {"confirm": "please"}, token_from=url)
    assert Erasure.select().count() == 0
    response = dash.post(url, {"confirm": "erase"}, token_from=url)
    assert response.status_code == 302
    erasure = Erasure.get()
    assert erasure.how == "dashboard"
    assert AuditLog.get(AuditLog.action == "participant.erase").erasure == erasure.id
    # Shown nowhere from now on; the overview says it waits for the clock.
    assert dash.get(f"/dashboard/participants/{person.id}").status_code == 404
    assert erasure.id in dash.get("/dashboard/").get_data(as_text=True)
