"""Following people up from the dashboard: the inbox, replies, notes, assigning,
the alert page, on-call contacts, saved replies, invitations and role changes."""

import re
from datetime import timedelta

from service.conversation import simulate
from service.followup import hold
from service.followup.mail import MemoryMailer
from service.models import (
    AuditLog,
    InboxItem,
    Message,
    OnCallContact,
    Participant,
    SafetyAlert,
    SavedReply,
    StaffUser,
)
from service.models.followup import CaseNote, StaffToken
from service.models.staff import ADMIN, STAFF
from service.staff import links

KEY = re.compile(r'name="key"[^>]*value="([0-9a-f]{32})"')


def text_of(response):
    assert response.status_code == 200, response.status_code
    return response.get_data(as_text=True)


def actions(org):
    return [e.action for e in AuditLog.select().where(AuditLog.organisation == org)]


def test_inbox_groups_people_and_counts_in_the_navigation(world, dash, clock):
    ana = world["ana"].participant
    simulate.text(ana.phone, "thanks, today was rough", now=clock.now, is_test=False)
    simulate.text(ana.phone, "when is the next one?", now=clock.now, is_test=False)
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/inbox"))
    # Ana's alert (from the world) and her two texts: one person, three items.
    assert page.count('class="box priority-') == 1
    assert "today was rough" in page and "when is the next one?" in page
    assert "Not understood" in page and "Question" in page and "Crisis alert" in page
    assert 'aria-label="3 waiting"' in page
    # South's inbox knows nothing of it.
    other = dash.client.application.test_client()
    from tests.staff_world import Dash

    south = Dash(other)
    south.login(world["south_staff"])
    assert "today was rough" not in text_of(south.get("/dashboard/inbox"))


def test_marking_handled_moves_an_item_and_is_audited(world, dash, clock):
    ana = world["ana"].participant
    simulate.text(ana.phone, "when is the next one?", now=clock.now, is_test=False)
    item = InboxItem.get(InboxItem.reason == "question")
    dash.login(world["north_staff"])
    response = dash.post(f"/dashboard/inbox/{item.id}/handle", {"back": "/dashboard/inbox"})
    assert response.status_code == 302
    assert InboxItem.get_by_id(item.id).handled
    page = text_of(dash.get("/dashboard/inbox"))
    assert "Marked handled by you" in page  # said, not silent
    assert "when is the next one?" not in page
    assert "Handled by" in text_of(dash.get("/dashboard/inbox?status=handled"))
    assert "inbox.handle" in actions(world["north"])


def test_a_crisis_item_is_handled_only_by_resolving_its_alert(world, dash):
    alert, item = world["alerts"]["north"], world["items"]["north"]
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/inbox"))
    assert "resolve it there" in page and "Mark handled" not in page
    response = dash.post(f"/dashboard/inbox/{item.id}/handle", {"back": "/dashboard/inbox"})
    assert response.status_code == 302
    assert not InboxItem.get_by_id(item.id).handled
    assert "handled by resolving the alert" in text_of(dash.get("/dashboard/inbox"))
    dash.post(f"/dashboard/alerts/{alert.id}/resolve", {"note": "Called; safe with family."})
    assert InboxItem.get_by_id(item.id).handled


def test_assigning_to_a_colleague_and_the_mine_filter(world, dash, make_staff):
    item = world["items"]["north"]
    me = world["north_staff"]
    dash.login(me)
    dash.post(f"/dashboard/inbox/{item.id}/assign", {"staff": str(me.id)})
    assert InboxItem.get_by_id(item.id).assigned_to_id == me.id
    assert "Crisis alert" in text_of(dash.get("/dashboard/inbox?mine=1"))
    # Someone from another organisation cannot be given the item.
    dash.post(f"/dashboard/inbox/{item.id}/assign", {"staff": str(world["south_staff"].id)})
    assert InboxItem.get_by_id(item.id).assigned_to_id == me.id
    colleague = make_staff(world["north"], STAFF)
    dash.post(f"/dashboard/inbox/{item.id}/assign", {"staff": str(colleague.id)})
    assert InboxItem.get_by_id(item.id).assigned_to_id == colleague.id
    assert "Nothing waits" in text_of(dash.get("/dashboard/inbox?mine=1"))


