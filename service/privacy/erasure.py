"""Forgetting a person, in two steps. No Flask here.

1. `request` (at once, in the request that asked): a tombstone (`Erasure`) with
   a random id and an HMAC of the number under ERASURE_KEY; the participant rows
   are marked with it, open enrolments end, queued texts are cancelled, and from
   then on nothing is sent (the dispatcher cancels what it meets) and no page
   lists the person.
2. `run_due` (the clock, every pass): for each request due, unless a crisis
   alert about the person is still open and the deadline has not passed (then
   it waits, with its reason, and staff see it on the overview):
   a. the organisation's anonymous Contribution rows, so published outcome
      figures stay true (unless it chose "recompute");
   b. the provider's copies: every sid the inventory's sid columns hold and
      every text the provider lists to or from the number, deleted through the
      backend; a provider that cannot be reached is asked again next pass (and
      at the deadline the erasure goes ahead, its failures on the tombstone);
   c. every row the inventory names, found by walking foreign keys from the
      participant rows (`inventory.reach`), deleted or scrubbed as each column
      says; audit entries about those rows re-keyed to the erasure id;
   d. on SQLite, deleted content is overwritten (secure_delete, always on, see
      db.SQLITE_PRAGMAS) and the write-ahead log is checkpointed and truncated.

The tombstone keeps: the id, the HMAC, when, who asked, how, rows per table,
the provider's answers. Never a number, never a text.
"""

import hashlib
import hmac
import logging
from collections import Counter
from datetime import timedelta

from ..db import database, is_postgres, utc, write_transaction
from ..models import ALL_MODELS
from ..models.messages import CANCELLED, QUEUED, Message
from ..models.participant import ENDED, OPEN_STATES, Enrolment, Participant
from ..models.privacy import DONE, HELD, REQUESTED, Contribution, Erasure
from ..models.safety import CRISIS, SafetyAlert
from . import inventory

log = logging.getLogger(__name__)

# Columns holding the provider's id of a text: its copy there is deleted by it.
PROVIDER_SIDS = {"inbound": "message_sid", "message": "twilio_sid"}
DEFAULT_HOLD_DAYS = 14  # a crisis hold never delays an erasure longer (Art. 12(3): a month)


# The key and hold of requests that come in a text, set by the app factory
# (`configure`) from ERASURE_KEY and ERASURE_HOLD_DAYS: the conversation has no settings.
_configured = {"key": "", "hold_days": DEFAULT_HOLD_DAYS}


def configure(key, hold_days):
    """Set the key and hold for requests made without them (texts)."""
    _configured.update(key=key, hold_days=hold_days)


def number_hmac(number, key):
    """The tombstone's keyed hash of an E.164 number (the key is a setting, not data)."""
    return hmac.new(key.encode(), number.encode(), hashlib.sha256).hexdigest()


def pending_for(participant):
    """The erasure this participant waits for, or None."""
    return Erasure.get_or_none(Erasure.id == participant.erasure) if participant.erasure else None


def request(participants, *, how, requested_by, now, key=None, organisation=None, hold_days=None):
    """Step one: stop everything about these participant rows at once; returns the Erasure.

    The rows share one number (one person). Asking twice returns the first request.
    """
    participants = list(participants)
    key = key or _configured["key"]
    hold_days = hold_days or _configured["hold_days"]
    if not key:
        raise ValueError("erasure needs ERASURE_KEY (or SECRET_KEY)")
    if not participants:
        raise ValueError("no participant to erase")
    with write_transaction():
        for p in participants:
            if p.erasure:
                existing = pending_for(p)
                if existing is not None and existing.state != DONE:
                    return existing
        at = utc(now)
        erasure = Erasure.create(
            number_hmac=number_hmac(participants[0].phone, key),
            how=how,
            requested_by=requested_by,
            requested_at=at,
            due_at=at,
            deadline_at=at + timedelta(days=hold_days),
            organisation=organisation,
        )
        ids = [p.id for p in participants]
        Participant.update(erasure=erasure.id, forget_asked_at=None).where(
            Participant.id.in_(ids)
        ).execute()
        Enrolment.update(state=ENDED, ended_at=at, pending=None).where(
            Enrolment.participant.in_(ids), Enrolment.state.in_(OPEN_STATES)
        ).execute()
        Message.update(state=CANCELLED).where(
            Message.participant.in_(ids), Message.state == QUEUED
        ).execute()
    log.info("erasure %s requested (%s)", erasure.id, how)
    return erasure


