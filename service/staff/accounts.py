"""Staff accounts: creating, checking passwords, opening and ending sessions.

No Flask here: the CLI and the dashboard both call these.
"""

import hashlib
import re
import secrets
from datetime import timedelta

from werkzeug.security import check_password_hash, generate_password_hash

from ..db import utc
from ..marks import N_
from ..models.org import Organisation
from ..models.staff import ROLES, SITE_ADMIN, LoginAttempt, StaffSession, StaffUser

MIN_PASSWORD_LENGTH = 12
# A sign-in lasts at most this long, even if the browser keeps its cookie.
SESSION_LIFETIME = timedelta(days=30)
MAX_TOKEN = 128  # longer than any token we hand out
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# Checked when the email is unknown, so a wrong email costs as long as a wrong password.
_DUMMY_HASH = generate_password_hash("not-a-real-password", method="scrypt")


class AccountError(ValueError):
    """An account change that cannot be made; .problems says why, kindly."""

    def __init__(self, problems):
        super().__init__("; ".join(problems))
        self.problems = problems


def hash_password(password):
    """A scrypt hash of the password."""
    return generate_password_hash(password, method="scrypt")


def password_problems(password):
    """What is wrong with a new password (empty when it is fine)."""
    if len(password or "") < MIN_PASSWORD_LENGTH:
        return [N_("Please use at least 12 characters.")]
    return []


def create_staff(*, email, password, role, organisation=None, name="", now):
    """Create a staff account; raises AccountError with every problem found."""
    email = (email or "").strip().lower()
    problems = []
    if not _EMAIL.match(email):
        problems.append(N_("That email address does not look complete."))
    elif StaffUser.select().where(StaffUser.email == email).exists():
        problems.append(N_("An account with that email already exists."))
    if role not in ROLES:
        problems.append(f"Role must be one of: {', '.join(ROLES)}.")
    if role == SITE_ADMIN and organisation is not None:
        problems.append(N_("A site administrator belongs to no single organisation."))
    if role != SITE_ADMIN and organisation is None:
        problems.append(N_("Please choose the organisation this account belongs to."))
    problems += password_problems(password)
    if problems:
        raise AccountError(problems)
    return StaffUser.create(
        email=email,
        name=(name or "").strip(),
        password_hash=hash_password(password),
        role=role,
        organisation=organisation,
        created_at=utc(now),
        password_changed_at=utc(now),
    )


def authenticate(email, password, *, ip, now):
    """The active account for these credentials, or None; every try is recorded."""
    email = (email or "").strip().lower()
    user = StaffUser.get_or_none(StaffUser.email == email)
    ok = check_password_hash(user.password_hash if user else _DUMMY_HASH, password or "")
    ok = ok and user is not None and user.active
    LoginAttempt.create(email=email[:255], ip=ip or "", succeeded=ok, created_at=utc(now))
    # Old attempts only matter inside the window; keep the table small.
    LoginAttempt.delete().where(LoginAttempt.created_at < utc(now) - timedelta(days=1)).execute()
    if not ok:
        return None
    user.last_login_at = utc(now)
    user.save(only=[StaffUser.last_login_at])
    return user


def _token_hash(token):
    return hashlib.sha256(token.encode()).hexdigest()


def open_session(user, *, now):
    """A new random session token for this account (its hash is stored, not it)."""
    token = secrets.token_urlsafe(32)
    StaffSession.create(staff=user, token_hash=_token_hash(token), created_at=utc(now))
    StaffSession.delete().where(StaffSession.created_at < utc(now) - SESSION_LIFETIME).execute()
    return token


def session_user(token, *, now):
    """The active account whose session this token opened, or None."""
    if not isinstance(token, str) or not 0 < len(token) <= MAX_TOKEN:
        return None
    found = (
        StaffSession.select(StaffSession, StaffUser)
        .join(StaffUser)
        .where(
            StaffSession.token_hash == _token_hash(token),
            StaffSession.created_at >= utc(now) - SESSION_LIFETIME,
            StaffUser.active == True,  # noqa: E712
        )
        .first()
    )
    return found.staff if found else None


def end_sessions(user):
    """Make every existing login cookie of this account stop working."""
    StaffSession.delete().where(StaffSession.staff == user.id).execute()
    StaffUser.update(session_version=StaffUser.session_version + 1).where(
        StaffUser.id == user.id
    ).execute()
    user.session_version = StaffUser.get_by_id(user.id).session_version


def change_password(user, current, new, *, now):
    """Set a new password after checking the current one; ends other sessions."""
    problems = []
    if not check_password_hash(user.password_hash, current or ""):
        problems.append(N_("The current password did not match."))
    problems += password_problems(new)
    if problems:
        raise AccountError(problems)
    set_password(user, new, now=now)


def set_password(user, new, *, now):
    """Set a password without the old one (CLI and administrators); ends sessions."""
    problems = password_problems(new)
    if problems:
        raise AccountError(problems)
    user.password_hash = hash_password(new)
    user.password_changed_at = utc(now)
    user.save(only=[StaffUser.password_hash, StaffUser.password_changed_at])
    end_sessions(user)


def set_active(user, active):
    """Enable or disable an account; disabling ends its sessions."""
    user.active = active
    user.save(only=[StaffUser.active])
    if not active:
        end_sessions(user)


def organisation_by_slug(slug):
    """The organisation with this slug, or None."""
    return Organisation.get_or_none(Organisation.slug == (slug or "").strip())


def colleagues(org):
    """The organisation's active accounts, by name, for assigning."""
    return list(
        StaffUser.select()
        .where(StaffUser.organisation == org, StaffUser.active == True)  # noqa: E712
        .order_by(StaffUser.name, StaffUser.email)
    )
