"""The data inventory: every column of every table, what it holds, how long it is kept,
and what erasing a person does to it. The one place a reviewer reads; docs/data.md is
made from it (`python -m service.privacy.inventory`), and tests/privacy/test_inventory.py
fails on a column no one declared or a new way to reach a person that erasure misses.

Erasure and retention are driven from here, not from a list of queries: erasure walks
the foreign keys from the participant rows to every table that reaches them
(`reach`), and each table says what happens to the rows it finds:

- rows "delete": the rows about the person are deleted (every column says delete);
- rows "scrub": the rows stay, each column as it says (null, blank, rekey, keep);
- rows None: the table is not about participants (its columns say keep).

A new table with a foreign key to a participant, an enrolment, a text... is reached
by the walk at once; it only needs its entry here.
"""

import sys
from dataclasses import dataclass
from pathlib import Path

# What a column holds.
NONE = "none"  # ids, states, counts, settings: nothing about a person
CONTACT = "contact"  # a phone number or an email
HEALTH = "health"  # answers, scores, risk tiers: special category data (GDPR Art. 9)
FREE_TEXT = "free text"  # whatever a person or staff typed: may hold anything
STAFF = "staff"  # about a staff member
PSEUDONYM = "pseudonym"  # stands for a person without naming them

# What erasing a person does to a column.
DELETE = "delete"  # the row goes
NULL = "null"
BLANK = "blank"  # '' (or {} for JSON)
REKEY = "rekey"  # set to the erasure id
KEEP = "keep"  # not about the person: stays
AGGREGATE = "aggregate"  # the row goes; its value lives on in an anonymous Contribution


@dataclass(frozen=True)
class Column:
    """What one column holds, its retention class and what erasure does to it."""

    holds: str
    retention: str
    erasure: str


def c(holds, retention, erasure):
    return Column(holds, retention, erasure)


# Retention classes (README "Privacy" gives the defaults; an organisation may change them).
RETENTION = {
    "person": "while the person takes part; erased on request or after "
    "RETENTION_INACTIVE_MONTHS without a text",
    "body": "RETENTION_BODY_DAYS, then blanked here and at Twilio",
    "note": "RETENTION_NOTE_DAYS (staff notes, alert texts), then removed",
    "config": "while the organisation uses it",
    "staff": "while the account exists",
    "short": "hours to days: sign-in limits, sessions, delivery reports, leases",
    "aggregate": "kept: counts with no one in them",
    "tombstone": "kept: proof of an erasure, with no personal data",
    "audit": "kept: who did what; re-keyed to the erasure id when the person is erased",
}

ID = c(NONE, "person", DELETE)


def _deleted(**columns):
    return {"rows": DELETE, "columns": {"id": ID, **columns}}


def _kept(retention, /, **columns):
    return {"rows": None, "columns": {"id": c(NONE, retention, KEEP), **columns}}


def _config(**columns):
    return _kept("config", **{k: c(v, "config", KEEP) for k, v in columns.items()})


