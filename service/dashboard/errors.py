"""Staff-facing 403 and 404 pages: the dashboard's look, a plain sentence, a way back.

Only paths under /dashboard get them; Twilio's webhooks keep their bare answers.
"""

from flask import render_template, request
from flask_babel import lazy_gettext as L_

PAGES = {
    403: (
        L_("Not for this account"),
        L_("Your account cannot open this page. An administrator can."),
    ),
    404: (
        L_("Page not found"),
        L_("There is nothing here, or it belongs to another organisation."),
    ),
    405: (
        L_("That page cannot be opened this way"),
        L_("Please go back and use the page's own buttons. Nothing was changed by this address."),
    ),
}


def register(app):
    """Attach the dashboard's error pages to the app."""
    for code in PAGES:
        app.register_error_handler(code, _page)


def _page(error):
    heading, explanation = PAGES[error.code]
    if not request.path.startswith("/dashboard"):
        return error
    return (
        render_template("dashboard/error.html", heading=str(heading), explanation=str(explanation)),
        error.code,
    )
