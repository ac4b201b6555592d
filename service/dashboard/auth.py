"""Who is signed in: the Flask-Login account wrapper and its cookie id."""

from flask_login import UserMixin

from ..models.staff import StaffUser


class Account(UserMixin):
    """A signed-in StaffUser, as Flask-Login wants it."""

    def __init__(self, staff):
        self.staff = staff

    def get_id(self):
        """Id and session version: bumping the version voids old cookies."""
        return f"{self.staff.id}:{self.staff.session_version}"

    @property
    def is_active(self):
        """Disabled accounts cannot sign in or stay signed in."""
        return self.staff.active


def load_account(cookie_id):
    """The Account for a session's user id, or None if it is stale or disabled."""
    try:
        user_id, version = (int(part) for part in str(cookie_id).split(":"))
    except ValueError:
        return None
    user = StaffUser.get_or_none(
        StaffUser.id == user_id,
        StaffUser.session_version == version,
        StaffUser.active == True,  # noqa: E712
    )
    return Account(user) if user else None
