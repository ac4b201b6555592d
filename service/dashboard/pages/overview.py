"""The overview: each launch's people, today's texts, reply rate, open alerts."""

from flask import render_template

from ...followup import alerts
from ...privacy import erasure, retention
from ...sending.plan_problems import current_problems
from .. import queries
from ..blueprint import bp, current_org, now
from .programmes import programme_title


@bp.get("/")
def overview():
    """Counts for every launch of the organisation (test participants left out),
    and any enrolments the planner had to set aside."""
    org = current_org()
    data = queries.overview(org, now=now())
    titles = {row.launch.programme: programme_title(row.launch.programme) for row in data.launches}
    problems = current_problems(org, now())
    return render_template(
        "dashboard/overview.html",
        org=org,
        data=data,
        titles=titles,
        problems=problems,
        ack=alerts.time_to_acknowledge(org, now=now()),
        erasures=erasure.waiting(org),
        retained=retention.recent(org),
    )
