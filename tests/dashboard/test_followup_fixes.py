"""Follow-up as staff live it (issue 20): the crisis first, no button quietly undoes
a hold, the number reachable by whoever is paged, Spanish that costs what English does."""

import re
from datetime import timedelta

from service.conversation import simulate
from service.followup import alerts, replies
from service.models import InboxItem, Message, OnCallContact, SafetyAlert, SavedReply
from service.models.messages import QUEUED
from service.models.participant import Participant

KEY = re.compile(r'name="key"[^>]*value="([0-9a-f]{32})"')


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def crisis(world, clock, body="i want to end my life"):
    org = world["north"]
    org.variables = {**org.variables, "emergency_number": "911"}
    org.save()
    simulate.text(world["ana"].participant.phone, body, now=clock.now, is_test=False)
    return SafetyAlert.select().order_by(SafetyAlert.id.desc()).get()


def test_after_showing_the_number_resume_and_note_come_back_to_the_page(world, dash, clock):
    ana = world["ana"].participant
    crisis(world, clock)
    dash.login(world["north_admin"])
    page = text_of(dash.post(f"/dashboard/participants/{ana.id}/reveal"))
    assert ana.phone in page
    here = f"/dashboard/participants/{ana.id}"
    assert f'name="back" value="{here}"' in page and "/reveal" not in page.split("<main")[1]
    # Each form on the revealed page returns to the page itself (GET), never a 405.
    for path, form in (
        (f"/dashboard/people/{ana.id}/notes", {"body": "Called.", "back": here}),
        (f"/dashboard/people/{ana.id}/release", {"back": here}),
    ):
        response = dash.post(path, form)
        assert response.headers["Location"].endswith(here)
    # A reload of the POST-only address leads to the page.
    response = dash.get(f"/dashboard/participants/{ana.id}/reveal")
    assert response.status_code == 302 and response.headers["Location"].endswith(here)


def test_a_staff_colleague_may_see_the_number_only_while_a_crisis_is_open(world, dash, clock):
    ben = world["ben"].participant
    dash.login(world["north_staff"])
    # Ben has no crisis: the page says who can, and the number stays hidden.
    assert dash.post(f"/dashboard/participants/{ben.id}/reveal").status_code == 403
    alert = crisis(world, clock)
    page = text_of(dash.get(f"/dashboard/alerts/{alert.id}"))
    assert "Show full number to call" in page
    page = text_of(dash.post(f"/dashboard/alerts/{alert.id}/reveal"))
    assert world["ana"].participant.phone in page
    assert f'name="back" value="/dashboard/alerts/{alert.id}"' in page
    # Once resolved, staff no longer may; the page says who can.
    for open_alert in SafetyAlert.select().where(SafetyAlert.status != "resolved"):
        alerts.resolve(open_alert, by="Robin", note="Called; safe.", now=clock.now)
    page = text_of(dash.get(f"/dashboard/alerts/{alert.id}"))
    assert "Administrators can show the full number" in page
    assert dash.post(f"/dashboard/alerts/{alert.id}/reveal").status_code == 403


def test_the_context_puts_an_unsent_text_after_the_risky_one_marked_queued(world, dash, clock):
    ana = world["ana"]
    Message.create(
        participant=ana.participant,
        organisation=ana.launch.organisation,
        enrolment=ana,
        kind="checkin",
        day=1,
        body="How kind were you to yourself today?",
        state=QUEUED,
        send_after=clock.now.replace(tzinfo=None),
    )
    alert = crisis(world, clock, "my pills are ready, i want to die")
    dash.login(world["north_staff"])
    page = text_of(dash.get(f"/dashboard/alerts/{alert.id}"))
    context = page[page.index('id="context"') :]
    assert context.index("my pills are ready") < context.index("How kind were you")
    assert "queued, not sent: held" in context


def test_the_inbox_shows_who_replied_and_the_persons_language(world, dash, clock):
    ana = world["ana"].participant
    crisis(world, clock)
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/inbox"))
    assert "Replied by" not in page and "English" in page
    key = KEY.search(text_of(dash.get(f"/dashboard/participants/{ana.id}"))).group(1)
    dash.post(f"/dashboard/people/{ana.id}/reply", {"body": "We're here.", "key": key})
    page = text_of(dash.get("/dashboard/inbox"))
    assert f"Replied by {world['north_staff'].email}" in page


