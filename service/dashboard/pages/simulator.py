"""The simulator: text the service as a test number and see the replies.

The number is one the server made for the signed-in staff member
(`simulate.staff_number`), looked up by who is signed in on every request:
nothing a browser sends or a session keeps can name another number.
"""

from flask import flash, redirect, render_template, url_for
from flask_babel import gettext as _

from ...conversation import simulate
from .. import queries
from ..blueprint import bp, now, staff
from ..forms import ActionForm, SimulatorForm


@bp.route("/simulator", methods=["GET", "POST"])
def simulator():
    """A phone-shaped panel: send a text, read the replies."""
    form = SimulatorForm()
    if form.validate_on_submit():
        participant = simulate.staff_number(staff(), now=now())
        simulate.text(participant.phone, form.body.data, now=now())
        return redirect(url_for("dashboard.simulator"))
    participant = simulate.staff_number(staff(), now=now())
    return render_template(
        "dashboard/simulator.html",
        form=form,
        action=ActionForm(),
        phone=participant.phone,
        participant=participant,
        entries=queries.test_conversation(participant),
    )


@bp.post("/simulator/next-day")
def simulator_next_day():
    """Deliver the test participant's next programme day now."""
    ActionForm()
    participant = simulate.staff_number(staff(), now=now())
    if not simulate.next_day(participant, now=now()):
        flash(_("Nothing to deliver yet: join a programme with its keyword first."), "error")
    return redirect(url_for("dashboard.simulator"))


@bp.post("/simulator/new-number")
def simulator_new_number():
    """Start again as a new test number."""
    ActionForm()
    simulate.staff_number(staff(), now=now(), new=True)
    return redirect(url_for("dashboard.simulator"))
