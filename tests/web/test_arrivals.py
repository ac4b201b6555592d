"""Two texts arriving at once never collide: first texts from one new number,
keywords racing each other, and a repeated MessageSid told apart from both."""

import logging

from service.models import Enrolment, Inbound, Participant
from tests.conftest import PUBLIC_BASE_URL, SERVICE_NUMBER, at_once, new_sid, sign, twiml_bodies


def post(app, number, body, sid):
    params = {"From": number, "To": SERVICE_NUMBER, "Body": body, "MessageSid": sid}
    signature = sign(PUBLIC_BASE_URL + "/twilio/sms", params)
    return app.test_client().post(
        "/twilio/sms", data=params, headers={"X-Twilio-Signature": signature}
    )


def test_first_texts_from_one_new_number_at_once_are_all_stored(app, demo, caplog):
    caplog.set_level(logging.INFO)
    for round_ in range(10):
        number = f"+1646555{round_:04d}"
        bodies = ["hi", "KIND", "hello", "KIND"]
        sids = [new_sid() for _ in bodies]
        codes, jobs = [], list(zip(bodies, sids, strict=True))

        def one(number=number, codes=codes, jobs=jobs):
            codes.append(post(app, number, *jobs.pop()).status_code)

        errors = at_once(4, one)
        assert errors == [] and codes == [200] * 4, round_
        participant = Participant.get(Participant.phone == number)
        assert sorted(i.message_sid for i in participant.inbound) == sorted(sids)
        # Two KINDs at once open one enrolment, not two.
        assert Enrolment.select().where(Enrolment.participant == participant).count() == 1
    assert Participant.select().count() == 10
    assert "+1646555" not in caplog.text


def test_a_repeated_sid_racing_its_first_delivery_is_answered_the_same(app, demo):
    sid = new_sid()
    answers = []
    errors = at_once(6, lambda: answers.append(post(app, "+16465550999", "KIND", sid)))
    assert errors == []
    assert {a.status_code for a in answers} == {200}
    assert len({tuple(twiml_bodies(a.data)) for a in answers}) == 1
    assert Inbound.select().count() == 1
