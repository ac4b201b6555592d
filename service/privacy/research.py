"""The research export: check-in values that identify no one, and the register of exports.

- Pseudonyms are keyed per export (an HMAC under a key made for it and never
  kept), so two exports cannot be linked person by person.
- No free text: only numeric values of programme items.
- Dates only as the programme day of an answer and the month (or year) a
  person enrolled.
- Every row's group, (launch, language, enrolment month), must hold at least
  MIN_GROUP people; a smaller group is coarsened to the enrolment year, and
  if that is still too small, left out. The file's header says so.
- Each export is registered (who, when, how many rows) with the people in it,
  so its recipient can be told when one of them is later erased.
"""

import hashlib
import hmac
import secrets
from collections import defaultdict

from ..db import utc
from ..models.org import Launch
from ..models.participant import Enrolment, Participant
from ..models.privacy import ErasedFrom, ExportRecord, ExportSubject
from ..models.safety import CheckinAnswer

MIN_GROUP = 11
COLUMNS = ["person", "launch", "language", "enrolled", "day", "item", "measure", "value"]
HEADER = [
    "Kindly research export: one row per numeric check-in answer.",
    "person: a pseudonym made for this export only; two exports cannot be linked.",
    "enrolled: the month a person enrolled (YYYY-MM), or the year (YYYY) where fewer "
    f"than {MIN_GROUP} people of the launch and language enrolled that month.",
    f"Rows whose launch, language and enrolment year still hold fewer than {MIN_GROUP} "
    "people are left out. No phone numbers, no texts, no free-text answers, no dates.",
]


def _pseudonym(key, participant_id):
    """16 letters (a-p): no digit run a reader could take for a phone number."""
    digest = hmac.new(key, str(participant_id).encode(), hashlib.sha256).hexdigest()[:16]
    return "".join(chr(ord("a") + int(ch, 16)) for ch in digest)


def build(org):
    """(rows, people, suppressed): the export's rows, the participant ids in it, rows left out."""
    query = (
        CheckinAnswer.select(
            Participant.id,
            Enrolment.launch,
            Enrolment.language,
            Enrolment.created_at,
            CheckinAnswer.day,
            CheckinAnswer.item,
            CheckinAnswer.measure,
            CheckinAnswer.value,
        )
        .join(Enrolment, on=(CheckinAnswer.enrolment == Enrolment.id))
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .switch(Enrolment)
        .join(Launch, on=(Enrolment.launch == Launch.id))
        .where(
            Launch.organisation == org,
            Participant.is_test == False,  # noqa: E712
            ErasedFrom.shown_to(org),
            CheckinAnswer.value.is_null(False),
        )
        .order_by(CheckinAnswer.id)
        .tuples()
    )
    answers = list(query)
    by_month = defaultdict(set)
    for pid, launch, lang, enrolled, *_ in answers:
        by_month[(launch, lang, enrolled.strftime("%Y-%m"))].add(pid)
    by_year = defaultdict(set)
    for (launch, lang, month), pids in by_month.items():
        if len(pids) < MIN_GROUP:
            by_year[(launch, lang, month[:4])] |= pids
    key = secrets.token_bytes(32)
    rows, people, suppressed = [], set(), 0
    for pid, launch, lang, enrolled, day, item, measure, value in answers:
        month = enrolled.strftime("%Y-%m")
        if len(by_month[(launch, lang, month)]) >= MIN_GROUP:
            when = month
        elif len(by_year[(launch, lang, month[:4])]) >= MIN_GROUP:
            when = month[:4]
        else:
            suppressed += 1
            continue
        people.add(pid)
        rows.append([_pseudonym(key, pid), launch, lang, when, day, item, measure or "", value])
    return rows, people, suppressed


def export(org, *, staff, now):
    """Build the export and register it; (header lines, rows, ExportRecord)."""
    rows, people, suppressed = build(org)
    record = ExportRecord.create(
        organisation=org,
        staff=staff,
        staff_email=staff.email if staff else "",
        kind="research",
        rows=len(rows),
        suppressed=suppressed,
        created_at=utc(now),
    )
    if people:
        subjects = [{"export": record.id, "participant": pid} for pid in sorted(people)]
        ExportSubject.insert_many(subjects).execute()
    header = [*HEADER, f"Export #{record.id}; {suppressed} row(s) left out by the rule above."]
    return header, rows, record


def register(org, limit=50):
    """The organisation's research exports, newest first, each with how many people in it
    have been erased since (their recipients should be told)."""
    records = list(
        ExportRecord.select()
        .where(ExportRecord.organisation == org)
        .order_by(ExportRecord.created_at.desc())
        .limit(limit)
    )
    for record in records:
        record.erased_since = sorted(
            e
            for (e,) in ExportSubject.select(ExportSubject.erasure)
            .where(ExportSubject.export == record.id, ExportSubject.erasure.is_null(False))
            .tuples()
        )
    return records
