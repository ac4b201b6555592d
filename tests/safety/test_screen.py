"""The screen's rules, one behaviour at a time: normalising, negation, the past,
jokes, idioms beside real risk, helpers' work talk, odd input."""

import random

import pytest

from service.safety import CONCERN, CRISIS, NONE, screen
from service.safety.lexicon import LexiconError, lexicon
from service.safety.normalise import Normaliser, base_form, fold


def tier(text):
    return screen(text).tier


@pytest.mark.parametrize(
    "text",
    [
        "i want to kill myself",
        "I WANT TO KILL MYSELF!!!",
        "i wanna k1ll my$elf",  # digits and symbols as letters
        "i w a n t  t o  d i e",  # spaced out
        "s.u.i.c.i.d.e is all i think about",
        "im gonna kms tonight",  # txt-speak
        "want 2 die",
        "i want to diiiiie",  # letters repeated for emphasis
        "thinking about sucide",  # one edit away
        "me kiero morir",  # Spanish k for qu
        "ya no kiero vivir",
        "je veux mourir",
        "quero morrer",
    ],
)
def test_spellings_people_use_are_caught(text):
    assert tier(text) == CRISIS


def test_a_decision_explains_itself():
    decision = screen("i have the pills saved for tonight")
    assert decision.tier == CRISIS
    assert decision.category == "plan"
    assert "pills" in decision.matched
    assert decision.language == "en"
    assert all(m.words for m in decision.matches)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("everyone would be better off without me", CONCERN),
        ("i wish i could sleep and never wake up", CONCERN),
        ("my husband hit me again last night", CRISIS),
        ("i cut again", CRISIS),
        ("this is goodbye, take care of my kids", CRISIS),
        ("i took all my pills", CRISIS),
    ],
)
def test_tiers(text, expected):
    assert tier(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "im not suicidal just tired",  # negation
        "no quiero morir, solo estoy cansada",
        "i used to cut but im 2 years clean",  # the past
        "hace 5 años intenté quitarme la vida, ahora estoy bien",
        "this traffic is killing me lol",  # idioms
        "me muero de risa jajaja",
        "cut my hair today",  # hair and nails
        "me corté el pelo",
        "ran 5k this morning",  # distances
        "training on suicide prevention tomorrow",  # helpers' work talk
        "la capacitación sobre prevención del suicidio es mañana",
        "7",
        "casi todos los días",
        "STOP",
    ],
)
def test_look_alikes_are_left_alone(text):
    assert tier(text) == NONE


def test_a_joke_that_says_it_is_serious_is_not_a_joke():
    assert tier("lol i just want to die for real tho") == CRISIS
    assert tier("jaja me quiero morir pero en serio") == CRISIS


def test_an_idiom_never_hides_a_second_real_risk():
    assert tier("this heat is killing me") == NONE
    assert tier("this heat is killing me and i want to end my life") == CRISIS
    assert tier("me muero de sueño y ya no quiero vivir") == CRISIS
    assert tier("cut my hair and then i cut my wrists") == CRISIS


def test_work_talk_does_not_hide_first_person_risk():
    assert tier("training on suicide prevention tomorrow") == NONE
    assert tier("after the suicide prevention training i want to kill myself") == CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "",
        None,
        "😀😀😀",
        "a" * 1600,
        "k " * 800,
        "\x00\x00 kill \x00 myself",
        "日本語のテキスト и русский текст مرحبا",
        "1" * 1600,
        "!!!???..." * 100,
        "i want to die " * 200,
    ],
)
def test_odd_input_gets_a_decision_without_error(text):
    decision = screen(text)
    assert decision.tier in (CRISIS, CONCERN, NONE)


def test_nul_bytes_do_not_hide_risk():
    assert tier("kill\x00 myself") == CRISIS


