"""Erasure and retention against Twilio's own API description, served by Prism:
DELETE a Message (204), POST Body="" to redact it, list by To and From."""

from service.sending.backends import TwilioBackend

from .sending_support import ACCOUNT_SID, FROM_NUMBER

SID = "SM" + "b" * 32


def backend(prism):
    return TwilioBackend(ACCOUNT_SID, "token", api_base_url=prism, from_number=FROM_NUMBER)


def test_deleting_a_message_meets_the_contract(prism):
    assert backend(prism).delete(SID) == "deleted"


def test_redacting_a_body_meets_the_contract(prism):
    assert backend(prism).redact(SID) == "redacted"


def test_a_sid_twilio_could_not_have_is_refused_not_deleted(prism):
    # Prism checks the sid against the description's pattern: 422, reported as failed.
    assert backend(prism).delete("SMsim-not-a-twilio-sid").startswith("failed")


def test_listing_a_numbers_texts_both_ways_meets_the_contract(prism):
    sids = backend(prism).held_for("+12025550123")
    assert isinstance(sids, list)
