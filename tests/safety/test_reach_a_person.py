"""Every risky text reaches a person, whoever sends it: each risky line of every
labelled set goes through the signed webhook twice, once from a stranger (a
number no programme knows) and once from a participant whose check-in question
is open, and must leave a safety alert or an inbox item on that very text.
A line the screen misses is still read by a person: it is not a command or an
answer, so it is filed in the inbox (issue 16: 100% in both contexts)."""

from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from service.models import Enrolment, Inbound, InboxItem, SafetyAlert
from service.safety.evaluate import load

HERE = Path(__file__).parent
START = datetime(2026, 11, 23, 8, 0, tzinfo=ZoneInfo("America/New_York"))


def risky_lines():
    # The untuned sets too: whether a text reaches a person is no reading of the
    # screen, and nothing is tuned from it (untuned/README.md).
    paths = [
        *sorted(HERE.glob("*.tsv")),
        *sorted(HERE.glob("calibration/*.tsv")),
        *sorted(HERE.glob("untuned/*.tsv")),
    ]
    return [e for path in paths for e in load(path) if e.tier != "none"]


def reached(inbound):
    """An alert or an inbox item about this text."""
    return (
        SafetyAlert.select().where(SafetyAlert.inbound == inbound).exists()
        or InboxItem.select().where(InboxItem.inbound == inbound).exists()
    )


def last_inbound(number):
    return Inbound.select().where(Inbound.from_number == number).order_by(Inbound.id.desc()).get()


@pytest.mark.slow
def test_every_risky_line_reaches_a_person_from_a_stranger_and_from_a_participant(
    phone, clock, demo, tick, enrol
):
    lines = risky_lines()
    assert len(lines) > 1500  # every set, the written-apart ones included
    clock.set(START)
    participant = "+12125550199"
    p = enrol(participant)
    tick(START + timedelta(hours=1))
    tick(START + timedelta(hours=1, minutes=2))
    enrolment = Enrolment.get()
    assert enrolment.pending == "checkin"
    question = (enrolment.pending_day, enrolment.pending_item)
    lost = {"stranger": [], "participant": []}
    for n, example in enumerate(lines):
        stranger = f"+1{312 + n // 10_000}555{n % 10_000:04d}"  # a new number for every line
        phone(stranger).text(example.text)
        if not reached(last_inbound(stranger)):
            lost["stranger"].append(example.text)
        # The same check-in question is open for every line, as after a fresh one.
        Enrolment.update(
            pending="checkin", pending_day=question[0], pending_item=question[1], reasked=False
        ).where(Enrolment.id == enrolment.id).execute()
        p.text(example.text)
        if not reached(last_inbound(participant)):
            lost["participant"].append(example.text)
    assert lost == {"stranger": [], "participant": []}
