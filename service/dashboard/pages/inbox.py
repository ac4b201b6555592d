"""The inbox and following a person up: reply, notes, assign, handled, the alert page."""

import uuid
from urllib.parse import urlsplit

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from ... import bounds
from ...db import write_transaction
from ...followup import alerts, hold, inbox, notes, replies
from ...followup.texts import default_saved_replies
from ...privacy import audit
from ...staff import accounts
from .. import queries
from ..blueprint import bp, current_org, now, staff
from ..forms import ActionForm, ResolveForm
from ..forms_followup import AssignForm, NoteForm, ReplyForm
from ..i18n import page_language


def _who():
    user = staff()
    return user.name or user.email


def _back(default):
    """Where to go after a form: a dashboard path the form named, else `default`."""
    target = request.form.get("back") or ""
    parts = urlsplit(target)
    if target.startswith("/dashboard/") and not parts.scheme and not parts.netloc:
        return target
    return default


@bp.context_processor
def _inbox_count():
    if not current_user.is_authenticated or current_org() is None:
        return {}
    org = current_org()
    waiting = alerts.waiting_count(org)
    return {"inbox_open": inbox.open_count(org), "alerts_open": waiting}


@bp.app_template_global()
def reply_form(participant):
    """A fresh reply form for `participant`, with a one-time key and the saved replies."""
    org = current_org()
    lang = participant.language or "en"
    cache = g.setdefault("saved_replies", {})  # one read per page, however many forms
    if lang not in cache:
        staff_lang = page_language()
        cache[lang] = replies.offered(
            org, lang, lambda values, lang: default_saved_replies(values, lang, staff_lang)
        )
    saved = cache[lang]
    return {
        "form": ReplyForm(key=uuid.uuid4().hex),
        "saved": saved,
        "refused": replies.refusal(participant, now=now()),
        "participant": participant,
    }


@bp.app_template_global()
def note_form():
    """A fresh note form."""
    return NoteForm()


@bp.app_template_global()
def case_notes(participant):
    """This organisation's notes on the participant, newest first."""
    return notes.of(participant, current_org())


@bp.app_template_global()
def held_until(participant):
    """When this organisation's held programme texts to the person go again, or None.
    Another organisation's hold on the same number is never shown."""
    org = current_org()
    return hold.held_until(org, participant, now()) if org is not None else None


@bp.get("/inbox")
def inbox_page():
    """Texts that need a person, newest first, grouped by person; filters in the query."""
    org = current_org()
    handled = request.args.get("status") == "handled"
    mine = request.args.get("mine") == "1"
    launch = bounds.record_id(request.args.get("launch"))
    page = bounds.integer(request.args.get("page"), low=1, high=100_000, default=1)
    people, more = inbox.page(
        org, handled=handled, assigned_to=staff().id if mine else None, launch_id=launch, page=page
    )
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    assign = AssignForm()
    assign.staff.choices = [("", _("Nobody"))] + [
        (str(u.id), u.name or u.email) for u in accounts.colleagues(org)
    ]
    return render_template(
        "dashboard/inbox.html",
        people=people,
        page=page,
        more=more,
        args=args,
        handled=handled,
        mine=mine,
        launch=launch,
        launches=queries.launches_of(org),
        action=ActionForm(),
        assign=assign,
        now=now(),
    )


@bp.post("/inbox/<int:item_id>/<any(handle, reopen):action>")
def inbox_mark(item_id, action):
    """Mark an item handled, or open again; audited."""
    ActionForm()
    try:
        with write_transaction():
            inbox.mark(g.item, handled=action == "handle", by=_who(), now=now())
            audit.record(staff(), current_org(), f"inbox.{action}", now=now(), target=g.item)
    except inbox.InboxError as exc:
        flash(_(str(exc)), "error")
    else:
        if action == "handle":
            flash(
                _(
                    "Marked handled by you. It is under Show: Handled, "
                    "where it can be opened again."
                ),
                "ok",
            )
        else:
            flash(_("Open again: it is back in the inbox."), "ok")
    return redirect(_back(url_for("dashboard.inbox_page")))


