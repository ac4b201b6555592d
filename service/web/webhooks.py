"""Twilio's webhooks and the health check. Thin: parse, call the domain, answer."""

from flask import Blueprint

bp = Blueprint("webhooks", __name__)


@bp.get("/healthz")
def healthz():
    """Liveness and database check for the platform's router."""
    from ..db import database

    database.execute_sql("SELECT 1")
    return {"status": "ok"}
