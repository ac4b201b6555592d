"""Hostile values in every field of every route: a line break, a NUL byte and 20 digits
in each query argument and form field of each dashboard page and action (and each
webhook field), one field at a time and all at once, and hostile ids in every URL;
signed in as north's administrator, as north's staff and as a site administrator.

Each request must answer below 500. One that answers 4xx must have written nothing
(every table's rows compared before and after). A field that holds free text (a note,
a name, a password) may keep a line break or digits as data; every other field (ids,
numbers, choices, keys, emails, times, keywords, redirect targets) must refuse or
ignore the hostile value, never keep it.

What each route reads is not listed by hand: requests go through a Request whose
query and form dicts note every name a view looks up, so a field a view starts
reading joins the fuzz, and the run fails naming any field read but not fuzzed.
"""

import functools
import itertools
import re
import uuid
from collections import Counter

import pytest
from flask import request
from werkzeug.datastructures import ImmutableMultiDict
from werkzeug.security import generate_password_hash

from service.dashboard import assets
from service.dashboard.blueprint import PUBLIC, REDIRECT_ARGS
from service.db import database, is_postgres
from service.models.staff import ADMIN, STAFF, LoginAttempt, LoginLimit
from service.staff import accounts, links
from tests.conftest import PUBLIC_BASE_URL, SERVICE_NUMBER, new_sid, sign
from tests.staff_world import PASSWORD

from .test_access import ID_ARGS

pytestmark = pytest.mark.slow

HOSTILE = {
    "crlf": "fuzz\r\nX-Injected: 1",
    "nul": "fuzz\x00nul",
    "digits": "99999999999999999999",
}
# What shows that a hostile value was kept (lower case), even with its controls taken out.
MARKS = {"crlf": "x-injected", "nul": "fuzz\x00", "digits": "99999999999999999999"}
HOSTILE_IDS = ["99999999999999999999", "-1", "1%0d%0a"]
UNKNOWN = "fuzz_unknown"

# Free text a route may keep as it came: a line break or 20 digits there is data.
DATA = {"body", "note", "name", "title", "password", "current", "new", "again", "confirm"}
DATA |= {"Body", "From", "To"}  # a text as Twilio signed it: bounded and cleaned, then kept


# An organisation's short name may be all digits (a "311" line); a line break it may not.
DIGITS_ARE_DATA = {"slug"}


def _is_data(field, value_name):
    # A launch's variables are the organisation's words (a crisis line, a contact).
    if value_name == "digits" and field in DIGITS_ARE_DATA:
        return True
    return field in DATA or field.startswith("var_")


# Writes a refusal may make: a failed sign-in is counted (that is the limit's job).
WRITES_ON_REFUSAL = {
    "dashboard.login": {LoginLimit._meta.table_name, LoginAttempt._meta.table_name},
}
# Run last, in this order: they end, erase or disable what earlier requests use.
LAST = [
    "dashboard.site_inbox_give",
    "dashboard.staff_role",
    "dashboard.staff_active",
    "dashboard.enrolment_action",
    "dashboard.launch_status",
    "dashboard.on_call_delete",
    "dashboard.saved_reply_delete",
    "dashboard.erase",
    "dashboard.password",
    "dashboard.logout",
]
# A successful answer from these starts a new session (and a new CSRF token).
NEW_SESSION = {"dashboard.login", "dashboard.staff_link", "dashboard.password"}
# Ids only a site administrator may name (blueprint._org_of, _site_item_of): for anyone
# else the guard answers 404 before the view.
SITE_IDS = {"org_id", "site_item_id"}
# The world's object a route gives away or deletes, put back after each request so
# the next one meets it too.
RESTORED = {
    "dashboard.site_inbox_give": lambda w: w["site_item"],
    "dashboard.saved_reply_delete": lambda w: w["saved"]["north"],
    "dashboard.on_call_delete": lambda w: w["contacts"]["north"],
}


