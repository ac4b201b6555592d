"""Sign-in limits: a lock on the address that guesses, a short slow-down per email
and address.

Every sign-in first takes a turn (`take_turn`). In one write transaction,
with the rows for the address and the email locked, it refuses when either
says "not yet", and otherwise counts the try as a failure there and then; a
right password clears both afterwards (`clear`). The check and the count are
one step, so forty wrong tries at the same moment get no more password checks
than the limit allows.

- An address (the client as gunicorn sees it; X-Forwarded-For only through
  TRUSTED_PROXIES) has FREE_TRIES failures, then waits 1, 2, 4... minutes,
  up to 15 between tries: in effect a lock on where the guessing comes from.
- An email tried from one address has FREE_TRIES failures, then waits 1, 2,
  4... seconds, up to 30 (key "pair:<email> <address>"). The slow-down is per
  email *and* address on purpose: a slow-down shared by every address of an
  email is one an attacker can keep filling from three addresses of their own,
  so that the owner, however patient, never gets a turn (issue 17, hole 4).
  Kept apart, the owner signing in from anywhere else is never slowed by
  another address's guesses, and gets in with the right password at once.
  Guessing one account from many addresses is bounded by the lock on each
  address, and by the length of passwords (accounts.py).
- Failures are forgotten WINDOW after the last one. A site administrator can
  see and clear limits (`flask --app service staff limits`, `... staff unlimit`).

No Flask here: the sign-in page and the CLI both call these.
"""

from dataclasses import dataclass
from datetime import timedelta

from .. import bounds
from ..db import insert_new, is_postgres, utc, write_transaction
from ..models.staff import LoginLimit

FREE_TRIES = 5
WINDOW = timedelta(minutes=15)
ADDRESS_WAIT = (timedelta(minutes=1), timedelta(minutes=15))  # first wait, longest wait
EMAIL_WAIT = (timedelta(seconds=1), timedelta(seconds=30))
KEEP = timedelta(days=1)


@dataclass(frozen=True)
class Turn:
    """May this sign-in check a password now; if not, how long until it may."""

    allowed: bool
    wait: timedelta = timedelta(0)


def email_key(email):
    """The limit key of an email address, as typed (lower case, bounded)."""
    cleaned = bounds.text(email, 254).strip().lower()
    return f"email:{cleaned}" if cleaned else None


def pair_key(email, ip):
    """The limit key of an email tried from one address."""
    mail, address = email_key(email), address_key(ip)
    if not mail or not address:
        return None
    return f"pair:{mail[len('email:') :]} {address[len('ip:') :]}"[:255]


def address_key(ip):
    """The limit key of a client address."""
    # No address at all (a test client, a unix socket): one shared key, never none.
    cleaned = bounds.text(ip, bounds.MAX_ADDRESS).strip() or "unknown"
    return f"ip:{cleaned}"


def _wait(key, failures):
    first, longest = ADDRESS_WAIT if key.startswith("ip:") else EMAIL_WAIT
    if failures < FREE_TRIES:
        return None
    return min(first * 2 ** min(failures - FREE_TRIES, 20), longest)


def _locked_rows(keys, now):
    for key in keys:
        insert_new(LoginLimit, key=key, failures=0, updated_at=now)
    query = LoginLimit.select().where(LoginLimit.key.in_(keys)).order_by(LoginLimit.key)
    # Sorted and locked together, so two sign-ins cannot wait on each other.
    return list(query.for_update() if is_postgres() else query)


def take_turn(email, ip, *, now):
    """Check the limits and count this try as a failure, in one step; a Turn."""
    now = utc(now)
    keys = sorted({k for k in (pair_key(email, ip), address_key(ip)) if k})
    with write_transaction():
        rows = _locked_rows(keys, now)
        for row in rows:
            if row.updated_at < now - WINDOW:
                row.failures, row.next_try_at = 0, None  # forgotten
        waits = [row.next_try_at - now for row in rows if row.next_try_at and row.next_try_at > now]
        if waits:
            return Turn(False, max(waits))
        for row in rows:
            row.failures += 1
            wait = _wait(row.key, row.failures)
            row.next_try_at = now + wait if wait else None
            row.updated_at = now
            row.save()
        LoginLimit.delete().where(LoginLimit.updated_at < now - KEEP).execute()
    return Turn(True)


def clear(email, ip, *, now):
    """A right password: forget the failures of this email from this address, and of
    the address."""
    keys = [k for k in (pair_key(email, ip), address_key(ip)) if k]
    LoginLimit.update(failures=0, next_try_at=None, updated_at=utc(now)).where(
        LoginLimit.key.in_(keys)
    ).execute()


def current(*, now):
    """Limits with failures inside the window, the longest wait first."""
    since = utc(now) - WINDOW
    return list(
        LoginLimit.select()
        .where(LoginLimit.failures > 0, LoginLimit.updated_at >= since)
        .order_by(LoginLimit.next_try_at.desc(nulls="LAST"), LoginLimit.failures.desc())
    )


def lift(key):
    """Clear one limit by its key ("ip:..." or "pair:..."); True if there was one."""
    return bool(LoginLimit.delete().where(LoginLimit.key == key).execute())


# "Forgot my password": a few emails per address and per email, then nothing
# more is sent until the window passes (the page answers the same either way).
FORGOT_PER_EMAIL = 3
FORGOT_PER_ADDRESS = 10


def take_forgot_turn(email, ip, *, now):
    """True when a reset email may be sent for this request; counts it either way."""
    now = utc(now)
    cleaned = bounds.text(email, 254).strip().lower()
    mail_key = f"forgot-email:{cleaned}"[:255]
    keys = sorted({mail_key, "forgot-" + address_key(ip)})
    with write_transaction():
        rows = _locked_rows(keys, now)
        allowed = True
        for row in rows:
            if row.updated_at < now - WINDOW:
                row.failures = 0
            row.failures += 1
            row.updated_at = now
            row.save()
            cap = FORGOT_PER_EMAIL if row.key == mail_key else FORGOT_PER_ADDRESS
            allowed = allowed and row.failures <= cap
    return allowed
