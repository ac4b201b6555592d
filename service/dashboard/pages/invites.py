"""Staff accounts without sharing passwords: invitations and resets by one-time link, roles."""

import logging
import time

from flask import current_app, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ...followup import texts
from ...followup.mail import MailError, mailer_from_config
from ...marks import N_
from ...models.staff import StaffUser
from ...privacy import audit
from ...staff import accounts, limits, links
from ..blueprint import bp, current_org, now, require_admin, staff
from ..forms import ActionForm
from ..forms_followup import ForgotForm, InviteForm, RoleForm, SetPasswordForm
from ..i18n import page_language

log = logging.getLogger(__name__)


def _mailer():
    """The configured mailer (tests put a MemoryMailer in MAILER), or None."""
    return current_app.config.get("MAILER") or mailer_from_config(current_app.config)


def _hours():
    return int(current_app.config.get("STAFF_LINK_HOURS", links.DEFAULT_HOURS))


NO_BASE_URL = N_(
    "PUBLIC_BASE_URL is not set, so no link is emailed: a link is built from that "
    "setting only, never from the address a request names. Give the link yourself."
)


def _url(secret):
    """The link as emailed: PUBLIC_BASE_URL and the path, or None without it.

    Never built from the request's Host header, which whoever sends the
    request chooses (a reset link to evil.example)."""
    base = current_app.config.get("PUBLIC_BASE_URL", "")
    return base + url_for("dashboard.staff_link", token=secret) if base else None


def _shown(secret):
    """The link as shown to the administrator who made it (a path without a base)."""
    return _url(secret) or url_for("dashboard.staff_link", token=secret)


def _email(user, kind, **values):
    """Email a link when email and PUBLIC_BASE_URL are set; True when it went."""
    mailer = _mailer()
    if mailer is None:
        return False
    if not values.get("link"):
        log.warning("a %s link was not emailed: PUBLIC_BASE_URL is not set", kind)
        return False
    try:
        mailer.send(
            user.email,
            texts.text(f"{kind}_email_subject", page_language()),
            texts.text(f"{kind}_email_body", page_language(), **values),
        )
    except MailError as exc:
        log.warning("could not email a %s link: %s", kind, exc)
        return False
    return True


def _show(user, secret, expires, purpose, emailed):
    return render_template(
        "dashboard/link_made.html",
        user=user,
        link=_shown(secret),
        expires=expires,
        purpose=purpose,
        emailed=emailed,
        no_base_url=NO_BASE_URL if _mailer() is not None and _url(secret) is None else None,
    )


@bp.post("/staff/invite")
def staff_invite():
    """Invite a colleague: an account and a one-time link (shown, and emailed if possible)."""
    require_admin()
    org = current_org()
    form = InviteForm()
    if not form.validate_on_submit():
        flash(_("Please give the colleague's email address."), "error")
        return redirect(url_for("dashboard.staff_list"))
    try:
        user, secret, expires = links.invite(
            email=form.email.data,
            name=form.name.data,
            role=form.role.data,
            organisation=org,
            now=now(),
            hours=_hours(),
        )
    except accounts.AccountError as exc:
        for problem in exc.problems:
            flash(_(problem), "error")
        return redirect(url_for("dashboard.staff_list"))
    audit.record(staff(), org, "staff.invite", now=now(), target=user, role=user.role)
    when = expires.strftime("%d %b %H:%M UTC")
    emailed = _email(
        user,
        "invite",
        inviter=staff().name or staff().email,
        org_name=org.name,
        link=_url(secret),
        expires=when,
    )
    return _show(user, secret, expires, links.INVITE, emailed)


