"""The dashboard blueprint and what runs around every one of its requests.

Every route needs a signed-in account unless listed in PUBLIC; every URL
argument that names an object is loaded through LOADERS, scoped to the
current organisation, so another organisation's id answers 404 before the
view runs and a new route cannot forget the check.
"""

from flask import Blueprint, abort, current_app, g, redirect, request, session, url_for
from flask_login import current_user

from .. import bounds
from ..db import utcnow
from ..followup import alerts, inbox, oncall, replies
from ..models.org import Organisation
from ..models.staff import StaffUser
from . import assets, csrf, login_manager, queries

bp = Blueprint(
    "dashboard",
    __name__,
    url_prefix="/dashboard",
    template_folder="templates",
    static_folder="static",
)

PUBLIC = {"dashboard.login", "dashboard.static", "dashboard.asset_file"}
PUBLIC |= {"dashboard.staff_link", "dashboard.forgot"}
# Endpoints that work before a site administrator picks an organisation.
NO_ORG = {"dashboard.logout", "dashboard.password", "dashboard.organisations", "dashboard.language"}
NO_ORG |= {"dashboard.switch_organisation", "dashboard.new_organisation", "dashboard.clear_limit"}
NO_ORG |= {"dashboard.site_inbox", "dashboard.site_inbox_mark", "dashboard.site_inbox_give"}

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def staff():
    """The signed-in StaffUser."""
    return current_user.staff


def current_org():
    """The organisation the signed-in account is working in, or None."""
    if "org" not in g:
        user = staff()
        if user.is_site_admin:
            org_id = session.get("org_id")
            g.org = Organisation.get_or_none(Organisation.id == org_id) if org_id else None
        else:
            g.org = user.organisation
    return g.org


def _user_of(org, user_id):
    user = StaffUser.get_or_none(StaffUser.id == user_id)
    if user is None or (not staff().is_site_admin and user.organisation_id != org.id):
        return None
    return user


def _site_item_of(_org, item_id):
    # The site's inbox is for site administrators only, whatever organisation they are in.
    return inbox.item_of(inbox.SITE, item_id) if staff().is_site_admin else None


def _org_of(_org, org_id):
    # Only a site administrator may name an organisation in a URL.
    return Organisation.get_or_none(Organisation.id == org_id) if staff().is_site_admin else None


# URL arguments that name no object (their converters limit the values).
PLAIN_ARGS = {"action", "token"}
LOADERS = {
    "launch_id": ("launch", queries.launch_of),
    "participant_id": ("participant", queries.participant_of),
    "enrolment_id": ("enrolment", queries.enrolment_of),
    "alert_id": ("alert", alerts.alert_of),
    "user_id": ("user", _user_of),
    "org_id": ("organisation", _org_of),
    "item_id": ("item", inbox.item_of),
    "site_item_id": ("site_item", _site_item_of),
    "person_id": ("person", inbox.person_of),
    "saved_reply_id": ("saved_reply", replies.saved_reply_of),
    "contact_id": ("contact", oncall.contact_of),
}


@login_manager.user_loader
def _load_account(cookie_id):
    from .auth import load_account

    return load_account(cookie_id, now=now())


@bp.before_request
def _guard():
    if request.endpoint in PUBLIC:
        return None
    if not current_user.is_authenticated:
        return login_manager.unauthorized()
    if current_app.config.get("WTF_CSRF_ENABLED", True):
        csrf.protect()
    org = current_org()
    if org is None and request.endpoint not in NO_ORG:
        if staff().is_site_admin:
            return redirect(url_for("dashboard.organisations"))
        abort(403)
    for name, value in (request.view_args or {}).items():
        if name in PLAIN_ARGS:
            continue
        attr, loader = LOADERS[name]  # an id argument without a loader is a bug
        # A 20-digit id is no row of ours: 404 before the database sees it.
        record_id = bounds.record_id(value)
        obj = loader(org, record_id) if record_id is not None else None
        if obj is None:
            abort(404)
        setattr(g, attr, obj)
    return None


def security_headers(response):
    """The headers every response of the app carries, 404s for unmatched paths too
    (registered on the app by dashboard.init_app, not only on the blueprint)."""
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Referrer-Policy"] = "same-origin"
    response.headers.setdefault("Content-Security-Policy", CSP)
    if current_app.config.get("SESSION_COOKIE_SECURE"):
        response.headers["Strict-Transport-Security"] = "max-age=31536000; includeSubDomains"
    return response


# Query and form values that become a redirect's Location: a line break there
# would only fail after the action was saved, so it is refused before any.
REDIRECT_ARGS = ("next", "back")


def refuse_unusable_input():
    """400, before any view or write, for a NUL byte in any dashboard query or form
    value, and a control character (a line break) in a redirect target. Runs for
    every dashboard request, sign-in and the public pages included."""
    if not request.path.startswith("/dashboard"):
        return None
    values = [*request.args.values(), *request.form.values()]
    if bounds.has_nul([*request.args.keys(), *request.form.keys(), *values]):
        abort(400)
    for name in REDIRECT_ARGS:
        for value in [*request.args.getlist(name), *request.form.getlist(name)]:
            if any(ord(c) < 32 or ord(c) == 127 for c in value):
                abort(400)
    return None


@bp.after_request
def _headers(response):
    if request.endpoint == "dashboard.static" and request.args.get("v"):
        # Versioned by content hash, so it can be kept for a year.
        response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    elif request.endpoint not in ("dashboard.static", "dashboard.asset_file"):
        response.headers["Cache-Control"] = "no-store"
    return assets.compress(response)


@bp.context_processor
def _template_context():
    signed_in = current_user.is_authenticated
    return {"current_org": current_org() if signed_in else None}


@bp.app_template_global()
def asset(filename):
    """URL of a dashboard static file, named by its content (kept a year, gzipped)."""
    return assets.url(bp.static_folder, filename)


@bp.get("/assets/<path:name>")
def asset_file(name):
    """A static file by its content-hashed name."""
    return assets.serve(bp.static_folder, name)


def now():
    """The current time (aware UTC) for this request."""
    if "now" not in g:
        g.now = current_app.config.get("CLOCK", utcnow)()
    return g.now


@bp.app_template_global()
def here():
    """Where a form on this page comes back to: the page's own GET address
    (a page shown in answer to a POST names its address in g.here)."""
    return g.get("here") or request.path


def require_admin():
    """Stop with 403 unless the account administers the organisation."""
    if not staff().is_admin:
        abort(403)


def require_site_admin():
    """Answer 404 to anyone but a site administrator (the page is not theirs to know)."""
    if not staff().is_site_admin:
        abort(404)