TABLES = {
    "organisation": _config(
        slug=NONE,
        name=NONE,
        timezone=NONE,
        quiet_start=NONE,
        quiet_end=NONE,
        variables=CONTACT,  # help lines and contacts of the organisation, not of participants
        retention=NONE,
        created_at=NONE,
    ),
    "launch": _config(
        organisation_id=NONE,
        programme=NONE,
        status=NONE,
        default_send_time=NONE,
        timezone=NONE,
        quiet_start=NONE,
        quiet_end=NONE,
        variables=NONE,
        group_mode=NONE,
        design=NONE,  # prepost or waitlist
        allocation_seed=NONE,  # the waitlist allocation's seed: no one is in it
        created_at=NONE,
    ),
    "keyword": _config(word=NONE, launch_id=NONE, language=NONE, active=NONE),
    "participant": _deleted(
        phone=c(CONTACT, "person", DELETE),
        pseudonym=c(PSEUDONYM, "person", DELETE),
        language=c(NONE, "person", DELETE),
        timezone=c(NONE, "person", DELETE),
        opted_out=c(NONE, "person", DELETE),
        opted_out_at=c(NONE, "person", DELETE),
        is_test=c(NONE, "person", DELETE),
        test_owner_id=c(STAFF, "person", DELETE),  # a simulator number's maker
        created_at=c(NONE, "person", DELETE),
        erasure=c(NONE, "person", DELETE),
        forget_asked_at=c(NONE, "person", DELETE),
    ),
    "enrolment": _deleted(
        participant_id=c(NONE, "person", DELETE),
        launch_id=c(NONE, "person", AGGREGATE),
        language=c(NONE, "person", DELETE),
        state=c(NONE, "person", AGGREGATE),
        send_time=c(NONE, "person", DELETE),
        timezone=c(NONE, "person", DELETE),
        next_day=c(NONE, "person", AGGREGATE),
        next_due_at=c(NONE, "person", DELETE),
        last_planned_on=c(NONE, "person", DELETE),
        paused_until=c(NONE, "person", DELETE),
        plan_problem=c(NONE, "person", DELETE),
        pending=c(NONE, "person", DELETE),
        pending_day=c(NONE, "person", DELETE),
        pending_item=c(NONE, "person", DELETE),
        reasked=c(NONE, "person", DELETE),
        arm=c(NONE, "person", DELETE),  # a waitlist launch's arm (now or wait)
        created_at=c(NONE, "person", AGGREGATE),
        consented_at=c(NONE, "person", DELETE),
        completed_at=c(NONE, "person", DELETE),
        ended_at=c(NONE, "person", DELETE),
    ),
    "inbound": _deleted(
        message_sid=c(NONE, "person", DELETE),  # Twilio's copy is deleted by this sid
        participant_id=c(NONE, "person", DELETE),
        enrolment_id=c(NONE, "person", DELETE),
        organisation_id=c(NONE, "person", DELETE),
        from_number=c(CONTACT, "person", DELETE),
        to_number=c(NONE, "person", DELETE),
        body=c(FREE_TEXT, "body", DELETE),
        kind=c(HEALTH, "person", DELETE),  # crisis, concern...
        received_at=c(NONE, "person", DELETE),
    ),
    "message": _deleted(
        **{
            name: c(NONE, "person", DELETE)
            for name in (
                "participant_id",
                "enrolment_id",
                "organisation_id",
                "in_reply_to_id",
                "dedupe_key",
                "kind",
                "day",
                "item",
                "language",
                "encoding",
                "segments",
                "state",
                "send_after",
                "attempts",
                "claim",
                "claimed_at",
                "lease_until",
                "in_flight_at",
                "sends",
                "twilio_sid",  # Twilio's copy is deleted by this sid
                "error_code",
                "error_message",
                "created_at",
                "sent_at",
                "delivered_at",
            )
        },
        body=c(FREE_TEXT, "body", DELETE),  # staff replies are free text
        sent_by=c(STAFF, "person", DELETE),
    ),
    "status_report": _kept(
        "short",
        message_sid=c(NONE, "short", KEEP),
        status=c(NONE, "short", KEEP),
        error_code=c(NONE, "short", KEEP),
        received_at=c(NONE, "short", KEEP),
    ),
    "send_pace": {
        "rows": None,
        "columns": {"sender": c(NONE, "config", KEEP), "next_at": c(NONE, "short", KEEP)},
    },
    "checkin_answer": _deleted(
        enrolment_id=c(NONE, "person", DELETE),
        day=c(HEALTH, "person", AGGREGATE),
        item=c(HEALTH, "person", AGGREGATE),
        measure=c(HEALTH, "person", AGGREGATE),
        raw=c(FREE_TEXT, "body", DELETE),  # retention reduces it to the value
        value=c(HEALTH, "person", AGGREGATE),
        text=c(FREE_TEXT, "body", DELETE),
        inbound_id=c(NONE, "person", DELETE),
        answered_at=c(NONE, "person", DELETE),
    ),
    "safety_alert": _deleted(
        organisation_id=c(NONE, "person", DELETE),
        participant_id=c(NONE, "person", DELETE),
        inbound_id=c(NONE, "person", DELETE),
        priority=c(HEALTH, "person", DELETE),
        reason=c(HEALTH, "note", DELETE),  # holds the words that matched
        category=c(HEALTH, "person", DELETE),
        matched=c(FREE_TEXT, "note", DELETE),
        status=c(NONE, "person", DELETE),
        created_at=c(NONE, "person", DELETE),
        acknowledged_at=c(NONE, "person", DELETE),
        acknowledged_by=c(STAFF, "person", DELETE),
        resolved_at=c(NONE, "person", DELETE),
        resolved_by=c(STAFF, "person", DELETE),
        note=c(FREE_TEXT, "note", DELETE),
    ),
    "plan_problem": _kept(
        "short",
        organisation_id=c(NONE, "short", KEEP),
        launch_id=c(NONE, "short", KEEP),
        reason=c(NONE, "short", KEEP),
        enrolments=c(NONE, "short", KEEP),
        first_seen_at=c(NONE, "short", KEEP),
        last_seen_at=c(NONE, "short", KEEP),
    ),
    "staff_user": _kept(
        "staff",
        organisation_id=c(NONE, "staff", KEEP),
        email=c(STAFF, "staff", KEEP),
        name=c(STAFF, "staff", KEEP),
        password_hash=c(STAFF, "staff", KEEP),
        role=c(NONE, "staff", KEEP),
        active=c(NONE, "staff", KEEP),
        session_version=c(NONE, "staff", KEEP),
        created_at=c(NONE, "staff", KEEP),
        last_login_at=c(STAFF, "staff", KEEP),
        password_changed_at=c(NONE, "staff", KEEP),
        language=c(NONE, "staff", KEEP),
    ),
    "staff_session": _kept(
        "short",
        staff_id=c(STAFF, "short", KEEP),
        token_hash=c(NONE, "short", KEEP),
        created_at=c(NONE, "short", KEEP),
    ),
    "audit_log": {
        "rows": "scrub",
        # Entries name what they touched by (target_type, target_id), not by a foreign key.
        "refers": ("target_type", "target_id"),
        "columns": {
            "id": c(NONE, "audit", KEEP),
            "staff_id": c(STAFF, "audit", KEEP),
            "staff_email": c(STAFF, "audit", KEEP),
            "organisation_id": c(NONE, "audit", KEEP),
            "action": c(NONE, "audit", KEEP),
            "target_type": c(NONE, "audit", KEEP),
            "target_id": c(NONE, "audit", NULL),
            "detail": c(FREE_TEXT, "audit", BLANK),
            "created_at": c(NONE, "audit", KEEP),
            "erasure": c(NONE, "audit", REKEY),
        },
    },
    "login_attempt": _kept(
        "short",
        email=c(STAFF, "short", KEEP),
        ip=c(STAFF, "short", KEEP),
        succeeded=c(NONE, "short", KEEP),
        created_at=c(NONE, "short", KEEP),
    ),
    "login_limit": _kept(
        "short",
        key=c(STAFF, "short", KEEP),
        failures=c(NONE, "short", KEEP),
        next_try_at=c(NONE, "short", KEEP),
        updated_at=c(NONE, "short", KEEP),
    ),
    "message_rollup": _kept(
        "aggregate",
        **{
            k: c(NONE, "aggregate", KEEP)
            for k in ("launch_id", "on_date", "kind", "day", "state", "count")
        },
    ),
    "answer_rollup": _kept(
        "aggregate",
        **{
            k: c(NONE, "aggregate", KEEP)
            for k in (
                "launch_id",
                "on_date",
                "day",
                "item",
                "measure",
                "answers",
                "enrolments",
                "n",
                "total",
                "total_sq",
                "low",
                "high",
            )
        },
    ),
    "rollup_seal": _kept(
        "aggregate",
        on_date=c(NONE, "aggregate", KEEP),
        sealed_at=c(NONE, "aggregate", KEEP),
    ),
    "outcome_cell": _kept(
        "aggregate",
        **{
            k: c(NONE, "aggregate", KEEP)
            for k in (
                "launch_id",
                "measure",
                "before",
                "before_items",
                "after",
                "after_items",
                "people",
                "family",
                "arm",
                "counted_at",
            )
        },
    ),
    # Own questions per programme week, as published (at least ten people a row).
    "own_week_cell": _kept(
        "aggregate",
        **{
            k: c(NONE, "aggregate", KEEP)
            for k in (
                "launch_id",
                "item",
                "week",
                "people",
                "answers",
                "total",
                "total_sq",
                "counted_at",
            )
        },
    ),
    # One person's place in a waitlist launch's random allocation: goes with them.
    "allocation": _deleted(
        **{
            k: c(NONE, "person", DELETE)
            for k in ("launch_id", "enrolment_id", "stratum", "position", "arm", "allocated_at")
        },
    ),
    "inbox_item": _deleted(
        **{
            k: c(NONE, "person", DELETE)
            for k in (
                "organisation_id",
                "participant_id",
                "inbound_id",
                "alert_id",
                "reason",
                "priority",
                "handled",
                "created_at",
                "handled_at",
            )
        },
        assigned_to_id=c(STAFF, "person", DELETE),
        handled_by=c(STAFF, "person", DELETE),
    ),
    "hold": _deleted(  # one organisation's programme waiting after a crisis text
        organisation_id=c(NONE, "person", DELETE),
        participant_id=c(NONE, "person", DELETE),
        until=c(HEALTH, "person", DELETE),
        created_at=c(HEALTH, "person", DELETE),
    ),
    "case_note": _deleted(
        organisation_id=c(NONE, "note", DELETE),
        participant_id=c(NONE, "note", DELETE),
        staff_id=c(STAFF, "note", DELETE),
        author=c(STAFF, "note", DELETE),
        body=c(FREE_TEXT, "note", DELETE),
        created_at=c(NONE, "note", DELETE),
    ),
    "saved_reply": _config(
        organisation_id=NONE, title=NONE, body=NONE, language=NONE, created_at=NONE
    ),
    "on_call_contact": _kept(
        "staff",
        organisation_id=c(NONE, "staff", KEEP),
        name=c(STAFF, "staff", KEEP),
        phone=c(STAFF, "staff", KEEP),
        email=c(STAFF, "staff", KEEP),
        language=c(NONE, "staff", KEEP),
        created_at=c(NONE, "staff", KEEP),
    ),
    "on_call_page": _deleted(
        alert_id=c(NONE, "person", DELETE),
        organisation_id=c(NONE, "person", DELETE),
        rounds=c(NONE, "person", DELETE),
        next_at=c(NONE, "person", DELETE),
        last_at=c(NONE, "person", DELETE),
    ),
    "staff_token": _kept(
        "short",
        staff_id=c(STAFF, "short", KEEP),
        purpose=c(NONE, "short", KEEP),
        token_hash=c(NONE, "short", KEEP),
        created_at=c(NONE, "short", KEEP),
        expires_at=c(NONE, "short", KEEP),
        used_at=c(NONE, "short", KEEP),
    ),
    "erasure": {
        "rows": None,
        "columns": {
            "id": c(NONE, "tombstone", KEEP),
            "number_hmac": c(PSEUDONYM, "tombstone", KEEP),  # keyed; the key is not here
            **{
                k: c(NONE, "tombstone", KEEP)
                for k in (
                    "how",
                    "requested_at",
                    "due_at",
                    "deadline_at",
                    "state",
                    "hold_reason",
                    "done_at",
                    "organisation_id",
                    "scope",  # person (everything) or organisation (its rows only)
                    "rows",
                    "provider",
                )
            },
            "requested_by": c(STAFF, "tombstone", KEEP),  # a staff email or how the person asked
        },
    },
    # One organisation asked to forget a person others still know: hides them there.
    "erased_from": _deleted(
        erasure=c(NONE, "person", DELETE),
        organisation_id=c(NONE, "person", DELETE),
        participant_id=c(NONE, "person", DELETE),
    ),
    "contribution": _kept(
        "aggregate",
        **{
            k: c(NONE, "aggregate", KEEP)
            for k in (
                "launch_id",
                "month",
                "started",
                "reached_end",
                "measure",
                "before",
                "before_items",
                "after",
                "after_items",
            )
        },
    ),
    "export_record": _kept(
        "audit",
        organisation_id=c(NONE, "audit", KEEP),
        staff_id=c(STAFF, "audit", KEEP),
        staff_email=c(STAFF, "audit", KEEP),
        kind=c(NONE, "audit", KEEP),
        rows=c(NONE, "audit", KEEP),
        suppressed=c(NONE, "audit", KEEP),
        created_at=c(NONE, "audit", KEEP),
    ),
    "export_subject": {
        "rows": "scrub",
        "columns": {
            "id": c(NONE, "audit", KEEP),
            "export_id": c(NONE, "audit", KEEP),
            "participant_id": c(NONE, "audit", NULL),
            "erasure": c(NONE, "audit", REKEY),
        },
    },
    "retention_run": _kept(
        "aggregate",
        organisation_id=c(NONE, "aggregate", KEEP),
        ran_at=c(NONE, "aggregate", KEEP),
        removed=c(NONE, "aggregate", KEEP),
    ),
}

