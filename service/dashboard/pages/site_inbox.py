"""The site's inbox: texts no organisation can be told of, for site administrators.

A text from a number with no enrolment, naming no keyword, reaching a number
several organisations share, lands here (followup/inbox.py). A site
administrator reads it, marks it handled, or gives it to the organisation it
is for, whose staff then see it (and its alert) as their own.
"""

from flask import flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _

from ... import bounds
from ...db import write_transaction
from ...followup import inbox
from ...models.org import Organisation
from ...privacy import audit
from ..blueprint import bp, now, require_site_admin, staff
from ..forms import ActionForm
from ..forms_followup import GiveForm


@bp.get("/site/inbox")
def site_inbox():
    """Texts that need a person and belong to no organisation yet."""
    require_site_admin()
    handled = request.args.get("status") == "handled"
    page = bounds.integer(request.args.get("page"), low=1, high=100_000, default=1)
    people, more = inbox.page(inbox.SITE, handled=handled, page=page)
    give = GiveForm()
    give.organisation.choices = [
        (str(o.id), o.name) for o in Organisation.select().order_by(Organisation.name)
    ]
    return render_template(
        "dashboard/site_inbox.html",
        people=people,
        handled=handled,
        page=page,
        more=more,
        give=give,
        action=ActionForm(),
        now=now(),
    )


@bp.post("/site/inbox/<int:site_item_id>/<any(handle, reopen):action>")
def site_inbox_mark(site_item_id, action):
    """Mark a site inbox item handled, or open again; audited."""
    require_site_admin()
    ActionForm()
    with write_transaction():
        inbox.mark(g.site_item, handled=action == "handle", by=staff().email, now=now())
        audit.record(staff(), None, f"site_inbox.{action}", now=now(), target=g.site_item)
    return redirect(url_for("dashboard.site_inbox"))


@bp.post("/site/inbox/<int:site_item_id>/give")
def site_inbox_give(site_item_id):
    """Give a site inbox item to the organisation it is for; audited there."""
    require_site_admin()
    form = GiveForm()
    org_id = bounds.record_id(form.organisation.data)
    org = Organisation.get_or_none(Organisation.id == org_id) if org_id else None
    if org is None:
        flash(_("Please choose an organisation."), "error")
        return redirect(url_for("dashboard.site_inbox"))
    with write_transaction():
        inbox.give(g.site_item, org, now=now())
        audit.record(staff(), org, "site_inbox.give", now=now(), target=g.site_item)
    flash(_("Given to %(name)s. Its staff see it in their inbox now.", name=org.name), "ok")
    return redirect(url_for("dashboard.site_inbox"))
