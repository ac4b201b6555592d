"""The dashboard's pages, one module per area; importing them attaches the routes."""

from . import (
    alerts,
    erasure,
    exports,
    inbox,
    invites,
    oncall,
    outcomes,
    overview,
    participants,
    people,
    programmes,
    signin,
    simulator,
)

__all__ = [
    "alerts",
    "erasure",
    "exports",
    "inbox",
    "invites",
    "oncall",
    "outcomes",
    "overview",
    "participants",
    "people",
    "programmes",
    "signin",
    "simulator",
]
