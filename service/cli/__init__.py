"""The `flask --app service ...` commands, each in a module named for what it does."""


def register(app):
    """Attach every command group to the app."""
    from . import doctor, people, safety, setup, sms, staff

    safety.register(app)
    setup.register(app)
    sms.register(app)
    staff.register(app)
    doctor.register(app)
    people.register(app)
    from . import programs  # the content engine's `programs check`

    programs.register(app)
