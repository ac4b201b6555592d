"""Sending what is due: claim, send once, record; take back what a dead dispatcher held.

The promise: a text goes to Twilio once, as near as Twilio allows, and never
more than twice whatever happens. In order:

1. Claim. A pass takes due rows into SENDING with a lease: `claim` names the
   pass, `lease_until` says until when. Nothing has gone yet; a live pass
   renews its leases. Queued programme texts of a participant held for a
   human by their organisation (`Hold`) are not claimed; replies still are.
2. In flight. When its sending moment is at hand (LEAD_SECONDS ahead), a
   row gets `in_flight_at` and one more `sends`, by
   compare-and-set on the claim: a pass whose claim was taken back sends
   nothing, and a row already sent twice is never started again (it is
   FAILED with the reason). A worker that wakes too late for its moment
   sends nothing and the row is taken out of flight again.
3. Record. The sid (SENT), a retry (QUEUED, later), or FAILED.

A dispatcher that dies leaves rows in SENDING. As soon as their lease ends,
`recover` gives back those never in flight (nothing went, no risk) and looks
up those in flight in Twilio's own log (the Messages list by To, From and
date, matched by body): found means sent, with that sid; only a row Twilio has
no record of goes back in the queue, behind what is due now. A request that
broke off half-way (a timeout) is looked up the same way before any resend.
A duplicate is left only when Twilio had taken the text but did not yet show
it when we looked; the cap of two sends bounds even that.

Several dispatchers may run at once, in several processes: claims are
compare-and-set (FOR UPDATE SKIP LOCKED on PostgreSQL, one writer at a time on
SQLite), and the sending rate is shared through the database (pace.py).

`stop` (an Event, set on SIGTERM) ends a pass early: no more claims or
requests, claimed rows are given back, requests under way get a few seconds to
finish, and any still open are left for an immediate lookup.

What never goes: texts to a number that texted STOP or whose enrolment
closed, except staff replies (the 24-hour rule was checked when one was
written). What waits: programme texts in quiet hours, and those of a person
held for a human after a crisis text (followup/hold.py).

Threads: the worker pool only makes HTTP calls. Every database read and
write happens in the calling thread, so the pass uses one connection.
"""

import logging
import os
import socket
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from datetime import datetime, timedelta

from peewee import JOIN, fn

from ..db import is_postgres, utc, write_transaction
from ..models import (
    Enrolment,
    ErasedFrom,
    Hold,
    Launch,
    Message,
    Organisation,
    Participant,
    StatusReport,
)
from ..models.messages import CANCELLED, FAILED, QUEUED, SENDING, SENT
from ..models.participant import DECLINED, ENDED, STOPPED
from ..phones import mask
from ..schedule import is_allowed, next_allowed
from .backends import UNSUBSCRIBED, LookupFailed, SendError, SendResult
from .pace import LATE_SECONDS, SharedPace
from .status import apply_early_reports, mark_opted_out

log = logging.getLogger(__name__)

# How long a claim holds without renewal: past it, another dispatcher may take
# the row back. Longer than a request may take (the backend's timeout is 10 s).
LEASE = timedelta(seconds=30)
# Rows claimed before the lease column existed: their claim time plus this.
LEGACY_LEASE = timedelta(minutes=10)
# Waits before the 2nd, 3rd and 4th tries; the 4th failure is final.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15))
MAX_ATTEMPTS = len(BACKOFF) + 1
# Requests that may have reached Twilio for one row; then it is failed.
MAX_SENDS = 2
CAPPED = "sent twice with no confirmation from Twilio; not sent again"
PROGRAMME_KINDS = ("practice", "checkin", "closing")  # replies ignore quiet hours
STAFF_REPLY = "staff_reply"  # followup/replies.py
CLOSED_ENROLMENTS = (STOPPED, ENDED, DECLINED)
# Claim at most this many seconds of sending at a time.
CLAIM_HORIZON_SECONDS = 10
# Rows go in flight this long before their sending moment, no longer: a crash
# between the two leaves a row in flight that never went (and counts a send).
LEAD_SECONDS = 0.01
# After a stop, how long requests under way may take to come back.
STOP_GRACE_SECONDS = 5.0
# Clock skew allowed between us and Twilio when matching its log.
SKEW = timedelta(minutes=5)
# Delivery reports for sids we never saved, looked up at Twilio per recovery.
REPORTS_LOOKED_UP = 50
SUMMARY_KEYS = (
    "claimed",
    "sent",
    "retrying",
    "failed",
    "deferred",
    "cancelled",
    "requeued",
    "recovered",
    "given_back",
    "late",  # sends put off because the worker woke after its moment
)
ERROR_MESSAGE_MAX = 255  # the column is a VARCHAR(255) on PostgreSQL


