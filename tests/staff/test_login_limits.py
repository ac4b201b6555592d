"""Sign-in limits an attacker can neither sidestep nor turn against the owner:
X-Forwarded-For is not believed by default, concurrent tries cannot overshoot the
limit, the address that guesses is locked while the owner elsewhere gets in however
many addresses guess, and a site administrator can see and clear limits."""

from datetime import timedelta

import pytest

from service import create_app
from service.models.staff import LoginAttempt, LoginLimit
from service.staff import limits
from tests.conftest import at_once
from tests.staff_world import PASSWORD, Dash


def from_address(client, ip):
    """Make every request of this test client come from `ip`."""
    client.environ_base["REMOTE_ADDR"] = ip
    return client


def test_rotating_x_forwarded_for_does_not_escape_the_limit(people, dash):
    codes = []
    for n in range(limits.FREE_TRIES + 3):
        # A new address in the header and a new email each time: only the
        # address gunicorn really sees can limit this.
        dash.client.environ_base["HTTP_X_FORWARDED_FOR"] = f"198.51.100.{n}"
        data = {"email": f"guess{n}@example.org", "password": "x", "csrf_token": dash.token()}
        codes.append(dash.client.post("/dashboard/login", data=data).status_code)
    assert codes == [401] * limits.FREE_TRIES + [429] * 3
    assert LoginAttempt.select().count() == limits.FREE_TRIES
    assert {a.ip for a in LoginAttempt.select()} == {"127.0.0.1"}


def test_behind_a_router_the_client_address_comes_from_the_trusted_hop(tmp_path):
    import flask

    url = f"sqlite:///{tmp_path}/x.db"
    seen = []
    for proxies in (0, 1):
        app = create_app({"DATABASE_URL": url, "PUBLIC_BASE_URL": "", "TRUSTED_PROXIES": proxies})
        app.before_request(lambda: seen.append(flask.request.remote_addr))
        client = app.test_client()
        client.environ_base["HTTP_X_FORWARDED_FOR"] = "203.0.113.9"
        client.get("/healthz")
    assert seen == ["127.0.0.1", "203.0.113.9"]


def test_forty_concurrent_wrong_tries_get_no_more_checks_than_the_limit(app, people):
    user = people["north_staff"]
    dashes = [Dash(app.test_client()) for _ in range(40)]
    tokens = [d.token() for d in dashes]
    codes = []

    def one():
        d = dashes.pop()
        data = {"email": user.email, "password": "wrong guess", "csrf_token": tokens.pop()}
        codes.append(d.client.post("/dashboard/login", data=data).status_code)

    assert at_once(40, one) == []
    assert sorted(codes) == [401] * limits.FREE_TRIES + [429] * (40 - limits.FREE_TRIES)
    assert LoginAttempt.select().count() == limits.FREE_TRIES


def test_the_owner_signs_in_from_elsewhere_at_once(app, people, clock):
    user = people["north_staff"]
    attacker = Dash(from_address(app.test_client(), "198.51.100.7"))
    owner = Dash(from_address(app.test_client(), "203.0.113.20"))
    for _ in range(limits.FREE_TRIES + 10):
        attacker.login(user, password="wrong guess")
    # The attacker's address is locked for a minute and more...
    assert attacker.login(user).status_code == 429
    # ...while the owner, elsewhere, is not slowed by it at all.
    assert owner.login(user).status_code == 302
    assert owner.get("/dashboard/").status_code == 200
    # The owner's success does not unlock the address that guessed.
    assert attacker.login(user).status_code == 429


