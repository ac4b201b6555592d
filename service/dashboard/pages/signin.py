"""Signing in and out, and changing your password."""

import math
from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_babel import ngettext, refresh
from flask_login import login_user, logout_user

from ...staff import accounts, limits
from ..auth import Account
from ..blueprint import bp, now, staff
from ..forms import LoginForm, PasswordForm
from ..i18n import LANGUAGES


def _safe_next(target):
    """Only a path on this site, so the sign-in page cannot bounce people elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


def _start_session(user):
    """A fresh session for this account: nothing carried over from before sign-in."""
    session.clear()
    login_user(Account(user, accounts.open_session(user, now=now())))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in; an address that keeps failing is locked, an email slowed (limits.py)."""
    form = LoginForm()
    status, headers = 200, {}
    if form.validate_on_submit():
        ip = request.remote_addr or ""
        turn = limits.take_turn(form.email.data, ip, now=now())
        if not turn.allowed:
            seconds = max(1, math.ceil(turn.wait.total_seconds()))
            flash(
                _("Too many tries. Please wait %(wait)s and try again.", wait=_in_words(seconds)),
                "error",
            )
            status, headers = 429, {"Retry-After": str(seconds)}
        else:
            user = accounts.authenticate(form.email.data, form.password.data, ip=ip, now=now())
            if user is not None:
                limits.clear(form.email.data, ip, now=now())
                _start_session(user)
                target = _safe_next(request.args.get("next"))
                return redirect(target or url_for("dashboard.overview"))
            flash(_("That email and password did not match."), "error")
            status = 401
    elif request.method == "POST":
        status = 400
    return render_template("dashboard/login.html", form=form, email_on=_email_on()), status, headers


def _email_on():
    from .invites import _mailer

    return _mailer() is not None


def _in_words(seconds):
    if seconds < 90:
        return ngettext("%(num)s second", "%(num)s seconds", seconds)
    return _("%(n)s minutes", n=math.ceil(seconds / 60))


@bp.post("/logout")
def logout():
    """Sign out: this account's cookies stop working everywhere."""
    accounts.end_sessions(staff())
    logout_user()
    session.clear()
    return redirect(url_for("dashboard.login"))


@bp.route("/password", methods=["GET", "POST"])
def password():
    """Change your own password; other sessions end, this one starts afresh."""
    form = PasswordForm()
    if form.validate_on_submit():
        user = staff()
        try:
            accounts.change_password(user, form.current.data, form.new.data, now=now())
        except accounts.AccountError as exc:
            for problem in exc.problems:
                flash(_(problem), "error")
        else:
            _start_session(user)
            flash(_("Your password is changed. Other sessions are signed out."), "ok")
            return redirect(url_for("dashboard.overview"))
    return render_template("dashboard/password.html", form=form)


@bp.post("/language")
def language():
    """Keep the signed-in staff member's dashboard language ("" : the browser's)."""
    chosen = request.form.get("language") or None
    if chosen is not None and chosen not in LANGUAGES:
        flash(_("Please pick a language from the list."), "error")
    else:
        user = staff()
        user.language = chosen
        user.save()
        refresh()  # this very answer speaks the new language
        flash(_("Language saved."), "ok")
    return redirect(url_for("dashboard.password"))
