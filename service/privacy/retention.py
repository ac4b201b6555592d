"""Nothing kept longer than needed: the clock's retention pass. No Flask here.

Each organisation keeps, unless it set its own (Organisation.retention):
- message bodies, both directions, RETENTION_BODY_DAYS (180): then blanked here
  and redacted at the provider (Body=""), metadata kept; check-in answers are
  reduced to their value (raw text and free text dropped);
- staff notes and alert texts RETENTION_NOTE_DAYS (730): notes deleted, an
  alert's reason, matched words and note blanked (tier, category, times kept);
- people with no text either way for RETENTION_INACTIVE_MONTHS (24) and nothing
  open: erased as if they had asked (privacy/erasure.py, how "retention").

The pass runs at most every RETENTION_EVERY_MINUTES (60), touches only what still
holds something (so a second run changes nothing), and records what it removed
(`RetentionRun`, shown on the overview). Texts no organisation owns (a stranger's)
follow the defaults.
"""

from collections import Counter
from datetime import timedelta

from peewee import JOIN, Value, fn

from ..db import utc, write_transaction
from ..models.followup import CaseNote
from ..models.messages import FINAL_STATES, SENT, Inbound, Message
from ..models.org import Launch, Organisation
from ..models.participant import OPEN_STATES, Enrolment, Participant
from ..models.privacy import ErasedFrom, RetentionRun
from ..models.safety import CheckinAnswer, SafetyAlert
from . import erasure as erasures

DEFAULTS = {"body_days": 180, "note_days": 730, "inactive_months": 24, "outcomes": "keep"}
SETTINGS = {
    "body_days": "RETENTION_BODY_DAYS",
    "note_days": "RETENTION_NOTE_DAYS",
    "inactive_months": "RETENTION_INACTIVE_MONTHS",
    "outcomes": "RETENTION_OUTCOMES",
}
BATCH = 500
NOTHING = Value("{}", converter=False)  # an idle pass's `removed`, as stored


def policy(organisation, settings):
    """The organisation's retention: its own choices over the deployment's settings."""
    out = {k: settings.get(name, DEFAULTS[k]) for k, name in SETTINGS.items()}
    out.update((organisation.retention or {}) if organisation is not None else {})
    return out


def keeps_contributions(organisation, settings):
    """True when erasing someone keeps their anonymous contribution to the outcome report."""
    return policy(organisation, settings)["outcomes"] != "recompute"


def due(now, every_minutes):
    """True when the last pass is older than `every_minutes`."""
    last = RetentionRun.select(fn.MAX(RetentionRun.ran_at)).scalar()
    return last is None or utc(now) - last >= timedelta(minutes=every_minutes)


def run(now, *, settings, backend, programmes=None, force=False):
    """One retention pass for every organisation; {organisation slug: removed}, or None if
    the last pass was too recent (unless `force`)."""
    every = float(settings.get("RETENTION_EVERY_MINUTES", 60))
    if not force and not due(now, every):
        return None
    at = utc(now)
    out = {}
    for org in [*Organisation.select().order_by(Organisation.id), None]:
        removed = _one(org, policy(org, settings), at, backend, settings, programmes)
        if removed:
            RetentionRun.create(organisation=org, ran_at=at, removed=removed)
            out[org.slug if org else "-"] = removed
    if not out:
        RetentionRun.create(organisation=None, ran_at=at, removed={})
    # Idle passes only mark the time; a day of them is enough.
    RetentionRun.delete().where(
        RetentionRun.removed == NOTHING, RetentionRun.ran_at < at - timedelta(days=1)
    ).execute()
    return out


def _of(org, query, enrolment_field):
    """Rows of `query` whose enrolment belongs to the organisation (None: to no organisation)."""
    if org is None:
        return query.where(enrolment_field.is_null())
    launches = Launch.select(Launch.id).where(Launch.organisation == org)
    return query.where(
        enrolment_field.in_(Enrolment.select(Enrolment.id).where(Enrolment.launch.in_(launches)))
    )


