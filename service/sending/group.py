"""Group figures for group mode: how many in a launch did a practice, in numbers.

Counted from real participants only (test participants from the simulator
never), over the whole launch. A figure describing fewer people than the
privacy threshold is None, and the planner then sends the day's own practice
instead of the group text. Texts and figure definitions live in
programs/groups/ (service/content/group.py).
"""

from peewee import fn

from ..content import group as group_content
from ..models.participant import ACTIVE, COMPLETED, PAUSED, Enrolment, Participant
from ..models.safety import CheckinAnswer


def _real(launch):
    return (Enrolment.launch == launch) & (Participant.is_test == False)  # noqa: E712


def _people(launch, figure, at_least=None):
    query = (
        CheckinAnswer.select(fn.COUNT(fn.DISTINCT(CheckinAnswer.enrolment)))
        .join(Enrolment, on=(CheckinAnswer.enrolment == Enrolment.id))
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(
            _real(launch),
            CheckinAnswer.item == figure.item,
            CheckinAnswer.day.in_(list(figure.days)),
            CheckinAnswer.value.is_null(False),
        )
    )
    if at_least is not None:
        query = query.where(CheckinAnswer.value >= at_least)
    return int(query.scalar() or 0)


def figures(launch, group, *, min_group):
    """{name: text or None} for every figure of `group` and group_size, for this launch."""
    size = (
        Enrolment.select(fn.COUNT(Enrolment.id))
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(_real(launch), Enrolment.state.in_([ACTIVE, PAUSED, COMPLETED]))
        .scalar()
    )
    out = {group_content.SIZE: f"{size:,}" if size >= min_group else None}
    for figure in group.figures.values():
        if figure.kind == "people":
            n = _people(launch, figure, figure.at_least)
            out[figure.name] = f"{n:,}" if n >= min_group else None
        else:
            answered = _people(launch, figure)
            if answered < min_group:
                out[figure.name] = None
                continue
            share = _people(launch, figure, figure.at_least) / answered
            out[figure.name] = f"{round(share * 100)}%"
    return out


def group_text(launch, programme, day, group, values):
    """The day's group texts ({lang: text}) when every figure they use is shown, else None."""
    if not launch.group_mode or group is None or day not in group.days:
        return None
    if any(values.get(name) is None for name in group.used(day)):
        return None  # too few people behind a figure: the day's own practice goes
    return group.days[day]
