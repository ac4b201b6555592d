"""The safety alert queue: crisis first, then by how long people have waited."""

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...followup import alerts
from ...privacy import audit
from ..blueprint import bp, current_org, now, staff
from ..forms import ActionForm, ResolveForm
from .inbox import _back


def _who():
    user = staff()
    return user.name or user.email


@bp.get("/alerts")
def alerts_queue():
    """Open and acknowledged alerts; ?resolved=1 shows the resolved ones."""
    resolved = request.args.get("resolved") == "1"
    return render_template(
        "dashboard/alerts.html",
        alerts=alerts.alert_queue(current_org(), resolved=resolved),
        resolved=resolved,
        now=now(),
        action=ActionForm(),
        resolve_form=ResolveForm(),
    )


@bp.post("/alerts/<int:alert_id>/acknowledge")
def acknowledge_alert(alert_id):
    """Say you are picking this alert up."""
    ActionForm()
    try:
        alerts.acknowledge(g.alert, by=_who(), now=now())
    except alerts.AlertError as exc:
        flash(_(str(exc)), "error")
    else:
        audit.record(staff(), current_org(), "alert.acknowledge", now=now(), target=g.alert)
        flash(
            _(
                "Acknowledged: the on-call texts stop. Thank you for picking this up. "
                "Programme texts stay held until you resolve the alert or resume them."
            ),
            "ok",
        )
    return redirect(_back(url_for("dashboard.alerts_queue")))


@bp.post("/alerts/<int:alert_id>/resolve")
def resolve_alert(alert_id):
    """Close the alert with a note of what was done."""
    form = ResolveForm()
    try:
        alerts.resolve(g.alert, by=_who(), note=form.note.data, now=now())
    except alerts.AlertError as exc:
        flash(_(str(exc)), "error")
    else:
        audit.record(staff(), current_org(), "alert.resolve", now=now(), target=g.alert)
        flash(_("Resolved. Its inbox item is handled; held programme texts go again."), "ok")
    return redirect(_back(url_for("dashboard.alerts_queue")))