def test_normaliser_steps():
    n = Normaliser(
        language="en",
        txt={"im": "i am", "2": "to"},
        fillers=["just"],
        leet={"1": "i", "3": "e", "$": "s"},
        units=["k"],
    )
    assert n.tokens("I'm JUST tired") == ["i", "am", "tired"]
    assert n.tokens("d13 $elf") == ["die", "self"]
    assert n.tokens("ran 5k") == ["ran", "5k"]
    assert n.tokens("want 2 go") == ["want", "to", "go"]
    assert n.tokens("2 days") == ["2", "days"]  # a number, not "to"
    assert n.tokens("slept in 2 days") == ["slept", "in", "2", "days"]  # a count, not "to"
    assert n.tokens("killlll meeee") == ["kil", "me"]
    assert base_form("Sí, MAÑANA") == "si, manana"
    # times and ordinals stay numbers: digits are not letters in disguise there
    assert n.tokens("le train de 23h") == ["le", "train", "de", "23h"]
    assert n.tokens("du 12e etage") == ["du", "12e", "etage"]
    assert n.tokens("the 3rd time") == ["the", "3rd", "time"]


def test_plain_ascii_folds_as_the_unicode_steps_fold_it():
    # base_form() takes a short cut for ASCII (the commonest texts): the same result.
    rng = random.Random(4)
    texts = ["I'm FINE`", "tab\there\nnew line\r\x7f\x00", "don't", "", "  "]
    for _ in range(3000):
        texts.append("".join(chr(rng.randint(0, 127)) for _ in range(rng.randint(0, 40))))
    for text in texts:
        assert base_form(text) == fold(text), repr(text)
    assert base_form("Don\u2019t CAFÉ\u00a0\u0301x\tœ") == "dont cafe x oe"


def test_a_short_word_is_corrected_by_the_swap_furthest_left():
    n = Normaliser(language="en", txt={}, fillers=[], leet={}, units=[], fuzzy=["bac", "acb"])
    n.learn(risk_words=[], known_words=[])
    # "abc": swapping its first two letters gives "bac", its last two "acb".
    assert n.tokens("abc cab bca xyz") == ["bac", "acb", "bac", "xyz"]


def test_a_broken_words_file_names_itself(tmp_path):
    (tmp_path / "common.yaml").write_text("leet: {}\n")
    (tmp_path / "en.yaml").write_text(
        "risk:\n  - category: suicidal\n    tier: crisis\n    patterns: ['{nowhere} die']\n"
    )
    with pytest.raises(LexiconError) as caught:
        lexicon(str(tmp_path))
    assert "en.yaml" in str(caught.value) and "nowhere" in str(caught.value)


def test_an_unknown_category_is_refused(tmp_path):
    (tmp_path / "common.yaml").write_text("leet: {}\n")
    (tmp_path / "en.yaml").write_text(
        "risk:\n  - category: sad\n    tier: crisis\n    patterns: ['die']\n"
    )
    with pytest.raises(LexiconError, match="category"):
        lexicon(str(tmp_path))


def test_a_phrase_in_a_list_read_word_by_word_is_refused(tmp_path):
    # "dying laughing" among the laughter once made "dying" a laugh, and
    # "no longer" among the negators made "longer" one.
    (tmp_path / "common.yaml").write_text("leet: {}\n")
    (tmp_path / "en.yaml").write_text(
        "laughter: [haha, dying laughing]\n"
        "risk:\n  - category: suicidal\n    tier: crisis\n    patterns: ['die']\n"
    )
    with pytest.raises(LexiconError, match="en.yaml laughter: 'dying laughing'"):
        lexicon(str(tmp_path))


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("my nan is dying and i want to die too", CRISIS),
        ("nunca pensei em me matar, so to triste com a separação", NONE),
    ],
)
def test_a_word_of_a_phrase_is_not_a_context_word_alone(text, expected):
    assert screen(text).tier == expected


def test_every_shipped_language_loads():
    _, languages = lexicon()
    assert {language.code for language in languages} >= {"en", "es", "pt", "fr"}


@pytest.mark.parametrize(
    "text",
    [
        "my son left a note and he is not home",
        "my friend says she wants to kill herself and she is home alone",
    ],
)
def test_one_word_of_a_work_phrase_is_not_work_talk(text):
    # "care home" is work talk; "home" alone is not, or it would set aside
    # every rule about someone else at risk in a text that says "home".
    assert tier(text) == CRISIS


def test_a_work_phrase_is_still_work_talk():
    text = "at the care home a resident told me she wants to die, i passed it on per protocol"
    assert tier(text) == NONE
