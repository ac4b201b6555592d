"""One-time links for staff accounts: an invitation, or a new password after forgetting one.

A link holds a random secret; only its SHA-256 is stored, so the table alone
lets nobody in. A link works once and until it expires; making a new one for
an account voids the ones before. An invited account gets an unusable
password until its owner chooses one. No Flask here.
"""

import hashlib
import secrets
from datetime import timedelta

from ..db import utc, write_transaction
from ..marks import N_
from ..models.followup import StaffToken
from ..models.staff import ADMIN, SITE_ADMIN, STAFF, StaffUser
from . import accounts

INVITE, RESET = "invite", "reset"
DEFAULT_HOURS = 72


class LinkError(ValueError):
    """A link that does not work (used, expired or unknown)."""


def _digest(secret):
    return hashlib.sha256(secret.encode()).hexdigest()


def make_link(user, purpose, *, now, hours=DEFAULT_HOURS, voids=(INVITE, RESET)):
    """A new secret for `user` (older unused links of the `voids` purposes stop
    working); returns (secret, expires_at)."""
    now = utc(now)
    secret = secrets.token_urlsafe(32)
    expires = now + timedelta(hours=hours)
    with write_transaction():
        StaffToken.update(used_at=now).where(
            StaffToken.staff == user, StaffToken.used_at.is_null(), StaffToken.purpose.in_(voids)
        ).execute()
        StaffToken.create(
            staff=user,
            purpose=purpose,
            token_hash=_digest(secret),
            created_at=now,
            expires_at=expires,
        )
    return secret, expires


def invite(*, email, name, role, organisation, now, hours=DEFAULT_HOURS):
    """Make an account that can only be entered through a link; returns (user, secret, expires)."""
    if role not in (STAFF, ADMIN):
        raise accounts.AccountError([N_("Please choose staff or administrator.")])
    # Created with a long random password nobody knows; the link replaces it.
    user = accounts.create_staff(
        email=email,
        password=secrets.token_urlsafe(32),
        role=role,
        organisation=organisation,
        name=name,
        now=now,
    )
    secret, expires = make_link(user, INVITE, now=now, hours=hours)
    return user, secret, expires


def find(secret, *, now):
    """The live StaffToken for a secret, or LinkError saying kindly why not."""
    token = StaffToken.get_or_none(StaffToken.token_hash == _digest(secret or ""))
    if token is None or token.used_at is not None:
        raise LinkError(N_("This link has already been used or was replaced by a newer one."))
    if token.expires_at <= utc(now):
        raise LinkError(N_("This link has expired. Please ask an administrator for a new one."))
    if not token.staff.active:
        raise LinkError(N_("This account is disabled."))
    return token


def redeem(secret, new_password, *, now):
    """Set the account's password through the link and use the link up; returns the user."""
    with write_transaction():
        token = find(secret, now=now)
        accounts.set_password(token.staff, new_password, now=now)
        used = (
            StaffToken.update(used_at=utc(now))
            .where(StaffToken.id == token.id, StaffToken.used_at.is_null())
            .execute()
        )
        if not used:
            raise LinkError(N_("This link has already been used."))
    return token.staff


def change_role(user, role, *, by):
    """Make a colleague staff or administrator (never yourself, never a site administrator)."""
    if role not in (STAFF, ADMIN):
        raise accounts.AccountError([N_("Please choose staff or administrator.")])
    if user.id == by.id:
        raise accounts.AccountError([N_("You cannot change your own role.")])
    if user.role == SITE_ADMIN:
        raise accounts.AccountError(
            ["A site administrator's role is changed from the command line."]
        )
    user.role = role
    user.save(only=[StaffUser.role])
    accounts.end_sessions(user)  # their pages and menus change with the role
    return user
