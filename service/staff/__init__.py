"""Staff identity: accounts and sessions, sign-in limits, one-time links. No Flask here:
the dashboard and the CLI both call these.

- `accounts.py`: creating accounts, checking passwords, opening and ending sessions.
- `limits.py`: the sign-in limits (a lock on the address that guesses, a slow-down per email).
- `links.py`: one-time links (an invitation, a new password after forgetting one).
"""
