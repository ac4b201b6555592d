"""Administrators' settings for following people up: on-call contacts and saved replies."""

from flask import flash, g, redirect, render_template, request, url_for

from ...followup import oncall, replies
from ...models.followup import SavedReply
from ...phones import InvalidNumber, mask, normalise
from ...privacy import audit
from ..blueprint import bp, current_org, now, require_admin, staff
from ..forms import ActionForm
from ..forms_followup import OnCallForm, SavedReplyForm


def _errors(form):
    return "; ".join(e for errors in form.errors.values() for e in errors)


@bp.route("/on-call", methods=["GET", "POST"])
def on_call():
    """Who is texted (and emailed) about crisis alerts; administrators add and remove them."""
    require_admin()
    org = current_org()
    form = OnCallForm()
    if request.method == "POST" and not form.validate():
        flash("Please check the contact: " + _errors(form), "error")
    elif request.method == "POST":
        phone, email = (form.phone.data or "").strip(), (form.email.data or "").strip()
        try:
            number = normalise(phone) if phone else None
        except InvalidNumber:
            flash(
                "That mobile number does not look complete; please include the country code.",
                "error",
            )
        else:
            if not number and not email:
                flash("Please give a mobile number, an email address, or both.", "error")
            else:
                try:
                    contact = oncall.add_contact(
                        org, name=form.name.data, phone=number, email=email, now=now()
                    )
                except oncall.ContactError as exc:
                    flash(str(exc), "error")
                else:
                    audit.record(staff(), org, "oncall.add", now=now(), target=contact)
                    flash("On-call contact added.", "ok")
                    return redirect(url_for("dashboard.on_call"))
    return render_template(
        "dashboard/on_call.html",
        contacts=oncall.contacts_of(org),
        form=form,
        action=ActionForm(),
        saved=replies.saved_replies_of(org),
        saved_form=SavedReplyForm(),
        mask=mask,
    )


@bp.post("/on-call/<int:contact_id>/delete")
def on_call_delete(contact_id):
    """Stop telling this contact about alerts."""
    require_admin()
    ActionForm()
    audit.record(staff(), current_org(), "oncall.remove", now=now(), target=g.contact)
    g.contact.delete_instance()
    flash("On-call contact removed.", "ok")
    return redirect(url_for("dashboard.on_call"))


@bp.post("/saved-replies")
def saved_reply_add():
    """Keep a reply ready for staff to start from."""
    require_admin()
    form = SavedReplyForm()
    if form.validate_on_submit():
        reply = SavedReply.create(
            organisation=current_org(), title=form.title.data.strip(), body=form.body.data.strip()
        )
        audit.record(staff(), current_org(), "saved_reply.add", now=now(), target=reply)
        flash("Saved reply added.", "ok")
    else:
        flash("Please give the saved reply a title and a text (up to 640 characters).", "error")
    return redirect(url_for("dashboard.on_call") + "#saved")


@bp.post("/saved-replies/<int:saved_reply_id>")
def saved_reply_edit(saved_reply_id):
    """Change a saved reply's title and text."""
    require_admin()
    form = SavedReplyForm()
    if form.validate_on_submit():
        g.saved_reply.title, g.saved_reply.body = form.title.data.strip(), form.body.data.strip()
        g.saved_reply.save()
        audit.record(staff(), current_org(), "saved_reply.edit", now=now(), target=g.saved_reply)
        flash("Saved reply changed.", "ok")
    else:
        flash("Please give the saved reply a title and a text (up to 640 characters).", "error")
    return redirect(url_for("dashboard.on_call") + "#saved")


@bp.post("/saved-replies/<int:saved_reply_id>/delete")
def saved_reply_delete(saved_reply_id):
    """Remove a saved reply."""
    require_admin()
    ActionForm()
    audit.record(staff(), current_org(), "saved_reply.remove", now=now(), target=g.saved_reply)
    g.saved_reply.delete_instance()
    flash("Saved reply removed.", "ok")
    return redirect(url_for("dashboard.on_call") + "#saved")
