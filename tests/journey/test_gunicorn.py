"""The web process for real: gunicorn with two workers on the app factory."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from service.models import Inbound
from tests.conftest import (
    AUTH_TOKEN,
    PUBLIC_BASE_URL,
    SECRET_KEY,
    SERVICE_NUMBER,
    new_sid,
    sign,
    twiml_bodies,
)

ROOT = Path(__file__).resolve().parents[2]


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def gunicorn(app, demo):
    """A real gunicorn serving the app on the test database; yields its base URL."""
    port = free_port()
    env = {
        **os.environ,
        "DATABASE_URL": app.config["DATABASE_URL"],
        "TWILIO_AUTH_TOKEN": AUTH_TOKEN,
        "PUBLIC_BASE_URL": PUBLIC_BASE_URL,
        "SMS_BACKEND": "console",
        "SECRET_KEY": SECRET_KEY,
    }
    gunicorn_bin = Path(sys.executable).parent / "gunicorn"
    server = subprocess.Popen(
        [
            str(gunicorn_bin),
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{port}",
            "service:create_app()",
        ],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    deadline = time.time() + 30
    while True:
        try:
            urllib.request.urlopen(base + "/healthz", timeout=1)
            break
        except OSError:
            if time.time() > deadline or server.poll() is not None:
                server.kill()
                raise AssertionError(server.stdout.read().decode()) from None
            time.sleep(0.2)
    yield base
    server.send_signal(signal.SIGTERM)
    server.wait(timeout=20)


def post(url, params, signature):
    request = urllib.request.Request(
        url,
        data=urllib.parse.urlencode(params).encode(),
        headers={"X-Twilio-Signature": signature},
    )
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def test_gunicorn_answers_a_signed_text_and_refuses_an_unsigned_one(gunicorn):
    params = {"From": "+12125550123", "To": SERVICE_NUMBER, "Body": "KIND", "MessageSid": new_sid()}
    status, body = post(
        gunicorn + "/twilio/sms", params, sign(PUBLIC_BASE_URL + "/twilio/sms", params)
    )
    assert status == 200
    replies = twiml_bodies(body)
    assert len(replies) == 1 and "Demo Community" in replies[0]

    other = {**params, "MessageSid": new_sid()}
    status, _ = post(gunicorn + "/twilio/sms", other, "not-a-signature")
    assert status == 403
    assert Inbound.select().count() == 1
