"""Outcomes: one launch's before/after report, beside another launch, printable, as CSV."""

from flask import Response, abort, current_app, g, render_template, request

from ... import bounds
from ...evaluation import outcomes
from ...privacy import audit, exports
from .. import queries
from ..blueprint import bp, current_org, now, require_admin, staff
from .programmes import _programme, _title


def min_group():
    """The smallest group a figure may describe (OUTCOME_MIN_GROUP, default 10)."""
    return int(current_app.config.get("OUTCOME_MIN_GROUP", outcomes.MIN_GROUP))


def _report(launch):
    prog = _programme(launch.programme)
    return outcomes.report(launch, prog, min_group=min_group()), _title(prog, launch.programme)


def _compared():
    """The launch named by ?compare=, scoped to the organisation (404 when not theirs)."""
    raw = request.args.get("compare", "")
    if not raw:
        return None
    launch_id = bounds.record_id(raw)  # 20 digits is no launch: 404, never a 500
    if launch_id is None:
        abort(404)
    other = queries.launch_of(current_org(), launch_id)
    if other is None:
        abort(404)
    return other


@bp.get("/programmes/<int:launch_id>/outcomes")
def outcomes_page(launch_id):
    """Screeners before and after, own items by week, and who is counted."""
    reports = [_report(g.launch)]
    other = _compared()
    if other is not None and other.id != g.launch.id:
        reports.append(_report(other))
    return render_template(
        "dashboard/outcomes.html",
        launch=g.launch,
        reports=reports,
        compare_id=other.id if other else None,
        launches=[x for x in queries.launches_of(current_org()) if x.id != g.launch.id],
        print_view=bool(request.args.get("print")),
    )


@bp.get("/programmes/<int:launch_id>/outcomes.csv")
def outcomes_csv(launch_id):
    """The outcome report as CSV (with the compared launch's rows after it).

    Administrators only, like every other export: a file leaves the dashboard
    and its audit trail (staff see the same figures on the page)."""
    require_admin()
    launches = [g.launch]
    other = _compared()
    if other is not None and other.id != g.launch.id:
        launches.append(other)
    rows = []
    for launch in launches:
        rows.extend(outcomes.csv_rows(_report(launch)[0]))
    audit.record(staff(), current_org(), "export.outcomes", now=now(), target=g.launch)
    stamp = now().strftime("%Y%m%d-%H%M")
    name = f"{current_org().slug}-launch{g.launch.id}-outcomes-{stamp}.csv"
    return Response(
        "".join(exports.csv_chunks(outcomes.CSV_COLUMNS, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{name}"'},
    )
