"""Builders for walking the shipped programmes: an organisation, its launch,
and a participant who answers every check-in the way a script says."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from service.config import programs_dir
from service.content.programme import get_library

NEW_YORK = ZoneInfo("America/New_York")
HOPE = {
    "slug": "hope",
    "name": "Hope Community Centre",
    "timezone": "America/New_York",
    "variables": {
        "crisis_line": "0808 157 0192",
        "help_contact": "020 7946 0321 (Mon-Fri 9-5)",
        "emergency_number": "911",
        "safety_line": "0808 157 0193",
        "community": {"en": "neighbours", "es": "vecinos"},
    },
}
# What a participant texts to join, say yes, and pick 9 in the morning.
JOIN = {
    "en": {"keyword": "KIND", "yes": "yes", "time": "9am"},
    "es": {"keyword": "AMABLE", "yes": "sí", "time": "9:00"},
}
SHIPPED = ("kind-to-myself", "kind-to-the-helper", "taster")


@pytest.fixture
def library(app):
    """The programme library the service itself reads (programs/)."""
    return get_library(programs_dir())


@pytest.fixture
def hope(app):
    """Hope Community Centre, New York, with every organisation variable set."""
    from service.launches import create_organisation

    return create_organisation(**HOPE)


@pytest.fixture
def launched(hope):
    """launched(slug) puts a programme on KIND (English) and AMABLE (Spanish)."""
    from service.launches import launch_programme

    def launch(slug):
        return launch_programme(
            hope, slug, {lang: words["keyword"] for lang, words in JOIN.items()}
        )

    return launch


def morning(day_index, minute=0):
    """9:MM in New York on the n-th programme day (0 = Monday 23 November 2026)."""
    start = datetime(2026, 11, 23, 9, minute, tzinfo=NEW_YORK)
    return start + timedelta(days=day_index)
