"""Issue 17's six holes and lesser findings, each as it was found: every test
here failed before its fix."""

import logging
import re
from datetime import timedelta

import pytest

from service import config
from service.followup import oncall
from service.followup.mail import MailError, MemoryMailer
from service.gunicorn_log import TokenSafeLogger, scrub
from service.models import (
    CaseNote,
    Inbound,
    Message,
    OnCallContact,
    Participant,
    SafetyAlert,
)
from service.models.safety import CRISIS
from service.staff import limits, links
from service.tick import run_tick

BCC = "oncall@north.example.org\nBcc: thief@evil.example"


def test_a_line_break_in_an_on_call_email_is_refused_by_the_form(world, dash):
    dash.login(world["north_admin"])
    response = dash.post("/dashboard/on-call", {"name": "X", "email": BCC})
    assert response.status_code == 200
    assert OnCallContact.select().where(OnCallContact.name == "X").count() == 0
    with pytest.raises(oncall.ContactError):
        oncall.add_contact(world["north"], name="X", phone=None, email=BCC, now=None)


def test_a_stored_bad_email_never_stops_another_organisations_pages_or_sending(
    app, world, clock, sms, caplog
):
    # Stored before the check existed: north's contact holds a header injection.
    OnCallContact.create(organisation=world["north"], name="Bad", email=BCC)
    for org, person in ((world["north"], world["ana"]), (world["south"], world["south_one"])):
        alert = SafetyAlert.create(
            organisation=org, participant=person.participant, priority=CRISIS, reason="t"
        )
        oncall.start(alert, now=clock.now)
    queued = Message.create(
        participant=world["ben"].participant,
        organisation=world["north"],
        kind="reply",
        body="a reply waiting to go",
        send_after=clock.now.replace(tzinfo=None),
    )
    mailer = MemoryMailer()
    with caplog.at_level(logging.WARNING):
        summary = run_tick(clock.now, app.config, backend=sms, mailer=mailer)
    texted = [to for to, _ in sms.sent]
    assert "+447700900190" in texted and "+12125550190" in texted  # both organisations paged
    assert all("evil.example" not in to for to, _, _ in mailer.sent)
    assert summary["paged"]["failed"] >= 1
    assert type(queued).get_by_id(queued.id).state != "queued"  # the sending step ran
    with pytest.raises(MailError):
        mailer.send(BCC, "subject", "body")


def test_links_are_built_from_public_base_url_only(app, world, dash, other_dash):
    mailer = app.config["MAILER"] = MemoryMailer()
    user = world["north_staff"]
    app.config["PUBLIC_BASE_URL"] = ""
    # A forged Host sends no session cookie: the form's token cannot come along.
    app.config["WTF_CSRF_ENABLED"] = False
    page = other_dash.client.get("/dashboard/forgot").get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page)
    data = {"email": user.email, "csrf_token": token.group(1) if token else ""}
    other_dash.client.post("/dashboard/forgot", data=data, headers={"Host": "evil.example"})
    assert mailer.sent == []
    app.config["WTF_CSRF_ENABLED"] = True
    # An administrator's link is shown, never emailed, without it.
    dash.login(world["north_admin"])
    shown = dash.post(f"/dashboard/staff/{user.id}/reset-link").get_data(as_text=True)
    assert "PUBLIC_BASE_URL is not set" in shown and mailer.sent == []
    assert "evil.example" not in shown
    app.config["PUBLIC_BASE_URL"] = "https://kindly.example.org"
    app.config["FORGOT_ANSWER_SECONDS"] = 0
    app.config["WTF_CSRF_ENABLED"] = False
    other_dash.client.post("/dashboard/forgot", data=data, headers={"Host": "evil.example"})
    (_, _, body), *_ = mailer.sent
    assert "https://kindly.example.org/dashboard/welcome/" in body and "evil.example" not in body


def test_forgot_is_limited_per_email_and_never_touches_an_invitation(app, world, dash, clock):
    app.config["MAILER"] = mailer = MemoryMailer()
    app.config["FORGOT_ANSWER_SECONDS"] = 0
    invited, secret, _ = links.invite(
        email="new@north.example.org",
        name="New",
        role="staff",
        organisation=world["north"],
        now=clock.now,
    )
    for _ in range(20):
        data = {"email": invited.email, "csrf_token": dash.token("/dashboard/forgot")}
        assert dash.client.post("/dashboard/forgot", data=data).status_code == 200
    assert len(mailer.sent) == limits.FORGOT_PER_EMAIL
    assert links.find(secret, now=clock.now).purpose == "invite"  # still works


def test_forgot_answers_in_the_same_time_whether_or_not_the_email_exists(app, world, dash):
    import time

    app.config["MAILER"] = MemoryMailer()
    app.config["FORGOT_ANSWER_SECONDS"] = 0.1
    times = {}
    for email in (world["north_staff"].email, "nobody@nowhere.example.org"):
        data = {"email": email, "csrf_token": dash.token("/dashboard/forgot")}
        started = time.monotonic()
        dash.client.post("/dashboard/forgot", data=data)
        times[email] = time.monotonic() - started
    low, high = min(times.values()), max(times.values())
    assert low >= 0.1 and high - low < 0.05


