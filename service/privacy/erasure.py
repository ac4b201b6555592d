"""Forgetting a person, in two steps. No Flask here.

Who asked decides what goes. A number is one `Participant` row shared by every
organisation that knows it (docs/architecture.md, "Tenancy"); every other row
about the person belongs to one organisation (inventory.BELONGS_THROUGH, or
the row's own organisation column).

- The person (FORGET by text) or the site (`flask --app service people erase`):
  the whole person, every organisation's rows and the number.
- An organisation's staff or its retention rule (`organisation` given): only
  that organisation's rows. Other organisations see no change, and the shared
  participant row goes only when no other organisation has a row about the
  person (then it is the whole person after all; the tombstone's `scope` says
  which). Rows of no organisation (the site's inbox) go only with the whole person.

1. `request` (at once, in the request that asked): a tombstone (`Erasure`) with
   a random id and an HMAC of the number under ERASURE_KEY. The whole person:
   the participant rows are marked with it, every open enrolment ends, every
   queued text is cancelled, from then on nothing is sent (the dispatcher
   cancels what it meets) and no page lists the person. One organisation: an
   `ErasedFrom` row marks the person forgotten by it; only its open enrolments
   end and its queued texts are cancelled, its texts are no longer sent and its
   pages no longer list the person. It is a mark and not an erasure at once so
   the crisis wait below still has the alert to show staff.
2. `run_due` (the clock, every pass): for each request due, unless a crisis
   alert this erasure would delete is still open and the deadline has not
   passed (then it waits, with its reason, and staff see it on the overview);
   for one organisation that is only its own alerts:
   a. the organisation's anonymous Contribution rows, so published outcome
      figures stay true (unless it chose "recompute");
   b. the provider's copies: every sid the inventory's sid columns hold in the
      rows that go, and (the whole person only) every text the provider lists
      to or from the number, deleted through the backend; a provider that
      cannot be reached is asked again next pass (and at the deadline the
      erasure goes ahead, its failures on the tombstone);
   c. every row that goes, found by walking foreign keys from the participant
      rows (`inventory.reach`) and keeping the organisation's own (and rows of
      no organisation hanging off them), deleted or scrubbed as each column
      says; another organisation's row that points at one of them lets go of
      it; audit entries about those rows re-keyed to the erasure id;
   d. on SQLite, deleted content is overwritten (secure_delete, always on, see
      db.SQLITE_PRAGMAS) and the write-ahead log is checkpointed and truncated.

The tombstone keeps: the id, the HMAC, when, who asked, how, its scope, rows
per table, the provider's answers. Never a number, never a text.
"""

import hashlib
import hmac
import logging
from collections import Counter
from datetime import timedelta

from ..db import database, is_postgres, utc, write_transaction
from ..models import ALL_MODELS
from ..models.messages import CANCELLED, QUEUED, Message
from ..models.org import Launch
from ..models.participant import ENDED, OPEN_STATES, Enrolment, Participant
from ..models.privacy import DONE, HELD, REQUESTED, Contribution, ErasedFrom, Erasure
from ..models.safety import CRISIS, SafetyAlert
from . import inventory

log = logging.getLogger(__name__)

# Columns holding the provider's id of a text: its copy there is deleted by it.
PROVIDER_SIDS = {"inbound": "message_sid", "message": "twilio_sid"}
DEFAULT_HOLD_DAYS = 14  # a crisis hold never delays an erasure longer (Art. 12(3): a month)
# An erasure's scope, on its tombstone: everything about the number, or one organisation's rows.
PERSON = "person"
ORGANISATION = "organisation"
CHUNK = 500


# The key and hold of requests that come in a text, set by the app factory
# (`configure`) from ERASURE_KEY and ERASURE_HOLD_DAYS: the conversation has no settings.
_configured = {"key": "", "hold_days": DEFAULT_HOLD_DAYS}


def configure(key, hold_days):
    """Set the key and hold for requests made without them (texts)."""
    _configured.update(key=key, hold_days=hold_days)


def number_hmac(number, key):
    """The tombstone's keyed hash of an E.164 number (the key is a setting, not data)."""
    return hmac.new(key.encode(), number.encode(), hashlib.sha256).hexdigest()


def pending_for(participant, organisation=None):
    """The erasure this participant waits for (by anyone, or by this organisation), or None."""
    if participant.erasure:
        return Erasure.get_or_none(Erasure.id == participant.erasure)
    if organisation is None:
        return None
    mark = ErasedFrom.get_or_none(
        ErasedFrom.participant == participant, ErasedFrom.organisation == organisation
    )
    return Erasure.get_or_none(Erasure.id == mark.erasure) if mark else None


