"""Each shipped programme, walked from keyword to closing in each language.

A participant texts the keyword through the signed webhook, says yes, picks
9am, and the clock runs at 9:00 and 9:05 every day. They answer every
check-in: on the first and last day the GAD-2 and PHQ-2 items with different
answers, so the before/after comparison has something to compare.
"""

import pytest

from service.content import gsm
from service.launch_variables import resolve
from service.models import CheckinAnswer, Enrolment, Message, Participant, SafetyAlert
from service.models.safety import SCREENING

from .conftest import HOPE, JOIN, SHIPPED, morning

# The screening answers: day 1 has a GAD-2 total of 4 (over the threshold of
# 3), a PHQ-2 total of 2 (under); the last day has totals of 1 and 1.
FIRST_DAY = {"gad2_1": 2, "gad2_2": 2, "phq2_1": 1, "phq2_2": 1}
LAST_DAY = {"gad2_1": 1, "gad2_2": 0, "phq2_1": 0, "phq2_2": 1}
NUMBERS = {"en": "+12125550171", "es": "+12125550172"}


def answer_for(programme, day, item):
    """What the scripted participant replies to `item` on `day`."""
    if item.measure not in (None, "own"):
        return (FIRST_DAY if day == 1 else LAST_DAY)[item.id]
    return day % (item.max + 1)  # own 0-10 ratings: a different number most days


def outbound(number):
    """Every text to `number`, in the order it went out."""
    return list(
        Message.select()
        .join(Participant)
        .where(Participant.phone == number)
        .order_by(Message.sent_at, Message.id)
    )


def walk(programme, lang, phone, clock, tick):
    """Join, then live every programme day at 9am New York time, answering everything."""
    words = JOIN[lang]
    participant = phone(NUMBERS[lang])
    clock.set(morning(0).replace(hour=8))
    assert participant.text(words["keyword"]), "the keyword is answered"
    assert participant.text(words["yes"]), "consent is answered"
    assert participant.text(words["time"]), "the send time is confirmed"
    for index, day in enumerate(programme.days):
        tick(morning(index))  # the practice
        tick(morning(index, 5))  # the first check-in question, a minute later
        clock.set(morning(index, 10))
        for item in day.checkin:
            replies = participant.text(str(answer_for(programme, day.number, item)))
            assert replies, f"day {day.number}: the answer to {item.id} is acknowledged"
    return NUMBERS[lang]


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("slug", SHIPPED)
def test_programme_from_keyword_to_closing(slug, lang, library, launched, phone, clock, tick, sms):
    programme = library.get(slug)
    launched(slug)
    number = walk(programme, lang, phone, clock, tick)
    values = {"org_name": HOPE["name"], **resolve(HOPE["variables"], lang)}

    def expected(texts):
        return programme.render(texts, lang, values)

    sent = outbound(number)
    assert all(m.state == "sent" for m in sent)
    for message in sent:
        assert "{" not in message.body and "}" not in message.body, message.body

    # Every practice once, in order, in the participant's language.
    practices = [m for m in sent if m.kind == "practice"]
    assert [m.day for m in practices] == [d.number for d in programme.days]
    assert [m.body for m in practices] == [expected(d.practice) for d in programme.days]
    through_transport = [body for to, body in sms.sent if to == number]
    for message in practices:
        assert through_transport.count(message.body) == 1

    # Every check-in question once, in the programme's order.
    questions = [m for m in sent if m.kind == "checkin"]
    wanted = [(d.number, i) for d in programme.days for i in d.checkin]
    assert [(m.day, m.item) for m in questions] == [(n, i.id) for n, i in wanted]
    assert [m.body for m in questions] == [expected(i.text) for _, i in wanted]

    # The closing comes once, last.
    closings = [m for m in sent if m.kind == "closing"]
    assert len(closings) == 1 and sent[-1].kind == "closing"
    assert closings[0].body == expected(programme.closing)

    programme_texts = practices + questions + closings
    assert {m.language for m in programme_texts} == {lang}
    for message in programme_texts:
        cost = gsm.cost(message.body)
        assert (cost.encoding, cost.segments) == ("GSM-7", 1), (message.body, str(cost))

    enrolment = Enrolment.get(Enrolment.participant == Participant.get(phone=number))
    assert enrolment.state == "completed" and enrolment.completed_at is not None

    # Every answer stored, parsed, with the measure it belongs to.
    stored = {(a.day, a.item): a for a in CheckinAnswer.select()}
    assert set(stored) == {(n, i.id) for n, i in wanted}
    for number_, item in wanted:
        answer = stored[(number_, item.id)]
        assert answer.value == answer_for(programme, number_, item)
        assert answer.measure == item.measure

    # Nothing more once the programme is over.
    before = len(sms.sent)
    tick(morning(programme.length + 1))
    tick(morning(programme.length + 2))
    assert len(sms.sent) == before


@pytest.mark.parametrize("lang", ["en", "es"])
@pytest.mark.parametrize("slug", ["kind-to-myself", "kind-to-the-helper"])
def test_screening_answers_compare_before_and_after(
    slug, lang, library, launched, phone, clock, tick
):
    programme = library.get(slug)
    launched(slug)
    number = walk(programme, lang, phone, clock, tick)
    enrolment = Enrolment.get(Enrolment.participant == Participant.get(phone=number))
    last = programme.length

    # Per participant: each screening item on day 1 and on the last day.
    rows = CheckinAnswer.select().where(
        CheckinAnswer.enrolment == enrolment, CheckinAnswer.measure.in_(["GAD-2", "PHQ-2"])
    )
    by_item = {}
    for row in rows:
        by_item.setdefault(row.item, {})[row.day] = row.value
    assert by_item == {item: {1: FIRST_DAY[item], last: LAST_DAY[item]} for item in FIRST_DAY}

    totals = {}
    for name, measure in programme.measures.items():
        totals[name] = tuple(sum(by_item[i][day] for i in measure.items) for day in (1, last))
    assert totals == {"GAD-2": (4, 1), "PHQ-2": (2, 1)}

    # GAD-2 of 4 on day 1 raised one screening alert (below crisis); nothing else did.
    alerts = list(SafetyAlert.select())
    assert len(alerts) == 1
    assert alerts[0].priority == SCREENING
    assert "GAD-2" in alerts[0].reason and "4" in alerts[0].reason
    assert alerts[0].organisation.name == HOPE["name"]
