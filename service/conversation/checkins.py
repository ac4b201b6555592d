"""Check-in answers: read, store raw and parsed, ask the next item, total measures."""

from ..db import stored, utc
from ..models import CheckinAnswer, Enrolment, Message
from ..models.safety import SCREENING
from ..prepared import Prepared
from . import answers
from .enrolment import complete
from .replies import Reply, programme_of, say, variables
from .safety import raise_alert


def item_text(enrolment, item):
    """The question as the participant reads it."""
    lang = enrolment.language
    # render() folds where the programme folds, as the planner does for the first item.
    return programme_of(enrolment.launch).render(item.text, lang, variables(enrolment, lang=lang))


def read(item, text):
    """(value, text) parsed from a reply to `item`, or None when unreadable."""
    if item.type == "scale":
        value = answers.parse_scale(text, item.min, item.max, labels=scale_labels(item))
        return None if value is None else (value, None)
    if item.type == "yesno":
        value = answers.parse_yesno(text)
        return None if value is None else (int(value), None)
    if item.type == "choice":
        keys = [o.key for o in item.options]
        key = answers.parse_choice(text, keys)
        return None if key is None else (keys.index(key) + 1, key)
    return (None, text.strip())


def scale_labels(item):
    """The words of a scale question's answers, in every language it is written in."""
    labels = {}
    for question in item.text.values():
        labels.update(
            (label, value)
            for label, value in answers.labels_in(question).items()
            if item.min <= value <= item.max
        )
    return labels


def reask(enrolment, item):
    """The one clear re-ask for an item type."""
    if item.type == "scale":
        return say("reask_scale", enrolment=enrolment, min=item.min, max=item.max)
    if item.type == "yesno":
        return say("reask_yesno", enrolment=enrolment)
    options = ", ".join(o.key.upper() for o in item.options)
    return say("reask_choice", enrolment=enrolment, options=options)


def answer(enrolment, text, inbound, *, now):
    """A reply while a check-in item is open; returns reply texts."""
    programme = programme_of(enrolment.launch)
    item = programme.item(enrolment.pending_day, enrolment.pending_item)
    # Whether a person should read this reply (the inbox asks; see followup/inbox.py).
    inbound.answer_unread = True
    if item is None:  # the programme file changed under us: let it go
        enrolment.pending = None
        enrolment.save()
        return [say("ack", enrolment=enrolment)]
    skipped = answers.is_skip(text)
    parsed = None if skipped else read(item, text)
    if parsed is None and not skipped and not enrolment.reasked:
        enrolment.reasked = True
        enrolment.save()
        return [reask(enrolment, item)]
    value, free_text = parsed if parsed else (None, None)
    # Unread: no answer in it, or a score that carries a message as well.
    inbound.answer_unread = not skipped and (
        (value is None and free_text is None)
        or (value is not None and answers.carries_a_message(text))
    )
    if not skipped:
        store(enrolment, item, text, value, free_text, inbound, now)
    return advance(enrolment, programme, item, now=now)


_STORE = Prepared(
    lambda enrolment, day, item, measure, raw, value, text, inbound, at: CheckinAnswer.insert(
        enrolment=enrolment,
        day=day,
        item=item,
        measure=measure,
        raw=raw,
        value=value,
        text=text,
        inbound=inbound,
        answered_at=at,
    ).on_conflict(
        conflict_target=[CheckinAnswer.enrolment, CheckinAnswer.day, CheckinAnswer.item],
        preserve=[
            CheckinAnswer.measure,
            CheckinAnswer.raw,
            CheckinAnswer.value,
            CheckinAnswer.text,
            CheckinAnswer.inbound,
            CheckinAnswer.answered_at,
        ],
    )
)


def store(enrolment, item, raw, value, free_text, inbound, now):
    """Keep the answer; a second answer to the same item replaces the first (one upsert)."""
    _STORE.execute(
        enrolment.id,
        enrolment.pending_day,
        item.id,
        item.measure,
        raw,
        value,
        free_text,
        inbound.id,
        utc(now),
    )


def advance(enrolment, programme, item, *, now):
    """After an item: ask the next one, or thank them and total the measures."""
    day = programme.day(enrolment.pending_day)
    ids = [i.id for i in day.checkin]
    position = ids.index(item.id)
    if position + 1 < len(ids):
        following = day.checkin[position + 1]
        _set_pending(enrolment, "checkin", enrolment.pending_day, following.id)
        return [_ask(enrolment, following, day.number, now)]
    finished_day = enrolment.pending_day
    _set_pending(enrolment, None, None, None)
    replies = [say("answer_thanks", enrolment=enrolment)]
    replies += screening(enrolment, programme, finished_day, now=now)
    if finished_day == programme.length and enrolment.next_day > programme.length:
        replies += closing(enrolment, programme, now=now)
    return replies


_PENDING = Prepared(
    lambda pending, day, item, enrolment: Enrolment.update(
        pending=pending, pending_day=day, pending_item=item, reasked=False
    ).where(Enrolment.id == enrolment)
)


def _set_pending(enrolment, pending, day, item):
    """The question now open (or none), in one prepared UPDATE; the row in hand agrees."""
    _PENDING.execute(pending, day, item, enrolment.id)
    stored(enrolment, pending=pending, pending_day=day, pending_item=item, reasked=False)


def _ask(enrolment, item, day, now):
    return Reply(item_text(enrolment, item), kind="checkin", day=day, item=item.id)


_ANSWERED = Prepared(
    lambda enrolment, day: CheckinAnswer.select(CheckinAnswer.item, CheckinAnswer.value).where(
        CheckinAnswer.enrolment == enrolment, CheckinAnswer.day == day
    )
)


def screening(enrolment, programme, day, *, now):
    """Totals of measures completed today; over threshold: support and an alert."""
    replies = []
    today = programme.day(day)
    asked = {i.id for i in today.checkin} if today else set()
    screened = [
        m for m in programme.measures.values() if m.alert_at is not None and asked & set(m.items)
    ]
    if not screened:
        return replies  # nothing asked today has a threshold: no query
    answered = {a.item: a.value for a in _ANSWERED(enrolment.id, day)}
    for measure in screened:
        given = {i: answered[i] for i in measure.items if answered.get(i) is not None}
        total = sum(given.values())
        # One item at the top of its scale counts on its own, even when
        # another item was skipped; so do the answered items adding up.
        top = [i for i, v in given.items() if v == _top_of(programme, day, i)]
        if total >= measure.alert_at or top:
            reason = f"{measure.name} total {total} on day {day}"
            if len(given) < len(measure.items):
                reason += f" ({len(given)} of {len(measure.items)} items answered)"
            raise_alert(
                organisation=enrolment.launch.organisation,
                participant=enrolment.participant,
                inbound=None,
                reason=reason,
                priority=SCREENING,
                category="screening",
                now=now,
            )
            if not replies:
                replies.append(say("screening_support", enrolment=enrolment))
    return replies


def _top_of(programme, day, item_id):
    item = programme.item(day, item_id)
    return item.max if item is not None else None


def closing(enrolment, programme, *, now):
    """The closing text, once, and the enrolment completes."""
    lang = enrolment.language
    body = programme.render(programme.closing, lang, variables(enrolment, lang=lang))
    already = Message.get_or_none(Message.dedupe_key == closing_key(enrolment))
    complete(enrolment, now=now)
    if already is not None:
        return []
    return [Reply(body, kind="closing", dedupe_key=closing_key(enrolment))]


def closing_key(enrolment):
    """The unique key of an enrolment's closing text."""
    return f"e{enrolment.id}:closing"
