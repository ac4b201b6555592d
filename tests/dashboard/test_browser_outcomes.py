"""The outcome report and the fixed pages in a real browser, at desktop and phone width.

Every page visited is checked with axe-core (from npm, injected into the page):
no serious or critical accessibility violation may remain. Screenshots go to
test-output/screenshots/ (outcomes-*). Without chromium or axe-core the test is
skipped locally and fails in CI.
"""

import os
import re
from datetime import timedelta
from pathlib import Path

import pytest
from playwright.sync_api import expect

from service.launches import launch_programme
from service.models.staff import ADMIN
from tests.evaluation.test_outcomes import helper  # noqa: F401  (fixture: ten people answered twice)

from .test_browser import PHONE, SHOTS, browser, live, shot  # noqa: F401  (fixtures)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
SERIOUS = "['serious', 'critical']"
AXE_RUN = f"""async () => {{
  const result = await axe.run(document, {{ resultTypes: ["violations"] }});
  return result.violations
    .filter(v => {SERIOUS}.includes(v.impact))
    .map(v => v.id + " (" + v.impact + "): " + v.nodes.map(n => n.target.join(" ")).join(", "));
}}"""


def _need_axe():
    if AXE.exists():
        return
    if os.environ.get("CI"):
        pytest.fail(f"axe-core is missing at {AXE} (run npm ci)")
    pytest.skip("axe-core is not installed (make node)")


def accessible(page):
    """Serious and critical axe-core violations on the page as it stands."""
    page.add_script_tag(path=str(AXE))
    return page.evaluate(AXE_RUN)


