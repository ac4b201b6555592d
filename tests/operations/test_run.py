"""`make run`'s launcher: the port is checked first, with a way out."""

import importlib.util
import socket
from pathlib import Path

RUN = Path(__file__).resolve().parents[2] / "scripts" / "run.py"


def load_run():
    spec = importlib.util.spec_from_file_location("kindly_run", RUN)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_busy_port_is_refused_before_anything_starts(capsys):
    run = load_run()
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        assert run.port_in_use("127.0.0.1", port)
        assert run.main(["--port", str(port)]) == 1
    err = capsys.readouterr().err
    assert f"Port {port}" in err and f"make run PORT={port + 1}" in err


def test_the_banner_says_where_the_dashboard_is_and_how_to_sign_up():
    text = load_run().banner("127.0.0.1", 5000)
    assert "http://127.0.0.1:5000/dashboard/" in text
    assert "staff create --org demo" in text and "tick --days" in text