# Tables of the machinery, not of the product: playhouse's record of applied migrations.
MACHINERY = {"schema_migration"}

# The tables a participant row reaches through foreign keys, as reviewed. The
# inventory test walks the models and both databases' schemas and fails when
# this set changes (a new table about people: declare it and what erasure does).
REACHES_PERSON = {
    "participant",
    "enrolment",
    "inbound",
    "message",
    "checkin_answer",
    "safety_alert",
    "inbox_item",
    "hold",
    "case_note",
    "on_call_page",
    "export_subject",
    "allocation",
    "erased_from",
}

# Whose a row about a person is (tenancy): a table with an `organisation_id`
# column says so itself; these say it through the row they hang off. An
# organisation's erasure takes only its own rows (privacy/erasure.py), and
# tests/privacy/test_inventory.py fails on a table about people that says neither.
BELONGS_THROUGH = {
    "enrolment": ("launch_id", "launch"),
    "allocation": ("launch_id", "launch"),
    "checkin_answer": ("enrolment_id", "enrolment"),
    "export_subject": ("export_id", "export_record"),
}


def entry(table):
    """The inventory's entry for a table, or KeyError naming it."""
    return TABLES[table]


def reach(edges, start="participant"):
    """Tables that reach `start` through foreign keys: {table: [(column, parent), ...]}.

    `edges` is [(table, column, parent table)], from the models or a live schema.
    """
    found = {start: []}
    changed = True
    while changed:
        changed = False
        for table, column, parent in edges:
            if parent in found and table != parent and (column, parent) not in found.get(table, []):
                found.setdefault(table, []).append((column, parent))
                changed = True
    return found


