"""Who is signed in: the Flask-Login account wrapper and its cookie id.

The cookie names a session by a random token made at sign-in (accounts.py
open_session), not by the account's id: knowing the secret key and an id
is not enough to make a cookie that opens anything.
"""

from flask_login import UserMixin

from ..staff import accounts


class Account(UserMixin):
    """A signed-in StaffUser, as Flask-Login wants it."""

    def __init__(self, staff, token):
        self.staff = staff
        self.token = token

    def get_id(self):
        """The session's random token: all the cookie carries."""
        return self.token

    @property
    def is_active(self):
        """Disabled accounts cannot sign in or stay signed in."""
        return self.staff.active


def load_account(cookie_id, *, now):
    """The Account for a session's token, or None if it is unknown, old or disabled."""
    user = accounts.session_user(cookie_id, now=now)
    return Account(user, cookie_id) if user else None
