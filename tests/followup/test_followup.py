"""Following people up: what lands in the inbox, the hold after a crisis text,
staff replies through the outbox, and on-call texts. Only the SMS transport
(and the mailer) are replaced."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.followup import alerts, hold, oncall, replies
from service.followup.mail import MemoryMailer
from service.followup.rules import is_question, needs_human
from service.models import CheckinAnswer, InboxItem, Message, Participant, SafetyAlert
from service.models.followup import QUESTION, UNREAD
from service.tick import run_tick

NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2026, 11, 23, 8, 0, tzinfo=NEW_YORK)
NUMBER = "+12125550123"
ON_CALL = "+12125550777"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what time do the texts come?", True),
        ("When do they come", True),
        ("¿cuándo llegan?", True),
        ("como funciona esto", True),
        ("thanks, today was rough", False),
        ("7", False),
        ("whatever", False),  # a question word only as a whole word
    ],
)
def test_questions_are_told_by_a_mark_or_a_question_word(text, expected):
    assert is_question(text) is expected


@pytest.mark.parametrize(
    "kind, text, unread, expected",
    [
        ("other", "thanks, today was rough", False, UNREAD),
        ("ignored", "hello?", False, QUESTION),
        ("checkin", "7", False, None),
        ("checkin", "not sure really", True, UNREAD),
        ("checkin", "is 0 the lowest?", False, QUESTION),
        ("stop", "stop?", False, None),
        ("keyword", "KIND", False, None),
        ("crisis", "why go on?", False, None),  # the alert files it
        ("consent", "YES", False, None),
    ],
)
def test_what_needs_a_human(kind, text, unread, expected):
    assert needs_human(kind, text, answer_unread=unread) == expected


def _day_one(enrol, clock, tick):
    clock.set(START)
    p = enrol(NUMBER)
    tick(START + timedelta(hours=1))  # 9:00: the practice
    tick(START + timedelta(hours=1, minutes=2))  # the check-in
    return p


def test_free_text_and_questions_land_in_the_inbox_once(demo, enrol, clock, tick):
    p = _day_one(enrol, clock, tick)
    p.text("7")  # the check-in answer: understood
    p.text("thanks, today was rough")
    p.text("what time tomorrow?")
    p.text("HELP")
    items = list(InboxItem.select().order_by(InboxItem.id))
    assert [(i.reason, i.inbound.body) for i in items] == [
        ("unread", "thanks, today was rough"),
        ("question", "what time tomorrow?"),
    ]
    assert {i.organisation.slug for i in items} == {"demo"}


def test_a_checkin_reply_the_service_could_not_read_is_filed(demo, enrol, clock, tick):
    p = _day_one(enrol, clock, tick)
    p.text("rough day honestly")  # re-asked
    assert InboxItem.get().reason == "unread"


def test_a_score_that_carries_a_message_keeps_the_score_and_is_filed(demo, enrol, clock, tick):
    p = _day_one(enrol, clock, tick)
    p.text("3, rough day, my boss shouted at me again in front of the whole team")
    answer = CheckinAnswer.get()
    assert answer.value == 3
    item = InboxItem.get()
    assert item.reason == "unread" and item.inbound.body.startswith("3, rough day")


def test_a_number_that_counts_something_is_no_score_and_is_filed(demo, enrol, clock, tick):
    p = _day_one(enrol, clock, tick)
    p.text("4 days without eating, dont deserve it")  # re-asked, not a 4
    assert not CheckinAnswer.select().where(CheckinAnswer.value.is_null(False)).exists()
    # Filed whichever way the screen reads it: hunger as punishment is risk (issue
    # 16), which the rules miss here and the model, since round 6, raises.
    item = InboxItem.get()
    assert item.reason in ("unread", "alert") and item.inbound.body.startswith("4 days")


def test_a_crisis_text_files_one_alert_item_holds_the_programme_and_pages(
    app, demo, enrol, clock, tick, sms
):
    oncall.add_contact(demo.organisation, name="Sam", phone=ON_CALL, email=None, now=clock.now)
    p = _day_one(enrol, clock, tick)
    sms.sent.clear()
    p.text("i want to end my life, why go on?")
    item = InboxItem.get()
    assert item.reason == "alert" and item.priority == 1 and item.alert is not None
    person = Participant.get(Participant.phone == NUMBER)
    until = hold.held_until(demo.organisation, person, clock.now)
    assert until == (clock.now + timedelta(hours=72)).replace(tzinfo=None)

    # The next clock pass texts the on-call phone, with nothing of the person's.
    tick(clock.now + timedelta(seconds=30))
    assert sms.sent == [
        (
            ON_CALL,
            "Kindly: 1 urgent alert waiting. Open https://kindly.example.org/dashboard/alerts",
        )
    ]

    # The next morning: no programme day is planned while the hold lasts,
    # but the person's own texts are still answered.
    tick(START + timedelta(days=1, hours=1))
    programme = [b for to, b in sms.sent if to == NUMBER]
    assert programme == []
    assert p.text("HELP")

    # Acknowledging ("I'm on it") keeps the hold: nothing goes to the person.
    alerts.acknowledge(SafetyAlert.get(), by="Sam", now=clock.now)
    assert hold.is_held(demo.organisation, person, clock.now)
    tick(clock.now + timedelta(minutes=1))
    assert not [b for to, b in sms.sent if to == NUMBER]
    # Resolving with a note ends it; that day's practice goes on the next pass.
    alerts.resolve(SafetyAlert.get(), by="Sam", note="Called; safe with family.", now=clock.now)
    assert not hold.is_held(demo.organisation, person, clock.now)
    tick(clock.now + timedelta(minutes=1))
    assert [m.day for m in Message.select().where(Message.kind == "practice")] == [1, 2]
    assert any(to == NUMBER for to, _ in sms.sent)


def test_the_hold_lasts_while_the_crisis_is_unresolved_and_ends_when_it_is(
    monkeypatch, demo, enrol, clock, tick, sms
):
    monkeypatch.setenv("CRISIS_HOLD_HOURS", "6")
    clock.set(START)
    p = enrol(NUMBER)
    p.text("i want to die")  # at 8:00, before day 1 was planned
    # 9:00 and every hour after: still held, nothing planned. The 6 hours pass, and
    # then a day and more: nobody resolved the alert, so the clock kept the hold.
    for hours in range(1, 31):
        tick(START + timedelta(hours=hours))
    assert Message.select().where(Message.kind == "practice").count() == 0
    person = Participant.get(Participant.phone == NUMBER)
    assert hold.is_held(demo.organisation, person, START + timedelta(hours=30))
    # Acknowledged: still held. Resolved: the programme goes on the next pass.
    alert = SafetyAlert.get()
    alerts.acknowledge(alert, by="Sam", now=START + timedelta(hours=31))
    tick(START + timedelta(hours=32))
    assert Message.select().where(Message.kind == "practice").count() == 0
    alerts.resolve(alert, by="Sam", note="Spoke on the phone.", now=START + timedelta(hours=33))
    tick(START + timedelta(hours=34))
    sent = Message.select().where(Message.kind == "practice", Message.state == "sent")
    assert len(sent) == 1
    assert NUMBER in [to for to, _ in sms.sent]


def test_a_hold_someone_resumed_is_not_renewed(monkeypatch, demo, enrol, clock, tick):
    from service.followup import hold

    monkeypatch.setenv("CRISIS_HOLD_HOURS", "6")
    clock.set(START)
    p = enrol(NUMBER)
    p.text("i want to die")
    person = Participant.get(Participant.phone == NUMBER)
    hold.release(demo.organisation, person, now=START + timedelta(minutes=5))  # "Resume"
    assert alerts.keep_holds(START + timedelta(hours=6)) == 0
    assert not hold.is_held(demo.organisation, person, START + timedelta(hours=6))


def test_the_dispatcher_defers_queued_programme_texts_of_a_held_person(demo, enrol, clock, tick):
    clock.set(START)
    enrol(NUMBER)
    from service.sending.planner import plan_due

    plan_due(START + timedelta(hours=1))  # queued, not yet sent
    person = Participant.get(Participant.phone == NUMBER)
    hold.hold(demo.organisation, person, now=START + timedelta(hours=1), hours=2)
    tick(START + timedelta(hours=1))
    practice = Message.get(Message.kind == "practice")
    assert practice.state == "queued"
    # Still held a little later: the dispatcher does not even claim it.
    tick(START + timedelta(hours=1, minutes=2))
    assert Message.get_by_id(practice.id).state == "queued"
    # Resume at once: it goes on the next pass.
    assert hold.release(demo.organisation, person, now=START + timedelta(hours=1, minutes=5))
    tick(START + timedelta(hours=1, minutes=5))
    assert Message.get_by_id(practice.id).state == "sent"


def test_a_staff_reply_goes_at_night_once_with_the_writers_name(demo, enrol, clock, tick, sms):
    p = _day_one(enrol, clock, tick)
    person = Participant.get(Participant.phone == NUMBER)
    night = datetime(2026, 11, 24, 3, 0, tzinfo=NEW_YORK)  # quiet hours
    clock.set(night)
    sms.sent.clear()
    first = replies.send(
        person, demo.organisation, "Hi, it's Ana from Demo.", by="Ana", key="a" * 32, now=night
    )
    again = replies.send(
        person, demo.organisation, "Hi, it's Ana from Demo.", by="Ana", key="a" * 32, now=night
    )
    assert first.id == again.id and first.kind == "staff_reply" and first.sent_by == "Ana"
    tick(night)
    tick(night + timedelta(minutes=5))
    assert sms.sent == [(NUMBER, "Hi, it's Ana from Demo.")]
    assert Message.get_by_id(first.id).state == "sent"
    assert p  # the participant's phone is untouched otherwise


def test_a_staff_reply_that_fails_for_a_moment_is_retried_not_lost(demo, enrol, clock, tick, sms):
    from service.sending.backends import SendError

    _day_one(enrol, clock, tick)
    person = Participant.get(Participant.phone == NUMBER)
    message = replies.send(
        person, demo.organisation, "Checking in.", by="Ana", key="b" * 32, now=clock.now
    )
    sms.fail_next(SendError("timeout", permanent=False), to=NUMBER)
    tick(clock.now)
    assert Message.get_by_id(message.id).state == "queued"
    tick(clock.now + timedelta(minutes=2))
    assert Message.get_by_id(message.id).state == "sent"
    assert sms.sent[-1] == (NUMBER, "Checking in.")


def test_an_opted_out_person_can_be_answered_only_within_24_hours(demo, enrol, clock, tick, sms):
    p = _day_one(enrol, clock, tick)
    p.text("STOP")
    person = Participant.get(Participant.phone == NUMBER)
    assert person.opted_out
    # Within 24 hours of their STOP: the reply goes (the dispatcher does not cancel it).
    message = replies.send(
        person, demo.organisation, "Understood, take care.", by="Ana", key="c" * 32, now=clock.now
    )
    tick(clock.now)
    assert Message.get_by_id(message.id).state == "sent"
    later = clock.now + timedelta(hours=25)
    assert "24 hours" in replies.refusal(person, now=later)
    with pytest.raises(replies.ReplyRefused, match="24 hours"):
        replies.send(person, demo.organisation, "Hello?", by="Ana", key="d" * 32, now=later)


def test_on_call_is_told_again_every_15_minutes_until_acknowledged_up_to_a_limit(
    app, demo, enrol, clock, sms
):
    org = demo.organisation
    oncall.add_contact(org, name="Sam", phone=ON_CALL, email="sam@example.org", now=clock.now)
    mailer = MemoryMailer()
    settings = {**app.config, "ONCALL_MAX_ROUNDS": 3}
    clock.set(START)
    enrol(NUMBER).text("i want to kill myself")

    def tick_at(minutes):
        run_tick(START + timedelta(minutes=minutes), settings, backend=sms, mailer=mailer)
        return [b for to, b in sms.sent if to == ON_CALL]

    assert len(tick_at(0)) == 1
    assert len(tick_at(5)) == 1  # not yet
    assert len(tick_at(15)) == 2
    assert len(tick_at(15)) == 2  # a second clock at the same moment calls no one twice
    assert len(tick_at(30)) == 3
    assert len(tick_at(45)) == 3  # the limit
    assert len(mailer.sent) == 3
    to, subject, body = mailer.sent[0]
    assert to == "sam@example.org" and "urgent" in subject
    assert "kill" not in body and "0123" not in body


def test_acknowledging_stops_the_calls(app, demo, enrol, clock, sms):
    oncall.add_contact(demo.organisation, name="Sam", phone=ON_CALL, email=None, now=clock.now)
    clock.set(START)
    enrol(NUMBER).text("i want to kill myself")
    run_tick(START, app.config, backend=sms)
    alerts.acknowledge(SafetyAlert.get(), by="Sam", now=START + timedelta(minutes=3))
    run_tick(START + timedelta(minutes=15), app.config, backend=sms)
    assert [to for to, _ in sms.sent].count(ON_CALL) == 1


def test_the_tick_command_says_who_was_called(runner, demo, enrol, clock):
    oncall.add_contact(demo.organisation, name="Sam", phone=ON_CALL, email=None, now=clock.now)
    clock.set(START)
    enrol(NUMBER).text("i want to kill myself")
    result = runner.invoke(args=["tick", "--now", "2026-11-23T13:00:30Z"])
    assert result.exit_code == 0, result.output
    assert "on-call: 1 text(s), 0 email(s) for 1 organisation(s), 0 failed" in result.output
    assert "kill" not in result.output


def test_a_failing_follow_up_step_never_costs_the_crisis_reply(monkeypatch, demo, enrol, clock):
    from service.followup import inbox

    def broken(*args, **kwargs):
        raise RuntimeError("a bug in filing")

    monkeypatch.setattr(inbox, "alert_raised", broken)
    clock.set(START)
    reply = enrol(NUMBER).text("i want to kill myself")
    assert "988" in reply[0]
    assert SafetyAlert.select().count() == 1  # the alert itself is kept