def model_edges(models):
    """[(table, column, parent table)] for every foreign key of the models."""
    return [
        (m._meta.table_name, f.column_name, f.rel_model._meta.table_name)
        for m in models
        for f in m._meta.sorted_fields
        if f.__class__.__name__ == "ForeignKeyField"
    ]


def markdown():
    """docs/data.md: the inventory as tables a reviewer can read."""
    lines = [
        "# The data Kindly keeps",
        "",
        "Made from `service/privacy/inventory.py` by `python -m service.privacy.inventory`;",
        "`tests/privacy/test_inventory.py` fails when this file or the inventory is out of date.",
        "",
        "Erasure (`service/privacy/erasure.py`) walks the foreign keys from a person's",
        "participant rows to every table below marked *reaches the person*, and does what",
        "each column says. An organisation's erasure takes only the rows that belong to it",
        "(each table says whose its rows are); the participant row, shared by every",
        "organisation that knows the number, goes only when no other organisation has a row",
        "about the person. Retention (`service/privacy/retention.py`) applies the classes.",
        "",
        "## Retention classes",
        "",
        "| class | kept |",
        "|---|---|",
        *(f"| {name} | {text} |" for name, text in RETENTION.items()),
        "",
        "## Tables",
        "",
    ]
    for table in sorted(TABLES):
        spec = TABLES[table]
        rows = spec["rows"] or "not about a person"
        reaches = "reaches the person" if table in REACHES_PERSON else "does not reach a person"
        if table in BELONGS_THROUGH:
            column, parent = BELONGS_THROUGH[table]
            reaches += f"; belongs to the organisation of its `{column}` ({parent})"
        elif table in REACHES_PERSON and "organisation_id" in spec["columns"]:
            reaches += "; belongs to its `organisation_id`"
        elif table == "participant":
            reaches += "; shared by every organisation that knows the number"
        lines += [
            f"### `{table}`",
            "",
            f"Rows on erasure: {rows}; {reaches}"
            + (f"; refers by `{'`, `'.join(spec['refers'])}`" if spec.get("refers") else "")
            + ".",
            "",
            "| column | holds | retention | on erasure |",
            "|---|---|---|---|",
        ]
        for name, col in spec["columns"].items():
            lines.append(f"| `{name}` | {col.holds} | {col.retention} | {col.erasure} |")
        lines.append("")
    return "\n".join(lines)


DOC = Path(__file__).resolve().parents[2] / "docs" / "data.md"

if __name__ == "__main__":
    DOC.write_text(markdown(), encoding="utf-8")
    sys.stdout.write(f"wrote {DOC}\n")