@bp.post("/staff/<int:user_id>/reset-link")
def staff_reset_link(user_id):
    """A one-time link for a colleague who forgot their password (older links stop working)."""
    require_admin()
    secret, expires = links.make_link(g.user, links.RESET, now=now(), hours=_hours())
    audit.record(staff(), current_org(), "staff.reset_link", now=now(), target=g.user)
    emailed = _email(
        g.user, "reset", link=_url(secret), expires=expires.strftime("%d %b %H:%M UTC")
    )
    return _show(g.user, secret, expires, links.RESET, emailed)


@bp.post("/staff/<int:user_id>/role")
def staff_role(user_id):
    """Make a colleague staff or administrator; their sessions end."""
    require_admin()
    form = RoleForm()
    try:
        links.change_role(g.user, form.role.data, by=staff())
    except accounts.AccountError as exc:
        for problem in exc.problems:
            flash(_(problem), "error")
    else:
        audit.record(
            staff(), current_org(), "staff.role", now=now(), target=g.user, role=g.user.role
        )
        flash(_("Role changed."), "ok")
    return redirect(url_for("dashboard.staff_list"))


@bp.route("/welcome/<token>", methods=["GET", "POST"])
def staff_link(token):
    """Choose a password through a one-time link (public: the link is the key)."""
    form = SetPasswordForm()
    try:
        found = links.find(token, now=now())
    except links.LinkError as exc:
        return render_template(
            "dashboard/welcome.html", form=None, problem=str(exc), email_on=_mailer() is not None
        ), 410
    if form.validate_on_submit():
        if form.new.data != form.again.data:
            flash(_("The two passwords were not the same."), "error")
        else:
            try:
                user = links.redeem(token, form.new.data, now=now())
            except (accounts.AccountError, links.LinkError) as exc:
                for problem in getattr(exc, "problems", [str(exc)]):
                    flash(_(problem), "error")
            else:
                audit.record(
                    user, user.organisation, "staff.password_by_link", now=now(), target=user
                )
                # The link was the key: signed in at once, no second form to fill.
                from .signin import _start_session

                _start_session(user)
                flash(_("Your password is set and you are signed in. Welcome."), "ok")
                return redirect(url_for("dashboard.overview"))
    return render_template("dashboard/welcome.html", form=form, user=found.staff, problem=None)


@bp.route("/forgot", methods=["GET", "POST"])
def forgot():
    """Ask for a reset link by email (when email is set up); the answer never says who exists."""
    started = time.monotonic()
    form = ForgotForm()
    sent = False
    if form.validate_on_submit():
        sent = True
        email = (form.email.data or "").strip().lower()
        allowed = limits.take_forgot_turn(email, request.remote_addr or "", now=now())
        user = StaffUser.get_or_none(StaffUser.email == email, StaffUser.active == True)  # noqa: E712
        if allowed and user is not None and _can_email():
            # Only older reset links end: a pending invitation is never touched.
            secret, expires = links.make_link(
                user, links.RESET, now=now(), hours=_hours(), voids=(links.RESET,)
            )
            _email(user, "reset", link=_url(secret), expires=expires.strftime("%d %b %H:%M UTC"))
            audit.record(user, user.organisation, "staff.reset_requested", now=now(), target=user)
    page = render_template(
        "dashboard/forgot.html",
        form=form,
        sent=sent,
        email_on=_can_email(),
    )
    # The same answer in the same time whether or not the email exists (or was
    # limited): nothing to learn from how long it took.
    if sent:
        time.sleep(max(0.0, _answer_seconds() - (time.monotonic() - started)))
    return page


def _can_email():
    """Email and PUBLIC_BASE_URL both set: only then is a link emailed."""
    return _mailer() is not None and bool(current_app.config.get("PUBLIC_BASE_URL"))


def _answer_seconds():
    return float(current_app.config.get("FORGOT_ANSWER_SECONDS", 0.25))


def role_form(user):
    """A role form preset to the user's role."""
    return RoleForm(role=user.role)


bp.add_app_template_global(role_form, "role_form")
bp.add_app_template_global(InviteForm, "invite_form")
bp.add_app_template_global(ActionForm, "action_form")
