"""GSM-7 / UCS-2 cost, segment counts and folding."""

import pytest

from service.content.gsm import GSM7_BASIC, GSM7_EXTENDED, cost, fold


@pytest.mark.parametrize(
    "text, encoding, units, segments",
    [
        ("", "GSM-7", 0, 1),
        ("a" * 160, "GSM-7", 160, 1),
        ("a" * 161, "GSM-7", 161, 2),
        ("a" * 306, "GSM-7", 306, 2),
        ("a" * 307, "GSM-7", 307, 3),
        ("€" * 80, "GSM-7", 160, 1),  # extension characters count two septets
        ("€" * 81, "GSM-7", 162, 2),
        ("a" * 159 + "{", "GSM-7", 161, 2),
        ("á" * 70, "UCS-2", 70, 1),
        ("á" * 71, "UCS-2", 71, 2),
        ("á" * 134, "UCS-2", 134, 2),
        ("á" * 135, "UCS-2", 135, 3),
        ("😀", "UCS-2", 2, 1),  # an emoji is a surrogate pair: two UTF-16 units
        ("😀" * 35, "UCS-2", 70, 1),
        ("😀" * 36, "UCS-2", 72, 2),
    ],
)
def test_cost(text, encoding, units, segments):
    got = cost(text)
    assert (got.encoding, got.units, got.segments) == (encoding, units, segments)


def test_escape_pair_is_never_split_across_parts():
    # 152 plain septets then one extension character: the pair would straddle
    # the 153-septet boundary, so it moves to the next part.
    text = "a" * 152 + "€" + "a" * 10
    assert cost(text).units == 164
    assert cost(text).segments == 2
    text = "a" * 152 + "€" + "a" * 152  # 152 | 2+151 | 1
    assert cost(text).segments == 3


def test_surrogate_pair_is_never_split_across_parts():
    text = "á" * 66 + "😀" + "á" * 10  # 66 units, then the pair would straddle 67
    assert cost(text).segments == 2
    assert cost("á" * 66 + "😀" + "á" * 66).segments == 3


def test_spanish_letters_in_and_out_of_gsm():
    for char in "éñü¡¿ÑÜÉ":
        assert char in GSM7_BASIC, char
    for char in "áíóúÁÍÓÚ":
        assert char not in GSM7_BASIC and char not in GSM7_EXTENDED, char
    assert cost("¿Cómo estás? ¡Qué bien!").non_gsm == ("ó", "á")


def test_non_gsm_is_distinct_in_order_of_appearance():
    assert cost("úa😀ú á").non_gsm == ("ú", "😀", "á")
    assert cost("plain {text} €").non_gsm == ()


def test_fold_replaces_what_has_a_close_form():
    assert fold("Cómo estás, ÁÍÓÚ") == "Como estas, AIOU"
    assert fold("“Hi” ‘there’ – yes — no… ok") == "\"Hi\" 'there' - yes - no... ok"
    assert fold("a\u00a0b") == "a b"


def test_fold_keeps_gsm_and_what_has_no_close_form():
    assert fold("¿Qué? ¡Sí! ñ ü é Ç") == "¿Qué? ¡Si! ñ ü é Ç"
    assert fold("kind 😀") == "kind 😀"


def test_fold_makes_spanish_gsm7():
    text = "Día 7: ¿hubo un momento que te ayudó? Está bien."
    assert cost(text).encoding == "UCS-2"
    assert cost(fold(text)).encoding == "GSM-7"
