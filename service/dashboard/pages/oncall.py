"""Administrators' settings for following people up: on-call contacts and saved replies."""

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...conversation.vocabulary import languages
from ...followup import oncall, replies
from ...models.followup import SavedReply
from ...phones import InvalidNumber, normalise
from ...privacy import audit
from ...sending.backends import SendError, backend_from_config
from ..blueprint import bp, current_org, now, require_admin, staff
from ..forms import ActionForm
from ..forms_followup import OnCallForm, SavedReplyForm
from ..i18n import LANGUAGES


def _errors(form):
    return "; ".join(e for errors in form.errors.values() for e in errors)


@bp.route("/on-call", methods=["GET", "POST"])
def on_call():
    """Who is texted (and emailed) about crisis alerts; administrators add and remove them."""
    require_admin()
    org = current_org()
    form = OnCallForm()
    if request.method == "POST" and not form.validate():
        flash(_("Please check the contact: %(errors)s", errors=_errors(form)), "error")
    elif request.method == "POST":
        phone, email = (form.phone.data or "").strip(), (form.email.data or "").strip()
        try:
            number = normalise(phone) if phone else None
        except InvalidNumber:
            flash(
                _("That mobile number does not look complete; please include the country code."),
                "error",
            )
        else:
            if not number and not email:
                flash(_("Please give a mobile number, an email address, or both."), "error")
            else:
                language = request.form.get("language")
                try:
                    contact = oncall.add_contact(
                        org,
                        name=form.name.data,
                        phone=number,
                        email=email,
                        now=now(),
                        language=language if language in LANGUAGES else None,
                    )
                except oncall.ContactError as exc:
                    flash(_(str(exc)), "error")
                else:
                    audit.record(staff(), org, "oncall.add", now=now(), target=contact)
                    flash(_("On-call contact added."), "ok")
                    return redirect(url_for("dashboard.on_call"))
    return render_template(
        "dashboard/on_call.html",
        contacts=oncall.contacts_of(org),
        form=form,
        action=ActionForm(),
        saved=replies.saved_replies_of(org),
        saved_form=SavedReplyForm(),
        languages=languages(),
    )


def sms_transport():
    """The SMS backend the settings ask for (tests put theirs in SMS_TRANSPORT)."""
    return current_app.config.get("SMS_TRANSPORT") or backend_from_config(current_app.config)


@bp.post("/on-call/<int:contact_id>/test")
def on_call_test(contact_id):
    """Text this contact a test of the on-call text now; audited."""
    require_admin()
    ActionForm()
    base = current_app.config.get("PUBLIC_BASE_URL", "")
    try:
        oncall.send_test(
            g.contact, backend=sms_transport(), dashboard_url=base + "/dashboard/alerts"
        )
    except (SendError, ValueError) as exc:
        flash(
            _("The test text did not go: %(why)s", why=_(str(getattr(exc, "message", exc)))),
            "error",
        )
    else:
        audit.record(staff(), current_org(), "oncall.test", now=now(), target=g.contact)
        flash(_("Test text sent. Ask them whether it came."), "ok")
    return redirect(url_for("dashboard.on_call"))


@bp.post("/on-call/<int:contact_id>/delete")
def on_call_delete(contact_id):
    """Stop telling this contact about alerts."""
    require_admin()
    ActionForm()
    audit.record(staff(), current_org(), "oncall.remove", now=now(), target=g.contact)
    g.contact.delete_instance()
    flash(_("On-call contact removed."), "ok")
    return redirect(url_for("dashboard.on_call"))


@bp.post("/saved-replies")
def saved_reply_add():
    """Keep a reply ready for staff to start from."""
    require_admin()
    form = SavedReplyForm()
    if form.validate_on_submit():
        reply = SavedReply.create(
            organisation=current_org(),
            title=form.title.data.strip(),
            body=form.body.data.strip(),
            language=form.language.data or None,
        )
        audit.record(staff(), current_org(), "saved_reply.add", now=now(), target=reply)
        flash(_("Saved reply added."), "ok")
    else:
        flash(_("Please give the saved reply a title and a text (up to 640 characters)."), "error")
    return redirect(url_for("dashboard.on_call") + "#saved")


@bp.post("/saved-replies/<int:saved_reply_id>")
def saved_reply_edit(saved_reply_id):
    """Change a saved reply's title and text."""
    require_admin()
    form = SavedReplyForm()
    if form.validate_on_submit():
        g.saved_reply.title, g.saved_reply.body = form.title.data.strip(), form.body.data.strip()
        g.saved_reply.language = form.language.data or None
        g.saved_reply.save()
        audit.record(staff(), current_org(), "saved_reply.edit", now=now(), target=g.saved_reply)
        flash(_("Saved reply changed."), "ok")
    else:
        flash(_("Please give the saved reply a title and a text (up to 640 characters)."), "error")
    return redirect(url_for("dashboard.on_call") + "#saved")


@bp.post("/saved-replies/<int:saved_reply_id>/delete")
def saved_reply_delete(saved_reply_id):
    """Remove a saved reply."""
    require_admin()
    ActionForm()
    audit.record(staff(), current_org(), "saved_reply.remove", now=now(), target=g.saved_reply)
    g.saved_reply.delete_instance()
    flash(_("Saved reply removed."), "ok")
    return redirect(url_for("dashboard.on_call") + "#saved")
