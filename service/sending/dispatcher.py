"""Sending what is due: claim queued texts, screen them, send at a set rate, record.

Delivery is at-least-once. A pass that dies mid-send leaves its rows in
SENDING without a Twilio sid; the next pass after STALE_AFTER puts them back
in the queue, so a text Twilio took just before the crash may go twice. A rare
duplicate practice is kinder than a lost one, and the claim keeps two
dispatchers from ever sending the same row in normal running.

What never goes: texts to a number that texted STOP or whose enrolment
closed, except staff replies (the 24-hour rule was checked when one was
written). What waits: programme texts in quiet hours, and those of a person
held for a human after a crisis text (followup/hold.py).

Threads: the worker pool only makes HTTP calls. Every database read and
write happens in the calling thread, so the pass uses one connection.
"""

import logging
import threading
import time
import uuid
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from datetime import timedelta

from peewee import JOIN

from ..db import is_postgres, utc, write_transaction
from ..models import Enrolment, Launch, Message, Organisation, Participant
from ..models.messages import CANCELLED, FAILED, QUEUED, SENDING, SENT
from ..models.participant import DECLINED, ENDED, STOPPED
from ..phones import mask
from ..schedule import is_allowed, next_allowed
from .backends import UNSUBSCRIBED, SendError, SendResult
from .status import apply_early_reports, mark_opted_out

log = logging.getLogger(__name__)

STALE_AFTER = timedelta(minutes=10)
# Waits before the 2nd, 3rd and 4th tries; the 4th failure is final.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=15))
MAX_ATTEMPTS = len(BACKOFF) + 1
PROGRAMME_KINDS = ("practice", "checkin", "closing")  # replies ignore quiet hours
STAFF_REPLY = "staff_reply"  # followup/replies.py
CLOSED_ENROLMENTS = (STOPPED, ENDED, DECLINED)
# Claim at most this many seconds of sending at a time, so a claimed row is
# always sent long before another pass could take it for stale.
CLAIM_HORIZON_SECONDS = 60
SUMMARY_KEYS = ("claimed", "sent", "retrying", "failed", "deferred", "cancelled", "requeued")
ERROR_MESSAGE_MAX = 255  # the column is a VARCHAR(255) on PostgreSQL


class Pacer:
    """Spaces sends at least 1/rate seconds apart, across all worker threads."""

    def __init__(self, rate, *, clock=time.monotonic, sleep=time.sleep):
        if not rate or rate <= 0:
            raise ValueError("rate must be a positive number of messages per second")
        self.interval = 1.0 / rate
        self._clock = clock
        self._sleep = sleep
        self._lock = threading.Lock()
        self._next = None

    def wait(self):
        """Block until the caller may send; return the clock reading it went at."""
        # The lock is held while sleeping on purpose: callers go one at a
        # time, each at least one interval after the one before really went.
        with self._lock:
            now = self._clock()
            if self._next is not None and now < self._next:
                self._sleep(self._next - now)
                now = self._clock()
            self._next = now + self.interval
            return now


def dispatch(
    now,
    *,
    backend,
    rate: float,
    concurrency: int = 10,
    limit: int | None = None,
    batch_size: int = 200,
) -> dict:
    """Send every text due at `now`; return counts of what happened to them."""
    now = utc(now)
    summary = dict.fromkeys(SUMMARY_KEYS, 0)
    summary["requeued"] = requeue_stale(now)
    pacer = Pacer(rate)
    claim_size = max(1, min(batch_size, int(rate * CLAIM_HORIZON_SECONDS)))
    in_flight = {}  # future -> Message
    more = limit is None or limit > 0
    with ThreadPoolExecutor(max_workers=concurrency, thread_name_prefix="sms") as pool:
        try:
            while True:
                # Claim the next batch while the last is still sending, so
                # the workers never wait on the database.
                if more and len(in_flight) < claim_size:
                    size = claim_size
                    if limit is not None:
                        size = min(size, limit - summary["claimed"])
                    rows = _claim(now, size)
                    summary["claimed"] += len(rows)
                    more = len(rows) == size and (limit is None or summary["claimed"] < limit)
                    simulated = []
                    for msg in _screen(rows, now, summary):
                        if msg.participant.is_test:
                            # Staff simulator numbers never reach the provider.
                            simulated.append((msg, SendResult(sid=None, status="simulated")))
                        else:
                            future = pool.submit(
                                _send_one, backend, pacer, msg.participant.phone, msg.body
                            )
                            in_flight[future] = msg
                    if simulated:
                        _record(simulated, now, summary)
                    continue
                if not in_flight:
                    break
                done, _ = wait(in_flight, return_when=FIRST_COMPLETED)
                _record([(in_flight.pop(f), f.result()) for f in done], now, summary)
        except BaseException:
            # Texts not yet handed to a worker stay unsent; the stale sweep
            # requeues them. Those already with Twilio are the rare duplicate.
            for future in in_flight:
                future.cancel()
            raise
    log.debug("dispatch: %s", summary)  # run_tick logs the pass when it did something
    return summary


def requeue_stale(now):
    """Put texts stuck in SENDING (a crash mid-send) back in the queue; return how many."""
    now = utc(now)
    return (
        Message.update(state=QUEUED, claim=None, claimed_at=None)
        .where(
            (Message.state == SENDING)
            & Message.twilio_sid.is_null()
            & (Message.claimed_at < now - STALE_AFTER)
        )
        .execute()
    )


