"""The one seam to the outside world: how a text leaves the building.

The dispatcher calls `backend.send(to, body, status_callback=...)` and gets a
SendResult or a SendError; nothing else in the service talks to Twilio. After
a crash it asks `backend.sent_to(to, since)` what the provider holds for a
number (Twilio's Messages list filtered by To, From and DateSent), and
`backend.fetch(sid)` about a delivery report for a sid it never saved.
Every backend answers all three, so tests and `make run` take the same paths.
`backend.sender` names whose sending rate the dispatchers share.

Privacy goes through the same seam: `backend.delete(sid)` removes a text from
the provider's message log (erasure), `backend.redact(sid)` blanks its body and
keeps its metadata (retention), and `backend.held_for(number)` lists the sids
the provider holds to or from a number (replies sent as TwiML have no sid of ours).
Each answers "deleted"/"redacted", "absent" (the provider has no such text) or
"failed: ..." (try again later); none raises.
"""

import json
import re
import sys
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urlsplit, urlunsplit

import requests
from twilio.base.exceptions import (
    TwilioException,
    TwilioRestException,
    TwilioServiceException,
)
from twilio.http.http_client import TwilioHttpClient
from twilio.rest import Client

from ..phones import mask

# Twilio error codes that no retry can fix: the number is invalid, cannot take
# SMS, cannot be routed from our sender, or has unsubscribed (21610).
# https://www.twilio.com/docs/api/errors
PERMANENT_CODES = frozenset(
    {
        21211,  # invalid 'To' number
        21214,  # 'To' number cannot be reached
        21217,  # number does not appear to be valid
        21401,  # invalid phone number
        21407,  # number type does not support SMS
        21408,  # no permission to send to this region
        21606,  # 'From' number cannot send SMS
        21610,  # recipient unsubscribed (texted STOP to our sender)
        21612,  # 'To' and 'From' cannot be connected
        21614,  # 'To' is not a mobile number
        21635,  # 'To' is a landline
    }
)
# Carrier errors (30003-30008) arrive later in status callbacks, where there
# is nothing to retry; status.py only records them.
UNSUBSCRIBED = 21610
TOO_MANY_REQUESTS = 20429

# Seconds to wait for Twilio before treating a send as a transient failure;
# the SDK's own default is to wait for ever.
DEFAULT_TIMEOUT = 10.0

_DIGITS = re.compile(r"\+?\d[\d\s().-]{5,}\d")


def scrub(text):
    """Text with every phone-number-like run masked to its last 4 digits."""
    return _DIGITS.sub(lambda m: "••• " + re.sub(r"\D", "", m.group())[-4:], text or "")


@dataclass
class SendResult:
    """What the provider said when it took a text: its id and first status."""

    sid: str | None
    status: str


@dataclass
class Record:
    """A text the provider holds: its sid, recipient, body, first status and creation (UTC)."""

    sid: str
    to: str
    body: str
    status: str
    created_at: datetime  # naive UTC


class SendError(Exception):
    """A text the provider did not take; `permanent` says whether to retry.

    `uncertain` means the request may have reached the provider all the same
    (the connection broke or timed out after it was written): the dispatcher
    then asks the provider before sending again.
    """

    def __init__(self, message, *, code=None, http_status=None, permanent=False, uncertain=False):
        super().__init__(message)
        self.message = message
        self.code = code
        self.http_status = http_status
        self.permanent = permanent
        self.uncertain = uncertain

    def __repr__(self):
        return (
            f"SendError({self.message!r}, code={self.code}, http_status={self.http_status}, "
            f"permanent={self.permanent}, uncertain={self.uncertain})"
        )


class LookupFailed(Exception):
    """The provider could not be asked what it holds (try again later)."""


def _naive_utc(when):
    if when is None:
        return datetime.now(UTC).replace(tzinfo=None)
    if when.tzinfo is not None:
        when = when.astimezone(UTC).replace(tzinfo=None)
    return when


