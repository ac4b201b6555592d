"""Calling on-call staff about crisis alerts, away from the dashboard.

A crisis alert starts a page (OnCallPage, due at once). Each clock pass,
`page_due` finds the due pages, and per organisation texts every on-call
contact once, through the same SMS backend as everything else, and emails
those with an address when email is configured. The text says only how many
urgent alerts wait and links to the alerts page: never a number, a name or a
word the person sent. The
page repeats every ONCALL_REPEAT_MINUTES until the alert is acknowledged, at
most ONCALL_MAX_ROUNDS times. A page is claimed by compare-and-set on its
due time, so two clocks never call people twice for one round.
"""

import logging
from collections import defaultdict
from datetime import timedelta

from email_validator import EmailNotValidError, validate_email

from ..db import utc, write_transaction
from ..marks import N_
from ..models import Organisation, SafetyAlert
from ..models.followup import OnCallContact, OnCallPage
from ..models.safety import CRISIS
from ..phones import mask
from ..sending.backends import SendError
from . import texts
from .mail import MailError

log = logging.getLogger(__name__)


def start(alert, *, now):
    """Begin calling the organisation's on-call contacts about a crisis alert."""
    if alert.priority != CRISIS or alert.organisation_id is None:
        return None
    return OnCallPage.create(alert=alert, organisation=alert.organisation_id, next_at=utc(now))


def _claim(now, repeat, max_rounds):
    """Take the due pages of still-open alerts for this pass; {organisation id: [pages]}."""
    due = list(
        OnCallPage.select(OnCallPage, SafetyAlert)
        .join(SafetyAlert)
        .where(OnCallPage.next_at <= now)
        .order_by(OnCallPage.next_at)
    )
    claimed = defaultdict(list)
    with write_transaction():
        for page in due:
            mine = (OnCallPage.id == page.id) & (OnCallPage.next_at == page.next_at)
            if page.alert.status != "open":
                OnCallPage.update(next_at=None).where(mine).execute()
                continue
            rounds = page.rounds + 1
            next_at = now + repeat if rounds < max_rounds else None
            taken = (
                OnCallPage.update(rounds=rounds, last_at=now, next_at=next_at).where(mine).execute()
            )
            if taken:
                claimed[page.organisation_id].append(page)
    return claimed


def page_due(now, *, backend, mailer=None, repeat_minutes=15, max_rounds=4, dashboard_url=""):
    """Text (and email) on-call contacts about due crisis alerts; returns counts."""
    now = utc(now)
    summary = {"organisations": 0, "texts": 0, "emails": 0, "failed": 0}
    claimed = _claim(now, timedelta(minutes=repeat_minutes), max_rounds)
    for org_id, _pages in claimed.items():
        # One organisation's failure (a bad address, a backend bug) is logged
        # and never stops another's pages, nor the pass's sending step.
        try:
            _page_organisation(org_id, summary, backend, mailer, dashboard_url)
        except Exception:
            summary["failed"] += 1
            log.exception("on-call pages of organisation %s failed", org_id)
    if claimed:
        log.info("on-call: %s", summary)
    return summary


def _page_organisation(org_id, summary, backend, mailer, dashboard_url):
    """Text and email one organisation's on-call contacts; counts into `summary`."""
    org = Organisation.get_by_id(org_id)
    waiting = (
        SafetyAlert.select()
        .where(
            SafetyAlert.organisation == org_id,
            SafetyAlert.priority == CRISIS,
            SafetyAlert.status == "open",
        )
        .count()
    )
    name = "oncall_sms" if waiting == 1 else "oncall_sms_many"
    contacts = list(OnCallContact.select().where(OnCallContact.organisation == org_id))
    summary["organisations"] += 1
    for contact in contacts:
        lang = contact.language or "en"
        sms = texts.text(name, lang, count=waiting, where=_where(dashboard_url, lang))
        if contact.phone:
            try:
                backend.send(contact.phone, sms)
                summary["texts"] += 1
            except SendError as exc:
                summary["failed"] += 1
                log.warning("on-call text to %s failed: %s", mask(contact.phone), exc.message)
            except Exception:  # a backend bug must not stop the clock's pass
                summary["failed"] += 1
                log.exception("on-call text to %s failed", mask(contact.phone))
        if contact.email and mailer is not None:
            subject = texts.text("oncall_email_subject", lang)
            body = texts.text(
                "oncall_email_body", lang, org_name=org.name, dashboard_url=dashboard_url or "-"
            )
            try:
                mailer.send(contact.email, subject, body)
                summary["emails"] += 1
            except MailError as exc:
                summary["failed"] += 1
                log.warning("on-call email for %s failed: %s", org.slug, exc)
            except Exception:  # a mailer bug must not stop the other contacts
                summary["failed"] += 1
                log.exception("on-call email for %s failed", org.slug)


def _where(dashboard_url, lang="en"):
    """The alerts page's address when the service has a public one, else "the dashboard"."""
    if dashboard_url.startswith("http"):
        return dashboard_url
    return texts.translate(N_("the dashboard"), lang)


def send_test(contact, *, backend, dashboard_url=""):
    """Text one contact a test of the on-call text, so a typo shows now, not in a crisis.

    Raises SendError when the backend refuses the number."""
    if not contact.phone:
        raise ValueError(N_("This contact has no mobile number."))
    lang = contact.language or "en"
    sms = texts.text("oncall_test_sms", lang, where=_where(dashboard_url, lang))
    backend.send(contact.phone, sms)


class ContactError(ValueError):
    """An on-call contact that cannot be kept; the message says why."""


def checked_email(email):
    """The address as kept (normalised by email-validator), or ContactError."""
    email = (email or "").strip()
    if not email:
        return None
    try:
        return validate_email(email, check_deliverability=False).normalized.lower()
    except EmailNotValidError as exc:
        raise ContactError(N_("That email address will not do.")) from exc


def add_contact(organisation, *, name, phone, email, now, language=None):
    """Add an on-call contact (a phone in E.164, an email, or both; texts in `language`)."""
    return OnCallContact.create(
        organisation=organisation,
        language=language or None,
        name=(name or "").strip(),
        phone=phone or None,
        email=checked_email(email),
        created_at=utc(now),
    )


def contacts_of(org):
    """The organisation's on-call contacts."""
    return list(
        OnCallContact.select().where(OnCallContact.organisation == org).order_by(OnCallContact.id)
    )


def contact_of(org, contact_id):
    """The organisation's on-call contact with this id, or None."""
    return OnCallContact.get_or_none(
        OnCallContact.id == contact_id, OnCallContact.organisation == org
    )