def _claim(now, size):
    """Take up to `size` due rows for this pass and return them, with their context."""
    token = uuid.uuid4().hex
    due = (
        Message.select(Message.id)
        .where((Message.state == QUEUED) & (Message.send_after <= now))
        .order_by(Message.send_after, Message.id)
        .limit(size)
    )
    if is_postgres():
        # Another dispatcher's claimed rows are skipped rather than waited for.
        # SQLite needs nothing: one writer at a time, and the statement is atomic.
        due = due.for_update(skip_locked=True)
    # Materialised once and joined, because PostgreSQL may re-run a plain
    # `id IN (... LIMIT n SKIP LOCKED)` subquery and claim more than `size`.
    due = due.cte("due", materialized=True)
    # The state test is the compare-and-set: a row someone else claimed first
    # is no longer QUEUED, so it is not ours even if our subquery saw it.
    (
        Message.update(state=SENDING, claim=token, claimed_at=now)
        .with_cte(due)
        .from_(due)
        .where((Message.id == due.c.id) & (Message.state == QUEUED))
        .execute()
    )
    return list(
        Message.select(Message, Participant, Enrolment, Launch, Organisation)
        .join(Participant)
        .switch(Message)
        .join(Enrolment, JOIN.LEFT_OUTER)
        .join(Launch, JOIN.LEFT_OUTER)
        .join(Organisation, JOIN.LEFT_OUTER)
        .where(Message.claim == token)
        .order_by(Message.send_after, Message.id)
    )


def _screen(rows, now, summary):
    """Cancel or defer the claimed rows that must not go now; return the rest."""
    ready, cancel, defer = [], [], []
    for msg in rows:
        enrolment = msg.enrolment
        closed = msg.participant.opted_out or (enrolment and enrolment.state in CLOSED_ENROLMENTS)
        # A staff reply was checked when written (the 24-hour rule after STOP).
        if closed and msg.kind != STAFF_REPLY:
            cancel.append(msg.id)
            continue
        held_until = msg.participant.held_until
        if msg.kind in PROGRAMME_KINDS and held_until is not None and held_until > now:
            # Waiting for a human after a crisis text (followup/hold.py).
            defer.append((msg.id, held_until))
            continue
        if msg.kind in PROGRAMME_KINDS and enrolment is not None:
            start, end = enrolment.launch.quiet_hours()
            if not is_allowed(now, enrolment.timezone, start, end):
                defer.append((msg.id, next_allowed(now, enrolment.timezone, start, end)))
                continue
        ready.append(msg)
    if cancel or defer:
        with write_transaction():
            if cancel:
                Message.update(state=CANCELLED, claim=None, claimed_at=None).where(
                    Message.id.in_(cancel)
                ).execute()
            for message_id, send_after in defer:
                Message.update(
                    state=QUEUED, send_after=send_after, claim=None, claimed_at=None
                ).where(Message.id == message_id).execute()
    summary["cancelled"] += len(cancel)
    summary["deferred"] += len(defer)
    return ready


def _send_one(backend, pacer, to, body):
    """In a worker thread: wait for our turn, send, return the result or the error."""
    pacer.wait()
    try:
        return backend.send(to, body)
    except SendError as exc:
        return exc
    except Exception as exc:
        # A bug in a backend must not lose the text: retry it like a blip.
        log.exception("backend raised %s", type(exc).__name__)
        return SendError(f"unexpected {type(exc).__name__}", permanent=False)


def _record(outcomes, now, summary):
    """Write the results of sends, in one transaction."""
    sent_sids = []
    with write_transaction():
        for msg, outcome in outcomes:
            attempts = msg.attempts + 1
            mine = (Message.id == msg.id) & (Message.claim == msg.claim)
            if isinstance(outcome, SendResult):
                Message.update(
                    state=SENT,
                    twilio_sid=outcome.sid,
                    sent_at=now,
                    attempts=attempts,
                    error_code=None,
                    error_message=None,
                ).where(mine).execute()
                if msg.kind == "checkin" and msg.enrolment_id is not None:
                    # The participant's next reply answers this question.
                    Enrolment.update(
                        pending="checkin", pending_day=msg.day, pending_item=msg.item, reasked=False
                    ).where(Enrolment.id == msg.enrolment_id).execute()
                summary["sent"] += 1
                sent_sids.append(outcome.sid)
                continue
            error = {
                "attempts": attempts,
                "error_code": None if outcome.code is None else str(outcome.code),
                "error_message": outcome.message[:ERROR_MESSAGE_MAX],
            }
            who = mask(msg.participant.phone)
            if outcome.permanent or attempts >= MAX_ATTEMPTS:
                Message.update(state=FAILED, **error).where(mine).execute()
                summary["failed"] += 1
                log.warning("message %s to %s failed: %s", msg.id, who, outcome.message)
                if outcome.code == UNSUBSCRIBED:
                    mark_opted_out(msg.participant_id, now)
            else:
                Message.update(
                    state=QUEUED,
                    send_after=now + BACKOFF[attempts - 1],
                    claim=None,
                    claimed_at=None,
                    **error,
                ).where(mine).execute()
                summary["retrying"] += 1
                log.info("message %s to %s will retry: %s", msg.id, who, outcome.message)
        if sent_sids:
            apply_early_reports(sent_sids, now=now)
