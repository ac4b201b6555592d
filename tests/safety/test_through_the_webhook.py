"""The corpus through the real inbound path: a signed webhook from a new number,
the reply it gets, and the alert staff see, on whichever database the suite runs."""

from pathlib import Path

import pytest

from service.models import SafetyAlert
from service.models.safety import CONCERN, CRISIS
from service.safety.evaluate import load

CORPUS = Path(__file__).parent / "corpus.tsv"


@pytest.mark.slow
def test_every_corpus_text_through_the_signed_webhook(phone, demo):
    examples = load(CORPUS)
    caught = crisis_caught = risky = crisis = alarms = crisis_alarms = safe = 0
    wrong_replies = []
    for n, example in enumerate(examples):
        number = f"+1212555{n:04d}"
        replies = phone(number).text(example.text)
        alert = SafetyAlert.select().order_by(SafetyAlert.id.desc()).first()
        alert = alert if alert and alert.participant.phone == number else None
        if example.tier == "none":
            safe += 1
            alarms += alert is not None
            crisis_alarms += alert is not None and alert.priority == CRISIS
            continue
        risky += 1
        caught += alert is not None
        if example.tier == "crisis":
            crisis += 1
            crisis_caught += alert is not None and alert.priority == CRISIS
        if alert is not None:
            assert alert.priority in (CRISIS, CONCERN)
            assert alert.category and alert.matched and alert.organisation.slug == "demo"
            # One reply, and it always names a line to call: crisis, safety or concern.
            if len(replies) != 1 or not ("988" in replies[0] or "800-799-7233" in replies[0]):
                wrong_replies.append((example.text, replies))
    assert not wrong_replies, wrong_replies[:5]
    assert caught / risky >= 0.98
    assert crisis_caught / crisis >= 0.90
    assert alarms / safe <= 0.05
    assert crisis_alarms / safe <= 0.02


def test_replies_by_tier_and_category(phone, demo):
    crisis = phone("+12125550001").text("i want to end my life tonight")
    concern = phone("+12125550002").text("everyone would be better off without me")
    others = phone("+12125550003").text("my husband hit me again and said he will kill me")
    assert "988" in crisis[0] and "911" in crisis[0]
    assert "988" in concern[0] and "?" in concern[0]  # it asks, gently
    assert "800-799-7233" in others[0] and "911" in others[0]
    alerts = {a.participant.phone[-1]: a for a in SafetyAlert.select()}
    assert alerts["1"].priority == CRISIS and alerts["1"].category in ("plan", "suicidal")
    assert alerts["2"].priority == CONCERN and alerts["2"].category == "passive"
    assert alerts["3"].priority == CRISIS and alerts["3"].category == "harm_from_others"
    assert "hit me" in alerts["3"].matched


def test_someone_else_at_risk_and_a_medical_emergency_get_their_own_replies(phone, demo):
    friend = phone("+12125550005").text("my friend says she wants to end it all, what do i say")
    son = phone("+12125550006").text("mi hijo dejó una carta y tiene el teléfono apagado")
    bleeding = phone("+12125550007").text("i cant stop the bleeding")
    assert "looking out for them" in friend[0] and "988" in friend[0]
    assert "Gracias por cuidar" in son[0] and "988" in son[0]
    # The emergency number comes first, before anything else is said.
    assert bleeding[0].index("911") < 20 and "988" in bleeding[0]
    alerts = {a.participant.phone[-1]: a for a in SafetyAlert.select()}
    assert alerts["5"].priority == CRISIS and alerts["5"].category == "third_party"
    assert alerts["6"].priority == CRISIS and alerts["6"].category == "third_party"
    assert alerts["7"].priority == CRISIS and alerts["7"].category == "medical"


def test_harm_from_others_falls_back_to_the_crisis_line_without_a_safety_line(phone, app):
    from service.launches import create_organisation

    create_organisation(
        slug="plain",
        name="Plain",
        timezone="America/New_York",
        variables={"crisis_line": "988", "emergency_number": "911"},
    )
    # A stranger's reply uses the only organisation's lines.
    reply = phone("+12125550004").text("he hit me again")
    assert "988" in reply[0] and "911" in reply[0]


def test_a_risky_text_is_never_a_checkin_answer(phone, clock, demo, tick, enrol):
    from datetime import datetime, timedelta
    from zoneinfo import ZoneInfo

    from service.models import CheckinAnswer, Enrolment

    start = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("America/New_York"))
    clock.set(start)
    p = enrol("+12125550123")
    tick(start + timedelta(hours=1))
    tick(start + timedelta(hours=1, minutes=2))
    assert Enrolment.get().pending == "checkin"
    for text in ("2. i want to die", "3 lol everyone would be better off without me"):
        reply = p.text(text)
        assert "988" in reply[0]
    assert CheckinAnswer.select().count() == 0
    assert SafetyAlert.select().count() == 2
    # A number inside a sentence about something else is not an answer either.
    reply = p.text("i walked 3 miles today")
    assert CheckinAnswer.select().count() == 0
    assert "988" in reply[0]  # the re-ask names the crisis line
    p.text("7")
    assert CheckinAnswer.get().value == 7