def hold_reason(participant_ids, now):
    """Why an erasure must wait: an unresolved crisis alert about the person, or None."""
    alert = (
        SafetyAlert.select(SafetyAlert.id)
        .where(
            SafetyAlert.participant.in_(participant_ids),
            SafetyAlert.priority == CRISIS,
            SafetyAlert.status != "resolved",
        )
        .first()
    )
    return f"crisis alert #{alert.id} is open" if alert else None


def run_due(now, *, backend, programmes=None, keep_contributions=None):
    """Step two for every request due: erase, or wait for an open crisis alert.

    `programmes(slug)` gives a launch's programme for the contributions;
    `keep_contributions(organisation_id)` says whether the organisation keeps
    them. Returns {"erased": n, "held": n, "retry": n}.
    """
    at = utc(now)
    summary = Counter()
    due = list(
        Erasure.select()
        .where(Erasure.state.in_((REQUESTED, HELD)), Erasure.due_at <= at)
        .order_by(Erasure.requested_at)
    )
    for erasure in due:
        summary[erase(erasure, now, backend, programmes, keep_contributions)] += 1
    return dict(summary)


def erase(erasure, now, backend, programmes=None, keep_contributions=None):
    """Step two for one request: "erased", "held" or "retry"."""
    at = utc(now)
    people = list(Participant.select().where(Participant.erasure == erasure.id))
    ids = [p.id for p in people]
    past_deadline = at >= erasure.deadline_at
    reason = hold_reason(ids, now) if ids else None
    if reason and not past_deadline:
        if (erasure.state, erasure.hold_reason) != (HELD, reason):
            Erasure.update(state=HELD, hold_reason=reason).where(Erasure.id == erasure.id).execute()
        return "held"
    reached = rows_reached(ids)
    answers = Counter(erasure.provider or {})
    failed = _delete_provider_copies(people, reached, backend, answers)
    if failed and not past_deadline:
        Erasure.update(
            provider=dict(answers),
            hold_reason="the SMS provider could not be reached; trying again",
            due_at=at + timedelta(minutes=10),
        ).where(Erasure.id == erasure.id).execute()
        return "retry"
    with write_transaction():
        _keep_contributions(reached, programmes, keep_contributions)
        counts = _remove(reached, erasure.id)
        Erasure.update(
            state=DONE,
            done_at=at,
            hold_reason=("deadline passed: " + reason) if reason else None,
            rows=counts,
            provider=dict(answers),
        ).where(Erasure.id == erasure.id).execute()
    wipe_freed_space()
    log.info("erasure %s done: %d row(s)", erasure.id, sum(counts.values()))
    return "erased"


def _models():
    return {m._meta.table_name: m for m in ALL_MODELS}


def rows_reached(participant_ids):
    """{table: [ids]} of every row reached from these participant rows by foreign keys."""
    models = _models()
    paths = inventory.reach(inventory.model_edges(ALL_MODELS))
    found = {"participant": set(participant_ids)}
    # Walk until nothing new is found: a table may be reached along several paths.
    changed = True
    while changed:
        changed = False
        for table, links in paths.items():
            if table == "participant":
                continue
            model = models[table]
            for column, parent in links:
                parents = found.get(parent)
                if not parents:
                    continue
                field = next(f for f in model._meta.sorted_fields if f.column_name == column)
                new = {
                    pk
                    for (pk,) in model.select(model._meta.primary_key)
                    .where(field.in_(list(parents)))
                    .tuples()
                } - found.get(table, set())
                if new:
                    found.setdefault(table, set()).update(new)
                    changed = True
    return {table: sorted(ids) for table, ids in found.items() if ids}


def _delete_provider_copies(people, reached, backend, answers):
    """Delete every copy the provider holds; count its answers; True if any failed."""
    models = _models()
    sids = []
    for table, column in PROVIDER_SIDS.items():
        if reached.get(table):
            model = models[table]
            field = getattr(
                model, next(f.name for f in model._meta.sorted_fields if f.column_name == column)
            )
            sids += [
                sid
                for (sid,) in model.select(field)
                .where(model._meta.primary_key.in_(reached[table]), field.is_null(False))
                .tuples()
            ]
    failed = False
    for number in {p.phone for p in people}:
        try:
            sids += backend.held_for(number)
        except Exception as exc:  # LookupFailed or a backend without a list: asked again
            answers[f"failed: {type(exc).__name__}"] += 1
            failed = True
    for sid in dict.fromkeys(sids):
        answer = backend.delete(sid)
        answers["failed" if answer.startswith("failed") else answer] += 1
        failed = failed or answer.startswith("failed")
    return failed


