"""Case notes: what staff know and did about a person. Never sent; audited by the caller."""

from ..db import utc
from ..marks import N_
from ..models.followup import CaseNote

MAX_LENGTH = 4000


class NoteError(ValueError):
    """A note that cannot be kept."""


def add(participant, organisation, body, *, staff, now):
    """Keep a note on the participant, signed with the staff member's name."""
    body = (body or "").strip()
    if not body:
        raise NoteError(N_("Please write the note."))
    if len(body) > MAX_LENGTH:
        raise NoteError(N_("Please keep a note to 4000 characters or fewer."))
    return CaseNote.create(
        organisation=organisation,
        participant=participant,
        staff=staff,
        author=staff.name or staff.email,
        body=body,
        created_at=utc(now),
    )


def of(participant, organisation, limit=100):
    """The organisation's notes on the participant, newest first."""
    return list(
        CaseNote.select()
        .where(CaseNote.participant == participant, CaseNote.organisation == organisation)
        .order_by(CaseNote.created_at.desc(), CaseNote.id.desc())
        .limit(limit)
    )