@pytest.mark.parametrize("addresses", [3, 12])
@pytest.mark.parametrize("owner_waits_as_told", [True, False])
def test_an_attacker_polling_from_many_addresses_never_keeps_the_owner_out(
    app, people, clock, addresses, owner_waits_as_told
):
    """Issue 17, hole 4, as it was found: an attacker guesses from several
    addresses and keeps polling, taking every turn the limits give; the owner,
    with the right password, is in within 60 s, waiting as Retry-After says
    or trying every 5 s."""
    user = people["north_staff"]
    attackers = [Dash(from_address(app.test_client(), f"198.51.100.{n}")) for n in range(addresses)]
    tokens = [a.token() for a in attackers]
    owner = Dash(from_address(app.test_client(), "203.0.113.20"))
    owner_token = owner.token()
    start = clock.now
    next_owner_try = start + timedelta(seconds=20)  # the attack is well under way
    signed_in_at = None
    while clock.now - start < timedelta(seconds=110):
        # Every attacker address tries every second (a turn it is given, it takes).
        for dash, token in zip(attackers, tokens, strict=True):
            data = {"email": user.email, "password": "wrong guess", "csrf_token": token}
            dash.client.post("/dashboard/login", data=data)
        if clock.now >= next_owner_try:
            data = {"email": user.email, "password": PASSWORD, "csrf_token": owner_token}
            response = owner.client.post("/dashboard/login", data=data)
            if response.status_code == 302:
                signed_in_at = clock.now
                break
            wait = int(response.headers.get("Retry-After", "5")) if owner_waits_as_told else 5
            next_owner_try = clock.now + timedelta(seconds=wait)
        clock.set(clock.now + timedelta(seconds=1))
    assert signed_in_at is not None, "the owner never got in"
    assert signed_in_at - (start + timedelta(seconds=20)) <= timedelta(seconds=60)


def test_the_slow_down_of_one_address_never_grows_into_a_lockout(app, people, clock):
    user = people["north_staff"]
    guesser = Dash(from_address(app.test_client(), "198.51.100.1"))
    waits = []
    for _ in range(30):
        response = guesser.login(user, password="wrong guess")
        if response.status_code == 429:
            waits.append(int(response.headers["Retry-After"]))
            clock.set(clock.now + timedelta(seconds=waits[-1]))
    # The address's own lock (minutes, capped) is what stops it, never forever.
    assert waits and max(waits) <= limits.ADDRESS_WAIT[1].total_seconds()


def test_failures_are_forgotten_after_the_window(people, dash, clock):
    user = people["north_staff"]
    for _ in range(limits.FREE_TRIES - 1):
        dash.login(user, password="wrong guess")
    clock.set(clock.now + limits.WINDOW + timedelta(seconds=1))
    for _ in range(limits.FREE_TRIES):
        assert dash.login(user, password="wrong guess").status_code == 401


def test_a_site_admin_sees_and_clears_limits(app, people, dash, runner, clock):
    user = people["north_staff"]
    for _ in range(limits.FREE_TRIES):
        dash.login(user, password="wrong guess")
    listed = runner.invoke(args=["staff", "limits", "--now", clock.now.isoformat()])
    assert listed.exit_code == 0
    assert "ip:127.0.0.1  5 failed  next try in 60s" in listed.output
    assert f"pair:{user.email} 127.0.0.1  5 failed" in listed.output
    assert dash.login(user).status_code == 429
    for key in ("ip:127.0.0.1", f"pair:{user.email} 127.0.0.1"):
        cleared = runner.invoke(args=["staff", "unlimit", key])
        assert cleared.exit_code == 0, cleared.output
    assert dash.login(user).status_code == 302
    assert runner.invoke(args=["staff", "unlimit", "ip:192.0.2.99"]).exit_code != 0


def test_a_site_admin_clears_a_limit_from_the_dashboard(app, people, dash, other_dash):
    user = people["north_staff"]
    for _ in range(limits.FREE_TRIES):
        other_dash.login(user, password="wrong guess")
    assert other_dash.login(user).status_code == 429
    assert dash.login(people["site_admin"]).status_code == 429  # same address: locked too
    dash.client.environ_base["REMOTE_ADDR"] = "203.0.113.30"
    assert dash.login(people["site_admin"]).status_code == 302
    page = dash.get("/dashboard/organisations").get_data(as_text=True)
    assert "ip:127.0.0.1" in page and "5 failed" in page
    token = dash.token("/dashboard/organisations")
    response = dash.client.post(
        "/dashboard/sign-in-limits/clear", data={"key": "ip:127.0.0.1", "csrf_token": token}
    )
    assert response.status_code == 302
    assert "ip:127.0.0.1" not in dash.get("/dashboard/organisations").get_data(as_text=True)
    # The email still slows the next try a little; the address is free again.
    other_dash.client.environ_base["REMOTE_ADDR"] = "127.0.0.1"
    assert other_dash.login(user).status_code in (302, 429)
    assert LoginLimit.get(LoginLimit.key == "ip:127.0.0.1").failures <= 1


def test_only_a_site_admin_may_clear_limits(people, dash):
    dash.login(people["north_admin"])
    response = dash.post("/dashboard/sign-in-limits/clear", {"key": "ip:127.0.0.1"})
    assert response.status_code == 404
