"""The backends: console and memory for people and tests, Twilio through its SDK."""

import io
from datetime import UTC, datetime, timedelta

import pytest

from service.sending.backends import (
    ConsoleBackend,
    LookupFailed,
    MemoryBackend,
    SendError,
    TwilioBackend,
    backend_from_config,
    scrub,
)

from .sending_support import ACCOUNT_SID, FROM_NUMBER, MESSAGING_SERVICE_SID

TO = "+12025550123"


def twilio(url, **kwargs):
    kwargs.setdefault("from_number", FROM_NUMBER)
    return TwilioBackend(ACCOUNT_SID, "token", api_base_url=url, **kwargs)


def test_console_prints_a_masked_line_and_unique_sids(capsys):
    backend = ConsoleBackend()
    first = backend.send(TO, "Take a slow breath with me.")
    second = backend.send(TO, "Again, if you like.")
    out = capsys.readouterr().out.splitlines()
    assert out[0] == "[sms to +1 ••• ••• 0123] Take a slow breath with me."
    assert "2025550123" not in "".join(out)
    assert first.status == "sent"
    assert first.sid.startswith("SMconsole") and first.sid != second.sid


def test_memory_records_and_fails_on_demand():
    backend = MemoryBackend()
    boom = SendError("HTTP 500", http_status=500)
    backend.fail_next(boom, times=2)
    for _ in range(2):
        with pytest.raises(SendError) as raised:
            backend.send(TO, "one")
        assert raised.value is boom
    assert backend.send(TO, "two").sid.startswith("SM")
    assert backend.sent == [(TO, "two")]


def test_memory_failure_for_one_number_leaves_others_alone():
    backend = MemoryBackend()
    backend.fail_next(SendError("gone", code=21610, permanent=True), to="+12025550999")
    backend.send(TO, "hello")
    with pytest.raises(SendError):
        backend.send("+12025550999", "hello")
    assert backend.sent == [(TO, "hello")]


def test_twilio_sends_form_fields_to_the_rebased_url(mock_api):
    result = twilio(mock_api.url, status_callback="https://k.example/twilio/status").send(
        TO, "You are doing your best."
    )
    assert result.sid.startswith("SM") and result.status == "queued"
    ((_, path, form),) = mock_api.requests
    assert path == f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
    assert form == {
        "To": TO,
        "From": FROM_NUMBER,
        "Body": "You are doing your best.",
        "StatusCallback": "https://k.example/twilio/status",
    }


def test_twilio_with_messaging_service_sends_no_from(mock_api):
    twilio(mock_api.url, from_number=None, messaging_service_sid=MESSAGING_SERVICE_SID).send(
        TO, "hi"
    )
    form = mock_api.requests[0][2]
    assert form["MessagingServiceSid"] == MESSAGING_SERVICE_SID
    assert "From" not in form


@pytest.mark.parametrize(
    "status, payload, code, permanent",
    [
        (
            400,
            {"code": 21211, "message": "The 'To' number +12025550123 is not valid."},
            21211,
            True,
        ),
        (400, {"code": 21610, "message": "Attempt to send to unsubscribed recipient"}, 21610, True),
        (400, {"code": 21614, "message": "'To' number is not a valid mobile number"}, 21614, True),
        # Auth trouble is ours to fix, not the recipient's: retried, not failed for good.
        (403, {"code": 20003, "message": "Authenticate"}, 20003, False),
        (429, {"code": 20429, "message": "Too Many Requests"}, 20429, False),
        (500, {"code": 20500, "message": "Internal Server Error"}, 20500, False),
        (503, {"message": "Service Unavailable"}, None, False),
        # The newer RFC 9457 problem format.
        (
            400,
            {
                "type": "about:blank",
                "title": "Bad Request",
                "status": 400,
                "code": 21211,
                "detail": "Invalid 'To' Phone Number",
                "errors": [],
            },
            21211,
            True,
        ),
    ],
)
def test_twilio_errors_map_to_send_errors(mock_api, status, payload, code, permanent):
    mock_api.script(status, payload)
    with pytest.raises(SendError) as raised:
        twilio(mock_api.url).send(TO, "hi")
    error = raised.value
    assert (error.code, error.http_status, error.permanent) == (code, status, permanent)
    assert (payload.get("message") or payload["detail"]).split("+")[0] in error.message
    assert "2025550123" not in error.message  # Twilio echoes the number; we do not keep it


