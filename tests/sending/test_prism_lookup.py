"""The doctor's question to Twilio (which URL takes incoming texts), against the contract."""

from service.sending.backends import TwilioBackend

from .sending_support import ACCOUNT_SID, FROM_NUMBER


def test_asking_for_a_numbers_incoming_webhook_meets_the_contract(prism):
    backend = TwilioBackend(ACCOUNT_SID, "token", api_base_url=prism, from_number=FROM_NUMBER)
    url = backend.incoming_webhook()
    # Prism answers with the spec's example number; the request itself was valid.
    assert url is None or isinstance(url, str)
