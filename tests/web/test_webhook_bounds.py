"""Both webhooks bound and clean every field before the database sees it:
PostgreSQL refuses NUL bytes and over-long values that SQLite would take."""

import pytest

from service.models import Inbound, Participant, StatusReport
from tests.conftest import PUBLIC_BASE_URL, SERVICE_NUMBER, new_sid, sign


def post(client, url, params):
    signature = sign(PUBLIC_BASE_URL + url, params)
    return client.post(url, data=params, headers={"X-Twilio-Signature": signature})


def text(**fields):
    params = {"From": "+12125550123", "To": SERVICE_NUMBER, "Body": "KIND", "MessageSid": new_sid()}
    return {**params, **fields}


@pytest.mark.parametrize("sid", ["SM" + "1" * 300, "\x00", " \x00 "])
def test_a_sid_twilio_could_not_have_sent_is_400_and_stores_nothing(client, demo, sid):
    assert post(client, "/twilio/sms", text(MessageSid=sid)).status_code == 400
    assert Inbound.select().count() == 0


def test_nul_bytes_are_taken_out_of_every_field(client, demo):
    params = text(MessageSid="SM\x00" + "7" * 32, From="+1212555\x000123", To="+1500\x005550006")
    response = post(client, "/twilio/sms", {**params, "Body": "KI\x00ND"})
    assert response.status_code == 200
    stored = Inbound.get()
    assert stored.message_sid == "SM" + "7" * 32
    assert (stored.from_number, stored.to_number, stored.body) == (
        "+12125550123",
        SERVICE_NUMBER,
        "KIND",
    )
    assert Participant.get().phone == "+12125550123"


def test_an_oversized_sender_is_kept_short_and_not_answered(client, demo):
    response = post(client, "/twilio/sms", text(From="+" + "9" * 5000))
    assert response.status_code == 200
    assert len(Inbound.get().from_number) <= 64


@pytest.mark.parametrize(
    "fields, code",
    [
        ({"MessageSid": "SM\x00" + "1" * 32, "MessageStatus": "delivered"}, 204),
        ({"MessageSid": "SM" + "1" * 300, "MessageStatus": "delivered"}, 400),
        ({"MessageSid": "SM" + "2" * 32, "MessageStatus": "\x00"}, 400),
        ({"MessageSid": "SM" + "3" * 32, "MessageStatus": "x" * 300}, 400),
        ({"MessageSid": "SM" + "4" * 32, "MessageStatus": "failed", "ErrorCode": "\x00"}, 204),
        ({"MessageSid": "SM" + "5" * 32, "MessageStatus": "failed", "ErrorCode": "9" * 40}, 204),
    ],
)
def test_delivery_reports_with_garbage_are_4xx_or_kept_clean(client, fields, code):
    assert post(client, "/twilio/status", fields).status_code == code
    for report in StatusReport.select():
        assert "\x00" not in report.message_sid + report.status + (report.error_code or "")


@pytest.mark.parametrize("sid", ["SM" + "1" * 30 + "\r\n", "9" * 20, "SM" + "é" * 32])
def test_a_sid_not_of_twilios_shape_is_400_on_both_webhooks(client, demo, sid):
    assert post(client, "/twilio/sms", text(MessageSid=sid)).status_code == 400
    report = {"MessageSid": sid, "MessageStatus": "delivered"}
    assert post(client, "/twilio/status", report).status_code == 400
    assert Inbound.select().count() == 0 and StatusReport.select().count() == 0


@pytest.mark.parametrize("status", ["delivered\r\nX: 1", "9" * 20])
def test_a_status_not_of_twilios_shape_is_400(client, status):
    report = {"MessageSid": "SM" + "6" * 32, "MessageStatus": status}
    assert post(client, "/twilio/status", report).status_code == 400
    assert StatusReport.select().count() == 0