def sign_in(page, base, user, password):
    page.goto(base + "/dashboard/login")
    page.fill("input[name=email]", user.email)
    page.fill("input[name=password]", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(base + "/dashboard/")


def test_outcomes_and_fixed_pages_in_a_browser(
    live,  # noqa: F811
    browser,  # noqa: F811
    helper,  # noqa: F811
    orgs,
    make_staff,
    password,
    clock,
):
    _need_axe()
    north, _south = orgs
    admin = make_staff(north, ADMIN, email="lead@north.example.org")
    other = launch_programme(north, "kind-to-the-helper", {"en": "SPRING"})
    # The report's own clock: a week after the answers came in.
    clock.set(clock.now + timedelta(days=7))
    # Playwright injects axe-core as an inline script, which the pages' CSP forbids.
    context = browser.new_context(bypass_csp=True, accept_downloads=True)
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    sign_in(page, live, admin, password)
    found = {}

    def check(name, where=page):
        shot(where, f"outcomes-{name}")
        found[name] = accessible(where)

    check("overview")
    pages = {
        "outcomes": f"/dashboard/programmes/{helper.id}/outcomes",
        "outcomes-compare": f"/dashboard/programmes/{helper.id}/outcomes?compare={other.id}",
        "outcomes-print": f"/dashboard/programmes/{helper.id}/outcomes?print=1",
        "programme": f"/dashboard/programmes/{helper.id}",
        "participants": "/dashboard/participants",
        "launch-form": "/dashboard/launch?programme=kind-to-myself",
        "audit": "/dashboard/audit",
        "not-found": "/dashboard/participants/999999",
    }
    for name, path in pages.items():
        page.goto(live + path)
        check(name)

    # The print view fits two A4 pages (figures with their n, the privacy rule in full).
    page.goto(live + pages["outcomes-print"])
    pdf = page.pdf(format="A4", print_background=False)
    SHOTS.mkdir(parents=True, exist_ok=True)
    (SHOTS / "outcomes-print.pdf").write_bytes(pdf)
    assert len(re.findall(rb"/Type\s*/Page[^s]", pdf)) <= 2

    # The report says what it found, and what it cannot say.
    page.goto(live + pages["outcomes"])
    main = page.inner_text("main")
    assert "PHQ-2" in main and "-1.40" in main and "(-2.00 to -0.80)" in main
    assert "fewer than 10" in main  # the GAD-2 has nine pairs
    assert "There is no control group" in main
    page.select_option("select[name=compare]", str(other.id))
    page.click("button:has-text('Show side by side')")
    # A new page: wait for it (counting at once could read the old one).
    expect(page.locator("section.report")).to_have_count(2)
    with page.expect_download() as download:
        page.click("text=Download CSV")
    assert "mean change" in Path(download.value.path()).read_text()

    # The programme page: one chart per scale, drawn, with the items' words.
    page.goto(live + pages["programme"])
    charts = page.evaluate(
        "() => [...document.querySelectorAll('canvas.answers-chart')]"
        ".map(c => Boolean(Chart.getChart(c)))"
    )
    assert charts == [True, True], "screeners 0-3 and own items 0-10 apart"
    assert "Feeling down, depressed, or hopeless" in page.inner_text("#answers")
    # End launch asks first.
    assert not page.locator("button:has-text('Yes, end this launch')").is_visible()
    page.click("summary:has-text('End launch')")
    assert page.locator("button:has-text('Yes, end this launch')").is_visible()
    check("end-confirm")

    # At phone width.
    phone = browser.new_context(
        viewport=PHONE, storage_state=context.storage_state(), bypass_csp=True
    )
    small = phone.new_page()
    for name in ("outcomes", "outcomes-compare", "programme", "participants"):
        small.goto(live + pages[name])
        check(f"phone-{name}", small)
        width = small.evaluate("() => document.documentElement.scrollWidth")
        assert width <= PHONE["width"], f"{name} scrolls sideways on a phone ({width}px)"
    phone.close()
    context.close()
    assert {name: v for name, v in found.items() if v} == {}
    # The one missing page visited on purpose is the only resource that failed.
    expected = "Failed to load resource: the server responded with a status of 404 (NOT FOUND)"
    assert problems == [expected], problems


def test_group_figures_in_the_simulator(live, browser, orgs, make_staff, password, clock):  # noqa: F811
    """Staff turn group figures on and see day 15 of Kind to Myself name the group."""
    _need_axe()
    from service.models import CheckinAnswer, Enrolment, Participant

    north, _south = orgs
    admin = make_staff(north, ADMIN, email="lead@north.example.org")
    launch = launch_programme(
        north,
        "kind-to-myself",
        {"en": "KINDME", "es": "AMABLEME"},
        variables={"community": {"en": "neighbours", "es": "vecinos"}},
    )
    # Twelve real people were kind to themselves in week 2; nine of them found it strange.
    for n in range(12):
        person = Participant.create(phone=f"+1212555{n:04d}")
        e = Enrolment.create(
            participant=person, launch=launch, language="en", state="active", timezone="UTC"
        )
        CheckinAnswer.create(enrolment=e, day=12, item="self_kindness", raw="6", value=6)
        strange = 8 if n < 9 else 2
        CheckinAnswer.create(enrolment=e, day=14, item="felt_strange", raw="x", value=strange)
    context = browser.new_context(bypass_csp=True)
    page = context.new_page()
    sign_in(page, live, admin, password)
    page.goto(f"{live}/dashboard/programmes/{launch.id}")
    page.click("button:has-text('Turn group figures on')")
    expect(page.locator("main")).to_contain_text("Group figures are on")
    shot(page, "outcomes-group-on")
    assert accessible(page) == []
    page.click("nav >> text=Simulator")
    for body in ("KINDME", "YES", "9am"):
        clock.set(clock.now + timedelta(minutes=1))
        page.fill("input[name=body]", body)
        page.click(".compose button")
        page.wait_for_load_state()
    # Skip to the common humanity week, as if two weeks had gone by.
    tester = Participant.get(Participant.is_test == True)  # noqa: E712
    Enrolment.update(next_day=15).where(Enrolment.participant == tester).execute()
    page.click("button:has-text('Next day')")
    page.wait_for_load_state()
    thread = page.inner_text("#phone")
    assert "Last week 12 people in your group tried being kind to themselves." in thread
    assert "75% found it strange at first." in thread
    shot(page, "outcomes-group-simulator")
    assert accessible(page) == []
    context.close()
