"""The safety minimum: crisis texts are screened before anything but STOP."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.models import CheckinAnswer, Enrolment, SafetyAlert
from service.safety import screen

NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2026, 11, 23, 8, 0, tzinfo=NEW_YORK)


@pytest.mark.parametrize(
    "text",
    [
        "i want to kill myself",
        "I want to KILL MYSELF!!!",
        "honestly i dont want to live anymore",
        "I don't want to be here",
        "thinking about suicide",
        "sucide",
        "kms",
        "me quiero morir",
        "ya no puedo más",
        "quiero quitarme la vida",
        "pienso en el suicidio",
    ],
)
def test_screen_catches_risk_in_english_and_spanish(text):
    assert screen(text).is_risk


@pytest.mark.parametrize(
    "text",
    ["7", "I am tired but ok", "that practice killed it, loved it", "sí", "skills", "diez"],
)
def test_screen_leaves_ordinary_replies_alone(text):
    assert not screen(text).is_risk


def test_crisis_text_during_a_checkin_is_not_an_answer(phone, clock, demo, tick, enrol):
    clock.set(START)
    p = enrol("+12125550123")
    tick(START + timedelta(hours=1))
    tick(START + timedelta(hours=1, minutes=2))
    reply = p.text("0, i want to end my life")
    assert len(reply) == 1 and "988" in reply[0] and "911" in reply[0]
    assert CheckinAnswer.select().count() == 0
    alert = SafetyAlert.get()
    assert alert.priority == 1 and alert.status == "open"
    assert alert.organisation.slug == "demo"
    assert alert.inbound.body == "0, i want to end my life"
    # The programme carries on: the check-in is still open.
    assert Enrolment.get().pending == "checkin"


def test_crisis_from_an_unknown_number_still_gets_help(phone, demo):
    reply = phone("+12125550999").text("no quiero vivir")
    assert len(reply) == 1 and "988" in reply[0]
    # Staff of the organisation whose crisis line was given see the alert.
    assert SafetyAlert.get().organisation.slug == "demo"


def test_crisis_from_an_opted_out_number_still_gets_help(phone, clock, demo):
    p = phone("+12125550123")
    clock.set(START)
    p.text("KIND")
    p.text("STOP")
    reply = p.text("i want to die")
    assert len(reply) == 1 and "988" in reply[0]
    assert SafetyAlert.select().count() == 1


def test_stop_is_never_screened_away(phone, clock, demo):
    p = phone("+12125550123")
    clock.set(START)
    p.text("KIND")
    assert p.text("STOP")
    assert SafetyAlert.select().count() == 0


def test_alerts_command_lists_open_alerts(runner, phone, demo):
    phone("+12125550123").text("i want to kill myself")
    result = runner.invoke(args=["alerts"])
    assert result.exit_code == 0
    assert "CRISIS" in result.output and "0123" in result.output
    assert "+12125550123" not in result.output, "full numbers are never printed"
    assert "kill" not in result.output, "message bodies are never printed"