def test_the_simulator_never_texts_as_a_number_the_session_names(app, world, dash, clock):
    real = world["ana"].participant
    dash.login(world["north_staff"])
    with dash.client.session_transaction() as session:
        session["sim_phone"] = real.phone
    dash.post("/dashboard/simulator", {"body": "STOP"}, token_from="/dashboard/simulator")
    assert not Participant.get_by_id(real.id).opted_out
    mine = Participant.get(Participant.test_owner == world["north_staff"])
    assert mine.is_test and Inbound.get(Inbound.participant == mine).body == "STOP"
    # Another staff member's simulator is another number.
    other = type(dash)(app.test_client())
    other.login(world["north_admin"])
    other.post("/dashboard/simulator", {"body": "hello"}, token_from="/dashboard/simulator")
    assert Participant.get(Participant.test_owner == world["north_admin"]).id != mine.id


@pytest.mark.parametrize("value", ["/dashboard/\r\nSet-Cookie: x=1", "/dashboard/\n"])
def test_a_line_break_in_next_or_back_is_400_before_any_write(world, dash, value):
    user = world["north_staff"]
    token = dash.token()
    response = dash.client.post(
        "/dashboard/login",
        query_string={"next": value},
        data={"email": user.email, "password": "a long kind passphrase", "csrf_token": token},
    )
    assert response.status_code == 400
    assert dash.get("/dashboard/").status_code == 302  # not signed in
    dash.login(user)
    person = world["ana"].participant_id
    response = dash.post(f"/dashboard/people/{person}/notes", {"body": "kept?", "back": value})
    assert response.status_code == 400
    assert CaseNote.select().count() == 0


@pytest.mark.parametrize(
    "path",
    [
        "/dashboard/inbox?launch=" + "9" * 20,
        "/dashboard/inbox?page=" + "9" * 20,
        "/dashboard/audit?page=" + "9" * 20,
        "/dashboard/programmes/{launch}/outcomes?compare=" + "9" * 20,
    ],
)
def test_twenty_digit_numbers_in_query_arguments_are_no_500(world, dash, path):
    dash.login(world["north_admin"])
    response = dash.get(path.format(launch=world["north_launch"].id))
    assert response.status_code in (200, 404)


def test_every_response_carries_the_security_headers_404s_included(client):
    for path in ("/nowhere", "/dashboard/nowhere", "/dashboard/login", "/healthz"):
        response = client.get(path)
        assert response.headers["X-Content-Type-Options"] == "nosniff", path
        assert response.headers["X-Frame-Options"] == "DENY", path
        assert "default-src 'self'" in response.headers["Content-Security-Policy"], path


@pytest.mark.parametrize(
    "key",
    ["0123456789" * 4, "please-change-me-to-something-random", "ab" * 32, "a" * 64],
)
def test_the_key_check_refuses_low_variety_keys(key):
    settings = {"SMS_BACKEND": "console", "PUBLIC_BASE_URL": "HTTPS://kindly.example.org"}
    assert config.is_production(settings)
    with pytest.raises(config.InsecureSettings):
        config.check_secret_key({**settings, "SECRET_KEY": key})


def test_a_random_key_passes_the_check():
    import secrets

    for _ in range(50):
        assert not config.secret_key_is_weak(secrets.token_hex(32))
        assert not config.secret_key_is_weak(secrets.token_urlsafe(48))


def test_link_tokens_never_reach_the_access_log():
    from gunicorn.config import Config

    logger = TokenSafeLogger(Config())
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/dashboard/welcome/s3cr3tT0ken-abc?x=1",
        "PATH_INFO": "/dashboard/welcome/s3cr3tT0ken-abc",
        "QUERY_STRING": "x=1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_REFERER": "https://kindly.example.org/dashboard/welcome/s3cr3tT0ken-abc",
    }

    class Resp:
        status, sent, headers = "200 OK", 10, []

    atoms = logger.atoms(Resp(), [], environ, timedelta(seconds=0))
    assert "s3cr3tT0ken" not in str(atoms)
    assert atoms["U"] == "/dashboard/welcome/…"
    assert scrub("GET /dashboard/welcome/abc HTTP/1.1") == "GET /dashboard/welcome/… HTTP/1.1"
    procfile = open("Procfile").read()
    assert "--logger-class service.gunicorn_log.TokenSafeLogger" in procfile


def test_plain_staff_cannot_download_the_outcomes_csv(world, dash):
    dash.login(world["north_staff"])
    launch = world["north_launch"].id
    assert dash.get(f"/dashboard/programmes/{launch}/outcomes.csv").status_code == 403
