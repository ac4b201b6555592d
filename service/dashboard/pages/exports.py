"""Export: CSV downloads for administrators, each one audited."""

from flask import Response, render_template, stream_with_context

from ...privacy import audit, exports, research
from ..blueprint import bp, current_org, now, require_admin, staff
from ..forms import ActionForm

KINDS = {
    "enrolments": (exports.ENROLMENT_COLUMNS, exports.enrolment_rows),
    "answers": (exports.ANSWER_COLUMNS, exports.answer_rows),
}


@bp.get("/export")
def export():
    """What can be exported, and what is left out."""
    require_admin()
    return render_template(
        "dashboard/export.html", action=ActionForm(), register=research.register(current_org())
    )


@bp.post("/export/<any(enrolments, answers):action>.csv")
def export_csv(action):
    """Download one CSV (a POST, so it needs the form's token and is never prefetched)."""
    require_admin()
    ActionForm()
    org = current_org()
    columns, rows = KINDS[action]
    audit.record(staff(), org, f"export.{action}", now=now())
    stamp = now().strftime("%Y%m%d-%H%M")
    return Response(
        stream_with_context(exports.csv_chunks(columns, rows(org))),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{org.slug}-{action}-{stamp}.csv"'},
    )


@bp.post("/export/research.csv")
def export_research():
    """The research export (no one identifiable), registered with the people in it."""
    require_admin()
    ActionForm()
    org = current_org()
    header, rows, record = research.export(org, staff=staff(), now=now())
    audit.record(staff(), org, "export.research", now=now(), export=record.id)
    stamp = now().strftime("%Y%m%d-%H%M")
    lines = "".join(f"# {line}\n" for line in header)
    return Response(
        lines + "".join(exports.csv_chunks(research.COLUMNS, rows)),
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{org.slug}-research-{stamp}.csv"'},
    )
