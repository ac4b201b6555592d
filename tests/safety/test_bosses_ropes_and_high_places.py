"""Round 11 of issue 16, by class and in every language it touches: a boss, an
officer or family "will kill me" over a slip said with it is an idiom, and the
same words with a threat to keep quiet are harm; rope for climbing, the
washing line or moving furniture, poison with the pest it is for, a hunting
knife for the season, a razor that nicked a leg, a trip home on leave, a
cliff path walked for the view, paperwork and cold that "kill" are safe; and
being on a bridge or a roof and saying one will jump is a plan, each next to
its twin. And the risk the rules did not read: pills taken with a call for
help, a window high up, a cord kept for when the night staff do not pass,
finishing what an attempt began, old scars opened again, wishing the rescue
had not come, an ex who found the new address, beatings, stockpiled pills,
driving into a wall, someone shot or stabbed and bleeding."""

import pytest

from service.safety import CRISIS, NONE, screen
from service.safety.screen import rules


@pytest.mark.parametrize(
    "look_alike, risk",
    [
        # a slip is an idiom; a threat to keep quiet is harm
        (
            "the foreman is gonna kill me, i left the van keys at the yard again",
            "my foreman will kill me if i go to the police about the wages",
        ),
        (
            "my supervisor will kill me when she sees this spreadsheet lol",
            "my boss will kill me if i tell anyone what he does",
        ),
        (
            "mon boss va me tuer, j'ai encore oublié la réunion",
            "mon boss va me tuer si je porte plainte",
        ),
        (
            "le chef va me tuer demain avec ses horaires",
            "le chef m'a dit qu'il va me tuer si je parle",
        ),
        (
            "el sargento me va a matar, olvide el casco en el cuartel",
            "el patron me va a matar si lo denuncio",
        ),
        (
            "o gerente vai me matar, esqueci de fechar o caixa",
            "o patrao vai me matar se eu contar pra policia",
        ),
        # an errand with its purpose; a plan
        (
            "comprei uma corda para estender a roupa no quintal",
            "comprei uma corda para me enforcar hoje",
        ),
        (
            "j'ai acheté une corde d'escalade pour le week-end à Fontainebleau",
            "j'ai une corde d'escalade et je vais me pendre ce soir",
        ),
        (
            "il faut une corde pour descendre le frigo par le balcon",
            "j'ai acheté une corde pour en finir ce soir",
        ),
        (
            "got rat poison for the shed because the mice are back",
            "got rat poison and i'm going to drink it tonight",
        ),
        (
            "comprei veneno de rato porque apareceram ratos no quintal",
            "comprei veneno de rato porque quero morrer",
        ),
        (
            "picked up mums thyroid tablets and her inhaler from the chemist",
            "picked up my sleeping tablets from the chemist, taking the lot tonight",
        ),
        (
            "bought a new fishing knife for the trip with my son",
            "bought a knife today, going to use it on myself tonight",
        ),
        (
            "the cheap razor nicked my shin again",
            "going to cut my wrists with the razor tonight",
        ),
        (
            "won't be here next week, going home on leave to see my mum",
            "won't be here next week, going to end it",
        ),
        # a walk or a jump for fun high up; a jump from there
        (
            "did the cliff walk with the ramblers, the views were amazing",
            "on the cliff now, going to jump",
        ),
        (
            "took the dogs along the clifftop path, lovely sunset",
            "i'm on the bridge, about to jump",
        ),
        (
            "at the top of the tower with the kids, going to jump on the trampoline later",
            "up on the roof of the car park, ready to jump",
        ),
        # the risk the rules did not read, beside its everyday twin
        (
            "ya me tomé las pastillas de la presión, ayúdame con la cita",
            "tragué todas las pastillas, ayúdenme",
        ),
        (
            "tomei os comprimidos da pressao, me ajuda a lembrar amanha",
            "tomei a cartela de calmantes, me ajudem",
        ),
        (
            "j'ai pris mes cachets ce matin, tu m'aides pour le rdv?",
            "j'ai avalé toute la boite de médocs, au secours",
        ),
        (
            "took the tablets at breakfast, can you help me with the app",
            "swallowed the whole bottle of pills, call an ambulance",
        ),
        (
            "el guardia no pasa hasta las 5 los domingos",
            "tengo el cinturón en el casillero, el guardia no pasa hasta las 5",
        ),
        (
            "l'infirmière passe pas avant midi le dimanche",
            "le cordon du peignoir est caché, l'infirmière passe pas avant minuit",
        ),
        (
            "voy a terminar lo que empecé en el taller",
            "hace un año fue mi intento, esta noche voy a terminar lo que empecé",
        ),
        (
            "agora vou terminar o que comecei na faculdade",
            "ja fiz uma tentativa, agora vou terminar o que comecei",
        ),
        (
            "guardei as notas fiscais do mes todo, ja tenho 90",
            "guardei os remedios do mes todo, ja tenho 90",
        ),
        (
            "je mets de l'argent de côté pour les vacances",
            "je mets des comprimés de côté depuis des semaines",
        ),
        (
            "drove my car into the garage, finally fixed the door",
            "going to drive my car into a tree on the way home",
        ),
    ],
)
def test_each_look_alike_is_safe_and_its_twin_is_risk(look_alike, risk):
    assert rules(look_alike).tier == NONE, look_alike
    assert rules(risk).tier == CRISIS, risk


@pytest.mark.parametrize(
    "text",
    [
        "estos tramites de la embajada me van a matar",
        "a renda desta casa está a matar-me",
        "l'hiver à Québec va me tuer, moins 35 ce matin",
        "this driving test is going to be my death",
    ],
)
def test_paperwork_rent_and_cold_that_kill_are_idioms(text):
    assert rules(text).tier == NONE


@pytest.mark.parametrize(
    "text",
    [
        "i opened my cuts up again last night",
        "je gratte mes croûtes jusqu'au sang tous les soirs",
        "j'aurais voulu que les secours me trouvent jamais",
        "wish the paramedics hadnt found me",
        "ojalá no me hubieran salvado",
        "quem dera não me tivessem encontrado",
        "he tracked down my new flat, i moved 3 weeks ago",
        "mi ex dio con mi nueva casa",
        "meu ex descobriu o meu novo endereço",
        "mon ex a retrouvé mon nouvel appart",
        "ils nous mettent des claques quand on répond",
        "a mi primo lo dejaron inconsciente a golpes",
        "i pray every night that god takes my soul",
        "je regrette de m'être réveillée ce matin",
        "estoy en la ventana del piso 14",
    ],
)
def test_concern_the_rules_did_not_read(text):
    assert rules(text).tier != NONE, text


@pytest.mark.parametrize(
    "hedge, risk",
    [
        ("hmm not sure", "not sure. i want to die tonight"),
        ("no sé la verdad", "no sé, ya me quiero morir"),
        ("não sei bem", "não sei, tomei a cartela toda de calmantes, socorro"),
        ("je sais pas trop", "je sais pas, je vais me tuer ce soir"),
    ],
)
def test_a_hedge_as_the_whole_reply_is_settled_and_the_model_stays_quiet(hedge, risk):
    # "not sure" as the whole answer to a check-in: the safe phrases read every word,
    # so the second opinion does not speak (round 11's model raised "hmm not sure").
    assert rules(hedge).settled and screen(hedge).tier == NONE
    assert not rules(risk).settled and screen(risk).tier == CRISIS
