"""The dashboard's language: English or Spanish, per staff member.

Every staff-facing string goes through Flask-Babel (`_()` in pages, `{{ _() }}`
and `{% trans %}` in templates, `N_()` marks in the domain's messages, which the
pages translate when they show them). The catalogues live in service/translations/
(`messages.pot`, made by `pybabel extract -F babel.cfg`; `es/LC_MESSAGES/messages.po`
and its compiled `.mo`, committed). A signed-in staff member's stored choice wins;
otherwise the browser's Accept-Language picks; otherwise English.
"""

from pathlib import Path

from flask import request
from flask_babel import Babel, get_locale
from flask_login import current_user

LANGUAGES = ("en", "es")
TRANSLATIONS = Path(__file__).resolve().parents[1] / "translations"

babel = Babel()


def select_locale():
    """The staff member's stored language, else the browser's best match, else English."""
    if current_user and getattr(current_user, "is_authenticated", False):
        chosen = getattr(current_user.staff, "language", None)
        if chosen in LANGUAGES:
            return chosen
    if request:
        return request.accept_languages.best_match(LANGUAGES) or LANGUAGES[0]
    return LANGUAGES[0]


def page_language():
    """The language code of the page being made ('en' outside a request)."""
    try:
        return str(get_locale() or LANGUAGES[0])
    except RuntimeError:
        return LANGUAGES[0]


def init_app(app):
    """Bind Flask-Babel to the app with the catalogues in service/translations."""
    app.config.setdefault("BABEL_TRANSLATION_DIRECTORIES", str(TRANSLATIONS))
    babel.init_app(app, locale_selector=select_locale)
    app.jinja_env.globals.update(page_language=page_language, staff_languages=LANGUAGES)
