"""Following a person up in a real browser (Debian's chromium, driven by Playwright).

A risky text arrives → the on-call phone gets the alert text → a staff
member opens the inbox, reads the context, replies, writes a note,
acknowledges → the participant's phone gets the reply → programme texts
resume. Also at phone width. Screenshots go to test-output/screenshots/.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from service.conversation import simulate
from service.followup import oncall
from service.launches import launch_programme
from service.models import Message
from service.models.staff import ADMIN, STAFF
from tests.dashboard import test_browser
from tests.dashboard.test_browser import PHONE, shot

# The real-browser fixtures of the staff journey, shared.
live = test_browser.live
browser = test_browser.browser

NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2026, 11, 23, 8, 0, tzinfo=NEW_YORK)
PERSON = "+12125550161"
ON_CALL = "+12125550177"


def test_a_crisis_text_is_followed_up_by_a_person(
    live,
    browser,
    orgs,
    make_staff,
    password,
    clock,
    tick,
    sms,
):
    north, _ = orgs
    north.variables = {**north.variables, "emergency_number": "911"}
    north.save()
    launch_programme(north, "taster", {"en": "KIND"})
    oncall.add_contact(north, name="Sam", phone=ON_CALL, email=None, now=clock.now)
    worker = make_staff(north, STAFF, email="robin@north.example.org")

    # The person joins and gets day 1; then a risky text arrives.
    clock.set(START)
    for body in ("KIND", "YES", "9am"):
        simulate.text(PERSON, body, now=clock.now, is_test=False)
    tick(START + timedelta(hours=1))
    tick(START + timedelta(hours=1, minutes=2))
    clock.set(START + timedelta(hours=2))
    simulate.text(PERSON, "i want to end my life", now=clock.now, is_test=False)
    tick(clock.now + timedelta(seconds=30))
    assert (
        ON_CALL,
        "Kindly: 1 urgent alert waiting. Open https://kindly.example.org/dashboard/alerts",
    ) in sms.sent

    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.goto(live + "/dashboard/login")
    page.fill("input[name=email]", worker.email)
    page.fill("input[name=password]", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(live + "/dashboard/")
    assert page.locator("nav .count").inner_text() == "1"

    # The inbox: the person, the crisis alert, their words.
    page.click("nav >> text=Inbox")
    person = page.locator("#inbox > li").first
    assert "Crisis alert" in person.inner_text() and "end my life" in person.inner_text()
    shot(page, "20-inbox")

    # The alert page: programme, day and the texts around the risky one.
    person.locator("text=Open the alert").click()
    page.wait_for_load_state()
    main = page.inner_text("main")
    assert "taster, day 1" in main
    assert "Programme texts are waiting for a person" in main
    context_texts = page.inner_text("#context")
    assert context_texts.index("end my life") > 0  # day 1 texts come before it
    shot(page, "21-alert-page")

    # Reply from a saved reply, edited; the counter follows the text.
    reply = page.locator("form.compose-reply")
    reply.locator("select.saved-replies").select_option(label="Warm check-in")
    body = reply.locator("textarea[name=body]")
    assert "North Community" in body.input_value()
    body.fill("Hi, this is Robin from North Community. I read your message. Can I call you today?")
    assert "1 text" in reply.locator(".counter").inner_text()
    body.fill("Hi " * 60)
    assert "2 texts" in reply.locator(".counter").inner_text()
    body.fill("Hi, this is Robin from North Community. I read your message. Can I call you today?")
    reply.locator("button:has-text('Send reply')").click()
    page.wait_for_load_state()
    assert "Reply queued" in page.inner_text("main")

    # A note, then acknowledge.
    page.fill("#notes textarea[name=body]", "Replied by text; will call at 3pm.")
    page.click("#notes button:has-text('Save note')")
    page.wait_for_load_state()
    assert "will call at 3pm" in page.inner_text("#notes")
    page.click("#alert button:has-text('Acknowledge')")
    page.wait_for_load_state()
    assert "Picked up by robin@north.example.org" in page.inner_text("#alert")
    assert page.locator("#held").count() == 0
    shot(page, "22-alert-acknowledged")

    # The reply reaches the person's phone on the next clock pass, with the writer's name kept.
    tick(clock.now + timedelta(seconds=30))
    to_person = [b for to, b in sms.sent if to == PERSON]
    assert to_person[-1].startswith("Hi, this is Robin")
    assert Message.get(Message.kind == "staff_reply").sent_by == "robin@north.example.org"

    # Programme texts resume: day 2 arrives the next morning.
    tick(START + timedelta(days=1, hours=1))
    day_two = Message.get(Message.kind == "practice", Message.day == 2)
    assert day_two.state == "sent"

    # At phone width.
    small_context = browser.new_context(viewport=PHONE, storage_state=context.storage_state())
    small = small_context.new_page()
    small.goto(live + "/dashboard/inbox?status=handled")
    shot(small, "23-phone-inbox")
    small.goto(page.url)
    shot(small, "23-phone-alert")
    width = small.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1, "no sideways scrolling on a phone"
    small_context.close()
    context.close()
    assert problems == [], problems


def test_an_administrator_invites_a_colleague_who_chooses_a_password(
    live, browser, orgs, make_staff, password
):
    north, _ = orgs
    admin = make_staff(north, ADMIN, email="lead@north.example.org")
    page = browser.new_page()
    page.goto(live + "/dashboard/login")
    page.fill("input[name=email]", admin.email)
    page.fill("input[name=password]", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(live + "/dashboard/")

    page.click("nav >> text=On call")
    page.fill("input[name=name]", "Sam")
    page.fill("input[name=phone]", "+1 212 555 0177")
    page.click("button:has-text('Add on-call contact')")
    page.wait_for_load_state()
    assert "0177" in page.inner_text("#contacts")
    shot(page, "24-on-call")

    page.click("nav >> text=Staff")
    page.fill("#invite input[name=email]", "noor@north.example.org")
    page.fill("#invite input[name=name]", "Noor")
    page.click("button:has-text('Make an invitation link')")
    page.wait_for_load_state()
    link = page.inner_text("#link")
    shot(page, "25-invitation-link")

    newcomer = browser.new_page()
    # The link names the public address (PUBLIC_BASE_URL); here it is served locally.
    assert link.startswith("https://kindly.example.org/dashboard/welcome/")
    newcomer.goto(live + link[link.index("/dashboard/") :])
    assert "Welcome, Noor" in newcomer.inner_text("main")
    newcomer.fill("input[name=new]", "noor's own long passphrase")
    newcomer.fill("input[name=again]", "noor's own long passphrase")
    newcomer.click("button:has-text('Set password')")
    newcomer.wait_for_url("**/dashboard/login")
    newcomer.fill("input[name=email]", "noor@north.example.org")
    newcomer.fill("input[name=password]", "noor's own long passphrase")
    newcomer.click("button:has-text('Sign in')")
    newcomer.wait_for_url(live + "/dashboard/")
    assert "Staff" not in newcomer.inner_text("nav")  # invited as staff, not administrator
    newcomer.close()
    page.close()