class _Ledger:
    """What a local backend has taken, answered the way Twilio's Messages list is."""

    def __init__(self):
        self._records = {}  # sid -> Record
        self._ledger_lock = threading.Lock()
        self.deleted = []  # sids asked to be deleted, in order (privacy)
        self.redacted = []  # sids asked to be redacted

    def _keep(self, sid, to, body, status):
        with self._ledger_lock:
            self._records[sid] = Record(sid, to, body, status, _naive_utc(None))

    def sent_to(self, to, since) -> list[Record]:
        """Texts taken for `to` created at or after `since` (naive or aware UTC)."""
        since = _naive_utc(since)
        with self._ledger_lock:
            return [r for r in self._records.values() if r.to == to and r.created_at >= since]

    def fetch(self, sid) -> Record | None:
        """The text with this sid, or None."""
        with self._ledger_lock:
            return self._records.get(sid)

    def delete(self, sid) -> str:
        """Forget the text with this sid: "deleted", or "absent" when there is none."""
        with self._ledger_lock:
            self.deleted.append(sid)
            return "deleted" if self._records.pop(sid, None) else "absent"

    def redact(self, sid) -> str:
        """Blank the body of the text with this sid: "redacted", or "absent"."""
        with self._ledger_lock:
            self.redacted.append(sid)
            record = self._records.get(sid)
            if record is None:
                return "absent"
            record.body = ""
            return "redacted"

    def held_for(self, number) -> list[str]:
        """Sids of the texts held to `number` (a local backend never sees inbound texts)."""
        with self._ledger_lock:
            return [r.sid for r in self._records.values() if r.to == number]


def is_permanent(code, http_status):
    """True when a failure with this Twilio code and HTTP status will not heal."""
    if http_status == 429 or code == TOO_MANY_REQUESTS:
        return False
    # A wrong or rotated auth token is our fault, not the recipient's: retry
    # (with backoff) rather than fail every due text for good in one pass.
    if http_status in (401, 403):
        return False
    if code in PERMANENT_CODES:
        return True
    return http_status is not None and 400 <= http_status < 500


class ConsoleBackend(_Ledger):
    """Prints each text to stdout, for people running Kindly on their machine.

    It remembers what it printed for as long as the process lives, so a
    crash of the process forgets it (as if Twilio had lost the message).
    """

    sender = "console"

    def __init__(self, stream=None):
        super().__init__()
        self.stream = stream

    def send(self, to, body, *, status_callback=None) -> SendResult:
        """Print one masked line for the text and return a fake sid."""
        print(f"[sms to {mask(to)}] {body}", file=self.stream or sys.stdout, flush=True)
        sid = "SMconsole" + uuid.uuid4().hex[:25]
        self._keep(sid, to, body, "sent")
        return SendResult(sid=sid, status="sent")


class MemoryBackend(_Ledger):
    """Keeps texts in a list, for tests; can be primed to fail."""

    sender = "memory"

    def __init__(self):
        super().__init__()
        self.sent = []  # (to, body), in the order they were taken
        self._failures = []  # [error, times left, only this number or None]
        self._lock = threading.Lock()

    def fail_next(self, error, times=1, *, to=None):
        """Raise `error` for the next `times` sends (to `to` only, if given)."""
        with self._lock:
            self._failures.append([error, times, to])

    def send(self, to, body, *, status_callback=None) -> SendResult:
        """Record the text, or raise the next primed error."""
        with self._lock:
            for failure in self._failures:
                error, _, only_to = failure
                if only_to is None or only_to == to:
                    failure[1] -= 1
                    if failure[1] <= 0:
                        self._failures.remove(failure)
                    raise error
            self.sent.append((to, body))
            sid = "SMmemory" + uuid.uuid4().hex[:26]
            self._keep(sid, to, body, "queued")
            return SendResult(sid=sid, status="queued")


class RebasedHttpClient(TwilioHttpClient):
    """Twilio's HTTP client, sending every call to another base URL if given.

    Used to point the real SDK at a local contract mock (Prism) or a bench
    server. Also keeps the body of the last error response, because the SDK's
    exception drops what a 422 from Prism says was wrong with our request.
    """

    def __init__(self, api_base_url=None, **kwargs):
        super().__init__(**kwargs)
        self.base = urlsplit(api_base_url) if api_base_url else None
        self.last_error_body = None

    def request(self, method, url, *args, **kwargs):
        """Make the request against the rebased URL; remember any error body."""
        if self.base is not None:
            parts = urlsplit(url)
            url = urlunsplit(
                (self.base.scheme, self.base.netloc, parts.path, parts.query, parts.fragment)
            )
        self.last_error_body = None
        response = super().request(method, url, *args, **kwargs)
        if response.status_code >= 400:
            self.last_error_body = response.text
        return response


