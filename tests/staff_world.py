"""Staff and their organisations for the tests: two organisations, their staff, a signed-in
client, some people. A pytest plugin of the root conftest, so every folder can use them."""

import re
from datetime import timedelta

import pytest

from service.conversation import simulate
from service.launches import create_organisation, launch_programme
from service.models import (
    CheckinAnswer,
    Enrolment,
    InboxItem,
    Message,
    OnCallContact,
    Participant,
    SafetyAlert,
    SavedReply,
)
from service.models.staff import ADMIN, SITE_ADMIN, STAFF
from service.staff import accounts

PASSWORD = "a long kind passphrase"
TOKEN = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


class Dash:
    """A browser-less staff member: signs in and posts forms with their CSRF token."""

    def __init__(self, client):
        self.client = client

    def token(self, path="/dashboard/login"):
        """The CSRF token on a page (any signed-in page carries one in its sign-out form)."""
        page = self.client.get(path)
        match = TOKEN.search(page.get_data(as_text=True))
        assert match, f"no CSRF token on {path}"
        return match.group(1)

    def login(self, user, password=PASSWORD):
        """Sign in; returns the response."""
        data = {"email": user.email, "password": password, "csrf_token": self.token()}
        return self.client.post("/dashboard/login", data=data)

    def get(self, path, **kwargs):
        """GET a page."""
        return self.client.get(path, **kwargs)

    def post(self, path, data=None, *, token_from="/dashboard/password", **kwargs):
        """POST a form with a valid CSRF token."""
        data = dict(data or {})
        data.setdefault("csrf_token", self.token(token_from))
        return self.client.post(path, data=data, **kwargs)


@pytest.fixture
def password():
    """Every test account's password."""
    return PASSWORD


@pytest.fixture
def dash(client):
    """A Dash on the app's test client."""
    return Dash(client)


@pytest.fixture
def other_dash(app):
    """A second browser, for a second person."""
    return Dash(app.test_client())


@pytest.fixture
def orgs(app):
    """Two organisations: north (New York, runs the taster on KIND) and south (London)."""
    north = create_organisation(
        slug="north",
        name="North Community",
        timezone="America/New_York",
        variables={
            "crisis_line": "988",
            "help_contact": "call 555-0100",
            "emergency_number": "911",
            "safety_line": "800-799-7233",
        },
    )
    south = create_organisation(
        slug="south",
        name="South Centre",
        timezone="Europe/London",
        variables={
            "crisis_line": "116 123",
            "help_contact": "020 7946 0000",
            "emergency_number": "999",
            "safety_line": "0808 2000 247",
        },
    )
    return north, south


@pytest.fixture
def make_staff(app, clock):
    """make_staff(org, role) -> a StaffUser with PASSWORD."""
    made = iter(range(1000))

    def make(org, role=STAFF, email=None):
        email = email or f"{role}{next(made)}@{org.slug if org else 'site'}.example.org"
        return accounts.create_staff(
            email=email, password=PASSWORD, role=role, organisation=org, now=clock.now
        )

    return make


@pytest.fixture
def people(orgs, make_staff):
    """Accounts: an admin and a staff member in each organisation, and a site admin."""
    north, south = orgs
    return {
        "north_admin": make_staff(north, ADMIN),
        "north_staff": make_staff(north, STAFF),
        "south_admin": make_staff(south, ADMIN),
        "south_staff": make_staff(south, STAFF),
        "site_admin": make_staff(None, SITE_ADMIN),
    }


def enrol(number, clock, *, keyword="KIND", is_test=False):
    """Join by keyword, consent and pick a time, as a participant would; the Enrolment."""
    for body in (keyword, "YES", "9am"):
        simulate.text(number, body, now=clock.now, is_test=is_test)
    return (
        Enrolment.select()
        .join(Participant)
        .where(Participant.phone == number)
        .order_by(Enrolment.id.desc())
        .first()
    )


@pytest.fixture
def world(orgs, people, clock):
    """North runs the taster with two real participants and one test one; south runs it too.

    Each organisation has one enrolment, one outbound text, one answer and one alert,
    so every id-taking route has an object on both sides.
    """
    north, south = orgs
    north_launch = launch_programme(north, "taster", {"en": "KIND", "es": "AMABLE"})
    south_launch = launch_programme(south, "taster", {"en": "SOUTHKIND"})
    ana = enrol("+12125550101", clock)
    ben = enrol("+12125550102", clock)
    tester = enrol("+15550000001", clock, is_test=True)
    south_one = enrol("+447700900123", clock, keyword="SOUTHKIND")
    for enrolment in (ana, ben, tester, south_one):
        Message.create(
            participant=enrolment.participant,
            enrolment=enrolment,
            organisation=enrolment.launch.organisation,
            kind="practice",
            day=1,
            body="Day 1 practice",
            state="delivered",
            send_after=clock.now.replace(tzinfo=None),
            sent_at=clock.now.replace(tzinfo=None),
        )
        CheckinAnswer.create(
            enrolment=enrolment, day=1, item="kindness", measure="own", raw="7", value=7
        )
    alerts = {
        name: SafetyAlert.create(
            organisation=e.launch.organisation,
            participant=e.participant,
            priority=1,
            reason="crisis:en:test",
            created_at=clock.now.replace(tzinfo=None) - timedelta(minutes=5),
        )
        for name, e in (("north", ana), ("south", south_one))
    }
    # Follow-up objects on both sides, for the access matrix.
    items = {
        name: InboxItem.create(
            organisation=alert.organisation,
            participant=alert.participant,
            alert=alert,
            reason="alert",
            priority=1,
            created_at=alert.created_at,
        )
        for name, alert in alerts.items()
    }
    # A text in the site's inbox: from a stranger no organisation can be told of.
    stranger = Participant.create(phone="+12125550177")
    site_item = InboxItem.create(
        organisation=None,
        participant=stranger,
        reason="unread",
        created_at=clock.now.replace(tzinfo=None),
    )
    saved = {
        name: SavedReply.create(organisation=org, title="Check-in", body="How are you today?")
        for name, org in (("north", north), ("south", south))
    }
    contacts = {
        name: OnCallContact.create(organisation=org, name="On call", phone=number)
        for name, org, number in (
            ("north", north, "+12125550190"),
            ("south", south, "+447700900190"),
        )
    }
    return {
        "north": north,
        "south": south,
        "north_launch": north_launch,
        "south_launch": south_launch,
        "ana": ana,
        "ben": ben,
        "tester": tester,
        "south_one": south_one,
        "alerts": alerts,
        "items": items,
        "saved": saved,
        "contacts": contacts,
        "site_item": site_item,
        **people,
    }
