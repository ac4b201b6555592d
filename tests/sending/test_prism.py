"""The outbound path against Twilio's own API contract, served by Prism."""

import re

import pytest
import requests

from service.models.messages import SENT
from service.sending.backends import SendError, TwilioBackend
from service.sending.dispatcher import dispatch

from .sending_support import ACCOUNT_SID, FROM_NUMBER, MESSAGING_SERVICE_SID, NOW, reload

TO = "+12025550123"
CALLBACK = "https://kindly.example.org/twilio/status"
MESSAGES = f"/2010-04-01/Accounts/{ACCOUNT_SID}/Messages.json"
SMS_SID = re.compile(r"^SM[0-9a-fA-F]{32}$")


def backend(prism, **kwargs):
    return TwilioBackend(
        ACCOUNT_SID, "token", api_base_url=prism, status_callback=CALLBACK, **kwargs
    )


def test_send_from_a_number_meets_the_contract(prism):
    result = backend(prism, from_number=FROM_NUMBER).send(TO, "You matter. Take a breath.")
    assert SMS_SID.match(result.sid)
    assert result.status


def test_send_through_a_messaging_service_meets_the_contract(prism):
    result = backend(prism, messaging_service_sid=MESSAGING_SERVICE_SID).send(TO, "Hello again.")
    assert SMS_SID.match(result.sid)


def test_a_request_that_breaks_the_contract_surfaces_the_violation(prism):
    # A misconfigured Messaging Service SID: Twilio's spec pins its pattern.
    broken = backend(prism, messaging_service_sid="MG-not-a-real-service")
    with pytest.raises(SendError) as raised:
        broken.send(TO, "Hello.")
    error = raised.value
    assert error.http_status == 422 and error.permanent is True
    assert "MessagingServiceSid" in error.message


def test_prism_really_validates_a_missing_to(prism):
    response = requests.post(
        prism + MESSAGES, data={"From": FROM_NUMBER, "Body": "hi"}, auth=(ACCOUNT_SID, "token")
    )
    assert response.status_code == 422
    assert "To" in response.text


def test_prism_really_checks_auth(prism):
    response = requests.post(prism + MESSAGES, data={"To": TO, "From": FROM_NUMBER, "Body": "hi"})
    assert response.status_code == 401


class Recording:
    """Passes sends through and keeps what came back."""

    def __init__(self, inner):
        self.inner = inner
        self.results = []

    def send(self, to, body, *, status_callback=None):
        result = self.inner.send(to, body, status_callback=status_callback)
        self.results.append(result)
        return result


def test_dispatch_end_to_end_against_the_contract(prism, build):
    msg = build.message(body="Today, one kind word to yourself.")
    sender = Recording(backend(prism, from_number=FROM_NUMBER))

    summary = dispatch(NOW, backend=sender, rate=10)

    assert summary["sent"] == 1
    row = reload(msg)
    assert row.state == SENT
    assert [r.sid for r in sender.results] == [row.twilio_sid]
    assert SMS_SID.match(row.twilio_sid)


def test_the_lookup_after_a_crash_meets_the_contract(prism):
    # The Messages list filtered by To, From and DateSent: Prism answers 422
    # (LookupFailed here) if any filter breaks Twilio's description.
    records = backend(prism, from_number=FROM_NUMBER).sent_to(TO, NOW)
    assert isinstance(records, list)


def test_fetching_a_reported_sid_meets_the_contract(prism):
    record = backend(prism, from_number=FROM_NUMBER).fetch("SM" + "a" * 32)
    assert record is not None and SMS_SID.match(record.sid)
