"""FORGET / OLVIDAR by text: asked, confirmed, erased by the clock; a mistaken text
erases nothing; an open crisis alert holds the erasure until it closes."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.followup import alerts
from service.models import Erasure, Inbound, Message, Participant, SafetyAlert
from service.models.privacy import DONE, HELD

NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2026, 11, 23, 8, 0, tzinfo=NEW_YORK)
NUMBER = "+12125550177"


@pytest.fixture
def joined(enrol, clock, demo):
    clock.set(START)
    return lambda keyword="KIND": enrol(
        NUMBER, keyword=keyword, consent="SI" if keyword == "AMABLE" else "YES"
    )


def rows_of(number):
    return Participant.select().where(Participant.phone == number).count()


@pytest.mark.parametrize(
    "keyword, forget, yes, confirm_word, done_word",
    [
        ("KIND", "forget", "yes", "Reply YES", "erased"),
        ("AMABLE", "olvidar", "si", "Responde SI", "borrar"),
    ],
)
def test_forget_then_yes_stops_at_once_and_the_clock_erases(
    joined, clock, tick, sms, keyword, forget, yes, confirm_word, done_word
):
    p = joined(keyword)
    asked = p.text(forget)
    assert len(asked) == 1 and confirm_word in asked[0]
    assert rows_of(NUMBER) == 1 and Erasure.select().count() == 0
    done = p.text(yes)
    assert len(done) == 1 and done_word in done[0]
    person = Participant.get(Participant.phone == NUMBER)
    assert person.erasure
    assert Message.select().where(Message.state == "queued").count() == 0
    # Nothing more is said to them while the clock has not erased yet.
    assert p.text("hello?") == []
    tick(START + timedelta(hours=1))
    assert rows_of(NUMBER) == 0
    assert Inbound.select().count() == 0 and Message.select().count() == 0
    tombstone = Erasure.get()
    assert tombstone.state == DONE and tombstone.how == "sms"
    assert tombstone.rows["participant"] == 1 and tombstone.rows["inbound"] >= 5
    assert sms.sent == []  # not one more text went out


def test_a_mistaken_forget_erases_nothing(joined, clock, tick):
    p = joined()
    p.text("forget")
    # Anything but YES drops the question and is read as usual.
    replies = p.text("help")
    assert replies and "Demo Community" in replies[0]
    p.text("yes")  # a YES later is no confirmation
    tick(START + timedelta(days=1))
    assert rows_of(NUMBER) == 1 and Erasure.select().count() == 0
    p.text("forget")
    assert "Nothing has been erased" in p.text("no")[0]
    assert Erasure.select().count() == 0


def test_a_yes_long_after_forget_confirms_nothing(joined, clock):
    p = joined()
    p.text("forget")
    clock.set(START + timedelta(hours=5))
    p.text("yes")
    assert Erasure.select().count() == 0 and rows_of(NUMBER) == 1


def test_an_open_crisis_alert_holds_the_erasure_until_it_closes(joined, clock, tick, demo):
    p = joined()
    p.text("I want to kill myself")
    p.text("forget")
    p.text("yes")
    tick(START + timedelta(hours=1))
    held = Erasure.get()
    assert held.state == HELD and "crisis alert" in held.hold_reason
    assert rows_of(NUMBER) == 1  # staff can still see and act on the alert
    alert = SafetyAlert.get()
    alerts.resolve(
        alert, by="nurse@example.org", note="Called; safe.", now=START + timedelta(hours=2)
    )
    tick(START + timedelta(hours=3))
    assert Erasure.get().state == DONE and rows_of(NUMBER) == 0
    assert SafetyAlert.select().count() == 0


def test_a_crisis_hold_ends_at_its_deadline(joined, clock, tick):
    p = joined()
    p.text("I want to kill myself")
    p.text("olvidar")
    p.text("si")
    tick(START + timedelta(days=1))
    assert Erasure.get().state == HELD
    tick(START + timedelta(days=15))
    done = Erasure.get()
    assert done.state == DONE and done.hold_reason.startswith("deadline passed")
    assert rows_of(NUMBER) == 0


def test_stop_still_only_stops(joined, clock, tick):
    p = joined()
    p.text("STOP")
    tick(START + timedelta(days=2))
    assert rows_of(NUMBER) == 1 and Erasure.select().count() == 0
