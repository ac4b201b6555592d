"""Gunicorn's access log without one-time link tokens.

An invitation or reset link carries its secret in the path
(/dashboard/welcome/<token>); gunicorn's access log, when it is on, would
write it down for anyone who reads the logs. The Procfile's `web` line names
this class (`--logger-class service.gunicorn_log.TokenSafeLogger`), so every
value an access line can show (the request line, the path, the referrer, any
header or environment value) has the token replaced by "…".
"""

import re

from gunicorn.glogging import Logger

TOKEN_IN_PATH = re.compile(r"(/dashboard/welcome/)[^/?#\s\"]+")


def scrub(value):
    """The value with any link token in it replaced."""
    return TOKEN_IN_PATH.sub(r"\1…", value) if isinstance(value, str) else value


class TokenSafeLogger(Logger):
    """gunicorn's Logger, with link tokens left out of access lines."""

    def atoms(self, resp, req, environ, request_time):
        """gunicorn's atoms, each scrubbed of link tokens."""
        return {k: scrub(v) for k, v in super().atoms(resp, req, environ, request_time).items()}