def test_a_reply_is_queued_once_with_the_writers_name_and_audited(world, dash, tick, sms, clock):
    ana = world["ana"].participant
    dash.login(world["north_staff"])
    page = text_of(dash.get(f"/dashboard/participants/{ana.id}"))
    key = KEY.search(page).group(1)
    assert "How are you today?" in page  # north's saved reply, offered in the form
    form = {"body": "Hi, this is North. How are you today?", "key": key}
    for _ in range(2):  # a double click
        response = dash.post(f"/dashboard/people/{ana.id}/reply", form)
        assert response.status_code == 302
    replies = Message.select().where(Message.kind == "staff_reply")
    assert replies.count() == 1
    assert replies.get().sent_by == world["north_staff"].email
    tick(clock.now)
    assert sms.sent == [(ana.phone, "Hi, this is North. How are you today?")]
    page = text_of(dash.get(f"/dashboard/participants/{ana.id}"))
    assert f"by {world['north_staff'].email}" in page
    assert "participant.reply" in actions(world["north"])
    entry = AuditLog.get(AuditLog.action == "participant.reply")
    assert "How are you" not in str(entry.detail)


def test_an_opted_out_number_past_24_hours_gets_a_clear_refusal(world, dash, clock):
    ana = world["ana"].participant
    simulate.text(ana.phone, "STOP", now=clock.now, is_test=False)
    clock.set(clock.now + timedelta(hours=30))
    dash.login(world["north_staff"])
    page = text_of(dash.get(f"/dashboard/participants/{ana.id}"))
    assert "texted STOP" in page and "24 hours" in page
    assert 'name="key"' not in page
    form = {"body": "Hello", "key": "e" * 32}
    response = dash.post(f"/dashboard/people/{ana.id}/reply", form, follow_redirects=True)
    assert "24 hours" in response.get_data(as_text=True)
    assert Message.select().where(Message.kind == "staff_reply").count() == 0


def test_notes_are_kept_shown_and_audited_without_their_words(world, dash):
    ana = world["ana"].participant
    dash.login(world["north_staff"])
    dash.post(f"/dashboard/people/{ana.id}/notes", {"body": "Called her; she is safe tonight."})
    note = CaseNote.get()
    assert note.author == world["north_staff"].email
    assert "she is safe tonight" in text_of(dash.get(f"/dashboard/participants/{ana.id}"))
    entry = AuditLog.get(AuditLog.action == "participant.note")
    assert "safe" not in str(entry.detail)
    # Another organisation cannot read or write them.
    assert Message.select().where(Message.body.contains("safe")).count() == 0


def with_emergency_number(org):
    """North as it would be launched today: the crisis reply needs its emergency number."""
    org.variables = {**org.variables, "emergency_number": "911"}
    org.save()


def test_alert_page_shows_tier_words_programme_and_context(world, dash, clock):
    ana = world["ana"]
    with_emergency_number(world["north"])
    simulate.text(ana.participant.phone, "i want to end my life", now=clock.now, is_test=False)
    alert = SafetyAlert.select().order_by(SafetyAlert.id.desc()).get()
    dash.login(world["north_staff"])
    page = text_of(dash.get(f"/dashboard/alerts/{alert.id}"))
    assert "Crisis alert" in page and "i want to end my life" in page
    assert "Kind Moments, day 1 of their programme" in page  # its title, not its file name
    assert "Day 1 practice" in page  # a text before the risky one
    assert "the whole conversation" in page
    assert "Programme texts are waiting for a person" in page
    assert "their programme texts stay held" in page  # said at the Acknowledge button
    # Acknowledging from the page comes back to it; the hold stays ("I'm on it").
    response = dash.post(
        f"/dashboard/alerts/{alert.id}/acknowledge", {"back": f"/dashboard/alerts/{alert.id}"}
    )
    assert response.headers["Location"].endswith(f"/dashboard/alerts/{alert.id}")
    page = text_of(dash.get(f"/dashboard/alerts/{alert.id}"))
    assert "Programme texts are waiting" in page and "Picked up by" in page
    assert hold.is_held(ana.launch.organisation, ana.participant_id, clock.now)
    # Resolving says it resumes the programme, then does.
    assert "Resolve and resume programme texts" in page
    dash.post(f"/dashboard/alerts/{alert.id}/resolve", {"note": "Called her; safe tonight."})
    page = text_of(dash.get(f"/dashboard/alerts/{alert.id}"))
    assert "Programme texts are waiting" not in page
    assert not hold.is_held(ana.launch.organisation, ana.participant_id, clock.now)


