"""Following a person up in a real browser (Debian's chromium, driven by Playwright).

A question, then a Spanish reader's crisis text → the on-call phone gets the
alert text with a link → the paged colleague (staff, not an administrator)
finds the crisis first in the inbox, reads the context (the held check-in
after the risky text), shows the number to call, acknowledges (the hold
stays), replies in Spanish (folded: one text), sees "Replied by" and resumes
the programme, which asks first → the held check-in goes. Also at phone
width; axe-core checks every page. Screenshots go to test-output/screenshots/.
"""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from service.conversation import simulate
from service.followup import oncall
from service.launches import launch_programme
from service.models import Message
from service.models.staff import ADMIN, STAFF
from tests.dashboard import test_browser
from tests.dashboard.test_browser import PHONE, shot
from tests.dashboard.test_browser_outcomes import _need_axe, accessible

# The real-browser fixtures of the staff journey, shared.
live = test_browser.live
browser = test_browser.browser

NEW_YORK = ZoneInfo("America/New_York")
START = datetime(2026, 11, 23, 8, 0, tzinfo=NEW_YORK)
PERSON = "+12125550161"
ASKER = "+12125550162"
ON_CALL = "+12125550177"
# 150 characters with é, í, ó, ú, ¿: 3 texts as UCS-2, 1 once folded to GSM-7.
SPANISH = (
    "Hola, soy Robin de North Community. Leímos tu mensaje y estamos contigo. "
    "¿Puedo llamarte ahora? Si estás en peligro, llama al 911. Aquí seguimos."
)


def _watch(page, problems):
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))


DESKTOP = {"width": 1280, "height": 800}


