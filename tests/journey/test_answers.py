"""Reading replies tolerantly: numbers, yes/no, options and times of day."""

import pytest

from service.conversation import answers
from service.conversation.answers import (
    format_time,
    parse_choice,
    parse_scale,
    parse_time,
    parse_yesno,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7", 7),
        ("7/10", 7),
        ("7 out of 10", 7),
        ("seven", 7),
        ("Siete", 7),
        ("I'd say 7", 7),
        ("about a 7 today", 7),
        ("0", 0),
        ("zero", 0),
        ("10", 10),
        ("diez", 10),
        ("11", None),  # out of range
        ("between 6 and 7", None),  # ambiguous: ask again
        ("good", None),
        ("", None),
        ("seven i think", 7),
        ("uno creo", 1),
        # A number word leading a sentence is an article or a pronoun, not an answer.
        ("un colega del curro dice que se va a tirar por la ventana", None),
        ("one of my friends says she wants to end it", None),
        ("uma amiga minha disse que vai se matar hoje", None),
        # A number that counts something is a quantity, not a score.
        ("3 days without food, i dont deserve it", None),
        ("20 pills in my drawer", None),
        ("2 dias sin comer", None),
        ("7 times better than yesterday", None),
        ("7, tired but ok", 7),
    ],
)
def test_scale_answers(text, expected):
    assert parse_scale(text, 0, 10) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("yes", True),
        ("Sí", True),
        ("yep I did", True),
        ("no", False),
        ("nope", False),
        ("yes and no", None),
        ("maybe", None),
    ],
)
def test_yes_no_answers(text, expected):
    assert parse_yesno(text) is expected


@pytest.mark.parametrize(
    "text, expected",
    [("a", "a"), ("B", "b"), ("2", "b"), ("a or b", None), ("7", None)],
)
def test_choice_answers(text, expected):
    assert parse_choice(text, ["a", "b", "c"]) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("8am", "08:00"),
        ("8 am", "08:00"),
        ("7:30pm", "19:30"),
        ("7.30 pm", "19:30"),
        ("19:30", "19:30"),
        ("1930", "19:30"),
        ("7", "19:00"),  # a bare 1-7 is the afternoon or evening
        ("9", "09:00"),
        ("12pm", "12:00"),
        ("noon", "12:00"),
        ("morning", "09:00"),
        ("in the evening please", "18:00"),
        ("9 in the morning", "09:00"),
        ("a las 8 de la noche", "20:00"),
        ("por la tarde", "15:00"),
        ("mañana", "09:00"),
        ("25:00", None),
        ("in 10 minutes", None),
        ("whenever", None),
    ],
)
def test_times_of_day(text, expected):
    assert parse_time(text) == expected


def test_times_are_written_the_local_way():
    assert format_time("19:30", "en") == "7:30pm"
    assert format_time("09:00", "en") == "9am"
    assert format_time("19:30", "es") == "19:30"


@pytest.mark.parametrize(
    "text", ["skip", "later", "skip this one please", "paso", "después, gracias"]
)
def test_a_short_reply_with_a_skip_word_skips(text):
    assert answers.is_skip(text)


@pytest.mark.parametrize(
    "text",
    [
        "ya no me van a leer después de hoy, gracias por los buenos días de cada mañana",
        "i will not be around later tonight to answer any of these",
        "i could pass out any minute, my chest hurts so much",
    ],
)
def test_a_sentence_that_says_later_is_not_a_skip(text):
    # a person must read it (it is filed in the inbox), not store it as skipped
    assert not answers.is_skip(text)


@pytest.mark.parametrize(
    "text, expected",
    [("yes", True), ("no", False), ("nope not today", False), ("yeah i did", True)],
)
def test_yes_and_no_lead_an_answer(text, expected):
    assert answers.parse_yesno(text) is expected


@pytest.mark.parametrize(
    "text",
    [
        "he did it again last night and i am scared to go home",
        "my brother says there is no point in anything and gave away his dog",
    ],
)
def test_a_sentence_with_yes_or_no_words_in_it_is_not_an_answer(text):
    assert answers.parse_yesno(text) is None


def test_a_number_inside_a_sentence_picks_no_option():
    assert answers.parse_choice("b", ["a", "b", "c"]) == "b"
    assert answers.parse_choice("2", ["a", "b", "c"]) == "b"
    assert answers.parse_choice("i took 2 boxes of pills from the cabinet", ["a", "b", "c"]) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("7", False),
        ("7, tired but ok", False),
        ("I'd say a 7 today honestly", False),
        ("8, did it twice", False),
        ("8 did the breathing twice today", True),
        ("3, rough day, my boss shouted at me again in front of everyone", True),
        ("un 6. ya no me corto desde el martes", True),
        ("2. ya no quiero vivir", True),
        ("un 4 porque mi pareja me volvió a gritar delante de los niños", True),
    ],
)
def test_a_score_with_more_than_a_few_words_carries_a_message(text, expected):
    assert answers.carries_a_message(text) is expected
