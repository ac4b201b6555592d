"""Participants: the filterable table, one person's conversation, and staff actions."""

import math

from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as L_

from ... import bounds
from ...conversation import enrolment as enrolment_flow
from ...db import write_transaction
from ...followup import flags
from ...models.participant import (
    ACTIVE,
    ASK_TIME,
    COMPLETED,
    CONSENT,
    DECLINED,
    ENDED,
    PAUSED,
    STOPPED,
)
from ...privacy import audit, exports
from .. import queries
from ..blueprint import bp, current_org, now, staff
from ..filters import state_word
from ..forms import ActionForm, ParticipantFilterForm
from .programmes import programme_title

# Past any real list (50 a page); keeps OFFSET far inside the database's integers.
MAX_PAGE = 100_000

STATE_CHOICES = [
    ("", L_("Any")),
    (CONSENT, L_("Asked to consent")),
    (ASK_TIME, L_("Choosing a time")),
    (ACTIVE, L_("Active")),
    (PAUSED, L_("Paused")),
    (COMPLETED, L_("Completed")),
    (STOPPED, L_("Stopped")),
    (DECLINED, L_("Declined")),
    (ENDED, L_("Ended")),
    ("opted_out", L_("Opted out (STOP)")),
]


def _filters(form):
    return queries.Filters(
        state=form.state.data or "",
        day=bounds.integer(form.day.data, low=0, high=999),
        language=form.language.data or "",
        launch=bounds.record_id(form.launch.data),
        digits=form.digits.data or "",
        include_test=bool(form.test.data),
        sort=request.args.get("sort", "") if request.args.get("sort") in queries.SORTS else "",
    )


@bp.get("/participants")
def participants():
    """The organisation's enrolments, newest first, 50 to a page, numbers masked."""
    org = current_org()
    form = ParticipantFilterForm(request.args)
    form.state.choices = STATE_CHOICES
    form.language.choices = [("", _("Any"))] + [(x, x) for x in queries.languages(org)]
    form.launch.choices = [("", _("Any"))] + [
        (str(launch.id), f"{programme_title(launch.programme)} (#{launch.id})")
        for launch in queries.launches_of(org)
    ]
    filters = _filters(form) if form.validate() else queries.Filters()
    sort = filters.sort
    page = bounds.integer(request.args.get("page"), low=1, high=MAX_PAGE, default=1)
    rows, total = queries.participants(org, filters, page=page)
    pages = max(1, math.ceil(total / queries.PER_PAGE))
    args = {k: v for k, v in request.args.items() if k != "page" and v}
    unsorted = {k: v for k, v in args.items() if k != "sort"}
    return render_template(
        "dashboard/participants.html",
        form=form,
        rows=rows,
        total=total,
        page=page,
        pages=pages,
        args=args,
        flagged=flags.with_open_alerts(org, [e.participant_id for e in rows]),
        sort=sort,
        unsorted=unsorted,
    )


@bp.app_template_global()
def export_id(participant):
    """The person's id in this organisation's exports."""
    return exports.pseudonym_in(current_org(), participant.pseudonym)


def _participant_page(revealed=None):
    org = current_org()
    enrolments = queries.enrolments_with(org, g.participant)
    return render_template(
        "dashboard/participant.html",
        participant=g.participant,
        enrolments=enrolments,
        entries=queries.conversation(org, g.participant),
        answers=queries.answers_of(enrolments),
        revealed=revealed,
        action=ActionForm(),
        open_states=(CONSENT, ASK_TIME, ACTIVE, PAUSED),
    )


@bp.get("/participants/<int:participant_id>")
def participant(participant_id):
    """One person's conversation with this organisation, answers and actions."""
    return _participant_page()


@bp.app_template_global()
def may_reveal(participant):
    """Administrators may see a full number; while the person has an unresolved
    crisis alert, every colleague may (the one who is paged must be able to call)."""
    return staff().is_admin or flags.in_crisis(current_org(), participant.id)


def reveal(participant):
    """The full number, recorded in the audit log; 403 when the account may not see it."""
    if not may_reveal(participant):
        abort(403)
    audit.record(staff(), current_org(), "participant.reveal", now=now(), target=participant)
    return participant.phone


@bp.post("/participants/<int:participant_id>/reveal")
def reveal_number(participant_id):
    """Show the full number once, and record that it was shown."""
    revealed = reveal(g.participant)
    # Forms on this page come back to the page itself, never to this POST-only URL.
    g.here = url_for("dashboard.participant", participant_id=participant_id)
    return _participant_page(revealed=revealed)


@bp.get("/participants/<int:participant_id>/reveal")
def reveal_number_again(participant_id):
    """A reload or a form's way back after the number was shown: the page itself."""
    return redirect(url_for("dashboard.participant", participant_id=participant_id))


# Staff actions on one enrolment: (allowed from states, domain call, audit name, message).
ACTIONS = {
    "pause": ((ACTIVE,), enrolment_flow.pause, L_("Paused. No texts go until resumed.")),
    "resume": ((PAUSED,), enrolment_flow.resume, L_("Resumed from the next day.")),
    "stop": ((CONSENT, ASK_TIME, ACTIVE, PAUSED), enrolment_flow.end, L_("Ended. No more texts.")),
}


REFUSED = {
    "pause": L_("This enrolment is %(state)s; it cannot be paused now."),
    "resume": L_("This enrolment is %(state)s; it cannot be resumed now."),
    "stop": L_("This enrolment is %(state)s; it cannot be stopped now."),
}


@bp.post("/enrolments/<int:enrolment_id>/<any(pause, resume, stop):action>")
def enrolment_action(enrolment_id, action):
    """Pause, resume or stop one enrolment (no text is sent about it); audited."""
    allowed, call, done = ACTIONS[action]
    enrolment = g.enrolment
    if enrolment.state not in allowed:
        flash(
            str(REFUSED[action]) % {"state": state_word(enrolment.state)},
            "error",
        )
    else:
        with write_transaction():
            call(enrolment, now=now())
            audit.record(staff(), current_org(), f"enrolment.{action}", now=now(), target=enrolment)
        flash(str(done), "ok")
    return redirect(url_for("dashboard.participant", participant_id=enrolment.participant_id))
