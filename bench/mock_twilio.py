"""A tiny local stand-in for Twilio's Messages API, for the benchmark and tests.

POST /2010-04-01/Accounts/{sid}/Messages.json answers 201 with a Message
resource after `delay` seconds, or with the next scripted (status, json)
response. It records when each request arrived, so a caller can check the
rate it was really sent at. Run it alone with `python -m bench.mock_twilio`.
"""

import argparse
import json
import re
import socket
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

# For a benchmark running the mock in another process: when each POST arrived
# (time.monotonic(), which Linux shares across processes).
ARRIVALS_PATH = "/_mock/arrivals"
MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Messages\.json$")


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections open, as Twilio's API does.
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; with Nagle on, the second waits
    # for the client's delayed ACK (~40 ms) and the mock looks slower than asked.
    disable_nagle_algorithm = True

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        if self.path != ARRIVALS_PATH:
            self._answer(404, {"code": 20404, "message": "not found", "status": 404})
            return
        self._answer(200, {"arrivals": self.server.mock.arrivals()})

    def do_POST(self):  # noqa: N802
        mock = self.server.mock
        arrived = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
        match = MESSAGES_PATH.match(self.path)
        mock.record(arrived, self.path, form)
        if mock.delay:
            time.sleep(mock.delay)
        scripted = mock.next_scripted()
        if scripted is not None:
            status, payload = scripted
        elif match is None:
            status, payload = 404, {"code": 20404, "message": "not found", "status": 404}
        else:
            status, payload = 201, _message_resource(match.group(1), form)
        self._answer(status, payload)

    def _answer(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, format, *args):
        pass  # request lines carry phone numbers; and the bench wants quiet


def _message_resource(account_sid, form):
    sid = "SM" + uuid.uuid4().hex
    return {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        "body": form.get("Body", ""),
        "direction": "outbound-api",
        "error_code": None,
        "error_message": None,
        "from": form.get("From"),
        "messaging_service_sid": form.get("MessagingServiceSid"),
        "num_segments": "1",
        "sid": sid,
        "status": "queued" if "From" in form else "accepted",
        "to": form.get("To"),
        "uri": f"/2010-04-01/Accounts/{account_sid}/Messages/{sid}.json",
    }


class MockTwilio:
    """The server, run in a background thread; use as a context manager."""

    def __init__(self, delay=0.1, host="127.0.0.1", port=0):
        self.delay = delay
        self.requests = []  # (monotonic arrival time, path, form fields)
        self._scripted = []
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer((host, port), _Handler)
        self._server.daemon_threads = True
        self._server.request_queue_size = 128
        self._server.mock = self
        self._thread = None

    @property
    def url(self):
        """Base URL to give TwilioBackend(api_base_url=...)."""
        host, port = self._server.server_address[:2]
        return f"http://{host}:{port}"

    def script(self, status, payload, times=1):
        """Answer the next `times` requests with this status and JSON body."""
        with self._lock:
            self._scripted.extend([(status, payload)] * times)

    def next_scripted(self):
        """The next scripted answer, or None to answer normally."""
        with self._lock:
            return self._scripted.pop(0) if self._scripted else None

    def record(self, arrived, path, form):
        """Remember one request."""
        with self._lock:
            self.requests.append((arrived, path, form))

    def arrivals(self):
        """When each request arrived, in time.monotonic() seconds."""
        with self._lock:
            return [arrived for arrived, _, _ in self.requests]

    def start(self):
        """Serve in a background thread."""
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()
        return self

    def stop(self):
        """Stop serving and free the port."""
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()


def free_port():
    """A TCP port on 127.0.0.1 that nobody is listening on."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def main():
    """Serve until interrupted."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=4020)
    parser.add_argument("--delay", type=float, default=0.1, help="seconds before answering")
    args = parser.parse_args()
    with MockTwilio(delay=args.delay, port=args.port) as mock:
        print(f"mock Twilio on {mock.url} (delay {args.delay}s); Ctrl-C stops it")
        try:
            threading.Event().wait()
        except KeyboardInterrupt:
            pass


if __name__ == "__main__":
    main()