def test_resume_now_ends_the_hold(world, dash, clock):
    ana = world["ana"].participant
    with_emergency_number(world["north"])
    simulate.text(ana.phone, "i want to die", now=clock.now, is_test=False)
    dash.login(world["north_staff"])
    dash.post(f"/dashboard/people/{ana.id}/release")
    assert not hold.is_held(world["north"], ana, clock.now)
    assert "participant.release" in actions(world["north"])


def test_on_call_contacts_are_managed_by_administrators(world, dash, sms):
    dash.client.application.config["SMS_TRANSPORT"] = sms
    dash.login(world["north_admin"])
    dash.post("/dashboard/on-call", {"name": "Lee", "phone": "(212) 555-0142", "email": ""})
    lee = OnCallContact.get(OnCallContact.name == "Lee")
    assert lee.phone == "+12125550142"
    page = text_of(dash.get("/dashboard/on-call"))
    assert "+12125550142" in page  # the administrator sees the number whole, to check it
    dash.post(f"/dashboard/on-call/{lee.id}/test")
    assert dash.client.application.config["SMS_TRANSPORT"].sent[-1][0] == "+12125550142"
    assert "Test text sent" in text_of(dash.get("/dashboard/on-call"))
    dash.post("/dashboard/on-call", {"name": "Nobody", "phone": "", "email": ""})
    assert not OnCallContact.select().where(OnCallContact.name == "Nobody").exists()
    dash.post(f"/dashboard/on-call/{lee.id}/delete")
    assert OnCallContact.get_or_none(OnCallContact.id == lee.id) is None
    assert "oncall.add" in actions(world["north"]) and "oncall.remove" in actions(world["north"])


def test_saved_replies_are_edited_and_offered_in_the_reply_form(world, dash):
    dash.login(world["north_admin"])
    dash.post("/dashboard/saved-replies", {"title": "Evening", "body": "Thinking of you tonight."})
    saved = SavedReply.get(SavedReply.title == "Evening")
    dash.post(f"/dashboard/saved-replies/{saved.id}", {"title": "Evening", "body": "Warm wishes."})
    assert SavedReply.get_by_id(saved.id).body == "Warm wishes."
    page = text_of(dash.get(f"/dashboard/participants/{world['ana'].participant_id}"))
    assert "Warm wishes." in page and "Warm check-in" not in page


def test_overview_shows_time_to_acknowledge(world, dash, clock):
    alert = world["alerts"]["north"]
    alert.status, alert.acknowledged_at = "acknowledged", alert.created_at + timedelta(minutes=12)
    alert.save()
    dash.login(world["north_staff"])
    page = text_of(dash.get("/dashboard/"))
    assert "12 min</b> to pick up an alert" in page and "worst 12 min" in page


def test_an_invitation_link_works_once_and_then_the_colleague_signs_in(
    world, dash, client, app, clock
):
    mailer = app.config["MAILER"] = MemoryMailer()
    dash.login(world["north_admin"])
    page = text_of(
        dash.post(
            "/dashboard/staff/invite",
            {"email": "New@North.example.org", "name": "Noor", "role": STAFF},
            token_from="/dashboard/staff",
        )
    )
    link = re.search(r'<code id="link">([^<]+)</code>', page).group(1)
    path = link[link.index("/dashboard/welcome/") :]
    assert (
        mailer.sent and mailer.sent[0][0] == "new@north.example.org" and link in mailer.sent[0][2]
    )
    user = StaffUser.get(StaffUser.email == "new@north.example.org")
    assert user.organisation_id == world["north"].id

    from tests.staff_world import Dash

    newcomer = Dash(app.test_client())
    form = newcomer.client.get(path)
    assert "Welcome, Noor" in form.get_data(as_text=True)
    token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"', form.get_data(as_text=True)).group(
        1
    )
    data = {
        "new": "a fresh long passphrase",
        "again": "a fresh long passphrase",
        "csrf_token": token,
    }
    assert newcomer.client.post(path, data=data).status_code == 302
    assert newcomer.login(user, "a fresh long passphrase").status_code == 302
    # Used: the link does not work again.
    assert newcomer.client.get(path).status_code == 410
    assert "staff.invite" in actions(world["north"])


