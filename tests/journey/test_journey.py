"""The participant's whole journey through the signed webhook and the clock,
walked day by day across a daylight-saving change and two time zones."""

import itertools
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from service.config import programs_dir
from service.content.gsm import fold
from service.content.programme import get_library
from service.content.render import fill
from service.models import CheckinAnswer, Enrolment, Message, Participant

NEW_YORK = ZoneInfo("America/New_York")
MEXICO_CITY = ZoneInfo("America/Mexico_City")
UTC = timezone.utc


def walk(tick, start, end, step=timedelta(minutes=30)):
    """Run the clock every `step` from start to end (aware datetimes)."""
    when = start
    while when <= end:
        tick(when)
        when += step


def sent_practices(number):
    """(local send time, day, body) of every practice sent to `number`, in order."""
    rows = (
        Message.select()
        .join(Participant)
        .where(Participant.phone == number, Message.kind == "practice", Message.state == "sent")
        .order_by(Message.sent_at)
    )
    return [(m.sent_at, m.day, m.body) for m in rows]


def local(sent_at, zone):
    return sent_at.replace(tzinfo=UTC).astimezone(zone)


@pytest.mark.slow  # walks the whole programme, pass by pass
def test_taster_day_by_day_across_dst_in_two_zones(app, demo, phone, clock, tick, sms):
    taster = get_library(programs_dir()).get("taster")
    ny, mexico = phone("+12125550123"), phone("+525512345678")

    # Thursday 5 March 2026, morning in New York: the US changes clocks on Sunday 8 March.
    clock.set(datetime(2026, 3, 5, 9, 0, tzinfo=NEW_YORK))
    consent = ny.text("  kind! ")
    assert len(consent) == 1
    for needed in ("Demo Community", "YES", "STOP", "HELP", "rates may apply"):
        assert needed in consent[0]
    tick()
    assert sms.sent == [], "nothing is sent before YES"

    assert "time" in ny.text("yes")[0].lower()
    confirm = ny.text("7:30pm")[0]
    assert "today at 7:30pm" in confirm

    # Mexico City joins in Spanish and picks the morning.
    clock.set(datetime(2026, 3, 5, 9, 5, tzinfo=NEW_YORK))
    consent_es = mexico.text("Amable")[0]
    assert "SI" in consent_es.upper() and "Demo Community" in consent_es
    mexico.text("sí")
    mexico.text("8:15")

    walk(tick, datetime(2026, 3, 5, 14, 30, tzinfo=UTC), datetime(2026, 3, 13, 23, 0, tzinfo=UTC))

    for number, zone, hhmm, lang in (
        ("+12125550123", NEW_YORK, (19, 30), "en"),
        ("+525512345678", MEXICO_CITY, (8, 30), "es"),
    ):
        practices = sent_practices(number)
        assert [day for _, day, _ in practices] == list(range(1, taster.length + 1))
        dates = [local(at, zone).date() for at, _, _ in practices]
        assert len(set(dates)) == len(dates), "one practice per local day"
        assert all(b - a == timedelta(days=1) for a, b in itertools.pairwise(dates)), dates
        for at, _, _ in practices:
            assert (local(at, zone).hour, local(at, zone).minute) == hhmm
        for _, day, body in practices:
            expected = fill(taster.day(day).practice[lang], demo.template_variables(lang))
            assert body == (fold(expected) if taster.folds(lang) else expected)
        enrolment = Enrolment.get(Enrolment.participant == Participant.get(phone=number))
        assert enrolment.state == "completed"

    # Mexico City asked for 8:15; the clock passes every 30 minutes, so 8:30 local.
    # New York's 7:30pm stayed 7:30pm local on both sides of the change:
    ny_times = [at for at, _, _ in sent_practices("+12125550123")]
    assert {local(at, NEW_YORK).utcoffset() for at in ny_times} == {
        timedelta(hours=-5),
        timedelta(hours=-4),
    }


