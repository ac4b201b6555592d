"""Suppressors lower, never erase: laughter, idioms, the past and work talk may
take a statement about one's own death or harm from crisis to concern, never
to none. Only a negation right before the words sets it aside, and then any
other risk in the same text still counts. In every language the screen reads."""

import pytest

from service.safety import CONCERN, CRISIS, NONE, screen
from service.safety.screen import rules


def tier(text):
    return screen(text).tier


@pytest.mark.parametrize(
    "text",
    [
        # laughter
        "i want to die haha",
        "wanna die lmao",
        "i want to die 😂",
        "honestly gonna kms lol",
        "quiero morir jajaja",
        "me quiero matar xd",
        "quero morrer kkkk",
        "vou me matar kkkkk",
        "je veux mourir mdr",
        "jvais me tuer ptdr",
        # a past marker in another sentence does not make a plan the past
        "i'm going to kill myself. not scared anymore",
        "voy a matarme. ya no tengo miedo",
        "vou me matar. não tenho mais medo",
        "je vais me tuer. j'ai plus peur",
        # work words do not hide the writer's own plan
        "i have the pills saved for tonight, my shift ends at 10",
    ],
)
def test_context_lowers_but_never_erases_ones_own_death(text):
    assert tier(text) in (CONCERN, CRISIS)


@pytest.mark.parametrize(
    "text",
    [
        "i don't want to die",
        "i would never kill myself",
        "no quiero morir",
        "nunca me mataría",
        "não quero morrer",
        "je ne veux pas mourir",
        "i used to cut but im 2 years clean",  # the marker leads the clause
        "hace 5 años intenté quitarme la vida, ahora estoy bien",
        "antes eu me cortava, mas faz 2 anos que parei",
        "avant je me scarifiais mais ça fait 2 ans que j'ai arrêté",
    ],
)
def test_a_negation_or_past_that_governs_the_verb_sets_it_aside(text):
    assert tier(text) == NONE


@pytest.mark.parametrize(
    "text",
    [
        # "anymore" after an intent is about fear or caring, not about the intent
        "i am going to kill myself. not scared anymore",
        "i will kill myself tonight, i dont care anymore",
        "me voy a matar esta noche. ya no me importa nada",
        "vou me matar hoje, não tenho mais medo",
        "je vais me tuer ce soir, j'ai plus peur",
    ],
)
def test_a_past_marker_after_an_intent_now_does_not_even_lower_it(text):
    assert tier(text) == CRISIS


@pytest.mark.parametrize(
    "text",
    ["i used to want to die", "antes quería morir", "quería matarme hace años"],
)
def test_a_past_marker_before_a_wish_puts_it_in_the_past(text):
    assert tier(text) == NONE


@pytest.mark.parametrize(
    "text",
    [
        # "ok" and "like" are fillers; the comma or full stop after "ok" still ends
        # the clause, so "not" does not reach the wish after it
        "im not ok, honestly thinking of ending it all",
        "not ok, just really want to die",
    ],
)
def test_a_negation_stops_at_a_clause_break_a_dropped_filler_carried(text):
    assert tier(text) != NONE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # "hace años que" says it still goes on; split by a comma it is two clauses
        ("me corté hace años, que alivio que ya no", NONE),
        ("intenté matarme hace años, que bueno que ya no lo pienso", NONE),
        ("intenté matarme hace años que no pensaba en eso y hoy otra vez", CRISIS),
    ],
)
def test_a_relapse_phrase_must_stand_in_one_clause(text, expected):
    assert rules(text).tier == expected  # the model may still raise it, never the rules


@pytest.mark.parametrize(
    "text",
    [
        "i don't want to die but i have the pills ready for tonight",
        "no quiero morir pero ya tengo las pastillas guardadas para esta noche",
        "não quero morrer mas já separei os comprimidos pra hoje à noite",
        "je veux pas mourir mais j'ai les cachets prêts pour ce soir",
    ],
)
def test_a_negation_leaves_other_risk_in_the_text(text):
    assert tier(text) != NONE


@pytest.mark.parametrize(
    "text",
    [
        "if i have to go back there i will kill myself",
        "if i see him again ill kill myself",
        "i used to be happy but now i want to die",
    ],
)
def test_an_idiom_or_an_old_memory_does_not_hide_a_wish_now(text):
    assert tier(text) == CRISIS


def test_jokes_about_others_are_still_jokes():
    assert tier("gonna kill my brother lol he ate my fries") == NONE
    assert tier("voy a matar a mi hermano jajaja") == NONE


@pytest.mark.parametrize(
    "text",
    [
        # a loss in the past, then a wish now: a joining word ends the past's clause
        "lost my wife 2 years ago and i want to die",
        "perdí a mi esposa hace dos años y quiero morir",
        # a past marker in another sentence lowers harm from others, never erases it
        "moved here 3 months ago. he wont let me leave the house or see my friends",
        # "hija" is a daughter, not laughter: a threat stays a threat
        "si mi yerno vuelve a tocar a mi hija lo mato, ya tengo el machete listo",
    ],
)
def test_the_past_elsewhere_and_look_alike_laughter_do_not_erase(text):
    assert tier(text) in (CONCERN, CRISIS)
