"""The inbound webhook against bad and odd input: signatures, sizes, retries."""

import pytest

from service.models import Inbound, Message
from tests.conftest import PUBLIC_BASE_URL, SERVICE_NUMBER, at_once, new_sid, sign


def form(**overrides):
    params = {"From": "+12125550123", "To": SERVICE_NUMBER, "Body": "KIND", "MessageSid": new_sid()}
    params.update(overrides)
    return {k: v for k, v in params.items() if v is not None}


def post(client, params, signature=None, url="/twilio/sms"):
    if signature is None:
        signature = sign(PUBLIC_BASE_URL + url, params)
    return client.post(url, data=params, headers={"X-Twilio-Signature": signature})


def test_missing_signature_is_403_and_writes_nothing(client, demo):
    response = client.post("/twilio/sms", data=form())
    assert response.status_code == 403
    assert Inbound.select().count() == 0


def test_wrong_signature_is_403_and_writes_nothing(client, demo):
    params = form()
    bad = sign(PUBLIC_BASE_URL + "/twilio/sms", {**params, "Body": "something else"})
    assert post(client, params, signature=bad).status_code == 403
    assert Inbound.select().count() == 0


def test_signature_is_checked_over_the_public_url_not_the_local_one(client, demo):
    params = form()
    local = sign("http://localhost/twilio/sms", params)
    assert post(client, params, signature=local).status_code == 403
    assert post(client, params).status_code == 200


def test_status_webhook_is_signed_too(client):
    params = {"MessageSid": "SM" + "1" * 32, "MessageStatus": "delivered"}
    assert client.post("/twilio/status", data=params).status_code == 403
    assert post(client, params, url="/twilio/status").status_code == 204


def test_oversized_request_is_413(client, demo):
    params = form(Body="x" * 70_000)
    assert post(client, params).status_code == 413
    assert Inbound.select().count() == 0


@pytest.mark.parametrize("missing", ["From", "MessageSid"])
def test_missing_required_field_is_400(client, demo, missing):
    params = form(**{missing: None})
    assert post(client, params).status_code == 400
    assert Inbound.select().count() == 0


@pytest.mark.parametrize(
    "body",
    ["", "🙂💛", "kind\x00", "k" * 1600, "   ", "<Message>oops</Message>", "STOP STOP STOP"],
)
def test_odd_bodies_get_200_and_are_stored(client, demo, body):
    response = post(client, form(Body=body))
    assert response.status_code == 200
    assert response.mimetype == "text/xml"
    stored = Inbound.get()
    assert "\x00" not in stored.body
    assert len(stored.body) <= 1600


def test_whatsapp_sender_is_stored_not_answered(client, demo):
    response = post(client, form(From="whatsapp:+12125550123"))
    assert response.status_code == 200
    assert b"<Message>" not in response.data
    assert Inbound.get().kind == "unsupported"


def test_retried_message_sid_is_processed_once_and_answers_the_same(client, demo):
    params = form(Body="KIND")
    first = post(client, params)
    second = post(client, params)
    assert first.status_code == second.status_code == 200
    assert first.data == second.data
    assert Inbound.select().count() == 1
    assert Message.select().count() == 1


def test_twenty_simultaneous_retries_store_one_message(app, demo):
    params = form(Body="KIND")
    codes = []
    errors = at_once(20, lambda: codes.append(post(app.test_client(), params).status_code))
    assert errors == []
    assert codes == [200] * 20
    assert Inbound.select().count() == 1
    assert Message.select().where(Message.kind == "reply").count() == 1


def test_healthz(client):
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json == {"status": "ok"}
