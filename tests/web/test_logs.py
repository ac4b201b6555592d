"""No full phone number reaches a log line, whatever logs it."""

import logging

import pytest

from service import logs


@pytest.mark.parametrize(
    "line, kept",
    [
        ("DETAIL:  Key (phone)=(+12125550123) already exists.", "••• 0123"),
        ("to 447700900123 failed", "••• 0123"),
        ("The 'To' number +15005550001 is not valid", "••• 0001"),
    ],
)
def test_scrub_masks_numbers_and_keeps_the_last_four(line, kept):
    masked = logs.scrub(line)
    assert kept in masked
    assert "555012" not in masked and "7700900" not in masked and "500555" not in masked


@pytest.mark.parametrize(
    "line", ["inbound 1234 from +1 ••• ••• 0123", "sid SM00000000000000000000000000000001", "day 7"]
)
def test_scrub_leaves_ids_sids_and_masked_numbers_alone(line):
    assert logs.scrub(line) == line


def test_every_record_is_scrubbed_even_a_traceback(app, caplog):
    log = logging.getLogger("service.test")
    with caplog.at_level(logging.INFO):
        log.info("from %s", "+12125550123")
        try:
            raise ValueError("Key (phone)=(+12125550199) already exists")
        except ValueError:
            log.exception("storing failed")
    text = caplog.text
    assert "+12125550123" not in text and "2125550199" not in text
    assert "••• 0123" in text and "••• 0199" in text
