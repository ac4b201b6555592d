"""Builders and fixtures for the sending tests: rows, backends, Prism, a mock API."""

import os
import shutil
import signal
import socket
import subprocess
import time
from pathlib import Path

import pytest

from bench.mock_twilio import MockTwilio, free_port

from .sending_support import Builder

REPO = Path(__file__).resolve().parents[2]
PRISM = REPO / "node_modules" / ".bin" / "prism"
# Twilio's OpenAPI description of its REST API, kept in the project's shared/
# folder beside the clone (from the public twilio/twilio-oai repository).
TWILIO_SPEC = Path(
    os.environ.get("TWILIO_SPEC") or REPO.parent / "shared" / "twilio" / "twilio_api_v2010.json"
)


@pytest.fixture
def build(app):
    """Row builder on the test database."""
    return Builder()


@pytest.fixture
def mock_api():
    """The local mock Twilio Messages API, answering at once."""
    with MockTwilio(delay=0) as mock:
        yield mock


def _listening(port):
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.5):
            return True
    except OSError:
        return False


@pytest.fixture(scope="session")
def prism(tmp_path_factory):
    """Base URL of Prism serving Twilio's own OpenAPI contract.

    Skipped when node, Prism or the spec is missing, except under CI, where
    that is a failure: the contract tests must not pass by not running.
    """
    missing = []
    if not shutil.which("node"):
        missing.append("node and npm (apt-get install --no-install-recommends npm)")
    elif not PRISM.exists():
        missing.append(f"{PRISM.relative_to(REPO)} (make node)")
    if not TWILIO_SPEC.exists():
        missing.append(f"Twilio's API description at {TWILIO_SPEC} (or set TWILIO_SPEC)")
    if missing:
        reason = "Twilio contract tests need " + "; ".join(missing)
        if os.environ.get("CI"):
            pytest.fail(reason)
        pytest.skip(reason)
    port = free_port()
    log_path = tmp_path_factory.mktemp("prism") / "prism.log"
    with open(log_path, "wb") as log:
        proc = subprocess.Popen(
            [str(PRISM), "mock", "-p", str(port), str(TWILIO_SPEC)],
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        deadline = time.monotonic() + 90  # loading the 2010 spec takes a few seconds
        while not _listening(port):
            if proc.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"Prism did not start; see {log_path}")
            time.sleep(0.2)
        yield f"http://127.0.0.1:{port}"
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
