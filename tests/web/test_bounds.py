"""service/bounds.py: the one place input from outside is bounded and cleaned."""

import pytest

from service import bounds


@pytest.mark.parametrize(
    "raw, expected",
    [("12", 12), ("  7 ", 7), ("-3", 1), ("999999999999999999", 50), ("1" * 30, None)]
    + [("٣", None), ("²", None), ("1e3", None), ("", None), (None, None), ("0x10", None)],
)
def test_integer_reads_ascii_digits_and_clamps(raw, expected):
    assert bounds.integer(raw, low=1, high=50) == expected


@pytest.mark.parametrize("raw", ["0", "-1", str(2**31), "9" * 20, "abc", None, 2**63])
def test_record_id_refuses_what_no_row_can_have(raw):
    assert bounds.record_id(raw) is None


def test_record_id_keeps_real_ids():
    assert bounds.record_id("42") == 42 and bounds.record_id(bounds.MAX_ID) == bounds.MAX_ID


def test_text_and_token_drop_nul_and_control_bytes():
    assert bounds.text("ki\x00nd\x1b\n", 10) == "kind\n"
    assert bounds.text("x" * 50, 10) == "x" * 10
    assert bounds.token("SM\x00123") == "SM123"
    assert bounds.token("SM" + "1" * 100) is None  # never cut: it would merge two sids
    assert bounds.token("\x00 ") is None
