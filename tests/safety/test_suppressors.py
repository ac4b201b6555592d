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
        "i will never kill myself",  # the negation inside the words of intent (round 8)
        "i'll never kill myself",
        "im not going to hang myself",
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
    # The rules set it aside. The learned second opinion reads words, not grammar,
    # and may call some of these concern (test_second_opinion.py), never crisis.
    assert rules(text).tier == NONE
    assert tier(text) != CRISIS


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
    "text",
    [
        # The negation governs another clause's verb: a subject starts the wish.
        "no i want to die",
        "nobody cares i want to die",
        "i cant sleep i want to die",
        "not today i want to die",
        "sem voce eu quero morrer",
        "ninguem liga eu quero morrer",
        "no sé qué hacer yo me quiero morir",
        "plus personne ne m'aime je veux mourir",
        "je ne dors plus je veux mourir",
        "je ne sais pas quoi faire je veux mourir",
        # A wish now is negated only right before it: here "no" governs "estoy".
        "no estoy bien quiero morir",
        "não estou bem quero morrer",
        # The negation governs the joke, not the wish.
        "no es broma me quiero morir",
        "não é brincadeira, vou me matar",
    ],
)
def test_the_rules_keep_a_wish_after_a_negation_of_something_else(text):
    # The rules alone: the model catches most of these too, and must not need to.
    assert rules(text).tier == CRISIS


@pytest.mark.parametrize(
    "text",
    [
        "i do not want to kill myself",
        "i'm not suicidal",
        "je ne suis pas suicidaire",
        "eu nunca me mataria",
        "no me voy a matar",
        "yo no quiero morir",
        "eu não quero morrer",
        "je ne vais pas me tuer",
        "non je pense pas à me faire du mal",
    ],
)
def test_a_subject_before_its_own_negation_still_lets_the_negation_govern(text):
    assert rules(text).tier == NONE


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
    # laughter alone in the next sentence is still the joke's ("jk" too), for the
    # rules (the learned second opinion reads words, not jokes, and may still raise)
    assert rules("gonna kill my brother. jk").tier == NONE
    assert rules("my brother ate my fries. gonna kill him lol").tier == NONE
    assert rules("je vais tuer mon frère. mdr").tier == NONE


@pytest.mark.parametrize(
    "text",
    [
        "jajaja que bueno lo de ayer. hoy me voy a suicidar",
        "kkkkk que filme ruim. vou me matar",
        "mdr t'as vu le match. je vais me suicider",
        "lol that meme was so good. i will kill myself",
    ],
)
def test_laughter_in_another_sentence_does_not_lower_intent(text):
    # A laugh is read for its own sentence, and for one beside it when it stands
    # alone ("i want to die. lol"): not for a plain statement further on.
    assert tier(text) == CRISIS
    # the same statement with the laugh beside it is lowered, never erased
    statement = text.split(". ", 1)[1]
    laugh = text.split()[0]
    assert rules(f"{statement} {laugh}").tier == CONCERN


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


@pytest.mark.parametrize(
    "text",
    [
        # "now" or a new subject ends the past's clause: a wish now after an old
        # memory is lowered at most, never set aside
        "i used to love life now i want to die",
        "antes era feliz ahora quiero morir",
        "antes eu era feliz agora quero morrer",
        "avant j'étais heureuse maintenant je veux mourir",
        "i dont know anymore i want to die",
    ],
)
def test_a_wish_now_after_the_past_is_not_set_aside(text):
    assert rules(text).tier != NONE


def test_a_past_marker_that_ends_a_text_must_end_the_text():
    # "estoy bien$" is "i'm fine" at the end of a text, not before a wish in it
    assert rules("quería morir pero estoy bien").tier == NONE
    assert rules("no estoy bien quiero morir").tier == CRISIS


@pytest.mark.parametrize(
    "text, expected",
    [
        # A recovery milestone counts the days without: the past, in the clause.
        ("one year free of self harm today!", NONE),
        ("hoy cumplo 1 año sin cortarme", NONE),
        ("6 meses sem me cortar hoje", NONE),
        ("2 ans sans me scarifier aujourd'hui", NONE),
        # Not a milestone: a day without is what the person cannot manage.
        ("i cant go a day without cutting myself", CRISIS),
        ("no puedo pasar un día sin cortarme", CRISIS),
        # A milestone and a relapse: the relapse counts.
        ("llevo un año sin cortarme pero anoche lo volví a hacer", CRISIS),
    ],
)
def test_a_recovery_milestone_is_the_past_unless_it_ended(text, expected):
    assert rules(text).tier == expected
