"""Keywords at any time: HELP, PAUSE, RESUME, TIME, LANG, START, and strangers."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.config import programs_dir
from service.content.gsm import fold
from service.content.programme import get_library
from service.content.render import fill
from service.models import Enrolment, Message, Participant

NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2026, 11, 23, 8, 0, tzinfo=NEW_YORK)


@pytest.fixture
def joined(enrol, clock):
    """joined(number=..., time=...): a participant enrolled at START."""

    def join(number="+12125550123", time="9am"):
        clock.set(START)
        return enrol(number, time=time)

    return join


def practice_days(number):
    return [
        m.day
        for m in Message.select()
        .join(Participant)
        .where(Participant.phone == number, Message.kind == "practice", Message.state == "sent")
        .order_by(Message.sent_at)
    ]


def test_help_names_the_organisation_and_how_to_reach_them(joined, phone, clock, demo):
    p = joined()
    reply = p.text("help")[0]
    assert "Demo Community" in reply and "555-0100" in reply and "988" in reply


def test_help_from_a_stranger(joined, phone, clock, demo):
    reply = phone("+12125550999").text("INFO")
    assert len(reply) == 1 and reply[0]


def test_unknown_keyword_from_a_stranger_is_answered_kindly(phone, demo):
    reply = phone("+12125550999").text("hello is this the clinic")
    assert len(reply) == 1
    assert Enrolment.select().count() == 0


def test_consent_no_declines_and_sends_nothing(joined, phone, clock, demo, tick, sms):
    p = phone("+12125550123")
    clock.set(START)
    p.text("KIND")
    assert p.text("no thanks")
    assert Enrolment.get().state == "declined"
    tick(START + timedelta(days=1, hours=2))
    assert sms.sent == []


def test_consent_reasked_once_then_quiet(joined, phone, clock, demo):
    p = phone("+12125550123")
    clock.set(START)
    p.text("KIND")
    assert len(p.text("what is this?")) == 1
    assert p.text("who are you") == []
    assert Enrolment.get().state == "consent"


def test_unreadable_time_reasked_once_then_default(joined, phone, clock, demo):
    p = phone("+12125550123")
    clock.set(START)
    p.text("KIND")
    p.text("YES")
    first = p.text("whenever")
    assert len(first) == 1 and "9am" in first[0]
    confirm = p.text("dunno")[0]
    assert "9am" in confirm
    assert Enrolment.get().send_time == "09:00"


def test_pause_does_not_skip_a_day_and_resume_carries_on(joined, phone, clock, demo, tick):
    p = joined()
    tick(START + timedelta(hours=1))  # day 1 at 9am
    clock.set(START + timedelta(hours=5))
    assert p.text("PAUSE")
    for d in range(1, 4):
        tick(START + timedelta(days=d, hours=1))
    assert practice_days("+12125550123") == [1]
    clock.set(START + timedelta(days=3, hours=5))
    reply = p.text("resume")[0]
    assert "tomorrow at 9am" in reply
    tick(START + timedelta(days=4, hours=1))
    assert practice_days("+12125550123") == [1, 2]


def test_pause_for_three_days_wakes_by_itself(joined, phone, clock, demo, tick):
    p = joined()
    tick(START + timedelta(hours=1))
    clock.set(START + timedelta(hours=5))
    assert p.text("pause 3")
    for d in range(1, 6):
        tick(START + timedelta(days=d, hours=1))
    # Paused for the 24th, 25th and 26th; back on the 27th.
    assert practice_days("+12125550123") == [1, 2, 3]
    sent = Message.select().where(Message.kind == "practice", Message.day == 2).get().sent_at
    assert sent.replace(tzinfo=ZoneInfo("UTC")).astimezone(NEW_YORK).day == 27


def test_pause_before_a_queued_text_goes_keeps_that_day(joined, phone, clock, demo, tick):
    p = joined(time="8:30pm")
    # Day 1 is planned at 20:30 but quiet hours end at 21:00: plan it, then pause
    # before the dispatcher runs again.
    from service.sending.planner import plan_due

    plan_due(START.replace(hour=20, minute=30))
    assert Message.select().where(Message.kind == "practice").count() == 1
    clock.set(START.replace(hour=20, minute=31))
    p.text("PAUSE")
    assert Message.select().where(Message.kind == "practice").count() == 0
    assert Enrolment.get().next_day == 1
    clock.set(START + timedelta(days=1))
    p.text("RESUME")
    tick(START.replace(hour=20, minute=30) + timedelta(days=1))
    assert practice_days("+12125550123") == [1]


def test_time_changes_the_send_time(joined, phone, clock, demo, tick):
    p = joined()
    tick(START + timedelta(hours=1))
    clock.set(START + timedelta(hours=2))
    reply = p.text("TIME 7pm")[0]
    assert "7pm" in reply and "tomorrow" in reply
    tick(START + timedelta(days=1, hours=1))  # 9am: nothing now
    assert practice_days("+12125550123") == [1]
    tick(START + timedelta(days=1, hours=11))  # 7pm
    assert practice_days("+12125550123") == [1, 2]


def test_time_unreadable(joined, phone, clock, demo):
    p = joined()
    assert p.text("TIME soonish")
    assert Enrolment.get().send_time == "09:00"


def test_lang_switches_to_spanish_and_back(joined, phone, clock, demo, tick, sms):
    p = joined()
    reply = p.text("LANG ES")[0]
    assert Enrolment.get().language == "es"
    assert reply != p.text("LANG FR")[0]
    tick(START + timedelta(hours=1))
    practice = Message.get(Message.kind == "practice")
    taster = get_library(programs_dir()).get("taster")
    spanish = fold(fill(taster.day(1).practice["es"], demo.template_variables("es")))
    assert practice.language == "es" and practice.body == spanish
    p.text("lang en")
    assert Enrolment.get().language == "en"


def test_stop_words_in_any_language_work_at_once(joined, phone, clock, demo):
    for i, word in enumerate(
        ["STOP", "stopall", "Unsubscribe", "cancel", "END", "quit", "alto", "Parar", "BAJA"]
    ):
        number = f"+1212555{1000 + i}"
        p = joined(number=number)
        assert len(p.text(word)) == 1
        assert Participant.get(phone=number).opted_out, word
        assert (
            Enrolment.get(Enrolment.participant == Participant.get(phone=number)).state == "stopped"
        )


def test_keyword_again_after_completion_reenrols(joined, phone, clock, demo, tick):
    p = joined()
    for d in range(0, 9):
        tick(START + timedelta(days=d, hours=1))
        tick(START + timedelta(days=d, hours=1, minutes=2))
    assert Enrolment.get().state == "completed"
    assert Message.select().where(Message.kind == "closing").count() == 1
    clock.set(START + timedelta(days=10))
    reply = p.text("KIND")[0]
    assert "YES" in reply
    assert Enrolment.select().count() == 2


def test_keyword_of_the_current_programme_says_so(joined, phone, clock, demo):
    p = joined()
    assert p.text("KIND")
    assert Enrolment.select().count() == 1


def test_time_change_during_a_timed_pause_keeps_the_pause(joined, phone, clock, demo, tick):
    p = joined()
    tick(START + timedelta(hours=1))
    clock.set(START + timedelta(hours=5))
    p.text("PAUSE 2")
    p.text("TIME 6pm")
    for d in range(1, 4):
        tick(START + timedelta(days=d, hours=1))  # 9am
        tick(START + timedelta(days=d, hours=10))  # 6pm
    # Paused on the 24th and 25th, back on the 26th at the new time.
    assert practice_days("+12125550123") == [1, 2]
    sent = Message.select().where(Message.kind == "practice", Message.day == 2).get().sent_at
    local = sent.replace(tzinfo=ZoneInfo("UTC")).astimezone(NEW_YORK)
    assert (local.day, local.hour) == (26, 18)
