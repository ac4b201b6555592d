"""`make run`: the web app and the clock together on this machine, stopped by Ctrl-C.

In order: check the port is free (and say how to pick another), migrate and
seed the demo, start the clock and the web app, say where the dashboard is
and how to make the first account. Ctrl-C (or SIGTERM) stops both and exits
0. Each child runs in its own session, so the terminal's Ctrl-C reaches only
this script, which then ends them in order; a child that dies on its own
stops the other and the run ends with its exit code.

In a terminal this script also becomes the terminal's foreground job for
the run: otherwise make, which shares our process group, would take the
Ctrl-C too and report "Interrupt" (exit 130) for a stop that was asked for.
"""

import argparse
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
FLASK = [str(BIN / "flask"), "--app", "service"]


def port_in_use(host, port):
    """True when something already listens on host:port."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError:
            return True
    return False


def wait_listening(host, port, child, seconds=30):
    """Wait until host:port accepts connections; False if the child died first."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if child.poll() is not None:
            return False
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return True
        except OSError:
            time.sleep(0.2)
    return False


def banner(host, port):
    """What to do next, printed once both processes are up."""
    flask = ".venv/bin/flask --app service"
    every = os.environ.get("TICK_SECONDS", "30")
    return f"""
Kindly is running: web on http://{host}:{port}, clock every {every} s,
console SMS backend (texts the service sends print below as [sms to ...] lines).

Dashboard: http://{host}:{port}/dashboard/ . Make the first account (from another terminal):
  {flask} staff create --org demo --email you@example.org --role admin

Text it as any phone number:
  {flask} simulate +12125550123 KIND
  {flask} simulate +12125550123 YES
  {flask} simulate +12125550123 "7:30pm"
Let days go by without waiting:
  {flask} tick --days 2

Ctrl-C stops both.
"""


def stop(children, seconds=10):
    """SIGTERM each child still running, then SIGKILL any that has not gone."""
    for child in children:
        if child.poll() is None:
            os.killpg(child.pid, signal.SIGTERM)
    deadline = time.monotonic() + seconds
    for child in children:
        try:
            child.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            os.killpg(child.pid, signal.SIGKILL)
            child.wait()


def take_terminal():
    """Become the terminal's foreground job; returns how to give it back (or None)."""
    try:
        if not os.isatty(0) or os.tcgetpgrp(0) != os.getpgrp():
            return None
        before = os.getpgrp()
        os.setpgid(0, 0)
        signal.signal(signal.SIGTTOU, signal.SIG_IGN)  # a background group may not set it
        os.tcsetpgrp(0, os.getpgrp())
    except OSError:
        return None

    def give_back():
        try:
            os.tcsetpgrp(0, before)
        except OSError:
            pass

    return give_back


class Stop(Exception):
    """Ctrl-C or SIGTERM arrived."""


def _raise_stop(signum, frame):
    raise Stop()


def main(argv=None):
    """Run web and clock until Ctrl-C; exit 0 on a requested stop."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=5000)
    parser.add_argument("--check-port", action="store_true", help="Only check the port is free.")
    args = parser.parse_args(argv)

    if port_in_use(args.host, args.port):
        print(
            f"Port {args.port} on {args.host} is already in use (another `make run`?).\n"
            f"Stop that, or pick another port: make run PORT={args.port + 1}",
            file=sys.stderr,
        )
        return 1
    if args.check_port:
        return 0
    env = {**os.environ, "SMS_BACKEND": "console", "PYTHONUNBUFFERED": "1"}
    for command in (["init-db"], ["seed-demo"]):
        subprocess.run(FLASK + command, cwd=ROOT, env=env, check=True, stdout=subprocess.DEVNULL)

    signal.signal(signal.SIGINT, _raise_stop)
    signal.signal(signal.SIGTERM, _raise_stop)
    give_back = take_terminal()
    try:
        return supervise(args, env)
    finally:
        if give_back:
            give_back()


def supervise(args, env):
    """Start the clock and the web app, wait for a stop or a death, stop both."""
    children = []
    try:
        children.append(
            subprocess.Popen(
                [sys.executable, "-m", "service.clock"], cwd=ROOT, env=env, start_new_session=True
            )
        )
        web = subprocess.Popen(
            FLASK + ["run", "--host", args.host, "--port", str(args.port)],
            cwd=ROOT,
            env=env,
            start_new_session=True,
        )
        children.append(web)
        if not wait_listening(args.host, args.port, web):
            print("The web app did not start; see its output above.", file=sys.stderr)
            stop(children)
            return 1
        print(banner(args.host, args.port), flush=True)
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        died = next(child for child in children if child.poll() is not None)
        print(f"{' '.join(died.args[-3:])} stopped (exit {died.returncode}); stopping the rest.")
        stop(children)
        return died.returncode or 1
    except Stop:
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        signal.signal(signal.SIGTERM, signal.SIG_IGN)
        print("\nStopping the web app and the clock...", flush=True)
        stop(children)
        print("Stopped.")
        return 0


if __name__ == "__main__":
    sys.exit(main())