def test_a_reset_link_expires(world, dash, app, clock):
    app.config["STAFF_LINK_HOURS"] = 1
    dash.login(world["north_admin"])
    page = text_of(
        dash.post(
            f"/dashboard/staff/{world['north_staff'].id}/reset-link", token_from="/dashboard/staff"
        )
    )
    path = re.search(r"(/dashboard/welcome/[^<]+)</code>", page).group(1)
    assert dash.client.get(path).status_code == 200
    clock.set(clock.now + timedelta(hours=2))
    assert dash.client.get(path).status_code == 410
    assert StaffToken.select().count() == 1


def test_links_keep_only_a_hash(world, clock):
    secret, _ = links.make_link(world["north_staff"], links.RESET, now=clock.now)
    assert secret not in StaffToken.get().token_hash


def test_forgot_password_emails_a_link_and_never_says_who_exists(world, client, app):
    mailer = app.config["MAILER"] = MemoryMailer()
    from tests.staff_world import Dash

    anon = Dash(client)
    for email in (world["north_staff"].email, "nobody@example.org"):
        token = anon.token("/dashboard/forgot")
        page = client.post("/dashboard/forgot", data={"email": email, "csrf_token": token})
        assert "If that address has an account" in page.get_data(as_text=True)
    assert [m[0] for m in mailer.sent] == [world["north_staff"].email]


def test_an_administrator_changes_a_colleagues_role(world, dash):
    dash.login(world["north_admin"])
    colleague = world["north_staff"]
    dash.post(
        f"/dashboard/staff/{colleague.id}/role", {"role": ADMIN}, token_from="/dashboard/staff"
    )
    assert StaffUser.get_by_id(colleague.id).role == ADMIN
    me = world["north_admin"]
    dash.post(f"/dashboard/staff/{me.id}/role", {"role": STAFF}, token_from="/dashboard/staff")
    assert StaffUser.get_by_id(me.id).role == ADMIN
    assert "staff.role" in actions(world["north"])


def test_resolving_an_alert_handles_its_inbox_item(world, dash):
    alert, item = world["alerts"]["north"], world["items"]["north"]
    dash.login(world["north_staff"])
    dash.post(f"/dashboard/alerts/{alert.id}/resolve", {"note": "Called; safe with family."})
    handled = InboxItem.get_by_id(item.id)
    assert handled.handled and handled.handled_by == world["north_staff"].email


def test_the_inbox_pages_fifty_items_at_a_time(world, dash, clock):
    ana = world["ana"].participant
    for n in range(55):
        simulate.text(ana.phone, f"question {n}?", now=clock.now, is_test=False)
    dash.login(world["north_staff"])
    first = text_of(dash.get("/dashboard/inbox"))
    # The crisis first; then who waited longest (the first questions).
    assert first.index("Crisis alert") < first.index("question 0?")
    assert "question 4?" in first and "question 54?" not in first and "Next" in first
    second = text_of(dash.get("/dashboard/inbox?page=2"))
    assert "question 54?" in second and "Previous" in second and "Next" not in second