def test_an_accented_spanish_reply_is_folded_to_one_text(world, clock):
    body = (
        "Hola, somos North. Leímos tu mensaje y queríamos saber cómo estás. "
        "¿Podemos llamarte hoy? Si estás en peligro, llama al 911, gratis, sin espera."
    )
    assert 130 < len(body) <= 160
    message = replies.send(
        world["ana"].participant, world["north"], body, by="Robin", key="a" * 32, now=clock.now
    )
    assert message.segments == 1 and message.encoding == "GSM-7"
    assert "Leimos" in message.body and "¿Podemos" in message.body and "estás" not in message.body


def test_spanish_readers_are_offered_spanish_saved_replies(world, dash, clock):
    simulate.text("+12125550177", "AMABLE", now=clock.now, is_test=False)
    sofia = Participant.get(Participant.phone == "+12125550177")
    SavedReply.delete().execute()
    SavedReply.create(organisation=world["north"], title="Hello", body="Hi there", language="en")
    dash.login(world["north_staff"])
    page = text_of(dash.get(f"/dashboard/participants/{sofia.id}"))
    assert "¿Cómo estás hoy?" in page and "Hi there" not in page  # the Spanish default
    assert "They read Spanish" in page
    page = text_of(dash.get(f"/dashboard/participants/{world['ana'].participant_id}"))
    assert "Hi there" in page


def test_the_overview_warns_when_nobody_is_on_call(world, dash):
    dash.login(world["north_staff"])
    assert 'id="nobody-on-call"' not in text_of(dash.get("/dashboard/"))
    OnCallContact.delete().where(OnCallContact.organisation == world["north"]).execute()
    page = text_of(dash.get("/dashboard/"))
    assert 'id="nobody-on-call"' in page and "ask an administrator" in page
    assert "Open the alerts" in page  # the crisis card says it is a link


def test_alerts_have_a_count_and_outcomes_do_not_mark_overview(world, dash):
    dash.login(world["north_admin"])
    page = text_of(dash.get("/dashboard/alerts"))
    assert 'aria-label="1 not resolved, 1 crisis"' in page
    launch = world["north_launch"]
    page = text_of(dash.get(f"/dashboard/programmes/{launch.id}/outcomes"))
    nav = page[page.index('<nav aria-label="Main">') : page.index("</nav>")]
    assert 'aria-current="page"' not in nav.split("Overview")[0][-80:]
    assert ">Overview</a>" in nav and 'aria-current="page">Overview' not in nav


def test_a_day_one_answer_at_night_is_labelled_day_one(world, dash, clock):
    ana = world["ana"]
    ana.next_day = 3  # day 2 already planned for the morning
    ana.save()
    simulate.text(ana.participant.phone, "what does kind mean?", now=clock.now, is_test=False)
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/inbox"))
    assert "Kind Moments · day 1" in page


def test_a_used_invitation_link_leads_to_sign_in(world, client, app, clock):
    from service.staff import links

    user, secret, _ = links.invite(
        email="noor@north.example.org",
        name="Noor",
        role="staff",
        organisation=world["north"],
        now=clock.now,
    )
    links.redeem(secret, "noor's own long passphrase", now=clock.now)
    response = client.get(f"/dashboard/welcome/{secret}")
    assert response.status_code == 410
    page = response.get_data(as_text=True)
    assert 'href="/dashboard/login"' in page and "sign in" in page
    # Without email, no "Forgot your password?" link anywhere.
    assert "/dashboard/forgot" not in page
    assert "/dashboard/forgot" not in client.get("/dashboard/login").get_data(as_text=True)


def test_the_inbox_pins_an_open_crisis_above_older_questions(world, dash, clock):
    ben = world["ben"].participant
    InboxItem.delete().execute()
    for n in range(3):
        simulate.text(ben.phone, f"question {n}?", now=clock.now, is_test=False)
    clock.set(clock.now + timedelta(hours=2))
    crisis(world, clock)
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/inbox"))
    assert page.index("Crisis alert") < page.index("question 0?") < page.index("question 2?")