def new_claim():
    """A claim token naming this process, so an operator can tell whose rows are whose."""
    return f"{socket.gethostname()[:40]}:{os.getpid()}:{uuid.uuid4().hex[:12]}"


def dispatch(
    now,
    *,
    backend,
    rate: float,
    concurrency: int = 10,
    limit: int | None = None,
    batch_size: int = 200,
    lease: timedelta = LEASE,
    stop=None,
) -> dict:
    """Send every text due at `now`; return counts of what happened to them.

    `now` is when the pass starts; the pass's own clock runs on from it.
    """
    started_at, started = utc(now), time.monotonic()

    def current():
        return started_at + timedelta(seconds=time.monotonic() - started)

    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    recovered = recover(started_at, backend, lease=lease)
    for key in ("requeued", "recovered", "given_back", "failed"):
        summary[key] += recovered[key]
    token = new_claim()
    pace = SharedPace(getattr(backend, "sender", "default"), rate)
    claim_size = max(1, min(batch_size, int(rate * CLAIM_HORIZON_SECONDS)))
    ready = []  # claimed and screened, waiting for a sending moment
    scheduled = []  # (moment, Message): claimed, given a moment, not yet in flight
    in_flight = {}  # future -> Message
    more = limit is None or limit > 0
    renewed = time.monotonic()
    pool = ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="sms")
    try:
        while not _stopping(stop):
            if more and not ready:
                size = claim_size
                if limit is not None:
                    size = min(size, limit - summary["claimed"])
                rows = _claim(current(), size, token, lease)
                summary["claimed"] += len(rows)
                # A short claim may only mean another dispatcher won some rows:
                # only an empty one says the queue is drained.
                more = bool(rows) and (limit is None or summary["claimed"] < limit)
                ready = _screen(rows, started_at, summary, token)
                continue
            if scheduled and scheduled[0][0] <= time.time() + LEAD_SECONDS:
                # Rows whose moments are at hand go in flight together, in one
                # statement, just before their requests start.
                at_hand = []
                while scheduled and scheduled[0][0] <= time.time() + LEAD_SECONDS:
                    at_hand.append(scheduled.pop(0))
                _launch(at_hand, pool, backend, token, current(), lease, in_flight, stop)
                continue
            free = min(concurrency - len(in_flight), pace.block, len(ready))
            if free > 0 and not scheduled:
                # The next block of sending moments, shared with other dispatchers.
                moments = pace.take(free)
                batch, ready = ready[: len(moments)], ready[len(moments) :]
                scheduled.extend(zip(moments, batch, strict=True))
                continue
            if not (ready or scheduled or in_flight):
                break
            timeout = None
            if scheduled:
                timeout = max(0.0, scheduled[0][0] - LEAD_SECONDS - time.time())
            _collect(in_flight, summary, started_at, ready, token, timeout=timeout)
            if time.monotonic() - renewed > lease.total_seconds() / 3:
                _renew(token, current(), lease)
                renewed = time.monotonic()
    finally:
        # Stopping, or something broke: requests under way get a little time
        # to come back, and what was claimed but not started goes back at once.
        deadline = time.monotonic() + STOP_GRACE_SECONDS
        while in_flight and time.monotonic() < deadline:
            _collect(in_flight, summary, started_at, [], token, timeout=deadline - time.monotonic())
        summary["given_back"] += _give_back(token)
        if in_flight:
            # Still open: whoever looks next asks Twilio what became of them.
            _expire([msg.id for msg in in_flight.values()], token, current())
            for future in in_flight:
                future.cancel()
        pool.shutdown(wait=False, cancel_futures=True)
    log.debug("dispatch: %s", summary)  # run_tick logs the pass when it did something
    return summary


def _stopping(stop):
    return stop is not None and stop.is_set()


