"""The staff dashboard: sign-in, overview, programmes, participants, alerts, simulator, export.

Extensions are made here unbound and bound to the app in `init_app`.
"""

from flask_babel import lazy_gettext
from flask_login import LoginManager
from flask_wtf.csrf import CSRFProtect

login_manager = LoginManager()
login_manager.login_view = "dashboard.login"
login_manager.login_message = lazy_gettext("Please sign in to see that page.")
csrf = CSRFProtect()


def init_app(app):
    """Bind sign-in and CSRF protection, set cookie flags, register the dashboard."""
    https = app.config.get("PUBLIC_BASE_URL", "").lower().startswith("https://")
    app.config["SESSION_COOKIE_SECURE"] = https
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SAMESITE"] = "Lax"
    app.config["REMEMBER_COOKIE_SECURE"] = https
    app.config["REMEMBER_COOKIE_HTTPONLY"] = True
    app.config["REMEMBER_COOKIE_SAMESITE"] = "Lax"
    # Twilio's webhooks post without a token, so the dashboard checks CSRF itself.
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)
    login_manager.init_app(app)
    csrf.init_app(app)
    from . import i18n

    i18n.init_app(app)

    from . import filters, pages  # noqa: F401  (attach the filters and routes)
    from .blueprint import bp, refuse_unusable_input, security_headers

    app.before_request(refuse_unusable_input)
    app.after_request(security_headers)
    app.register_blueprint(bp)
    from .errors import register

    register(app)
