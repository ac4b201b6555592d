"""The web process's entry point (Procfile `web`): the app, with the deployment's logging."""

from . import create_app, logs

app = create_app()
logs.configure(app.config)
