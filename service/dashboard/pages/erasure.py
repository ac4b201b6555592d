"""Erasing a person from the dashboard: administrators, after a confirmation, audited."""

from flask import current_app, flash, g, redirect, render_template, request, url_for

from ...privacy import audit, erasure
from ...privacy.clock import settings_for
from ..blueprint import bp, current_org, now, require_admin, staff
from ..forms import ActionForm

CONFIRM_WORD = "ERASE"


@bp.get("/participants/<int:participant_id>/erase")
def erase_confirm(participant_id):
    """What erasure removes, and the word to type to ask for it."""
    require_admin()
    return render_template(
        "dashboard/erase.html", participant=g.participant, action=ActionForm(), word=CONFIRM_WORD
    )


@bp.post("/participants/<int:participant_id>/erase")
def erase(participant_id):
    """Ask for erasure: sends stop at once, the clock erases every row and Twilio's copies."""
    require_admin()
    ActionForm()
    if request.form.get("confirm", "").strip().upper() != CONFIRM_WORD:
        flash(f"Nothing was erased: type {CONFIRM_WORD} to confirm.", "error")
        return redirect(url_for("dashboard.erase_confirm", participant_id=participant_id))
    key, hold_days = settings_for(current_app.config)
    org = current_org()
    who = staff()
    request_ = erasure.request(
        [g.participant],
        how="dashboard",
        requested_by=who.email,
        key=key,
        hold_days=hold_days,
        now=now(),
        organisation=org,
    )
    audit.record(who, org, "participant.erase", now=now(), erasure=request_.id)
    flash(
        f"Erasure {request_.id} asked for: nothing more is sent; the clock erases within a day "
        "(later if a crisis alert is open: see the overview).",
        "ok",
    )
    return redirect(url_for("dashboard.participants"))