@pytest.mark.slow  # walks the whole programme, pass by pass
def test_no_programme_text_ever_in_quiet_hours(app, demo, phone, clock, tick):
    la = phone("+14155550199")
    clock.set(datetime(2026, 3, 6, 10, 0, tzinfo=ZoneInfo("America/Los_Angeles")))
    la.text("KIND")
    la.text("YES")
    reply = la.text("11pm")[0]
    # 11pm is outside 08:00-21:00: the service moves it inside the window.
    assert "8:59pm" in reply or "9pm" in reply or "8:" in reply
    walk(tick, clock.now, clock.now + timedelta(days=9), step=timedelta(minutes=20))
    sent = Message.select().where(Message.kind.in_(["practice", "checkin", "closing"]))
    assert sent.count() > 0
    for message in sent.where(Message.state == "sent"):
        t = local(message.sent_at, ZoneInfo("America/Los_Angeles")).time()
        assert t.hour >= 8 and (t.hour, t.minute) < (21, 0), t


@pytest.mark.slow  # walks the whole programme, pass by pass
def test_stop_mid_programme_ends_everything_at_once(app, demo, phone, clock, tick, sms, enrol):
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=NEW_YORK))
    p = enrol("+12125550144")
    walk(tick, clock.now, clock.now + timedelta(days=2, hours=3))
    before = len(sms.sent)
    assert before >= 3
    reply = p.text("Stop")
    assert len(reply) == 1 and "START" in reply[0]
    assert Participant.get(phone="+12125550144").opted_out
    walk(tick, clock.now, clock.now + timedelta(days=4))
    assert len(sms.sent) == before, "nothing after STOP"
    # Anything but START gets no answer while opted out.
    assert p.text("hello?") == []
    # START resumes where it stopped: the next day, not a burst.
    assert p.text("START")
    walk(tick, clock.now, clock.now + timedelta(days=1, hours=1))
    days = [d for _, d, _ in sent_practices("+12125550144")]
    assert days == sorted(days) and len(days) == len(set(days))
    assert days[-1] == 4


def test_clock_down_all_night_sends_one_day_not_a_burst(app, demo, phone, clock, tick, enrol):
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=NEW_YORK))
    enrol("+12125550155")
    tick(datetime(2026, 11, 23, 9, 0, tzinfo=NEW_YORK))
    # The clock is down for two days and comes back at 10:00.
    tick(datetime(2026, 11, 25, 10, 0, tzinfo=NEW_YORK))
    tick(datetime(2026, 11, 25, 10, 1, tzinfo=NEW_YORK))
    assert [d for _, d, _ in sent_practices("+12125550155")] == [1, 2]
    # And the next day goes the next day, at the usual time.
    tick(datetime(2026, 11, 26, 9, 0, tzinfo=NEW_YORK))
    assert [d for _, d, _ in sent_practices("+12125550155")] == [1, 2, 3]


def test_checkin_answers_read_tolerantly_and_reasked_once(
    app, demo, phone, clock, tick, sms, enrol
):
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=NEW_YORK))
    p = enrol("+12125550166")
    tick(datetime(2026, 11, 23, 9, 0, tzinfo=NEW_YORK))
    tick(datetime(2026, 11, 23, 9, 2, tzinfo=NEW_YORK))
    assert "0" in sms.sent[-1][1] and "10" in sms.sent[-1][1], "the day-1 check-in went out"
    reask = p.text("hmm not sure")
    assert len(reask) == 1 and "0" in reask[0] and "10" in reask[0]
    p.text("I'd say seven")
    answer = CheckinAnswer.get()
    assert (answer.day, answer.value, answer.raw) == (1, 7, "I'd say seven")
    # The next reply is no answer: stored and acknowledged, never re-asked again.
    ack = p.text("thanks, that was nice")
    assert len(ack) == 1
    assert CheckinAnswer.select().count() == 1


def test_unreadable_answer_twice_moves_on(app, demo, phone, clock, tick, enrol):
    clock.set(datetime(2026, 11, 23, 8, 0, tzinfo=NEW_YORK))
    p = enrol("+12125550177")
    tick(datetime(2026, 11, 23, 9, 0, tzinfo=NEW_YORK))
    tick(datetime(2026, 11, 23, 9, 2, tzinfo=NEW_YORK))
    p.text("banana")
    p.text("still banana")
    answer = CheckinAnswer.get()
    assert answer.value is None and answer.raw == "still banana"
    assert Enrolment.get().pending is None