def request(participants, *, how, requested_by, now, key=None, organisation=None, hold_days=None):
    """Step one: stop everything about these participant rows at once; returns the Erasure.

    The rows share one number (one person). With `organisation`, only what is
    that organisation's stops (module docstring). Asking twice returns the first request.
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
            existing = pending_for(p, organisation)
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
        enrolments = Enrolment.participant.in_(ids) & Enrolment.state.in_(OPEN_STATES)
        queued = Message.participant.in_(ids) & (Message.state == QUEUED)
        if organisation is None:
            Participant.update(erasure=erasure.id, forget_asked_at=None).where(
                Participant.id.in_(ids)
            ).execute()
        else:
            ErasedFrom.insert_many(
                [dict(erasure=erasure.id, organisation=organisation, participant=i) for i in ids]
            ).execute()
            launches = Launch.select(Launch.id).where(Launch.organisation == organisation)
            enrolments &= Enrolment.launch.in_(launches)
            queued &= Message.organisation == organisation
        Enrolment.update(state=ENDED, ended_at=at, pending=None).where(enrolments).execute()
        Message.update(state=CANCELLED).where(queued).execute()
    log.info("erasure %s requested (%s)", erasure.id, how)
    return erasure


def hold_reason(alert_ids):
    """Why an erasure must wait: an unresolved crisis alert among those it would delete, or None."""
    if not alert_ids:
        return None
    alert = (
        SafetyAlert.select(SafetyAlert.id)
        .where(
            SafetyAlert.id.in_(alert_ids),
            SafetyAlert.priority == CRISIS,
            SafetyAlert.status != "resolved",
        )
        .order_by(SafetyAlert.id)
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
    ids = _participant_ids(erasure)
    people = list(Participant.select().where(Participant.id.in_(ids))) if ids else []
    going, scope = rows_going(ids, erasure.organisation_id)
    past_deadline = at >= erasure.deadline_at
    reason = hold_reason(going.get("safety_alert"))
    if reason and not past_deadline:
        if (erasure.state, erasure.hold_reason) != (HELD, reason):
            Erasure.update(state=HELD, hold_reason=reason).where(Erasure.id == erasure.id).execute()
        return "held"
    answers = Counter(erasure.provider or {})
    numbers = {p.phone for p in people} if scope == PERSON else set()
    failed = _delete_provider_copies(numbers, going, backend, answers)
    if failed and not past_deadline:
        Erasure.update(
            provider=dict(answers),
            hold_reason="the SMS provider could not be reached; trying again",
            due_at=at + timedelta(minutes=10),
        ).where(Erasure.id == erasure.id).execute()
        return "retry"
    with write_transaction():
        _keep_contributions(going, programmes, keep_contributions)
        if scope == ORGANISATION:
            _let_go(going)
        counts = _remove(going, erasure.id)
        if scope == ORGANISATION:
            counts = Counter(counts)
            counts.update(_rekey_person_entries(ids, erasure.organisation_id, erasure.id))
        Erasure.update(
            state=DONE,
            done_at=at,
            scope=scope,
            hold_reason=("deadline passed: " + reason) if reason else None,
            rows={k: v for k, v in counts.items() if v},
            provider=dict(answers),
        ).where(Erasure.id == erasure.id).execute()
    wipe_freed_space()
    log.info("erasure %s done (%s): %d row(s)", erasure.id, scope, sum(counts.values()))
    return "erased"


def _participant_ids(erasure):
    """The participant rows an erasure is about: marked on the row, or by an organisation."""
    if erasure.organisation_id is None:
        query = Participant.select(Participant.id).where(Participant.erasure == erasure.id)
    else:
        query = ErasedFrom.select(ErasedFrom.participant).where(ErasedFrom.erasure == erasure.id)
    return [i for (i,) in query.tuples()]


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


def rows_going(participant_ids, organisation_id=None):
    """({table: [ids]} of the rows an erasure takes, its scope).

    Without an organisation: every row reached from the participant rows. With
    one: its own rows, and rows of no organisation hanging off them; every row
    reached when no other organisation has one (then the scope is the person).
    """
    reached = rows_reached(participant_ids)
    if organisation_id is None:
        return reached, PERSON
    owners = {t: _owners(t, ids) for t, ids in reached.items() if t != "participant"}
    if all(o in (None, organisation_id) for rows in owners.values() for o in rows.values()):
        return reached, PERSON
    going = {t: {i for i, o in rows.items() if o == organisation_id} for t, rows in owners.items()}
    # A row of no organisation (the site's inbox) that hangs off one of these goes with it.
    models = _models()
    edges = inventory.model_edges(ALL_MODELS)
    changed = True
    while changed:
        changed = False
        for child, column, parent in edges:
            if child not in owners or parent == "participant" or not going.get(parent):
                continue
            loose = sorted(
                i for i, o in owners[child].items() if o is None and i not in going[child]
            )
            if not loose:
                continue
            model = models[child]
            new = _ids_where(model, _field(model, column), loose, going[parent])
            if new:
                going[child] |= new
                changed = True
    return {t: sorted(ids) for t, ids in going.items() if ids}, ORGANISATION


def _field(model, column):
    return next(f for f in model._meta.sorted_fields if f.column_name == column)


def _ids_where(model, field, ids, targets):
    """Ids among `ids` whose `field` is one of `targets`."""
    pk = model._meta.primary_key
    targets = list(targets)
    found = set()
    for start in range(0, len(ids), CHUNK):
        for t in range(0, len(targets), CHUNK):
            found |= {
                row_id
                for (row_id,) in model.select(pk)
                .where(pk.in_(ids[start : start + CHUNK]), field.in_(targets[t : t + CHUNK]))
                .tuples()
            }
    return found


def _owners(table, ids):
    """{row id: organisation id or None} for these rows, as the inventory says they belong."""
    model = _models()[table]
    pk = model._meta.primary_key
    columns = {f.column_name: f for f in model._meta.sorted_fields}
    column, parent = inventory.BELONGS_THROUGH.get(table, ("organisation_id", None))
    links = {}
    for start in range(0, len(ids), CHUNK):
        query = model.select(pk, columns[column]).where(pk.in_(ids[start : start + CHUNK]))
        links.update(query.tuples())
    if parent is None:
        return links
    theirs = _owners(parent, sorted({v for v in links.values() if v is not None}))
    return {row_id: theirs.get(link) for row_id, link in links.items()}


def _delete_provider_copies(numbers, going, backend, answers):
    """Delete the provider's copies of the rows that go, and (the whole person) every
    text it lists for the numbers; count its answers; True if any failed."""
    models = _models()
    sids = []
    for table, column in PROVIDER_SIDS.items():
        if going.get(table):
            model = models[table]
            field = _field(model, column)
            for start in range(0, len(going[table]), CHUNK):
                sids += [
                    sid
                    for (sid,) in model.select(field)
                    .where(
                        model._meta.primary_key.in_(going[table][start : start + CHUNK]),
                        field.is_null(False),
                    )
                    .tuples()
                ]
    failed = False
    for number in sorted(numbers):
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


def _let_go(going):
    """Another organisation's rows that point at a row about to go let go of it (the
    pointer becomes null), so the database's cascade takes nothing of theirs."""
    models = _models()
    for child, column, parent in inventory.model_edges(ALL_MODELS):
        if not going.get(parent) or child == parent:
            continue
        model = models[child]
        field = _field(model, column)
        if not field.null:
            continue  # cannot exist without it: belongs to the same organisation
        pk = model._meta.primary_key
        targets = going[parent]
        holding = set()
        for start in range(0, len(targets), CHUNK):
            chunk = targets[start : start + CHUNK]
            holding |= {i for (i,) in model.select(pk).where(field.in_(chunk)).tuples()}
        staying = sorted(holding - set(going.get(child, ())))
        for start in range(0, len(staying), CHUNK):
            model.update({field: None}).where(pk.in_(staying[start : start + CHUNK])).execute()