def _keep_contributions(reached, programmes, keep_contributions):
    """Anonymous Contribution rows for the erased enrolments, when the organisation keeps them."""
    from ..evaluation.outcomes import contributions
    from ..models.org import Launch

    ids = reached.get("enrolment")
    if not ids or programmes is None:
        return
    query = (
        Enrolment.select(Enrolment, Launch, Participant.is_test)
        .join(Launch, on=(Enrolment.launch == Launch.id))
        .switch(Enrolment)
        .join(Participant, on=(Enrolment.participant == Participant.id))
        .where(Enrolment.id.in_(ids))
    )
    for enrolment in query:
        if enrolment.participant.is_test:
            continue
        if keep_contributions and not keep_contributions(enrolment.launch.organisation_id):
            continue
        rows = contributions(enrolment, programmes(enrolment.launch.programme))
        if rows:
            Contribution.insert_many(rows).execute()


def _remove(reached, erasure_id):
    """Delete or scrub every reached row as the inventory says; {table: rows}."""
    models = _models()
    counts = {}
    # Children first, so no foreign key is left pointing at a deleted row.
    for table in _children_first(reached):
        spec = inventory.entry(table)
        model = models[table]
        ids = reached[table]
        pk = model._meta.primary_key
        n = 0
        for start in range(0, len(ids), 500):
            chunk = ids[start : start + 500]
            if spec["rows"] == inventory.DELETE:
                n += model.delete().where(pk.in_(chunk)).execute()
            elif spec["rows"] == "scrub":
                n += model.update(_scrubbed(model, spec, erasure_id)).where(pk.in_(chunk)).execute()
        counts[table] = n
    counts.update(_rekey_references(reached, erasure_id))
    return {k: v for k, v in counts.items() if v}


def _scrubbed(model, spec, erasure_id):
    """{field: value} for a scrubbed row, from its columns' erasure actions."""
    values = {}
    for field in model._meta.sorted_fields:
        action = spec["columns"][field.column_name].erasure
        if action == inventory.NULL:
            values[field] = None
        elif action == inventory.BLANK:
            values[field] = {} if field.__class__.__name__ == "JSONField" else ""
        elif action == inventory.REKEY:
            values[field] = erasure_id
    return values


def _rekey_references(reached, erasure_id):
    """Tables that name rows by (type, id) instead of a foreign key (the audit log)."""
    models = _models()
    names = {models[t].__name__: ids for t, ids in reached.items()}
    counts = {}
    for table, spec in inventory.TABLES.items():
        if not spec.get("refers") or table not in models:
            continue
        model = models[table]
        type_col, id_col = spec["refers"]
        fields = {f.column_name: f for f in model._meta.sorted_fields}
        n = 0
        for name, ids in names.items():
            for start in range(0, len(ids), 500):
                n += (
                    model.update(_scrubbed(model, spec, erasure_id))
                    .where(fields[type_col] == name, fields[id_col].in_(ids[start : start + 500]))
                    .execute()
                )
        counts[table] = n
    return counts


def _children_first(reached):
    """Reached tables ordered so a table comes before every table it points to."""
    edges = inventory.model_edges(ALL_MODELS)
    order, seen = [], set()

    def visit(table):
        if table in seen:
            return
        seen.add(table)
        for child, _column, parent in edges:
            if parent == table and child in reached and child != table:
                visit(child)
        order.append(table)

    for table in sorted(reached):
        visit(table)
    return order  # post-order: every child before its parent


def wipe_freed_space():
    """SQLite: fold the write-ahead log into the file and truncate it, so deleted
    text is in neither (the file's freed pages are zeroed by secure_delete).
    PostgreSQL keeps dead rows until VACUUM (README, "Privacy")."""
    if is_postgres():
        return
    database.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def waiting(organisation=None):
    """Erasures not done yet, oldest first (the overview shows them with their reasons)."""
    query = Erasure.select().where(Erasure.state != DONE).order_by(Erasure.requested_at)
    if organisation is not None:
        query = query.where((Erasure.organisation == organisation) | Erasure.organisation.is_null())
    return list(query)
