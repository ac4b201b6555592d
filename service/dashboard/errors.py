"""Staff-facing 403 and 404 pages: the dashboard's look, a plain sentence, a way back.

Only paths under /dashboard get them; Twilio's webhooks keep their bare answers.
"""

from flask import render_template, request

PAGES = {
    403: ("Not for this account", "Your account cannot open this page. An administrator can."),
    404: ("Page not found", "There is nothing here, or it belongs to another organisation."),
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
        render_template("dashboard/error.html", heading=heading, explanation=explanation),
        error.code,
    )