def _problem_details(body):
    """The violations in an error body (Prism's `validation`), as one line."""
    try:
        payload = json.loads(body or "")
    except ValueError:
        return ""
    if not isinstance(payload, dict):
        return ""
    # Prism lists `validation` (location, message); RFC 9457 errors list `errors` (pointer, detail).
    problems = [
        f"{'.'.join(map(str, v.get('location', [])))}: {v.get('message', '')}"
        for v in payload.get("validation") or []
        if isinstance(v, dict)
    ] + [
        f"{v.get('pointer', '')}: {v.get('detail', '')}"
        for v in payload.get("errors") or []
        if isinstance(v, dict)
    ]
    if problems:
        return "; ".join(problems)
    return payload.get("message") or payload.get("detail") or ""


class TwilioBackend:
    """Sends through Twilio's REST API with the official SDK."""

    def __init__(
        self,
        account_sid,
        auth_token,
        *,
        from_number=None,
        messaging_service_sid=None,
        api_base_url=None,
        status_callback=None,
        timeout=DEFAULT_TIMEOUT,
    ):
        if not (from_number or messaging_service_sid):
            raise ValueError("TwilioBackend needs from_number or messaging_service_sid")
        self.account_sid = account_sid
        self.auth_token = auth_token
        self.from_number = from_number
        self.messaging_service_sid = messaging_service_sid
        self.api_base_url = api_base_url or None
        self.status_callback = status_callback
        self.timeout = timeout
        self.sender = messaging_service_sid or from_number
        # One client (one HTTP session) per thread: connections are reused,
        # and requests.Session is not promised to be thread-safe.
        self._local = threading.local()

    def prepare(self):
        """Build this thread's client now (the dispatcher does so before a send's moment)."""
        self._client()

    def _client(self):
        client = getattr(self._local, "client", None)
        if client is None:
            http = RebasedHttpClient(self.api_base_url, timeout=self.timeout)
            client = Client(self.account_sid, self.auth_token, http_client=http)
            self._local.client = client
        return client

    def send(self, to, body, *, status_callback=None) -> SendResult:
        """Create the Message at Twilio; SendError if Twilio or the network says no."""
        client = self._client()
        params = {"to": to, "body": body}
        if self.messaging_service_sid:
            params["messaging_service_sid"] = self.messaging_service_sid
        else:
            params["from_"] = self.from_number
        callback = status_callback or self.status_callback
        if callback:
            params["status_callback"] = callback
        try:
            message = client.messages.create(**params)
        except (TwilioRestException, TwilioServiceException) as exc:
            raise _rest_error(exc, client.http_client.last_error_body) from None
        except requests.RequestException as exc:
            raise SendError(
                f"network: {type(exc).__name__}",
                http_status=None,
                permanent=False,
                uncertain=not _never_connected(exc),
            ) from None
        except TwilioException as exc:
            raise SendError(f"twilio: {scrub(str(exc))}", permanent=False) from None
        return SendResult(sid=message.sid, status=message.status or "queued")

    def incoming_webhook(self):
        """The URL Twilio posts incoming texts to (the one it signs), as set in its console.

        For a number: its "A message comes in" URL. For a Messaging Service:
        the service's incoming webhook. SendError if Twilio cannot be asked.
        """
        client = self._client()
        try:
            if self.messaging_service_sid:
                service = client.messaging.v1.services(self.messaging_service_sid).fetch()
                return service.inbound_request_url
            numbers = client.incoming_phone_numbers.list(phone_number=self.from_number, limit=1)
        except (TwilioRestException, TwilioServiceException) as exc:
            raise _rest_error(exc, client.http_client.last_error_body) from None
        except requests.RequestException as exc:
            raise SendError(f"network: {type(exc).__name__}", permanent=False) from None
        if not numbers:
            raise SendError(f"{self.from_number} is not a number on this Twilio account")
        return numbers[0].sms_url

    def sent_to(self, to, since) -> list[Record]:
        """Texts Twilio holds from our sender to `to`, created at or after `since`.

        Twilio's Messages list, filtered by To, From (when we send from a
        number) and DateSent; Twilio compares dates, so the creation time is
        checked here. LookupFailed when Twilio cannot be asked.
        """
        since = _naive_utc(since)
        params = {"to": to, "date_sent_after": since.replace(tzinfo=UTC), "limit": 200}
        if self.from_number and not self.messaging_service_sid:
            params["from_"] = self.from_number
        try:
            found = self._client().messages.list(**params)
        except (TwilioException, requests.RequestException) as exc:
            raise LookupFailed(f"listing messages failed: {type(exc).__name__}") from None
        records = []
        for m in found:
            if self.messaging_service_sid and m.messaging_service_sid != self.messaging_service_sid:
                continue
            created = _naive_utc(m.date_created) if m.date_created else None
            if created is not None and created < since:
                continue
            records.append(Record(m.sid, m.to, m.body or "", m.status or "", created))
        return records

    def fetch(self, sid) -> Record | None:
        """The message with this sid at Twilio, or None when Twilio has none."""
        try:
            m = self._client().messages(sid).fetch()
        except TwilioRestException as exc:
            if exc.status == 404:
                return None
            raise LookupFailed(f"fetching a message failed: HTTP {exc.status}") from None
        except (TwilioException, requests.RequestException) as exc:
            raise LookupFailed(f"fetching a message failed: {type(exc).__name__}") from None
        created = _naive_utc(m.date_created) if m.date_created else None
        return Record(m.sid, m.to, m.body or "", m.status or "", created)

    def delete(self, sid) -> str:
        """DELETE the Message from Twilio's log (204): "deleted", "absent" or "failed: ..."."""
        try:
            self._client().messages(sid).delete()
        except TwilioRestException as exc:
            return "absent" if exc.status == 404 else f"failed: HTTP {exc.status}"
        except (TwilioException, requests.RequestException) as exc:
            return f"failed: {type(exc).__name__}"
        return "deleted"

    def redact(self, sid) -> str:
        """POST Body="" to the Message: Twilio blanks the body, keeps the metadata."""
        try:
            self._client().messages(sid).update(body="")
        except TwilioRestException as exc:
            return "absent" if exc.status == 404 else f"failed: HTTP {exc.status}"
        except (TwilioException, requests.RequestException) as exc:
            return f"failed: {type(exc).__name__}"
        return "redacted"

    def held_for(self, number) -> list[str]:
        """Sids of the texts Twilio holds to or from `number` (LookupFailed if it cannot say)."""
        sids = []
        try:
            for params in ({"to": number}, {"from_": number}):
                sids += [m.sid for m in self._client().messages.list(**params, limit=1000)]
        except (TwilioException, requests.RequestException) as exc:
            raise LookupFailed(f"listing messages failed: {type(exc).__name__}") from None
        return list(dict.fromkeys(sids))