@pytest.fixture(autouse=True)
def quick_passwords(monkeypatch):
    """Cheaper scrypt for this module's many sign-ins: what is fuzzed here is the
    input, not the hash (check_password_hash reads the cost from each hash)."""
    monkeypatch.setattr(
        accounts, "hash_password", lambda p: generate_password_hash(p, method="scrypt:1024:8:1")
    )
    monkeypatch.setattr(accounts, "_DUMMY_HASH", accounts.hash_password("not-a-real-password"))


class Watch:
    """Which view ran, and the query and form names it looked up."""

    def __init__(self):
        self.reached = False
        self.reading = False
        self.reads = set()


WATCH = Watch()


class Noting(ImmutableMultiDict):
    """A query or form dict that notes each name looked up while a view runs."""

    def _note(self, key):
        if WATCH.reading:
            WATCH.reads.add(("query" if self is request.args else "form", key))

    def __getitem__(self, key):
        self._note(key)
        return super().__getitem__(key)

    def __contains__(self, key):
        self._note(key)
        return super().__contains__(key)

    def get(self, key, default=None, type=None):
        self._note(key)
        return super().get(key, default, type)

    def getlist(self, key, type=None):
        self._note(key)
        return super().getlist(key, type)


def watch(app):
    """Make the app note what its views read, and whether a view ran at all."""
    app.request_class = type("NotingRequest", (app.request_class,), {})
    app.request_class.parameter_storage_class = Noting
    for endpoint, view in list(app.view_functions.items()):
        app.view_functions[endpoint] = _watched(view)
    app.config["FORGOT_ANSWER_SECONDS"] = 0


def _watched(view):
    @functools.wraps(view)
    def run(*args, **kwargs):
        WATCH.reached, WATCH.reading = True, True
        try:
            return view(*args, **kwargs)
        finally:
            WATCH.reading = False

    return run


class Tables:
    """Every table's rows as one string each, read in a single query."""

    def __init__(self):
        if is_postgres():
            schema = database.execute_sql("SELECT current_schema()").fetchone()[0]
            self.names = database.get_tables(schema=schema)
            parts = [
                f'(SELECT string_agg(t::text, chr(31) ORDER BY t::text) FROM "{name}" t)'
                for name in self.names
            ]
        else:
            self.names = database.get_tables()
            parts = []
            for name in self.names:
                row = " || ',' || ".join(f'quote("{c.name}")' for c in database.get_columns(name))
                parts.append(
                    f"(SELECT group_concat(r, char(31)) FROM "
                    f'(SELECT {row} AS r FROM "{name}" ORDER BY 1))'
                )
        self.sql = "SELECT " + ", ".join(parts)

    def read(self):
        """{table: its rows as text, or ''}."""
        found = database.execute_sql(self.sql).fetchone()
        return {n: v or "" for n, v in zip(self.names, found, strict=True)}


def rows(text):
    """How many rows a table's text holds."""
    return text.count("\x1f") + 1 if text else 0


def path_for(rule, values):
    """The rule's path with these argument values."""
    path = rule.rule
    for arg in rule.arguments:
        path = re.sub(r"<[^>]*\b" + arg + ">", str(values[arg]), path)
    return path


