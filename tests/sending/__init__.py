"""Tests of sending: backends, dispatcher, delivery status, the Twilio contract."""