def _never_connected(exc):
    """True when a request failed before a byte of it could reach Twilio."""
    if isinstance(exc, requests.ConnectTimeout):
        return True
    if isinstance(exc, requests.ConnectionError):
        # Refused or unresolvable: urllib3 says so in the wrapped reason.
        reason = repr(exc.args[0]) if exc.args else ""
        return "NewConnectionError" in reason or "NameResolutionError" in reason
    return False


def _rest_error(exc, body):
    """A SendError from the SDK's exception (legacy or RFC 9457) and the response body."""
    status = exc.status
    # Without a Twilio code in the body the SDK repeats the HTTP status as the code.
    code = exc.code if isinstance(exc.code, int) and exc.code != status else None
    detail = _problem_details(body) or getattr(exc, "msg", None) or getattr(exc, "title", "")
    message = scrub(f"HTTP {status}" + (f" error {code}" if code else "") + f": {detail}")
    return SendError(message, code=code, http_status=status, permanent=is_permanent(code, status))


def backend_from_config(config):
    """The backend the settings ask for: "console" or "twilio"."""
    kind = config.get("SMS_BACKEND", "console")
    if kind == "console":
        return ConsoleBackend()
    if kind != "twilio":
        raise ValueError(f"SMS_BACKEND must be 'console' or 'twilio', not {kind!r}")
    missing = [k for k in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN") if not config.get(k)]
    if not (config.get("TWILIO_FROM_NUMBER") or config.get("TWILIO_MESSAGING_SERVICE_SID")):
        missing.append("TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID")
    if missing:
        raise ValueError("SMS_BACKEND=twilio needs " + ", ".join(missing))
    base = config.get("PUBLIC_BASE_URL")
    return TwilioBackend(
        config["TWILIO_ACCOUNT_SID"],
        config["TWILIO_AUTH_TOKEN"],
        from_number=config.get("TWILIO_FROM_NUMBER") or None,
        messaging_service_sid=config.get("TWILIO_MESSAGING_SERVICE_SID") or None,
        api_base_url=config.get("TWILIO_API_BASE_URL") or None,
        # Without a public URL Twilio cannot tell us about delivery; sending still works.
        status_callback=f"{base.rstrip('/')}/twilio/status" if base else None,
    )