def test_a_strangers_crisis_alert_reaches_the_site_inbox_then_the_organisation_given_it(
    world, dash, clock
):
    with_emergency_number(world["north"])  # the crisis line a stranger is given
    simulate.text("+12125550999", "i want to kill myself", now=clock.now, is_test=False)
    alert = SafetyAlert.select().order_by(SafetyAlert.id.desc()).get()
    # Two organisations share the number and this one never enrolled: no one can be told.
    assert alert.organisation_id is None
    item = InboxItem.get(InboxItem.alert == alert)
    assert item.organisation_id is None
    from tests.staff_world import Dash

    south = Dash(dash.client.application.test_client())
    south.login(world["south_staff"])
    assert "0999" not in text_of(south.get("/dashboard/inbox"))
    assert south.get(f"/dashboard/alerts/{alert.id}").status_code == 404
    assert south.get("/dashboard/site/inbox").status_code == 404

    site = Dash(dash.client.application.test_client())
    site.login(world["site_admin"])
    assert "+1 ••• ••• 0999" in text_of(site.get("/dashboard/site/inbox"))
    given = site.post(
        f"/dashboard/site/inbox/{item.id}/give",
        {"organisation": str(world["north"].id)},
        token_from="/dashboard/site/inbox",
    )
    assert given.status_code == 302
    assert SafetyAlert.get_by_id(alert.id).organisation_id == world["north"].id

    dash.login(world["north_staff"])
    assert "+1 ••• ••• 0999" in text_of(dash.get("/dashboard/inbox"))
    page = text_of(dash.get(f"/dashboard/alerts/{alert.id}"))
    assert "i want to kill myself" in page
    key = KEY.search(page).group(1)
    here = f"/dashboard/alerts/{alert.id}"
    dash.post(
        f"/dashboard/people/{item.participant_id}/reply",
        {"body": "We're here.", "key": key, "back": here},
    )
    reply = Message.get(Message.kind == "staff_reply")
    assert reply.participant_id == item.participant_id
    assert reply.organisation_id == world["north"].id
    # South still cannot reach this person at all.
    assert south.get(f"/dashboard/alerts/{alert.id}").status_code == 404
    form = {"body": "hi", "key": "f" * 32}
    assert south.post(f"/dashboard/people/{item.participant_id}/reply", form).status_code == 404


def _inboxes(world, number):
    """What each kind of staff sees of a number: north, south, the site's inbox."""
    from tests.staff_world import Dash

    seen = {}
    for who, path in (
        ("north_staff", "/dashboard/inbox"),
        ("south_staff", "/dashboard/inbox"),
        ("site_admin", "/dashboard/site/inbox"),
    ):
        d = Dash(world["app"].test_client())
        d.login(world[who])
        seen[who] = number[-4:] in text_of(d.get(path))
    return seen


def test_a_strangers_risky_and_unreadable_texts_each_reach_one_item_in_the_right_inbox(
    app, world, clock
):
    world = {**world, "app": app}
    with_emergency_number(world["north"])
    # A number no organisation knows, texting the shared number: the site's inbox.
    stranger = "+12125550188"
    simulate.text(stranger, "hi, who is this please", now=clock.now, is_test=False)
    simulate.text(stranger, "i want to kill myself", now=clock.now, is_test=False)
    items = list(InboxItem.select().join(Participant).where(Participant.phone == stranger))
    assert len(items) == 2 and {i.organisation_id for i in items} == {None}
    assert {i.reason for i in items} == {"unread", "alert"}
    assert len({i.inbound_id for i in items}) == 2  # one item per text
    assert _inboxes(world, stranger) == {
        "north_staff": False,
        "south_staff": False,
        "site_admin": True,
    }
    # A number south knew long ago (STOP, then silence): south's inbox, nobody else's.
    former = "+447700900777"
    from tests.staff_world import enrol

    enrol(former, clock, keyword="SOUTHKIND")
    simulate.text(former, "STOP", now=clock.now, is_test=False)
    clock.set(clock.now + timedelta(days=400))
    simulate.text(former, "are you still there", now=clock.now, is_test=False)
    simulate.text(former, "i want to die", now=clock.now, is_test=False)
    items = list(InboxItem.select().join(Participant).where(Participant.phone == former))
    assert len(items) == 2 and {i.organisation_id for i in items} == {world["south"].id}
    assert _inboxes(world, former) == {
        "north_staff": False,
        "south_staff": True,
        "site_admin": False,
    }


def test_the_join_text_a_stranger_gets_gives_the_crisis_line(world, clock):
    with_emergency_number(world["north"])
    replies = simulate.text("+12125550189", "hello", now=clock.now, is_test=False)
    assert replies and "988" in replies[0]