def _collect(in_flight, summary, now, ready, token, *, timeout):
    """Wait up to `timeout` for requests to come back and record those that did.

    A row whose worker missed its moment was never sent: it is taken out of
    flight and goes first in `ready` (or back to the queue when stopping).
    """
    if not in_flight:
        if timeout:
            time.sleep(timeout)
        return
    done, _ = wait(in_flight, timeout=timeout, return_when=FIRST_COMPLETED)
    if not done:
        return
    outcomes = [(in_flight.pop(f), f.result()) for f in done]
    missed = [msg for msg, outcome in outcomes if outcome is MISSED]
    if missed:
        summary["late"] += len(missed)
        _unstart(missed, token)
        for msg in missed:
            msg.sends -= 1
        ready[:0] = missed
    outcomes = [(msg, outcome) for msg, outcome in outcomes if outcome is not MISSED]
    if outcomes:
        _record(outcomes, now, summary)


def _due_query(now, size):
    """Ids of up to `size` rows due at `now`, oldest first, that may go now."""
    held = Hold.select(Hold.id).where(
        (Hold.participant == Message.participant)
        & (Hold.organisation == Message.organisation)
        & (Hold.until > now)
    )
    return (
        Message.select(Message.id)
        .where(
            (Message.state == QUEUED)
            & (Message.send_after <= now)
            # Programme texts wait while their organisation holds the person
            # for a human; replies go.
            & (Message.kind.not_in(PROGRAMME_KINDS) | ~fn.EXISTS(held))
        )
        .order_by(Message.send_after, Message.id)
        .limit(size)
    )


def _claim(now, size, token, lease):
    """Take up to `size` due rows for this pass and return them, with their context."""
    due = _due_query(now, size)
    if is_postgres():
        # Another dispatcher's claimed rows are skipped rather than waited for.
        # SQLite needs nothing: one writer at a time, and the statement is atomic.
        due = due.for_update(skip_locked=True)
    # Materialised once and joined, because PostgreSQL may re-run a plain
    # `id IN (... LIMIT n SKIP LOCKED)` subquery and claim more than `size`.
    due = due.cte("due", materialized=True)
    # The state test is the compare-and-set: a row someone else claimed first
    # is no longer QUEUED, so it is not ours even if our subquery saw it.
    with write_transaction():
        claimed = [
            row[0]
            for row in Message.update(
                state=SENDING,
                claim=token,
                claimed_at=now,
                lease_until=now + lease,
                in_flight_at=None,
            )
            .with_cte(due)
            .from_(due)
            .where((Message.id == due.c.id) & (Message.state == QUEUED))
            .returning(Message.id)
            .tuples()
            .execute()
        ]
    if not claimed:
        return []
    # Only the rows this statement claimed: earlier ones of this pass may still
    # be waiting for their moment, and must not be taken up twice.
    return list(
        Message.select(Message, Participant, Enrolment, Launch, Organisation)
        .join(Participant)
        .switch(Message)
        .join(Enrolment, JOIN.LEFT_OUTER)
        .join(Launch, JOIN.LEFT_OUTER)
        .join(Organisation, JOIN.LEFT_OUTER)
        .where(Message.id.in_(claimed) & (Message.claim == token))
        .order_by(Message.send_after, Message.id)
    )


def _holds(rows, now):
    """{(participant id, organisation id): until} of the live holds on these rows' people."""
    people = {msg.participant_id for msg in rows if msg.kind in PROGRAMME_KINDS}
    if not people:
        return {}
    query = Hold.select(Hold.participant, Hold.organisation, Hold.until).where(
        Hold.participant.in_(people), Hold.until > now
    )
    return {(p, o): until for p, o, until in query.tuples()}


def _forgotten_by(rows):
    """{(participant id, organisation id)} of these rows' people that an organisation
    asked to forget: that organisation's texts stop, other organisations' go on."""
    people = {msg.participant_id for msg in rows}
    if not people:
        return set()
    query = ErasedFrom.select(ErasedFrom.participant, ErasedFrom.organisation).where(
        ErasedFrom.participant.in_(people)
    )
    return set(query.tuples())


