"""The dashboard in a real browser (Debian's chromium, driven by Playwright).

Log in, launch a programme, enrol from the simulator, see the participant and
their reply, raise and acknowledge a safety alert, export CSV. Screenshots go
to test-output/screenshots/. Without chromium the test is skipped locally and
fails in CI (env CI set).
"""

import os
import shutil
import threading
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect
from werkzeug.serving import make_server

from service.conversation import simulate
from service.models.staff import ADMIN

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
SHOTS = Path(__file__).resolve().parents[2] / "test-output" / "screenshots"
PHONE = {"width": 390, "height": 844}


def _need_chromium():
    if Path(CHROMIUM).exists() or shutil.which("chromium"):
        return
    if os.environ.get("CI"):
        pytest.fail(f"chromium is missing at {CHROMIUM} (CI must install it)")
    pytest.skip("chromium is not installed (make browser installs it)")


@pytest.fixture
def live(app):
    """The app served on a free local port by a real server in a thread."""
    # Plain http on 127.0.0.1, so the cookie cannot be Secure here.
    app.config["SESSION_COOKIE_SECURE"] = False
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser():
    """A headless chromium, closed afterwards."""
    _need_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


def shot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"{name}.png"), full_page=True)


def test_staff_journey_in_a_browser(live, browser, orgs, make_staff, password, clock, tick):
    north, _ = orgs
    admin = make_staff(north, ADMIN, email="lead@north.example.org")
    context = browser.new_context(accept_downloads=True)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))

    # Sign in: the overview redirects to the sign-in page first.
    page.goto(live + "/dashboard/")
    assert "/dashboard/login" in page.url
    shot(page, "01-login")
    page.fill("input[name=email]", admin.email)
    page.fill("input[name=password]", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(live + "/dashboard/")
    assert page.locator("h1").inner_text() == "North Community"
    shot(page, "02-overview-empty")

    # Launch the taster on HELLO / HOLA, previewing first.
    page.click("nav >> text=Launch")
    page.click("text=Kind Moments")
    page.fill("input[name=keyword_en]", "hello")
    page.fill("input[name=keyword_es]", "hola")
    for name, value in (
        ("crisis_line", "988"),
        ("emergency_number", "911"),
        ("safety_line", "800-799-7233"),
        ("help_contact", "call 555-0100"),
        ("community__en", "neighbours"),
        ("community__es", "vecinos"),
    ):
        page.fill(f"input[name=var_{name}]", value)
    page.click("button:has-text('Preview texts')")
    # The preview is a new page: wait for it rather than read the old one.
    expect(page.locator("summary", has_text="Preview (en)")).to_be_visible()
    assert page.locator("text=GSM-7, 1 segment").count() > 5
    shot(page, "03-launch-preview")
    page.click("button:has-text('Launch')")
    page.wait_for_url("**/dashboard/programmes/*")
    assert "HELLO" in page.inner_text("main")
    launch_url = page.url

    # Enrol from the simulator and answer the first check-in.
    page.click("nav >> text=Simulator")
    for body in ("HELLO", "YES", "9am"):
        clock.set(clock.now + timedelta(minutes=1))
        page.fill("input[name=body]", body)
        page.click(".compose button")
        page.wait_for_load_state()
    assert "all set" in page.inner_text("#phone")
    clock.set(clock.now + timedelta(minutes=1))
    page.click("button:has-text('Next day')")
    page.wait_for_load_state()
    assert "day 1" in page.inner_text("#phone")
    thread = page.inner_text("#phone")
    assert thread.index("9am") < thread.index("all set") < thread.index("day 1")
    clock.set(clock.now + timedelta(minutes=5))
    page.fill("input[name=body]", "7")
    page.click(".compose button")
    page.wait_for_load_state()
    shot(page, "04-simulator")

    # The test participant appears (when asked for) with their reply.
    page.click("nav >> text=Participants")
    page.check("input[name=test]")
    page.click("button:has-text('Filter')")
    page.wait_for_url("**test=*")
    rows = page.locator("#participants tbody tr")
    expect(rows).to_have_count(1)
    assert "test" in rows.first.inner_text()
    shot(page, "05-participants")
    rows.first.locator("a").click()
    conversation = page.inner_text("#conversation")
    assert "HELLO" in conversation and "7" in conversation
    assert "practice day 1" in page.inner_text("main")
    shot(page, "06-participant")

    # A crisis text raises an alert; staff acknowledge it.
    page.click("nav >> text=Simulator")
    clock.set(clock.now + timedelta(minutes=5))
    page.fill("input[name=body]", "i want to end my life")
    page.click(".compose button")
    page.wait_for_load_state()
    page.click("nav >> text=Alerts")
    alert = page.locator("#alerts li").first
    assert "Crisis" in alert.inner_text() and "end my life" in alert.inner_text()
    shot(page, "07-alert-open")
    alert.locator("button:has-text('Acknowledge')").click()
    page.wait_for_load_state()
    assert "Picked up by lead@north.example.org" in page.inner_text("#alerts")
    shot(page, "08-alert-acknowledged")

    # A real participant joins by text and gets day 1 from the clock, so the
    # export has a row and the programme's charts have something to draw.
    for body in ("HELLO", "YES", "9am"):
        simulate.text("+12125550199", body, now=clock.now, is_test=False)
    tick(clock.now + timedelta(hours=3))
    tick(clock.now + timedelta(minutes=2))  # the check-in follows the practice
    simulate.text("+12125550199", "8", now=clock.now, is_test=False)
    page.click("nav >> text=Export")
    with page.expect_download() as download:
        page.click("button:has-text('Enrolments (CSV)')")
    csv_text = Path(download.value.path()).read_text()
    lines = csv_text.strip().splitlines()
    assert lines[0].startswith("participant,launch,programme")
    assert len(lines) == 2, "one real participant; the test one is left out"
    assert "2125550199" not in csv_text
    shot(page, "09-export")

    # The programme page draws its charts from the app's own Chart.js.
    page.goto(launch_url)
    # Deferred scripts have run by the load event, which goto waits for.
    drawn = "() => Boolean(window.Chart && Chart.getChart(document.getElementById('funnel-chart')))"
    assert page.evaluate(drawn), "the funnel chart is drawn"
    # One real participant: their answer is never shown (fewer than ten people).
    assert "8.0" not in page.inner_text("#answers")
    assert "No figures yet" in page.inner_text("#answers")
    shot(page, "10-programme")

    # On a phone-sized screen.
    phone = browser.new_context(viewport=PHONE, storage_state=context.storage_state())
    small = phone.new_page()
    for name, path in (("overview", "/dashboard/"), ("simulator", "/dashboard/simulator")):
        small.goto(live + path)
        shot(small, f"11-phone-{name}")
    small.goto(launch_url)
    shot(small, "11-phone-programme")
    phone.close()
    context.close()
    assert problems == [], problems