@bp.post("/inbox/<int:item_id>/assign")
def inbox_assign(item_id):
    """Give an item to a colleague (or to nobody); audited."""
    form = AssignForm()
    chosen = form.staff.data or ""
    user = None
    if chosen:
        user = next((u for u in accounts.colleagues(current_org()) if str(u.id) == chosen), None)
        if user is None:
            flash(_("That colleague is not in this organisation."), "error")
            return redirect(_back(url_for("dashboard.inbox_page")))
    inbox.assign(g.item, user)
    audit.record(
        staff(),
        current_org(),
        "inbox.assign",
        now=now(),
        target=g.item,
        to=user.id if user else None,
    )
    flash(
        _("Assigned to %(who)s.", who=user.name or user.email) if user else _("Unassigned."), "ok"
    )
    return redirect(_back(url_for("dashboard.inbox_page")))


@bp.post("/people/<int:person_id>/reply")
def reply(person_id):
    """Queue a one-off text to the person through the outbox; audited."""
    form = ReplyForm()
    back = _back(url_for("dashboard.inbox_page"))
    if not form.validate():
        flash(_("Please write the text to send (up to 640 characters)."), "error")
        return redirect(back)
    try:
        message = replies.send(
            g.person, current_org(), form.body.data, by=_who(), key=form.key.data, now=now()
        )
    except replies.ReplyRefused as exc:
        flash(_(str(exc)), "error")
        return redirect(back)
    audit.record(
        staff(),
        current_org(),
        "participant.reply",
        now=now(),
        target=message,
        segments=message.segments,
    )
    flash(_("Reply queued. It goes out within a minute, whatever the hour."), "ok")
    return redirect(back)


@bp.post("/people/<int:person_id>/notes")
def add_note(person_id):
    """Keep a staff-only note on the person; audited (not its words)."""
    form = NoteForm()
    back = _back(url_for("dashboard.inbox_page"))
    try:
        note = notes.add(g.person, current_org(), form.body.data, staff=staff(), now=now())
    except notes.NoteError as exc:
        flash(_(str(exc)), "error")
    else:
        audit.record(staff(), current_org(), "participant.note", now=now(), target=note)
        flash(_("Note saved. Only staff see it."), "ok")
    return redirect(back)


@bp.post("/people/<int:person_id>/release")
def release_hold(person_id):
    """Let programme texts go again now, before the hold after a crisis text ends."""
    ActionForm()
    if hold.release(current_org(), g.person, now=now()):
        audit.record(staff(), current_org(), "participant.release", now=now(), target=g.person)
        flash(_("Programme texts resume now: a held text goes within a minute."), "ok")
    else:
        flash(_("Programme texts were not waiting."), "ok")
    return redirect(_back(url_for("dashboard.inbox_page")))


@bp.get("/alerts/<int:alert_id>")
def alert_page(alert_id, revealed=None):
    """One alert: its tier and words, the person's programme and day, the texts around it."""
    alert = g.alert
    context = queries.alert_context(alert)
    item = inbox.item_of_alert(alert)
    assign = AssignForm(staff=str(item.assigned_to_id or "") if item else "")
    assign.staff.choices = [("", _("Nobody"))] + [
        (str(u.id), u.name or u.email) for u in accounts.colleagues(current_org())
    ]
    person = alert.participant
    return render_template(
        "dashboard/alert.html",
        alert=alert,
        context=context,
        item=item,
        assign=assign,
        person=person,
        enrolled=person is not None and queries.participant_of(current_org(), person.id),
        action=ActionForm(),
        resolve_form=ResolveForm(),
        revealed=revealed,
        now=now(),
    )


@bp.post("/alerts/<int:alert_id>/reveal")
def reveal_for_alert(alert_id):
    """The alert page with the person's full number, to call them; recorded."""
    from .participants import reveal

    if g.alert.participant is None:
        abort(404)
    revealed = reveal(g.alert.participant)
    g.here = url_for("dashboard.alert_page", alert_id=alert_id)
    return alert_page(alert_id, revealed=revealed)


@bp.get("/alerts/<int:alert_id>/reveal")
def reveal_for_alert_again(alert_id):
    """A reload after the number was shown: the alert page itself."""
    return redirect(url_for("dashboard.alert_page", alert_id=alert_id))
