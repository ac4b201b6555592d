"""Kindly: short self-compassion programmes over SMS."""

from pathlib import Path

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from . import config, logs
from .db_pool import connect_for_request, open_kept, release_after_request


def create_app(test_config=None):
    """The app factory: settings from the environment, overridden by test_config."""
    logs.install()
    app = Flask(__name__, instance_relative_config=True)
    app.config.from_mapping(config.from_env())
    if test_config:
        app.config.update(test_config)
    # Refuse to start a real deployment whose sessions anyone could sign.
    config.check_secret_key(app.config)
    if app.config["TRUSTED_PROXIES"]:
        # Behind the platform's router the client's address is in
        # X-Forwarded-For; the login limit per address needs the real one.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=app.config["TRUSTED_PROXIES"])
    if app.config["DATABASE_URL"].startswith("sqlite:///"):
        Path(app.config["DATABASE_URL"][len("sqlite:///") :]).parent.mkdir(
            parents=True, exist_ok=True
        )
    open_kept(app.config["DATABASE_URL"])
    from .privacy import clock as privacy_clock

    privacy_clock.configure(app.config)

    @app.before_request
    def _connect():
        connect_for_request()

    @app.teardown_request
    def _close(exc):
        release_after_request()

    from .web import webhooks

    app.register_blueprint(webhooks.bp)

    from . import dashboard

    dashboard.init_app(app)

    from .cli import register

    register(app)
    # The safety screen's words and model load now: a broken file stops a
    # deploy with a message naming it, rather than failing on the first text.
    from .safety.lexicon import lexicon
    from .safety.second_opinion import ModelError, model

    lexicon()
    try:
        model()
    except ModelError:
        # Only the command that makes a new model may start without a usable one.
        if not _training_the_model():
            raise
    return app


def _training_the_model():
    """True when this process runs `flask ... safety train`."""
    import sys

    args = [a for a in sys.argv[1:] if not a.startswith("-")]
    return any(args[i : i + 2] == ["safety", "train"] for i in range(len(args)))
