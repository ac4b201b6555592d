"""CSV exports: pseudonymous ids, no phone numbers, no test participants. No Flask.

A person's id in an export is their organisation's own (`pseudonym_in`): the
same number in two organisations' exports gets two unrelated ids, so the files
cannot be joined to tell that one person is known to both.
"""

import csv
import hashlib
import io

from ..models.org import Launch
from ..models.participant import Enrolment, Participant
from ..models.privacy import ErasedFrom
from ..models.safety import CheckinAnswer

ENROLMENT_COLUMNS = [
    "participant",
    "launch",
    "programme",
    "language",
    "state",
    "opted_out",
    "last_day_sent",
    "send_time",
    "timezone",
    "joined",
    "consented",
    "completed",
    "ended",
]
ANSWER_COLUMNS = ["participant", "launch", "programme", "day", "item", "measure", "value"]
BATCH = 2000


def pseudonym_in(org, pseudonym):
    """The person's export id in this organisation (12 hex digits)."""
    org_id = getattr(org, "id", org)
    return hashlib.sha256(f"{org_id}:{pseudonym}".encode()).hexdigest()[:12]


def _date(value):
    return value.strftime("%Y-%m-%d") if value else ""


def _scoped(query, org):
    return query.where(
        Launch.organisation == org,
        Participant.is_test == False,  # noqa: E712
        ErasedFrom.shown_to(org),
    )


def enrolment_rows(org):
    """One row per enrolment of the organisation's real participants."""
    query = _scoped(
        Enrolment.select(
            Enrolment, Participant.pseudonym, Participant.opted_out, Launch.id, Launch.programme
        )
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .switch(Enrolment)
        .join(Launch, on=(Enrolment.launch == Launch.id)),
        org,
    ).order_by(Enrolment.id)
    for e in query.iterator():
        yield [
            pseudonym_in(org, e.participant.pseudonym),
            e.launch.id,
            e.launch.programme,
            e.language,
            e.state,
            int(e.participant.opted_out),
            max(0, e.next_day - 1),
            e.send_time or "",
            e.timezone,
            _date(e.created_at),
            _date(e.consented_at),
            _date(e.completed_at),
            _date(e.ended_at),
        ]


def answer_rows(org):
    """One row per numeric or choice check-in answer; free text is left out (it may name people)."""
    query = _scoped(
        CheckinAnswer.select(
            Participant.pseudonym,
            Enrolment.launch,
            Launch.programme,
            CheckinAnswer.day,
            CheckinAnswer.item,
            CheckinAnswer.measure,
            CheckinAnswer.value,
        )
        .join(Enrolment, on=(CheckinAnswer.enrolment == Enrolment.id))
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .switch(Enrolment)
        .join(Launch, on=(Enrolment.launch == Launch.id)),
        org,
    ).order_by(CheckinAnswer.id)
    for pseudonym, *row in query.tuples().iterator():
        yield [pseudonym_in(org, pseudonym)] + ["" if v is None else v for v in row]


def csv_chunks(columns, rows):
    """CSV text in chunks of rows, header first, for a streamed download."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(columns)
    for n, row in enumerate(rows, 1):
        writer.writerow(row)
        if n % BATCH == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()
