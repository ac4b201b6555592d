"""The simulator: text the service as a test number and see the replies."""

import secrets

from flask import flash, redirect, render_template, session, url_for

from ...conversation import simulate
from .. import queries
from ..blueprint import bp, now
from ..forms import ActionForm, SimulatorForm


def _phone():
    """This session's test number (+1 555 ... is never a real line)."""
    if "sim_phone" not in session:
        session["sim_phone"] = f"+1555{secrets.randbelow(10**7):07d}"
    return session["sim_phone"]


@bp.route("/simulator", methods=["GET", "POST"])
def simulator():
    """A phone-shaped panel: send a text, read the replies."""
    form = SimulatorForm()
    phone = _phone()
    if form.validate_on_submit():
        simulate.text(phone, form.body.data, now=now())
        return redirect(url_for("dashboard.simulator"))
    participant, entries = queries.test_conversation(phone)
    return render_template(
        "dashboard/simulator.html",
        form=form,
        action=ActionForm(),
        phone=phone,
        participant=participant,
        entries=entries,
    )


@bp.post("/simulator/next-day")
def simulator_next_day():
    """Deliver the test participant's next programme day now."""
    ActionForm()
    participant, _ = queries.test_conversation(_phone())
    if participant is None or not simulate.next_day(participant, now=now()):
        flash(_("Nothing to deliver yet: join a programme with its keyword first."), "error")
    return redirect(url_for("dashboard.simulator"))


@bp.post("/simulator/new-number")
def simulator_new_number():
    """Start again as a new test number."""
    ActionForm()
    session.pop("sim_phone", None)
    return redirect(url_for("dashboard.simulator"))