def _screen(rows, now, summary, token):
    """Cancel, defer or fail the claimed rows that must not go now; return the rest."""
    ready, cancel, defer, capped = [], [], [], []
    holds = _holds(rows, now)
    forgotten = _forgotten_by(rows)
    for msg in rows:
        enrolment = msg.enrolment
        if msg.participant.erasure or (msg.participant_id, msg.organisation_id) in forgotten:
            cancel.append(msg.id)  # asked to be forgotten: nothing more goes, not even a reply
            continue
        closed = msg.participant.opted_out or (enrolment and enrolment.state in CLOSED_ENROLMENTS)
        # A staff reply was checked when written (the 24-hour rule after STOP).
        if closed and msg.kind != STAFF_REPLY:
            cancel.append(msg.id)
            continue
        held_until = holds.get((msg.participant_id, msg.organisation_id))
        if msg.kind in PROGRAMME_KINDS and held_until is not None:
            # Waiting for a human after a crisis text (followup/hold.py).
            defer.append((msg.id, held_until))
            continue
        if msg.sends >= MAX_SENDS:
            capped.append(msg.id)
            continue
        if msg.kind in PROGRAMME_KINDS and enrolment is not None:
            start, end = enrolment.launch.quiet_hours()
            if not is_allowed(now, enrolment.timezone, start, end):
                defer.append((msg.id, next_allowed(now, enrolment.timezone, start, end)))
                continue
        ready.append(msg)
    released = {"claim": None, "lease_until": None}
    if cancel or defer or capped:
        with write_transaction():
            if cancel:
                Message.update(state=CANCELLED, **released).where(
                    Message.id.in_(cancel) & (Message.claim == token)
                ).execute()
            if capped:
                Message.update(state=FAILED, error_message=CAPPED, **released).where(
                    Message.id.in_(capped) & (Message.claim == token)
                ).execute()
            for message_id, send_after in defer:
                Message.update(state=QUEUED, send_after=send_after, **released).where(
                    (Message.id == message_id) & (Message.claim == token)
                ).execute()
    summary["cancelled"] += len(cancel)
    summary["deferred"] += len(defer)
    summary["failed"] += len(capped)
    return ready


def _launch(at_hand, pool, backend, token, now, lease, in_flight, stop):
    """Put rows whose moments are at hand in flight and hand each to a worker."""
    started_ids = _start([msg for _, msg in at_hand], token, now, lease)
    for moment, msg in at_hand:
        if msg.id not in started_ids:
            continue  # no longer ours (our lease was taken back)
        msg.sends += 1
        if msg.participant.is_test:
            # Staff simulator numbers never reach the provider.
            moment = None
        future = pool.submit(_send_at, backend, moment, msg.participant.phone, msg.body, stop)
        in_flight[future] = msg


def _start(rows, token, now, lease):
    """Mark claimed rows in flight, just before their requests; return the ids still ours."""
    with write_transaction():
        started = (
            Message.update(in_flight_at=now, lease_until=now + lease, sends=Message.sends + 1)
            .where(
                Message.id.in_([msg.id for msg in rows])
                & (Message.claim == token)
                & (Message.state == SENDING)
                & Message.in_flight_at.is_null()
                & (Message.sends < MAX_SENDS)
            )
            .returning(Message.id)
            .tuples()
            .execute()
        )
        return {row[0] for row in started}


def _unstart(rows, token):
    """Take rows whose request never started out of flight again (still claimed)."""
    with write_transaction():
        Message.update(in_flight_at=None, sends=Message.sends - 1).where(
            Message.id.in_([msg.id for msg in rows])
            & (Message.claim == token)
            & (Message.state == SENDING)
        ).execute()


def _renew(token, now, lease):
    """Extend the lease on rows this pass has claimed but not yet started."""
    with write_transaction():
        Message.update(lease_until=now + lease).where(
            (Message.claim == token) & (Message.state == SENDING) & Message.in_flight_at.is_null()
        ).execute()


def _give_back(token):
    """Put this pass's claimed-but-not-started rows back in the queue; return how many."""
    with write_transaction():
        return (
            Message.update(state=QUEUED, claim=None, lease_until=None)
            .where(
                (Message.claim == token)
                & (Message.state == SENDING)
                & Message.in_flight_at.is_null()
            )
            .execute()
        )


def _expire(ids, token, now):
    """End the lease of in-flight rows at once, so the next lookup settles them."""
    with write_transaction():
        Message.update(lease_until=now).where(
            Message.id.in_(ids) & (Message.claim == token) & (Message.state == SENDING)
        ).execute()


class _Missed:
    """A worker's answer when its moment passed (or a stop came) before it sent."""