class Fuzz:
    """Sends hostile requests and keeps every problem they show."""

    def __init__(self, app, client, world, clock):
        self.app, self.client, self.world, self.clock = app, client, world, clock
        self.tables = Tables()
        self.user = None
        self.signed_in = False
        self.token = None
        self.fresh = itertools.count(1)
        self.problems = []
        self.sent = Counter()
        self.fields = set()
        self.unreached = []

    # Signing in --------------------------------------------------------------------

    def refresh_token(self):
        """The CSRF token of this session (the sign-in page has one for anyone)."""
        page = self.client.get("/dashboard/login").get_data(as_text=True)
        self.token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', page).group(1)

    def sign_in(self, user):
        """Sign in as `user` (a site administrator then works in north)."""
        self.user = user
        self.refresh_token()
        data = {"email": user.email, "password": PASSWORD, "csrf_token": self.token}
        assert self.client.post("/dashboard/login", data=data).status_code == 302
        self.refresh_token()
        if user.is_site_admin:
            switch = f"/dashboard/organisations/{self.world['north'].id}/switch"
            assert self.client.post(switch, data={"csrf_token": self.token}).status_code == 302
        self.signed_in = True

    # What a route is given ------------------------------------------------------------

    def values(self, rule):
        """Real values for the rule's arguments: north's objects, the first plain choice."""
        out = {}
        for arg in rule.arguments:
            converter = rule._converters[arg]
            if arg in ID_ARGS:
                out[arg] = ID_ARGS[arg](self.world, "north")
            elif hasattr(converter, "items"):
                out[arg] = sorted(converter.items)[0]
            elif arg == "token":
                out[arg] = self.world["invite_secret"]
            elif rule.endpoint == "dashboard.asset_file":
                out[arg] = assets.hashed_name(
                    self.app.blueprints["dashboard"].static_folder, "dashboard.css"
                )
            else:
                out[arg] = "dashboard.css"
        return out

    def query_baseline(self, endpoint):
        """Query arguments that take a page past its first check (the launch form)."""
        return {"dashboard.launch": {"programme": "taster", "preview": "1"}}.get(endpoint, {})

    def form_baseline(self, endpoint):
        """Valid form values, so one hostile field meets the route's deepest path."""
        w, n = self.world, next(self.fresh)
        saved = {"title": "Hello", "body": "How are you today?", "language": "en"}
        return {
            "dashboard.inbox_assign": {"staff": str(w["north_staff"].id)},
            "dashboard.reply": {"body": "Thinking of you today.", "key": uuid.uuid4().hex},
            "dashboard.add_note": {"body": "Called; all well."},
            "dashboard.resolve_alert": {"note": "Called them; they are safe."},
            "dashboard.staff_invite": {
                "email": f"invite{n}@north.example.org",
                "name": "Ines",
                "role": STAFF,
            },
            "dashboard.staff_role": {"role": ADMIN},
            "dashboard.staff_list": {
                "email": f"added{n}@north.example.org",
                "name": "Sam",
                "role": STAFF,
                "password": "another long passphrase",
            },
            "dashboard.on_call": {
                "name": "Nia",
                "phone": "+12125550199",
                "email": "nia@north.example.org",
                "language": "en",
            },
            "dashboard.saved_reply_add": saved,
            "dashboard.saved_reply_edit": saved,
            "dashboard.launch": {
                "timezone": "America/New_York",
                "default_send_time": "09:00",
                "quiet_start": "08:00",
                "quiet_end": "21:00",
                "keyword_en": f"FUZZ{n}",
                "go": "launch",
            },
            "dashboard.new_organisation": {"slug": f"east-{n}", "name": "East", "timezone": "UTC"},
            "dashboard.clear_limit": {"key": "ip:192.0.2.7"},
            "dashboard.site_inbox_give": {"organisation": str(w["north"].id)},
            "dashboard.password": {"current": PASSWORD, "new": PASSWORD},
            "dashboard.language": {"language": "en"},
            "dashboard.simulator": {"body": "KIND"},
            "dashboard.login": {"email": w["fuzz_login"].email, "password": PASSWORD},
            "dashboard.forgot": {"email": w["fuzz_login"].email},
            "dashboard.staff_link": {
                "new": "a new long passphrase",
                "again": "a new long passphrase",
            },
            "webhooks.inbound_sms": {
                "From": "+12125550123",
                "To": SERVICE_NUMBER,
                "Body": "hello",
                "MessageSid": new_sid(),
                "AccountSid": "AC" + "0" * 32,
            },
            "webhooks.delivery_status": {
                "MessageSid": new_sid(),
                "MessageStatus": "failed",
                "ErrorCode": "30003",
            },
        }.get(endpoint, {})

    # Sending -------------------------------------------------------------------------

    def send(self, rule, method, path, *, query, form, what, kept=None, must_reach=True):
        """One request; a problem when it answers >= 500, writes before a 4xx, or keeps
        `kept` (a hostile value's mark) in any row."""
        endpoint = rule.endpoint
        if self.user is not None and not self.signed_in:
            self.sign_in(self.user)
        headers = {}
        if endpoint.startswith("webhooks.") and method == "POST":
            headers["X-Twilio-Signature"] = sign(PUBLIC_BASE_URL + path, form)
        elif method == "POST":
            form = {"csrf_token": self.token, **form}
        before = self.tables.read()
        WATCH.reached = False
        response = self.client.open(
            path,
            method=method,
            query_string=query,
            data=form if method == "POST" else None,
            headers=headers,
        )
        after = self.tables.read()
        self.sent[endpoint] += 1
        status = response.status_code
        label = f"{method} {path} {what}"
        if status >= 500:
            self.problems.append(f"{label}: answered {status}")
        changed = [t for t in self.tables.names if before[t] != after[t]]
        if 400 <= status < 500:
            written = [t for t in changed if t not in WRITES_ON_REFUSAL.get(endpoint, ())]
            if written:
                counts = ", ".join(f"{t} {rows(before[t])}->{rows(after[t])}" for t in written)
                self.problems.append(f"{label}: answered {status} after writing {counts}")
        if kept is not None:
            for t in changed:
                if after[t].lower().count(kept) > before[t].lower().count(kept):
                    self.problems.append(f"{label}: answered {status} and kept it in {t}")
        if endpoint.startswith("webhooks.") and status == 403:
            self.problems.append(f"{label}: the signature was refused, nothing was tested")
        elif must_reach and not WATCH.reached:
            self.unreached.append(f"{label}: answered {status} before the view")
        self.after(endpoint, status, form)
        return response

    def after(self, endpoint, status, form):
        """Put back what a request changed: who is signed in, an object given away."""
        if endpoint in RESTORED:
            kept = RESTORED[endpoint](self.world)
            model = type(kept)
            if model.select().where(model.id == kept.id).exists():
                kept.save(only=list(model._meta.sorted_fields[1:]))  # every field, as made
            else:
                kept.save(force_insert=True)
        if endpoint == "dashboard.logout" and WATCH.reached:
            self.signed_in = False
        elif endpoint == "dashboard.password" and status == 302 and form.get("new") != PASSWORD:
            accounts.set_password(self.user, PASSWORD, now=self.clock.now)
            self.signed_in = False
        elif endpoint in NEW_SESSION and status == 302:
            self.refresh_token()

    # One route -----------------------------------------------------------------------

    def route(self, rule, method):
        """Hostile ids in the path, then each field and query argument, then all at once."""
        endpoint = rule.endpoint
        values = self.values(rule)
        path = path_for(rule, values)
        query = self.query_baseline(endpoint)
        for arg in rule.arguments:
            for bad in HOSTILE_IDS:
                bad_path = path_for(rule, {**values, arg: bad})
                response = self.send(
                    rule,
                    method,
                    bad_path,
                    query=query,
                    form=self.form_baseline(endpoint),
                    what=f"<{arg}>={bad}",
                    must_reach=False,
                )
                if arg in ID_ARGS and response.status_code != 404:
                    self.problems.append(f"{method} {bad_path}: {response.status_code}, not 404")
        # What the view reads when given nothing but its baseline.
        WATCH.reads = set()
        self.send(
            rule,
            method,
            path,
            query=query,
            form=self.form_baseline(endpoint),
            what="",
            must_reach=self.reaches(rule, "", ""),
        )
        reads = set(WATCH.reads)
        query_args = {k for place, k in reads if place == "query"} | set(query)
        form_fields = {k for place, k in reads if place == "form"} - {"csrf_token"}
        if method == "POST":
            form_fields |= set(self.form_baseline(endpoint)) | {UNKNOWN}
            if endpoint.startswith("dashboard."):
                form_fields |= set(REDIRECT_ARGS)
        else:
            query_args |= set(REDIRECT_ARGS) | {UNKNOWN}
        places = [("query", a) for a in sorted(query_args)]
        places += [("form", f) for f in sorted(form_fields)]
        # A field read only on a path the baseline did not take (a second form on
        # the page shown after a refusal) is found while fuzzing: fuzz it too.
        todo = places
        for _ in range(3):
            WATCH.reads = set()
            self.fuzz_fields(rule, method, path, query, todo)
            todo = sorted({x for x in WATCH.reads if x[1] != "csrf_token"} - set(places))
            if not todo:
                break
            places += todo
        if todo:
            self.problems.append(f"{endpoint} still reads {todo} that were not fuzzed")
        self.fuzz_all_at_once(rule, method, path, query, places)

    def fuzz_fields(self, rule, method, path, query, places):
        """Each hostile value in each field, the others at their baseline."""
        endpoint = rule.endpoint
        for name, value in HOSTILE.items():
            for place, field in places:
                self.fields.add((endpoint, place, field))
                q, f = dict(query), self.form_baseline(endpoint)
                (q if place == "query" else f)[field] = value
                self.send(
                    rule,
                    method,
                    path,
                    query=q,
                    form=f,
                    what=f"{place} {field}={name}",
                    kept=None if _is_data(field, name) else MARKS[name],
                    must_reach=self.reaches(rule, field, name),
                )

    def fuzz_all_at_once(self, rule, method, path, query, places):
        """Each hostile value in every field at once."""
        endpoint = rule.endpoint
        for name, value in HOSTILE.items():
            q, f = dict(query), self.form_baseline(endpoint)
            for place, field in places:
                (q if place == "query" else f)[field] = value
            data = any(_is_data(field, name) for _, field in places)
            self.send(
                rule,
                method,
                path,
                query=q,
                form=f,
                what=f"every field={name}",
                kept=None if data else MARKS[name],
                must_reach=False,
            )

    def reaches(self, rule, field, name):
        """Whether the view should run: a NUL anywhere, or a line break in a redirect
        target, is refused before it (blueprint.refuse_unusable_input)."""
        if not rule.endpoint.startswith("dashboard."):
            return True
        if SITE_IDS & set(rule.arguments) and not self.user.is_site_admin:
            return False
        return name != "nul" and not (name == "crlf" and field in REDIRECT_ARGS)

    def check(self):
        """Fail with every problem found, and when requests never met their view."""
        assert not self.problems, f"{len(self.problems)} problems:\n" + "\n".join(
            self.problems[:60]
        )
        assert not self.unreached, "\n".join(self.unreached[:30])


