"""A tiny local stand-in for Twilio's Messages API, for the benchmark and tests.

POST /2010-04-01/Accounts/{sid}/Messages.json answers 201 with a Message
resource after `delay` seconds, or with the next scripted (status, json)
response. Like Twilio, it holds the message from the moment the request
arrives, before it answers: GET .../Messages.json lists them (filtered by To,
From and DateSent>, newest first, as Twilio's Messages list does) and GET
.../Messages/{MessageSid}.json fetches one. It records when each request
arrived, so a caller can check the rate it was really sent at; GET
/_mock/sent lists every message taken (to, body, sid), for a bench counting
lost and duplicated texts. Run it alone with `python -m bench.mock_twilio`.
"""

import argparse
import json
import re
import socket
import threading
import time
import uuid
from datetime import UTC, datetime
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

# For a benchmark running the mock in another process: when each POST arrived
# (time.monotonic(), which Linux shares across processes).
ARRIVALS_PATH = "/_mock/arrivals"
SENT_PATH = "/_mock/sent"
MESSAGES_PATH = re.compile(r"^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Messages\.json$")
MESSAGE_PATH = re.compile(
    r"^/2010-04-01/Accounts/(AC[0-9a-fA-F]{32})/Messages/(SM[0-9a-f]{32})\.json$"
)


class _Handler(BaseHTTPRequestHandler):
    # HTTP/1.1 keeps connections open, as Twilio's API does.
    protocol_version = "HTTP/1.1"
    # Headers and body go out as two writes; with Nagle on, the second waits
    # for the client's delayed ACK (~40 ms) and the mock looks slower than asked.
    disable_nagle_algorithm = True

    def do_GET(self):  # noqa: N802 (the name http.server calls)
        mock = self.server.mock
        url = urlsplit(self.path)
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if url.path == ARRIVALS_PATH:
            self._answer(200, {"arrivals": mock.arrivals()})
        elif url.path == SENT_PATH:
            self._answer(200, {"sent": mock.taken()})
        elif MESSAGES_PATH.match(url.path):
            mock.lookups.append((time.monotonic(), url.path, query))
            self._answer(200, _page(url.path, mock.listed(query)))
        elif (match := MESSAGE_PATH.match(url.path)) and mock.message(match.group(2)):
            self._answer(200, mock.message(match.group(2)))
        else:
            self._answer(404, {"code": 20404, "message": "not found", "status": 404})

    def do_POST(self):  # noqa: N802
        mock = self.server.mock
        arrived = time.monotonic()
        length = int(self.headers.get("Content-Length") or 0)
        data = self.rfile.read(length)
        if len(data) < length:
            # The client died mid-request: Twilio would create nothing.
            self.close_connection = True
            return
        form = {k: v[0] for k, v in parse_qs(data.decode()).items()}
        match = MESSAGES_PATH.match(self.path)
        mock.record(arrived, self.path, form)
        scripted = mock.next_scripted()
        if scripted is not None:
            status, payload = scripted
        elif match is None:
            status, payload = 404, {"code": 20404, "message": "not found", "status": 404}
        else:
            # Held from now on, as Twilio holds a message once it has the request.
            status, payload = 201, mock.take(_message_resource(match.group(1), form))
        if mock.delay:
            time.sleep(mock.delay)
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


def _page(path, messages):
    return {
        "messages": messages,
        "page": 0,
        "page_size": len(messages),
        "start": 0,
        "end": max(0, len(messages) - 1),
        "uri": path,
        "first_page_uri": path,
        "next_page_uri": None,
        "previous_page_uri": None,
    }


def _sent_after(value):
    """The lower bound of a DateSent> filter: an ISO or RFC 2822 time, or a date."""
    value = value.lstrip(">=")
    for parse in (datetime.fromisoformat, parsedate_to_datetime):
        try:
            when = parse(value.replace("Z", "+00:00"))
        except (ValueError, TypeError):
            continue
        return when if when.tzinfo else when.replace(tzinfo=UTC)
    return None


def _message_resource(account_sid, form):
    sid = "SM" + uuid.uuid4().hex
    created = format_datetime(datetime.now(UTC), usegmt=True)
    return {
        "account_sid": account_sid,
        "api_version": "2010-04-01",
        "body": form.get("Body", ""),
        "date_created": created,
        "date_sent": created,
        "date_updated": created,
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


class _Server(ThreadingHTTPServer):
    def handle_error(self, request, client_address):
        """Clients killed mid-request (the chaos bench) are expected: say nothing."""


class MockTwilio:
    """The server, run in a background thread; use as a context manager."""

    def __init__(self, delay=0.1, host="127.0.0.1", port=0):
        self.delay = delay
        self.requests = []  # (monotonic arrival time, path, form fields)
        self.messages = {}  # sid -> Message resource, in the order taken
        self.lookups = []  # (monotonic time, path, query) of each list request
        self._scripted = []
        self._lock = threading.Lock()
        self._server = _Server((host, port), _Handler)
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

    def take(self, resource):
        """Hold a created message (it shows in the list from now on); return it."""
        with self._lock:
            self.messages[resource["sid"]] = resource
        return resource

    def message(self, sid):
        """The message with this sid, or None."""
        with self._lock:
            return self.messages.get(sid)

    def listed(self, query):
        """Messages matching a list request's To, From and DateSent> filters, newest first."""
        after = _sent_after(query["DateSent>"]) if "DateSent>" in query else None
        with self._lock:
            held = list(self.messages.values())
        found = []
        for m in reversed(held):
            if "To" in query and m["to"] != query["To"]:
                continue
            if "From" in query and m["from"] != query["From"]:
                continue
            # Twilio compares the date part only.
            if after and parsedate_to_datetime(m["date_sent"]).date() < after.date():
                continue
            found.append(m)
        return found

    def taken(self):
        """Every message taken, oldest first, as (to, body, sid)."""
        with self._lock:
            return [(m["to"], m["body"], m["sid"]) for m in self.messages.values()]

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