MISSED = _Missed()


def _send_at(backend, moment, to, body, stop=None):
    """In a worker thread: wait for the moment (Unix time), send; the result or error.

    No moment (None) is a staff simulator number: marked sent, never sent.
    """
    if moment is None:
        return SendResult(sid=None, status="simulated")
    prepare = getattr(backend, "prepare", None)
    if prepare is not None:
        # The thread's first request builds its client: do that before the
        # moment, so the row is in flight for as short a time as can be.
        prepare()
    delay = moment - time.time()
    if delay > 0:
        time.sleep(delay)
    if time.time() > moment + LATE_SECONDS or _stopping(stop):
        return MISSED
    return _send_one(backend, to, body)


def _send_one(backend, to, body):
    """Send, return the result or the error."""
    try:
        return backend.send(to, body)
    except SendError as exc:
        return exc
    except Exception as exc:
        # A bug in a backend must not lose the text; whether it went is unknown.
        log.exception("backend raised %s", type(exc).__name__)
        return SendError(f"unexpected {type(exc).__name__}", permanent=False, uncertain=True)


def _mark_sent(msg, sid, now, mine):
    """Record one text as sent with this sid; True if the row was still ours to record."""
    updated = (
        Message.update(
            state=SENT,
            twilio_sid=sid,
            sent_at=now,
            attempts=msg.attempts + 1,
            error_code=None,
            error_message=None,
            claim=None,
            lease_until=None,
        )
        .where(mine)
        .execute()
    )
    if updated and msg.kind == "checkin" and msg.enrolment_id is not None:
        # The participant's next reply answers this question.
        Enrolment.update(
            pending="checkin", pending_day=msg.day, pending_item=msg.item, reasked=False
        ).where(Enrolment.id == msg.enrolment_id).execute()
    return bool(updated)


def _record(outcomes, now, summary):
    """Write the results of sends, in one transaction."""
    sent_sids = []
    with write_transaction():
        for msg, outcome in outcomes:
            mine = (
                (Message.id == msg.id) & (Message.claim == msg.claim) & (Message.state == SENDING)
            )
            if isinstance(outcome, SendResult):
                if _mark_sent(msg, outcome.sid, now, mine):
                    summary["sent"] += 1
                    if outcome.sid:
                        sent_sids.append(outcome.sid)
                continue
            who = mask(msg.participant.phone)
            if outcome.uncertain:
                # Twilio may have it: look before sending again (see recover).
                Message.update(
                    lease_until=now, error_message=outcome.message[:ERROR_MESSAGE_MAX]
                ).where(mine).execute()
                summary["retrying"] += 1
                log.info(
                    "message %s to %s: no answer (%s); will ask Twilio",
                    msg.id,
                    who,
                    outcome.message,
                )
                continue
            attempts = msg.attempts + 1
            error = {
                "attempts": attempts,
                "error_code": None if outcome.code is None else str(outcome.code),
                "error_message": outcome.message[:ERROR_MESSAGE_MAX],
                # Twilio answered no, so this request did not count as a send.
                "sends": Message.sends - 1,
                "in_flight_at": None,
                "claim": None,
                "lease_until": None,
            }
            if outcome.permanent or attempts >= MAX_ATTEMPTS:
                Message.update(state=FAILED, **error).where(mine).execute()
                summary["failed"] += 1
                log.warning("message %s to %s failed: %s", msg.id, who, outcome.message)
                if outcome.code == UNSUBSCRIBED:
                    mark_opted_out(msg.participant_id, now)
            else:
                Message.update(state=QUEUED, send_after=now + BACKOFF[attempts - 1], **error).where(
                    mine
                ).execute()
                summary["retrying"] += 1
                log.info("message %s to %s will retry: %s", msg.id, who, outcome.message)
        if sent_sids:
            apply_early_reports(sent_sids, now=now)


