"""The overview: each launch's people, today's texts, reply rate, open alerts."""

from flask import render_template

from .. import queries
from ..blueprint import bp, current_org, now
from .programmes import programme_title


@bp.get("/")
def overview():
    """Counts for every launch of the organisation (test participants left out)."""
    org = current_org()
    data = queries.overview(org, now=now())
    titles = {row.launch.programme: programme_title(row.launch.programme) for row in data.launches}
    return render_template("dashboard/overview.html", org=org, data=data, titles=titles)
