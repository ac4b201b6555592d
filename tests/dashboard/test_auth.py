"""Signing in and out: hashing, rate limits, session renewal, cookie flags and headers."""

import re
from datetime import timedelta

from service.models.staff import LoginAttempt, StaffUser
from service.staff import limits


def session_cookie(client):
    cookie = client.get_cookie("session")
    return cookie.value if cookie else None


def test_passwords_are_stored_as_scrypt_hashes(people, password):
    user = StaffUser.get_by_id(people["north_staff"].id)
    assert user.password_hash.startswith("scrypt:")
    assert password not in user.password_hash


def test_wrong_password_is_refused_kindly_and_recorded(people, dash):
    response = dash.login(people["north_staff"], password="not the password")
    assert response.status_code == 401
    assert "did not match" in response.get_data(as_text=True)
    assert dash.get("/dashboard/").status_code == 302
    attempt = LoginAttempt.get()
    assert (attempt.email, attempt.succeeded) == (people["north_staff"].email, False)


def test_failed_sign_ins_are_limited_even_with_the_right_password(people, dash, clock):
    user = people["north_staff"]
    for _ in range(limits.FREE_TRIES):
        assert dash.login(user, password="wrong guess").status_code == 401
    blocked = dash.login(user)
    assert blocked.status_code == 429
    assert blocked.headers["Retry-After"] == "60"
    assert "wait 60 seconds" in blocked.get_data(as_text=True)
    assert dash.get("/dashboard/").status_code == 302, "not signed in while limited"
    clock.set(clock.now + limits.ADDRESS_WAIT[0] + timedelta(seconds=1))
    assert dash.login(user).status_code == 302


def test_the_limit_counts_failures_from_any_worker_through_the_database(people, dash, other_dash):
    user = people["north_staff"]
    for _ in range(limits.FREE_TRIES):
        other_dash.login(user, password="wrong guess")
    assert dash.login(user).status_code == 429


def test_sign_in_renews_the_session_and_sign_out_voids_the_old_cookie(people, dash, app):
    dash.get("/dashboard/login")
    before = session_cookie(dash.client)
    assert dash.login(people["north_staff"]).status_code == 302
    signed_in = session_cookie(dash.client)
    assert signed_in and signed_in != before
    assert dash.get("/dashboard/").status_code == 200

    assert dash.post("/dashboard/logout").status_code == 302
    assert dash.get("/dashboard/").status_code == 302
    # Someone who copied the cookie before sign-out cannot use it.
    thief = app.test_client()
    thief.set_cookie("session", signed_in)
    assert thief.get("/dashboard/").status_code == 302


def test_password_change_ends_other_sessions_and_keeps_this_one(people, dash, other_dash, password):
    user = people["north_staff"]
    dash.login(user)
    other_dash.login(user)
    assert other_dash.get("/dashboard/").status_code == 200
    new = "another long passphrase"
    response = dash.post("/dashboard/password", {"current": password, "new": new})
    assert response.status_code == 302
    assert dash.get("/dashboard/").status_code == 200
    assert other_dash.get("/dashboard/").status_code == 302
    assert other_dash.login(user, password=new).status_code == 302


def test_a_short_new_password_is_refused(people, dash, password):
    dash.login(people["north_staff"])
    response = dash.post("/dashboard/password", {"current": password, "new": "short"})
    assert response.status_code == 200
    assert "at least 12" in response.get_data(as_text=True)
    assert dash.login(people["north_staff"]).status_code == 302


def test_disabling_an_account_ends_its_session(people, dash, other_dash):
    staff = people["north_staff"]
    other_dash.login(staff)
    assert other_dash.get("/dashboard/").status_code == 200
    dash.login(people["north_admin"])
    assert dash.post(f"/dashboard/staff/{staff.id}/disable").status_code == 302
    assert other_dash.get("/dashboard/").status_code == 302
    assert other_dash.login(staff).status_code == 401


def test_after_sign_in_only_local_pages_are_followed(people, dash, password):
    token = dash.token()
    data = {"email": people["north_staff"].email, "password": password, "csrf_token": token}
    response = dash.client.post("/dashboard/login?next=https://evil.example/", data=data)
    assert response.headers["Location"] == "/dashboard/"
    dash.client.post("/dashboard/logout", data={"csrf_token": dash.token("/dashboard/password")})
    data["csrf_token"] = dash.token()
    response = dash.client.post("/dashboard/login?next=/dashboard/alerts", data=data)
    assert response.headers["Location"] == "/dashboard/alerts"


def test_cookie_flags_over_https(people, dash):
    response = dash.login(people["north_staff"])
    cookie = response.headers["Set-Cookie"]
    assert "Secure" in cookie
    assert "HttpOnly" in cookie
    assert "SameSite=Lax" in cookie


def test_cookie_is_not_secure_when_served_over_plain_http(tmp_path, monkeypatch):
    from service import create_app

    app = create_app(
        {"DATABASE_URL": f"sqlite:///{tmp_path}/x.db", "PUBLIC_BASE_URL": "http://127.0.0.1"}
    )
    assert app.config["SESSION_COOKIE_SECURE"] is False
    assert app.config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_security_headers_on_pages(people, dash):
    dash.login(people["north_staff"])
    for path in ("/dashboard/login", "/dashboard/", "/dashboard/participants"):
        headers = dash.get(path).headers
        csp = headers["Content-Security-Policy"]
        assert "frame-ancestors 'none'" in csp and "script-src 'self'" in csp
        assert "unsafe-inline" not in csp
        assert headers["X-Content-Type-Options"] == "nosniff"
        assert headers["Strict-Transport-Security"].startswith("max-age=")
        assert headers["Cache-Control"] == "no-store"


def test_versioned_static_files_are_cached(dash):
    page = dash.get("/dashboard/login").get_data(as_text=True)
    css = page.split('href="')[1].split('"')[0]
    assert re.fullmatch(r"/dashboard/assets/dashboard\.[0-9a-f]{10}\.css", css), css
    response = dash.get(css)
    assert response.status_code == 200
    assert "max-age=31536000" in response.headers["Cache-Control"]
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    # An old name (the content changed since) is not served as if it were current.
    stale = re.sub(r"\.[0-9a-f]{10}\.", ".0000000000.", css)
    assert dash.get(stale).status_code == 404
