"""Accounts and organisations: staff management, the audit log, the organisation
switcher, and sign-in limits (site administrators)."""

from flask import flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from ... import bounds
from ...launches import LaunchError, create_organisation
from ...models.staff import StaffUser
from ...privacy import audit
from ...staff import accounts, limits
from .. import queries
from ..blueprint import bp, current_org, now, require_admin, require_site_admin, staff
from ..forms import ActionForm, OrganisationForm, StaffForm


@bp.route("/staff", methods=["GET", "POST"])
def staff_list():
    """The organisation's accounts; administrators add and disable them."""
    require_admin()
    org = current_org()
    form = StaffForm()
    if form.validate_on_submit():
        try:
            user = accounts.create_staff(
                email=form.email.data,
                password=form.password.data,
                role=form.role.data,
                organisation=org,
                name=form.name.data,
                now=now(),
            )
        except accounts.AccountError as exc:
            for problem in exc.problems:
                flash(_(problem), "error")
        else:
            audit.record(staff(), org, "staff.create", now=now(), target=user, role=user.role)
            flash(_("Account added. Please share the first password in person."), "ok")
            return redirect(url_for("dashboard.staff_list"))
    users = StaffUser.select().where(StaffUser.organisation == org).order_by(StaffUser.email)
    return render_template(
        "dashboard/staff.html", users=list(users), form=form, action=ActionForm(), me=staff()
    )


@bp.post("/staff/<int:user_id>/<any(disable, enable):action>")
def staff_active(user_id, action):
    """Disable (ends their sessions) or re-enable an account."""
    require_admin()
    ActionForm()
    if g.user.id == staff().id:
        flash(_("You cannot disable your own account."), "error")
    else:
        accounts.set_active(g.user, action == "enable")
        audit.record(staff(), current_org(), f"staff.{action}", now=now(), target=g.user)
        flash(_("Account enabled.") if action == "enable" else _("Account disabled."), "ok")
    return redirect(url_for("dashboard.staff_list"))


@bp.get("/audit")
def audit_log():
    """The latest audited actions in this organisation."""
    require_admin()
    action = request.args.get("action", "")
    who = request.args.get("who", "")
    page = bounds.integer(request.args.get("page"), low=1, high=100_000, default=1)
    entries, total, actions = audit.search(current_org(), action=action, who=who, page=page)
    return render_template(
        "dashboard/audit.html",
        entries=entries,
        total=total,
        actions=actions,
        action=action,
        who=who,
        page=page,
        pages=max(1, -(-total // 50)),
        args={k: v for k, v in (("action", action), ("who", who)) if v},
    )


@bp.get("/organisations")
def organisations():
    """Every organisation, to pick one to work in (site administrators)."""
    require_site_admin()
    return render_template(
        "dashboard/organisations.html",
        organisations=queries.organisations(),
        action=ActionForm(),
        form=OrganisationForm(),
        limits=limits.current(now=now()),
        now=now().replace(tzinfo=None),
    )


@bp.post("/sign-in-limits/clear")
def clear_limit():
    """Clear one sign-in limit (an address or an email), e.g. for a locked-out colleague."""
    require_site_admin()
    ActionForm()
    key = bounds.text(request.form.get("key"), 300)
    if limits.lift(key):
        audit.record(staff(), None, "signin.limit_clear", now=now(), kind=key.split(":")[0])
        flash(_("Sign-in limit cleared."), "ok")
    else:
        flash(_("That limit had already ended."), "error")
    return redirect(url_for("dashboard.organisations"))


@bp.post("/organisations/<int:org_id>/switch")
def switch_organisation(org_id):
    """Work in this organisation from now on."""
    require_site_admin()
    ActionForm()
    session["org_id"] = g.organisation.id
    session.pop("sim_phone", None)
    return redirect(url_for("dashboard.overview"))


@bp.post("/organisations")
def new_organisation():
    """Add an organisation (site administrators)."""
    require_site_admin()
    form = OrganisationForm()
    if form.validate_on_submit():
        try:
            org = create_organisation(
                slug=form.slug.data, name=form.name.data, timezone=form.timezone.data.strip()
            )
        except LaunchError as exc:
            for problem in exc.problems:
                flash(_(problem), "error")
        else:
            audit.record(staff(), org, "organisation.create", now=now(), target=org)
            flash(_("Organisation added."), "ok")
    else:
        for errors in form.errors.values():
            for error in errors:
                flash(error, "error")
    return redirect(url_for("dashboard.organisations"))