def _one(org, rules, at, backend, settings, programmes):
    removed = Counter()
    body_cutoff = at - timedelta(days=float(rules["body_days"]))
    note_cutoff = at - timedelta(days=float(rules["note_days"]))

    texts_in = _of(
        org,
        Inbound.select(Inbound.id, Inbound.message_sid).where(
            Inbound.received_at < body_cutoff, Inbound.body != ""
        ),
        Inbound.enrolment,
    )
    removed["text bodies in"] += _blank(Inbound, texts_in, Inbound.message_sid, backend, removed)
    texts_out = _of(
        org,
        Message.select(Message.id, Message.twilio_sid).where(
            Message.created_at < body_cutoff,
            Message.body != "",
            Message.state.in_((SENT, *FINAL_STATES)),
        ),
        Message.enrolment,
    )
    removed["text bodies out"] += _blank(Message, texts_out, Message.twilio_sid, backend, removed)
    if org is not None:
        answers = _of(
            org,
            CheckinAnswer.select(CheckinAnswer.id).where(
                CheckinAnswer.answered_at < body_cutoff,
                (CheckinAnswer.raw != "") | CheckinAnswer.text.is_null(False),
            ),
            CheckinAnswer.enrolment,
        )
        ids = [a.id for a in answers]
        for start in range(0, len(ids), BATCH):
            removed["answers reduced to their value"] += (
                CheckinAnswer.update(raw="", text=None)
                .where(CheckinAnswer.id.in_(ids[start : start + BATCH]))
                .execute()
            )
        removed["staff notes"] += (
            CaseNote.delete()
            .where(CaseNote.organisation == org, CaseNote.created_at < note_cutoff)
            .execute()
        )
        removed["alert texts"] += (
            SafetyAlert.update(reason="", matched=None, note=None)
            .where(
                SafetyAlert.organisation == org,
                SafetyAlert.created_at < note_cutoff,
                (SafetyAlert.reason != "")
                | SafetyAlert.matched.is_null(False)
                | SafetyAlert.note.is_null(False),
            )
            .execute()
        )
        removed["people inactive, erased"] += _forget_inactive(
            org, rules, at, backend, settings, programmes
        )
    return {k: v for k, v in removed.items() if v}


def _blank(model, query, sid_field, backend, removed):
    """Blank the bodies of the rows `query` finds, and redact the provider's copies."""
    rows = list(query.tuples())
    for _id, sid in rows:
        if sid:
            answer = backend.redact(sid)
            removed["provider: " + ("failed" if answer.startswith("failed") else answer)] += 1
    ids = [row_id for row_id, _sid in rows]
    n = 0
    for start in range(0, len(ids), BATCH):
        with write_transaction():
            n += model.update(body="").where(model.id.in_(ids[start : start + BATCH])).execute()
    return n


def _forget_inactive(org, rules, at, backend, settings, programmes):
    """Erase the organisation's people with no text either way for `inactive_months`."""
    cutoff = at - timedelta(days=30.44 * float(rules["inactive_months"]))
    launches = Launch.select(Launch.id).where(Launch.organisation == org)
    recent_in = Inbound.select(Inbound.participant).where(Inbound.received_at >= cutoff)
    recent_out = Message.select(Message.participant).where(Message.created_at >= cutoff)
    still_open = Enrolment.select(Enrolment.participant).where(Enrolment.state.in_(OPEN_STATES))
    people = list(
        Participant.select()
        .join(Enrolment, JOIN.INNER, on=(Enrolment.participant == Participant.id))
        .where(
            Enrolment.launch.in_(launches),
            ErasedFrom.shown_to(org),
            Participant.created_at < cutoff,
            Participant.id.not_in(recent_in),
            Participant.id.not_in(recent_out),
            Participant.id.not_in(still_open),
        )
        .distinct()
    )
    for person in people:
        request = erasures.request(
            [person],
            how="retention",
            requested_by="retention",
            key=settings.get("ERASURE_KEY") or settings.get("SECRET_KEY") or "",
            now=at,
            organisation=org,
        )
        erasures.erase(
            request,
            at,
            backend,
            programmes,
            lambda org_id: keeps_contributions(Organisation.get_by_id(org_id), settings),
        )
    return len(people)


def recent(organisation, limit=10):
    """The organisation's latest retention passes that removed something, newest first."""
    return list(
        RetentionRun.select()
        .where(RetentionRun.organisation == organisation, RetentionRun.removed != NOTHING)
        .order_by(RetentionRun.ran_at.desc())
        .limit(limit)
    )