def _referring_tables():
    """(table, spec, model, type field, id field, fields by column) for every table that
    names rows by (type, id) instead of a foreign key (the audit log)."""
    models = _models()
    for table, spec in inventory.TABLES.items():
        if not spec.get("refers") or table not in models:
            continue
        model = models[table]
        type_col, id_col = spec["refers"]
        fields = {f.column_name: f for f in model._meta.sorted_fields}
        yield table, spec, model, fields[type_col], fields[id_col], fields


def _rekey_person_entries(participant_ids, organisation_id, erasure_id):
    """The organisation's audit entries about the participant row (which stays, shared)."""
    counts = {}
    for table, spec, model, type_field, id_field, fields in _referring_tables():
        counts[table] = (
            model.update(_scrubbed(model, spec, erasure_id))
            .where(
                type_field == Participant.__name__,
                id_field.in_(participant_ids),
                fields["organisation_id"] == organisation_id,
            )
            .execute()
        )
    return counts


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
    for table, spec, model, type_field, id_field, _fields in _referring_tables():
        n = 0
        for name, ids in names.items():
            for start in range(0, len(ids), CHUNK):
                n += (
                    model.update(_scrubbed(model, spec, erasure_id))
                    .where(type_field == name, id_field.in_(ids[start : start + CHUNK]))
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