def ordered(rules):
    """(rule, method) pairs, the ones that end things last."""
    pairs = [(r, m) for r in rules for m in sorted(r.methods - {"HEAD", "OPTIONS"})]
    return sorted(pairs, key=lambda p: LAST.index(p[0].endpoint) if p[0].endpoint in LAST else -1)


@pytest.fixture
def fuzz_world(app, world, make_staff, clock):
    """The staff world, an invitation link and an account the sign-in fuzz may slow down."""
    watch(app)
    _, secret, _ = links.invite(
        email="invited@north.example.org",
        name="Ivy",
        role=STAFF,
        organisation=world["north"],
        now=clock.now,
    )
    return {**world, "invite_secret": secret, "fuzz_login": make_staff(world["north"])}


@pytest.mark.parametrize("who", ["north_admin", "north_staff", "site_admin"])
def test_hostile_values_in_every_signed_in_route(app, client, fuzz_world, clock, who):
    fuzz = Fuzz(app, client, fuzz_world, clock)
    fuzz.sign_in(fuzz_world[who])
    rules = [
        r
        for r in app.url_map.iter_rules()
        if r.endpoint.startswith("dashboard.") and r.endpoint not in PUBLIC
    ]
    for rule, method in ordered(rules):
        fuzz.route(rule, method)
    fuzz.check()
    assert len(fuzz.sent) >= 50, sorted(fuzz.sent)


def test_hostile_values_in_public_pages_and_webhooks(app, fuzz_world, clock):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = "192.0.2.7"  # its sign-in limits are its own
    fuzz = Fuzz(app, client, fuzz_world, clock)
    fuzz.refresh_token()
    rules = [
        r
        for r in app.url_map.iter_rules()
        if not r.endpoint.startswith("dashboard.") or r.endpoint in PUBLIC
    ]
    for rule, method in ordered(rules):
        fuzz.route(rule, method)
    fuzz.check()
    assert {"webhooks.inbound_sms", "webhooks.delivery_status", "dashboard.login"} <= set(fuzz.sent)
