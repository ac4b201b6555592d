"""Secrets: a real deployment will not start on a guessable SECRET_KEY, and the
session cookie names a random server-side token, so even the key cannot forge one."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from service import create_app
from service.config import InsecureSettings
from service.models.staff import StaffSession
from tests.conftest import SECRET_KEY

ROOT = Path(__file__).resolve().parents[2]
WEAK = ["", "dev-only-not-secret", "change-me", "x" * 64, "ab" * 32, SECRET_KEY[:32]]


def settings(tmp_path, **overrides):
    base = {
        "DATABASE_URL": f"sqlite:///{tmp_path}/x.db",
        "PUBLIC_BASE_URL": "",
        "SMS_BACKEND": "console",
    }
    return {**base, **overrides}


@pytest.mark.parametrize("key", WEAK)
@pytest.mark.parametrize(
    "deployment",
    [{"SMS_BACKEND": "twilio"}, {"PUBLIC_BASE_URL": "https://kindly.example.org"}],
)
def test_a_real_deployment_refuses_a_missing_or_weak_key(tmp_path, key, deployment):
    with pytest.raises(InsecureSettings, match="SECRET_KEY") as refused:
        create_app(settings(tmp_path, SECRET_KEY=key, **deployment))
    assert "secrets.token_hex(32)" in str(refused.value)


def test_a_real_deployment_starts_with_32_random_bytes(tmp_path):
    app = create_app(settings(tmp_path, SECRET_KEY=SECRET_KEY, SMS_BACKEND="twilio"))
    assert app.config["SECRET_KEY"] == SECRET_KEY


def test_development_runs_without_a_key(tmp_path, monkeypatch):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    app = create_app({"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "PUBLIC_BASE_URL": ""})
    assert app.config["SECRET_KEY"]


def process_env(tmp_path, **extra):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TWILIO_", "SECRET_KEY"))}
    return {**env, "DATABASE_URL": f"sqlite:///{tmp_path}/x.db", **extra}


def test_gunicorn_refuses_to_start_without_a_key_and_says_why(tmp_path):
    env = process_env(tmp_path, PUBLIC_BASE_URL="https://kindly.example.org")
    gunicorn = Path(sys.executable).parent / "gunicorn"
    done = subprocess.run(
        [str(gunicorn), "--workers", "1", "--bind", "127.0.0.1:0", "service:create_app()"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "SECRET_KEY is not set" in done.stderr + done.stdout


def test_the_clock_refuses_to_start_without_a_key_and_says_why(tmp_path):
    env = process_env(tmp_path, SMS_BACKEND="twilio")
    done = subprocess.run(
        [sys.executable, "-m", "service.clock"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode != 0
    assert "clock not started: SECRET_KEY is not set" in done.stderr


def cookie_session(app, client):
    """The signed session cookie's contents, read with the app's key."""
    serializer = app.session_interface.get_signing_serializer(app)
    return serializer.loads(client.get_cookie("session").value)


def test_each_sign_in_gets_a_random_session_id_kept_only_as_a_hash(app, people, dash, other_dash):
    user = people["north_staff"]
    dash.login(user)
    other_dash.login(user)
    first = cookie_session(app, dash.client)["_user_id"]
    second = cookie_session(app, other_dash.client)["_user_id"]
    assert first != second and len(first) >= 40
    assert first not in (str(user.id), f"{user.id}:{user.session_version}")
    hashes = {s.token_hash for s in StaffSession.select()}
    assert len(hashes) == 2 and first not in hashes and second not in hashes


@pytest.mark.parametrize("forged", ["{id}", "{id}:1", "{id}:2", "1", "1:1"])
def test_a_cookie_signed_with_the_real_key_but_made_up_opens_nothing(app, people, forged):
    admin = people["north_admin"]
    client = app.test_client()
    serializer = app.session_interface.get_signing_serializer(app)
    value = serializer.dumps({"_user_id": forged.format(id=admin.id), "_fresh": True})
    client.set_cookie("session", value)
    assert client.get("/dashboard/").status_code == 302


def test_signing_out_ends_the_session_server_side(app, people, dash):
    dash.login(people["north_staff"])
    stolen = dash.client.get_cookie("session").value
    assert StaffSession.select().count() == 1
    dash.post("/dashboard/logout")
    assert StaffSession.select().count() == 0
    thief = app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/dashboard/").status_code == 302
