"""Classes of risk the screen learnt for issue 16, each in every language it
reads, with the everyday look-alikes beside them."""

import pytest

from service.conversation.safety import reply_for
from service.safety import CRISIS, NONE, screen
from service.safety.screen import rules


@pytest.mark.parametrize(
    "text, category",
    [
        # someone else is at risk: the writer is the one to help
        ("my friend says she wants to end it all, what do i say", "third_party"),
        ("my son left a letter and his phone is off", "third_party"),
        ("mi amiga dice que se quiere morir, qué le digo", "third_party"),
        ("minha irmã disse que vai se matar", "third_party"),
        ("mon fils a laissé une lettre et son téléphone est éteint", "third_party"),
        # a medical emergency
        ("took too much, everything is spinning", "medical"),
        ("i cant stop the bleeding", "medical"),
        ("no siento las piernas", "medical"),
        ("tomei remédio demais", "medical"),
        ("je sens plus mes jambes", "medical"),
        # means at hand, or a time and a place
        ("the train comes at 10:40, i will be on the tracks", "plan"),
        ("holding the pills right now, they are in my hand", "plan"),
        ("💊💊 tonight", "plan"),
        ("la cuerda está en el coche", "plan"),
        ("o trem passa às 22h e eu vou estar nos trilhos", "plan"),
        ("🔪 ce soir", "plan"),
    ],
)
def test_new_classes_reach_the_crisis_tier(text, category):
    decision = screen(text)
    assert decision.tier == CRISIS
    assert decision.category == category


def test_a_friend_at_risk_is_not_read_as_the_writer_at_risk():
    decision = screen("my best friend keeps saying she wants to die")
    assert {m.category for m in decision.matches} == {"third_party"}
    assert reply_for(decision, has_safety_line=True) == "third_party"


def test_an_overdose_taken_is_a_medical_emergency_whoever_took_it():
    for text in (
        "i took all my pills",
        "tomé todas mis pastillas",
        "my girlfriend took loads of pills and wont wake up",
        "my friend says she wants to die and she took all her pills",
    ):
        decision = screen(text)
        assert decision.category == "medical", text
        assert reply_for(decision, has_safety_line=True) == "medical", text


def test_a_clients_words_in_work_talk_are_about_the_client():
    assert screen("my client said she wants to die, how do i handle that in session").tier == NONE
    assert screen("una paciente me dijo que se quiere morir, cómo lo manejo").tier == NONE
    own = screen("after my shift a patient told me she wants to die and honestly i want to die too")
    assert own.tier == CRISIS


def test_the_writers_own_risk_still_comes_first():
    decision = screen("my friend wants to die and honestly i want to die too")
    assert reply_for(decision, has_safety_line=True) == "crisis"
    assert reply_for(screen("i took too many pills"), has_safety_line=True) == "medical"


@pytest.mark.parametrize(
    "text",
    [
        "i wont be anyones problem for much longer",
        "i havent eaten in 4 days, i dont deserve it",
        "my stepdad slaps my little sister",
        "he checks who i talk to and i'm not allowed out",
        "thinking abt unaliving tn",
        "sewerslide is looking good rn",
        "i want to kil mysefl",
        "quiero mroir",
        "ya no seré un problema para nadie",
        "logo não vou ser problema pra ninguém",
        "bientôt je serai plus un problème pour personne",
    ],
)
def test_understatement_slang_and_harm_from_others_are_risk(text):
    assert screen(text).tier != NONE


@pytest.mark.parametrize(
    "text",
    [
        "ran 5 kms this morning",
        "dyed my hair blue",
        "bought rope for the tent",
        "picked up my pills from the pharmacy",
        "won't be here next week, we're on holiday",
        "that song about dying is so sad",
        "he beat me at cards",
        "traffic on the bridge again",
        "this job is suicide",
        "cut myself shaving",
        "corrí 10 kms",
        "compré cuerda para la tienda de campaña",
        "peguei meus remédios na farmácia",
        "il m'a battu aux échecs",
    ],
)
def test_everyday_look_alikes_stay_safe(text):
    assert screen(text).tier == NONE


# Spanish: men on farms and crossings, Central American, Caribbean and Andean Spanish.
@pytest.mark.parametrize(
    "text, category",
    [
        ("la reata ya está colgada en la viga del establo", "plan"),
        ("le eché el matarratas a la cerveza y ahí está servida", "plan"),
        ("voy a meter el tractor al barranco, que parezca accidente", "plan"),
        ("ya tengo el revolver de mi cuñado, nomás me faltan las balas", "plan"),
        ("ya tomé la decisión de quitarme la vida jaja", "plan"),
        ("me tomé las pastillas con un litro de guaro y no siento nada", "medical"),
        ("mi nieta se tragó una batería del reloj", "medical"),
        ("mi abuelo se fue al cerro con la soga y no ha regresado", "third_party"),
        ("mi prima mandó una nota despidiéndose y no responde", "third_party"),
        ("el prestamista dice que si no le pago secuestran a mis hijos", "harm_from_others"),
        ("están pateando a mi hermana afuera, ayuda", "harm_from_others"),
        ("voy a quemarme con el fierro caliente", "self_harm"),
        ("ya repartí mis cosas entre mis hermanos", "goodbye"),
        ("voy a ir por ese vato, ya traigo el cuchillo", "other"),
    ],
)
def test_spanish_new_classes_reach_the_crisis_tier(text, category):
    decision = rules(text)
    assert decision.tier == CRISIS
    assert decision.category == category


@pytest.mark.parametrize(
    "text",
    [
        "a veces pienso seguido en acabar con todo",
        "si me quedo en el desierto pues ni modo",
        "ojalá me lleve la corriente cualquier noche",
        "me he desmayado varias veces por el calor, ya estoy mejor",
        "mi compadre anda diciendo que mejor se muere",
        "el contratista dice que si hablamos nos echa a la migra",
        "me quemé el brazo con el cigarro adrede",
        "regalé mis gallos y mis herramientas",
        "me tomé unas pastillas de más para dormir",
    ],
)
def test_spanish_understatement_is_risk(text):
    assert rules(text).tier != NONE


@pytest.mark.parametrize(
    "text",
    [
        "tengo ganas de comer tamales",
        "antes pensaba en matarme, ya no",
        "mañana nos vamos de cacería, ya limpié la escopeta",
        "saqué el rifle pa espantar a los coyotes",
        "compré veneno pa las ratas porque se están comiendo el maíz",
        "compré una soga pa amarrar la carga a la troca",
        "el mecate quedó amarrado en el corral para el becerro",
        "mi papá anda con el machete chapeando el potrero",
        "salió en el noticiero que un hombre se tiró del puente",
        "estos precios de la gasolina nos van a matar",
        "el dolor de espalda me está matando",
        "le pegué a la pared con el martillo hasta que entró el clavo",
        "ya tengo la pistola de agua para el carnaval",
    ],
)
def test_spanish_farm_and_everyday_look_alikes_stay_safe(text):
    assert rules(text).tier == NONE