@pytest.mark.parametrize("screen", [DESKTOP, PHONE], ids=["desktop", "phone"])
def test_a_crisis_text_is_followed_up_by_a_person(
    screen,
    live,
    browser,
    orgs,
    make_staff,
    password,
    clock,
    tick,
    sms,
):
    _need_axe()
    north, _ = orgs
    north.variables = {**north.variables, "emergency_number": "911"}
    north.save()
    launch_programme(north, "taster", {"en": "KIND", "es": "AMABLE"})
    oncall.add_contact(north, name="Robin", phone=ON_CALL, email=None, now=clock.now)
    # The colleague who is paged is staff, not an administrator.
    worker = make_staff(north, STAFF, email="robin@north.example.org")

    # Someone asks a question first; then a Spanish reader joins and gets day 1.
    clock.set(START)
    for body in ("KIND", "YES", "9am"):
        simulate.text(ASKER, body, now=clock.now, is_test=False)
    for body in ("AMABLE", "SI", "9am"):
        simulate.text(PERSON, body, now=clock.now, is_test=False)
    clock.set(START + timedelta(minutes=30))
    simulate.text(ASKER, "what time does it come tomorrow?", now=clock.now, is_test=False)
    tick(START + timedelta(hours=1))  # 9:00 the practice; the check-in is queued for 9:02
    clock.set(START + timedelta(hours=1, minutes=1))
    simulate.text(
        PERSON, "ya tengo las pastillas listas, quiero morir", now=clock.now, is_test=False
    )
    tick(clock.now + timedelta(seconds=30))
    alert_sms = "Kindly: 1 urgent alert waiting. Open https://kindly.example.org/dashboard/alerts"
    assert (ON_CALL, alert_sms) in sms.sent

    # Playwright injects axe-core as an inline script, which the pages' CSP forbids.
    context = browser.new_context(viewport=screen, bypass_csp=True)
    page = context.new_page()
    problems, found = [], {}
    _watch(page, problems)
    size = "phone" if screen == PHONE else "desktop"

    def check(name):
        shot(page, f"{name}-{size}")
        found[name] = accessible(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= screen["width"] + 1, f"{name}: no sideways scrolling"
        nav = page.locator("nav[aria-label=Main]").bounding_box()
        assert nav["height"] < 60, f"{name}: the navigation takes {nav['height']} px"

    page.goto(live + "/dashboard/login")
    page.fill("input[name=email]", worker.email)
    page.fill("input[name=password]", password)
    page.click("button:has-text('Sign in')")
    page.wait_for_url(live + "/dashboard/")
    assert page.locator("nav a:has-text('Inbox') .count").inner_text() == "2"
    assert page.locator("nav a:has-text('Alerts') .count").inner_text() == "1"
    assert "Open the alerts" in page.inner_text(".card.urgent")
    check("20-overview")

    # The inbox: the crisis first though the question came earlier; the person's language.
    page.click("nav >> text=Inbox")
    person = page.locator("#inbox > li").first
    text = person.inner_text()
    assert "Crisis alert" in text and "pastillas" in text and "Spanish" in text
    assert "Kind Moments · day 1" in text
    assert person.locator("button:has-text('Mark handled')").count() == 0
    check("20-inbox")

    # The alert page: programme, day, and the held check-in after the risky text.
    person.locator("text=Open the alert").click()
    expect(page.locator("h1")).to_contain_text("Crisis alert")
    main = page.inner_text("main")
    assert "Kind Moments, day 1" in main
    assert "Programme texts are waiting for a person" in main
    context_texts = page.inner_text("#context")
    assert context_texts.index("pastillas") < context_texts.index("queued, not sent: held")
    alert_url = page.url
    check("21-alert-page")

    # The paged colleague calls: the full number, recorded.
    page.click("button:has-text('Show full number to call')")
    expect(page.locator("#from .number")).to_have_text(PERSON)
    # "I'm on it": the button said nothing goes to the person, and nothing does.
    assert "stay held" in page.inner_text("#ack-says")
    page.click("#alert button:has-text('Acknowledge')")
    expect(page.locator(".flash.ok")).to_contain_text("Programme texts stay held")
    assert page.url == alert_url  # back on the alert page, not a 405
    assert "Picked up by robin@north.example.org" in page.inner_text("#alert")
    assert page.locator("#held").count() == 1
    tick(START + timedelta(hours=1, minutes=5))  # the check-in's time: it stays held
    held = Message.get(Message.kind == "checkin", Message.participant == _id(PERSON))
    assert held.state == "queued"

    # A reply in Spanish, accents and all: folded, one text.
    reply = page.locator("form.compose-reply")
    assert "They read Spanish" in page.inner_text("section.reply")
    reply.locator("select.saved-replies").select_option(label="Warm check-in")
    body = reply.locator("textarea[name=body]")
    assert "¿Cómo estás hoy?" in body.input_value()
    body.fill(SPANISH)
    assert "1 text" in reply.locator(".counter").inner_text()
    reply.locator("button:has-text('Send reply')").click()
    expect(page.locator(".flash.ok")).to_contain_text("Reply queued")
    tick(clock.now + timedelta(minutes=6))
    to_person = [b for to, b in sms.sent if to == PERSON]
    assert to_person[-1].startswith("Hola, soy Robin") and "Leimos" in to_person[-1]
    assert Message.get(Message.kind == "staff_reply").segments == 1

    # The inbox says who replied.
    page.click("nav >> text=Inbox")
    expect(page.locator("#inbox > li").first).to_contain_text("Replied by robin@north.example.org")
    check("22-inbox-replied")

    # Resume asks first, then the held check-in goes.
    page.goto(alert_url)
    page.click("#held summary")
    assert "go within a minute" in page.inner_text("#held")
    page.click("#held button:has-text('Yes, send programme texts again')")
    expect(page.locator(".flash.ok")).to_contain_text("Programme texts resume now")
    assert page.locator("#held").count() == 0
    check("23-alert-resumed")
    tick(clock.now + timedelta(minutes=7))
    assert Message.get_by_id(held.id).state == "sent"

    context.close()
    assert problems == [], problems
    assert {name: v for name, v in found.items() if v} == {}


def _id(phone):
    from service.models import Participant

    return Participant.get(Participant.phone == phone).id


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
    # A copy button beside the link.
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    page.click("button:has-text('Copy link')")
    expect(page.locator(".copied")).to_have_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == link
    shot(page, "25-invitation-link")

    # The newcomer's browser speaks Spanish: so does the dashboard, until they choose.
    newcomer = browser.new_page(locale="es-MX")
    # The link names the public address (PUBLIC_BASE_URL); here it is served locally.
    assert link.startswith("https://kindly.example.org/dashboard/welcome/")
    local_link = live + link[link.index("/dashboard/") :]
    newcomer.goto(local_link)
    assert "Te damos la bienvenida, Noor" in newcomer.inner_text("main")
    newcomer.fill("input[name=new]", "noor's own long passphrase")
    newcomer.fill("input[name=again]", "noor's own long passphrase")
    newcomer.click("button:has-text('Guardar contraseña')")
    # Signed in at once: no second form with the email left blank.
    newcomer.wait_for_url(live + "/dashboard/")
    assert "has iniciado sesión" in newcomer.inner_text("main")
    assert "Bandeja de entrada" in newcomer.inner_text("nav")
    assert "Equipo" not in newcomer.inner_text("nav")  # invited as staff, not administrator
    # Their own choice wins over the browser's.
    newcomer.click("nav >> text=Cuenta")
    newcomer.select_option("select[name=language]", "en")
    newcomer.click("button:has-text('Guardar idioma')")
    expect(newcomer.locator(".flash.ok")).to_have_text("Language saved.")
    assert "Inbox" in newcomer.inner_text("nav")
    # The used link is no dead end.
    stranger = browser.new_page()
    stranger.goto(local_link)
    assert "This link does not work" in stranger.inner_text("main")
    stranger.click("text=sign in")
    stranger.wait_for_url("**/dashboard/login")
    assert "/dashboard/forgot" not in stranger.content()  # email is off here
    stranger.close()
    newcomer.close()
    page.close()
