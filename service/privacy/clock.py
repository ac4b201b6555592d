"""What the clock's pass does for privacy: erasures due, then retention."""

from ..config import programs_dir
from ..content.programme import ProgrammeInvalid, ProgrammeNotFound, get_library
from ..models.org import Organisation
from . import erasure, retention


def programmes():
    """slug -> Programme (or None when it cannot be read), for outcome contributions."""
    library = get_library(programs_dir())

    def get(slug):
        try:
            return library.get(slug)
        except (ProgrammeNotFound, ProgrammeInvalid):
            return None

    return get


def settings_for(settings):
    """(key, hold days) for erasure requests from the app's settings."""
    key = settings.get("ERASURE_KEY") or settings.get("SECRET_KEY") or ""
    return key, float(settings.get("ERASURE_HOLD_DAYS", erasure.DEFAULT_HOLD_DAYS))


def configure(settings):
    """Give erasure its key and hold from the settings (the app factory and the clock)."""
    erasure.configure(*settings_for(settings))


def tick(now, settings, *, backend, force_retention=False):
    """Erase what is due (or hold it), then run retention when its hour has come."""
    get = programmes()

    def keeps(org_id):
        return retention.keeps_contributions(Organisation.get_or_none(id=org_id), settings)

    erased = erasure.run_due(now, backend=backend, programmes=get, keep_contributions=keeps)
    retained = retention.run(
        now, settings=settings, backend=backend, programmes=get, force=force_retention
    )
    return {"erasures": erased, "retention": retained or {}}