def test_connection_refused_is_transient(mock_api):
    url = mock_api.url
    mock_api.stop()
    with pytest.raises(SendError) as raised:
        twilio(url).send(TO, "hi")
    assert raised.value.permanent is False and raised.value.http_status is None
    assert "network" in raised.value.message
    assert raised.value.uncertain is False  # nothing reached Twilio: no lookup needed


def test_timeout_is_transient():
    from bench.mock_twilio import MockTwilio

    with MockTwilio(delay=1.0) as slow:
        with pytest.raises(SendError) as raised:
            twilio(slow.url, timeout=0.2).send(TO, "hi")
    assert raised.value.permanent is False
    assert "Timeout" in raised.value.message
    assert raised.value.uncertain is True  # Twilio may have it: look before resending


def test_twilio_lookup_lists_what_twilio_holds_for_a_number(mock_api):
    backend = twilio(mock_api.url)
    mine = backend.send(TO, "One slow breath.")
    backend.send("+12025550199", "Someone else's text.")
    since = datetime.now(UTC) - timedelta(minutes=1)

    found = backend.sent_to(TO, since)

    assert [(r.sid, r.to, r.body) for r in found] == [(mine.sid, TO, "One slow breath.")]
    (_, path, query) = mock_api.lookups[-1]
    assert path.endswith("/Messages.json")
    assert (query["To"], query["From"]) == (TO, FROM_NUMBER)
    assert query["DateSent>"].startswith(since.strftime("%Y-%m-%d"))
    assert backend.sent_to(TO, datetime.now(UTC) + timedelta(minutes=1)) == []


def test_twilio_fetch_finds_a_sid_or_says_none(mock_api):
    backend = twilio(mock_api.url)
    taken = backend.send(TO, "You matter.")
    record = backend.fetch(taken.sid)
    assert (record.sid, record.to, record.body) == (taken.sid, TO, "You matter.")
    assert backend.fetch("SM" + "0" * 32) is None


def test_twilio_lookup_failure_is_its_own_error(mock_api):
    url = mock_api.url
    mock_api.stop()
    with pytest.raises(LookupFailed):
        twilio(url).sent_to(TO, datetime.now(UTC))


@pytest.mark.parametrize("make", [MemoryBackend, lambda: ConsoleBackend(stream=io.StringIO())])
def test_local_backends_answer_lookups_like_twilio(make):
    backend = make()
    taken = backend.send(TO, "hello")
    assert [r.sid for r in backend.sent_to(TO, datetime.now(UTC) - timedelta(seconds=5))] == [
        taken.sid
    ]
    assert backend.sent_to("+12025550199", datetime.now(UTC) - timedelta(seconds=5)) == []
    assert backend.fetch(taken.sid).body == "hello"
    assert backend.fetch("SMnothing") is None


def test_scrub_masks_numbers_but_keeps_codes():
    assert scrub("To +1 (202) 555-0123 failed, error 21211") == "To ••• 0123 failed, error 21211"


def test_backend_from_config_console_and_twilio():
    assert isinstance(backend_from_config({"SMS_BACKEND": "console"}), ConsoleBackend)
    backend = backend_from_config(
        {
            "SMS_BACKEND": "twilio",
            "TWILIO_ACCOUNT_SID": ACCOUNT_SID,
            "TWILIO_AUTH_TOKEN": "token",
            "TWILIO_FROM_NUMBER": FROM_NUMBER,
            "TWILIO_MESSAGING_SERVICE_SID": "",
            "TWILIO_API_BASE_URL": "http://127.0.0.1:4010",
            "PUBLIC_BASE_URL": "https://kindly.example.org",
        }
    )
    assert isinstance(backend, TwilioBackend)
    assert backend.status_callback == "https://kindly.example.org/twilio/status"
    assert backend.api_base_url == "http://127.0.0.1:4010"
    assert backend.messaging_service_sid is None


def test_backend_from_config_names_what_is_missing():
    with pytest.raises(ValueError) as raised:
        backend_from_config({"SMS_BACKEND": "twilio", "TWILIO_ACCOUNT_SID": ACCOUNT_SID})
    assert "TWILIO_AUTH_TOKEN" in str(raised.value)
    assert "TWILIO_FROM_NUMBER or TWILIO_MESSAGING_SERVICE_SID" in str(raised.value)
    with pytest.raises(ValueError):
        backend_from_config({"SMS_BACKEND": "carrier-pigeon"})