def recover(now, backend, *, lease=LEASE, limit=200) -> dict:
    """Take back rows whose dispatcher's lease has ended; return counts.

    Claimed rows that never went in flight go back in the queue as they
    were. In-flight rows are looked up at Twilio: found is sent (with its
    sid), not found goes back in the queue behind what is due now, or fails
    when it has already gone out twice. Delivery reports for sids we
    never saved (matched the same way, by number and body) settle a row too.
    """
    now = utc(now)
    counts = {"given_back": 0, "recovered": 0, "requeued": 0, "failed": 0}
    ended = (Message.state == SENDING) & (
        (Message.lease_until <= now)
        | (Message.lease_until.is_null() & (Message.claimed_at < now - LEGACY_LEASE))
    )
    with write_transaction():
        counts["given_back"] = (
            Message.update(state=QUEUED, claim=None, lease_until=None)
            .where(ended & Message.in_flight_at.is_null() & ~Message.lease_until.is_null())
            .execute()
        )
    # In-flight rows (and rows from before leases, which may have gone):
    # claimed first, so two recovering dispatchers never look up one row twice.
    token = new_claim()
    stuck = Message.select(Message.id).where(ended & Message.twilio_sid.is_null()).limit(limit)
    if is_postgres():
        stuck = stuck.for_update(skip_locked=True)
    stuck = stuck.cte("stuck", materialized=True)
    with write_transaction():
        Message.update(claim=token, lease_until=now + lease).with_cte(stuck).from_(stuck).where(
            (Message.id == stuck.c.id) & ended
        ).execute()
    rows = list(
        Message.select(Message, Participant)
        .join(Participant)
        .where((Message.claim == token) & (Message.state == SENDING))
    )
    if rows:
        oldest = min(m.in_flight_at or m.claimed_at or now for m in rows)
        reports = _UnknownReports(backend, oldest - SKEW)
    for msg in rows:
        mine = (Message.id == msg.id) & (Message.claim == token) & (Message.state == SENDING)
        since = (msg.in_flight_at or msg.claimed_at or now) - SKEW
        try:
            record = _find_at_twilio(backend, msg, since, reports)
        except LookupFailed as exc:
            log.warning("message %s: could not ask Twilio (%s); will try again", msg.id, exc)
            with write_transaction():
                Message.update(lease_until=now).where(mine).execute()
            continue
        with write_transaction():
            if record is not None:
                if _mark_sent(msg, record.sid, now, mine):
                    apply_early_reports([record.sid], now=now)
                    counts["recovered"] += 1
            elif msg.sends >= MAX_SENDS:
                Message.update(
                    state=FAILED, error_message=CAPPED, claim=None, lease_until=None
                ).where(mine).execute()
                counts["failed"] += 1
                log.warning(
                    "message %s to %s failed: %s", msg.id, mask(msg.participant.phone), CAPPED
                )
            else:
                # Behind everything already due, so a row that keeps meeting
                # crashes does not go first every time.
                Message.update(
                    state=QUEUED, send_after=now, claim=None, lease_until=None, in_flight_at=None
                ).where(mine).execute()
                counts["requeued"] += 1
    if any(counts.values()):
        log.info("recover: %s", counts)
    return counts


def _find_at_twilio(backend, msg, since, reports):
    """The record Twilio holds for this text (same number and body, sid not yet ours), or None.

    Looks in Twilio's Messages list for the number, then among the texts of
    delivery reports whose sid we never saved (`reports`, fetched once).
    """
    found = sorted(backend.sent_to(msg.participant.phone, since), key=_created)
    found += [r for r in reports.records() if r.to == msg.participant.phone]
    for record in found:
        if record.body.strip() != msg.body.strip():
            continue
        if Message.select().where(Message.twilio_sid == record.sid).exists():
            continue  # another row's copy (the same words sent on another day)
        return record
    return None


def _created(record):
    return record.created_at or datetime.max


class _UnknownReports:
    """Delivery reports for sids we never saved, each looked up at Twilio once per pass."""

    def __init__(self, backend, since):
        self.backend = backend
        self.since = since
        self._records = None

    def records(self):
        """What Twilio holds for each unknown sid reported since `since`."""
        if self._records is None:
            self._records = []
            known = Message.select(Message.twilio_sid).where(
                Message.twilio_sid == StatusReport.message_sid
            )
            sids = (
                StatusReport.select(StatusReport.message_sid)
                .where((StatusReport.received_at >= self.since) & ~fn.EXISTS(known))
                .distinct()
                .limit(REPORTS_LOOKED_UP)
            )
            for (sid,) in sids.tuples():
                try:
                    record = self.backend.fetch(sid)
                except LookupFailed:
                    continue
                if record is not None:
                    self._records.append(record)
        return self._records
