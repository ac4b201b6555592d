"""Demo answers for trying the outcome report on a laptop. No Flask.

The report needs a launch whose people answered screeners at the start and the
end, which the demo's taster never asks. `fill_demo_outcomes` launches "Kind to
the Helper" in the demo organisation (keyword HELPER) and gives a few dozen
made-up people a finished programme's answers, weeks in the past, then counts
them as the clock would. The numbers are 555-01xx numbers, reserved for fiction;
the people are not test participants, because the report leaves those out.
"""

import random
from datetime import timedelta

from ..content.programme import get_library
from ..db import utc
from ..launches import launch_programme
from ..models import CheckinAnswer, Enrolment, Keyword, Launch, Participant
from . import rollups

PROGRAMME, KEYWORD = "kind-to-the-helper", "HELPER"
FICTIONAL = 100  # 555-0100 to 555-0199 are set aside for fiction


def fill_demo_outcomes(organisation, programs_dir, *, now, people=40, seed=20):
    """Launch the helper programme (once) and fill it with finished people; the Launch."""
    keyword = Keyword.get_or_none(Keyword.word == KEYWORD)
    launch = (
        keyword.launch if keyword else launch_programme(organisation, PROGRAMME, {"en": KEYWORD})
    )
    programme = get_library(programs_dir).get(PROGRAMME)
    rng = random.Random(seed)
    start = utc(now).replace(tzinfo=None) - timedelta(days=len(programme.days) + 10)
    made = Enrolment.select().where(Enrolment.launch == launch).count()
    for n in range(made, min(made + people, 100)):
        person = Participant.create(phone=f"+1202555{FICTIONAL + n:04d}")
        enrolment = Enrolment.create(
            participant=person,
            launch=launch,
            language="en",
            state="completed",
            timezone=organisation.timezone,
            next_day=len(programme.days) + 1,
        )
        better = rng.random() < 0.7  # most feel a little better by the end
        for day in programme.days:
            late = day.number > len(programme.days) // 2
            for item in day.checkin:
                if item.min is None or item.max is None:
                    continue
                value = rng.randint(item.min, item.max)
                if late and better and item.measure:
                    value = max(item.min, value - 1)
                CheckinAnswer.create(
                    enrolment=enrolment,
                    day=day.number,
                    item=item.id,
                    measure=item.measure,
                    raw=str(value),
                    value=value,
                    answered_at=start + timedelta(days=day.number - 1, hours=12),
                )
    rollups.seal(now, limit=None)
    return Launch.get_by_id(launch.id)
