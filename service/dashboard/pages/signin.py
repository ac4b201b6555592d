"""Signing in and out, and changing your password."""

from urllib.parse import urlsplit

from flask import flash, redirect, render_template, request, session, url_for
from flask_login import login_user, logout_user

from .. import accounts
from ..auth import Account
from ..blueprint import bp, now, staff
from ..forms import LoginForm, PasswordForm


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
    login_user(Account(user))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Sign in; failed tries are limited per email and per address."""
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        ip = request.remote_addr or ""
        if accounts.is_rate_limited(form.email.data, ip, now=now()):
            flash("Too many tries. Please wait a few minutes and try again.", "error")
            status = 429
        else:
            user = accounts.authenticate(form.email.data, form.password.data, ip=ip, now=now())
            if user is not None:
                _start_session(user)
                target = _safe_next(request.args.get("next"))
                return redirect(target or url_for("dashboard.overview"))
            flash("That email and password did not match.", "error")
            status = 401
    elif request.method == "POST":
        status = 400
    return render_template("dashboard/login.html", form=form), status


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
                flash(problem, "error")
        else:
            _start_session(user)
            flash("Your password is changed. Other sessions are signed out.", "ok")
            return redirect(url_for("dashboard.overview"))
    return render_template("dashboard/password.html", form=form)
