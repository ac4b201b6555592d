"""Round 13 of issue 16, by class and in every language, each next to its twin.
The risk the moved-up sets showed: a weapon said to be coming to school, a
body laid on the tracks or the road, the first truck that comes, pockets
weighed with stones by the water, the means said to be "for me tonight",
having nearly done it, CPR being done now, a child who swallowed something
dangerous, wounds kept open, something hot held to the skin, living only for
someone, "why didn't God take me". A wish told in the past in another
language's words ("pensei em me matar" read as Spanish too) is concern, not
crisis. And safe errands with their purpose: pills collected at the clinic,
razors bought with the soap, laundry on the roof, a goodbye from one job to
the next, a mother or a boss who "will kill me" over a slip."""

import pytest

from service.safety import CONCERN, CRISIS, NONE
from service.safety.lexicon import lexicon
from service.safety.screen import rules


@pytest.mark.parametrize(
    "risk, safe",
    [
        (
            "a kid at my school said hes bringing his dad's gun tomorrow",
            "my dad is bringing his gun to the range on sunday",
        ),
        (
            "un chamo dijo q mañana lleva un arma pa la clase",
            "mañana llevo la guitarra pa la clase",
        ),
        (
            "um menino disse que vai levar uma arma pra escola amanha",
            "amanha vou levar o bolo pra escola",
        ),
        (
            "un gars a dit qu'il va ramener une arme au lycee demain",
            "il va ramener un gateau au lycee demain",
        ),
    ],
)
def test_a_weapon_said_to_be_coming_to_school_is_crisis(risk, safe):
    assert rules(risk).tier == CRISIS, risk
    assert rules(safe).tier == NONE, safe


@pytest.mark.parametrize(
    "risk, safe",
    [
        ("im going to lie down on the train tracks", "the train tracks are closed for repairs"),
        ("mañana al amanecer me acuesto en las vias del tren", "me acuesto en la cama temprano"),
        ("vou deitar na linha do comboio quando passar o das 5", "vou deitar no sofa depois das 5"),
        ("je vais m'allonger sur les rails ce soir", "je vais m'allonger sur le canape ce soir"),
        (
            "gonna drive into the first truck that comes",
            "gonna take the first bus that comes",
        ),
        (
            "me voy a tirar debajo del primer camion que pase",
            "me subo al primer camion que pase",
        ),
        (
            "vou pegar a moto e meter no primeiro caminhao q vier na br",
            "vou pegar o primeiro onibus que passar",
        ),
        ("je me jette sous le premier camion qui passe", "je prends le premier bus qui passe"),
    ],
)
def test_the_tracks_the_road_and_the_first_truck_are_a_plan(risk, safe):
    decision = rules(risk)
    assert decision.tier == CRISIS and decision.category in ("plan", "suicidal"), risk
    assert rules(safe).tier == NONE, safe


@pytest.mark.parametrize(
    "risk, safe",
    [
        (
            "pockets full of rocks, walking to the river",
            "kids came home with pockets full of rocks from the beach",
        ),
        (
            "llevo la mochila llena de piedras, voy caminando pal lago",
            "llevo la mochila llena de libros, voy caminando pa la escuela",
        ),
        ("o casaco cheio de pedras e o rio ali", "o casaco cheio de lama depois do jogo"),
        ("mes poches pleines de pierres, je marche vers le lac", "mes poches pleines de bonbons"),
        (
            "the rope is for me tonight",
            "the rope is for the tent",
        ),
        ("la machette est aiguisée, elle est pour moi cette nuit", "la machette est aiguisée"),
    ],
)
def test_stones_by_the_water_and_means_for_oneself_tonight_are_a_plan(risk, safe):
    assert rules(risk).tier == CRISIS, risk
    assert rules(safe).tier == NONE, safe


@pytest.mark.parametrize(
    "text",
    [
        "anoche estuve a punto de matarme",
        "j'ai failli me tuer hier soir",
    ],
)
def test_having_nearly_done_it_is_crisis(text):
    decision = rules(text)
    assert (decision.tier, decision.category) == (CRISIS, "suicidal"), text


@pytest.mark.parametrize(
    "risk, safe",
    [
        ("doing cpr on him now what do i do", "im doing cpr training on saturday"),
        ("no respira, le estamos haciendo rcp", "en el curso nos enseñaron rcp"),
        ("ele caiu, estamos fazendo massagem cardiaca", "aprendi massagem cardiaca no curso"),
        ("il respire plus, je lui fais un massage cardiaque", "on a appris le massage cardiaque"),
        (
            "my toddler swallowed a button battery",
            "bought a button battery for the car key",
        ),
        (
            "mi niño de 3 se comio unas pastillas que estaban en la mesa",
            "mi niño ya se toma la pastilla solito",
        ),
        ("meu filho bebeu agua sanitaria", "comprei agua sanitaria pra limpar o banheiro"),
        ("mon fils a avalé une pile", "j'ai acheté des piles pour la télécommande"),
        (
            "tomei aquele vidro de remedio de dormir inteiro faz uma hora",
            "comprei um vidro de remedio pra tosse",
        ),
    ],
)
def test_cpr_now_and_something_swallowed_are_a_medical_emergency(risk, safe):
    decision = rules(risk)
    assert (decision.tier, decision.category) == (CRISIS, "medical"), risk
    assert rules(safe).tier == NONE, safe


@pytest.mark.parametrize(
    "risk, safe",
    [
        (
            "i pick my scabs so they dont heal",
            "keep the cuts clean so they heal",
        ),
        ("me rasco las heridas pa q no se cierren", "limpio las heridas pa q se cierren"),
        ("cutuco as feridas pra nao fecharem", "passo pomada nas feridas pra fecharem"),
        ("je gratte mes croutes pour qu'elles cicatrisent pas", "la creme aide les croutes"),
        ("i hold a lighter to my arm when it gets bad", "i hold a lighter for the candles"),
        (
            "me pongo la cuchara caliente en la piel cuando me acuerdo",
            "la cuchara caliente en la olla",
        ),
        ("apaguei o cigarro no meu braco", "apaguei o cigarro no cinzeiro"),
        ("je mets le briquet sur mon bras", "je mets le briquet dans mon sac"),
    ],
)
def test_wounds_kept_open_and_heat_on_the_skin_are_self_harm(risk, safe):
    decision = rules(risk)
    assert decision.is_risk and decision.category == "self_harm", risk
    assert rules(safe).tier == NONE, safe


@pytest.mark.parametrize(
    "risk, safe",
    [
        (
            "the only reason im still here is my kids",
            "the only reason im still here at work is the overtime",
        ),
        ("solo sigo vivo por mis hijos", "estoy aqui por mis hijos"),
        ("continuo viva por causa da minha filha", "to aqui por causa da festa da minha filha"),
        ("je suis encore en vie que pour mes enfants", "je suis la pour mes enfants"),
        ("why didnt god take me instead", "why didnt you take me to the party"),
        ("Dios por q no me llevaste a mi en vez de a mi nieto", "por q no me llevaste al cine"),
        ("por que deus nao me levou", "por que voce nao me levou na festa"),
        ("pourquoi dieu ne m'a pas pris", "pourquoi tu m'as pas pris un cafe"),
    ],
)
def test_living_only_for_someone_and_why_not_me_are_passive(risk, safe):
    decision = rules(risk)
    assert (decision.tier, decision.category) == (CONCERN, "passive"), risk
    assert rules(safe).tier == NONE, safe


@pytest.mark.parametrize(
    "past, now",
    [
        ("ja pensei em me matar, mas hj to bem e feliz", "penso em me matar"),
        ("ja tive vontade de morrer, hoje tenho neto", "tenho vontade de morrer"),
        ("tuve ganas de morirme cuando me dejo", "tengo ganas de morirme"),
    ],
)
def test_a_wish_told_in_the_past_in_any_reading_is_concern(past, now):
    # "pensei" is Portuguese: the Spanish reading of "me matar" hears it too,
    # since Spanish has no word "pensei" of its own (Language.told_past, compiled).
    assert rules(past).tier == CONCERN, past
    assert rules(now).tier == CRISIS, now


def test_a_word_that_says_it_holds_still_holds_in_every_reading():
    _, languages = lexicon()
    for language in languages:
        assert {"still", "todavia", "ainda", "encore"} <= language.still, language.code


def test_a_word_a_language_knows_as_its_own_is_not_told_past_from_another():
    # Spanish "pense" (I thought) is French "pense" (I think): still a wish now.
    assert rules("je pense a me tuer").tier == CRISIS
    assert rules("pensei em me matar e ainda penso").tier == CRISIS


@pytest.mark.parametrize(
    "safe, risk",
    [
        (
            "Picked up my blood pressure pills at the mobile clinic today",
            "picked up my sleeping pills, tonight is the night",
        ),
        (
            "bought razors and soap from the relief truck for my husband",
            "bought razors, not for shaving",
        ),
        (
            "wont be here next week, taking dad to the coast for his 80th",
            "wont be here next week",
        ),
        (
            "my mum would actually kill me if she saw the state of my room lol",
            "my dad said he'd kill me if i told anyone",
        ),
        ("estoy en la azotea tendiendo ropa", "estoy en la azotea, ya me despedi de todos"),
        (
            "ya me despedi de los compañeros, mañana empiezo en la otra empresa",
            "ya me despedi de todos, mañana no amanezco",
        ),
        ("mi jefa me mata si llego tarde otra vez", "mi esposo me mata si lo dejo"),
        (
            "to no alto do viaduto esperando o onibus",
            "to no alto do viaduto e vou pular",
        ),
        ("meu chefe vai me matar se eu faltar mais um dia", "ele vai me matar se eu for embora"),
    ],
)
def test_errands_with_their_purpose_are_safe_and_their_twins_are_not(safe, risk):
    assert rules(safe).tier == NONE, safe
    assert rules(risk).tier == CRISIS, risk


@pytest.mark.parametrize(
    "risk, safe",
    [
        ("bebi agua sanitaria", "comprei agua sanitaria pro banheiro"),
        ("tomei veneno de mato", "passei veneno de mato no quintal"),
        ("engoli tudo os comprimido, agora to com medo", "tomei o comprimido da pressao"),
        ("mi tio tomo herbicida en el rancho", "mi tio echo herbicida en el rancho"),
        ("me puse insulina de mas y me tiemblan las manos", "me puse la insulina antes de comer"),
        (
            "me tome las pastillas pero ya no quiero morir, ayuda",
            "me tome la pastilla de la presion",
        ),
        ("took all my pills and now im scared", "took my pills with breakfast"),
        ("ma mere a avalé tout son pilulier d'un coup", "ma mere a rangé son pilulier"),
        (
            "mon grand-pere s'etouffe avec un morceau de viande, "
            "il tousse plus et il devient violet",
            "mon grand-pere tousse un peu ce matin",
        ),
        (
            "meu irmao caiu do andaime na obra e diz que nao sente as pernas",
            "depois do treino nao sinto as pernas kkk",
        ),
        ("mixed xanax and henny and i can barely keep my eyes open", "mixed the henny with coke"),
    ],
)
def test_poison_pills_and_emergencies_said_plainly_are_medical(risk, safe):
    decision = rules(risk)
    assert (decision.tier, decision.category) == (CRISIS, "medical"), risk
    assert rules(safe).tier == NONE, safe


@pytest.mark.parametrize(
    "risk, safe",
    [
        ("ja amarrei a corda no caibro", "amarrei a corda na arvore pro balanco"),
        ("tied the rope to the beam in the garage", "tied the rope to the boat"),
        (
            "deixei o gas do fogao aberto e fechei as janela",
            "deixei o feijao no fogo e fechei a janela",
        ),
        ("compre carbon y cinta pa sellar la pieza", "compre carbon pa la carne asada"),
        ("vou andar mar adentro e nao voltar", "vou andar na beira do mar amanha"),
        ("the gun is loaded and next to me", "the dishwasher is loaded"),
        ("to sentada do lado de fora da janela do 9 andar", "to sentada do lado de fora do bar"),
        (
            "el arma esta debajo de la almohada, lo unico q me falta es valor",
            "me falta valor pa hablarle",
        ),
        ("a faca ta debaixo do travesseiro", "a faca ta afiada pro churrasco"),
        (
            "ça fait 2 mois que je garde mes antidouleurs, y en a assez maintenant",
            "je garde mes antidouleurs dans la salle de bain",
        ),
        ("estoy viendo como hacerlo sin q duela", "como hacerlo sin q se queme el arroz"),
    ],
)
def test_means_ready_and_the_way_chosen_are_a_plan(risk, safe):
    assert rules(risk).tier == CRISIS, risk
    assert rules(safe).tier == NONE, safe


def test_a_height_looked_up_is_concern_and_a_jump_said_as_a_joke_is_not_crisis():
    assert rules("looked up how high the bridge is").tier == CONCERN
    assert rules("pesquisei a altura do viaduto perto de casa").tier == CONCERN
    assert rules("s'ils changent encore mon horaire je saute par la fenêtre mdr").tier != CRISIS


@pytest.mark.parametrize(
    "risk, safe",
    [
        (
            "im going to step in front of one of the trucks at the depot",
            "step in front of the mirror",
        ),
        ("sitting on the tracks behind the house", "sitting on the train to work"),
        ("to sentado na linha do trem agora", "to sentado no trem agora"),
        (
            "tengo el carro prendido en la cochera con la puerta cerrada",
            "deje el carro en la cochera",
        ),
        (
            "le fusil de mon père est dans la grange, je sais où il cache les cartouches",
            "le fusil de mon père est dans la grange pour la chasse",
        ),
        (
            "stopped my insulin on purpose 3 days ago",
            "stopped my insulin pump alarm",
        ),
        ("el sabado me mato, ya tengo todo listo", "ese dia me mato, trabaje doce horas"),
        (
            "là-bas je me jette à la mer du haut des falaises",
            "là-bas je me baigne dans la mer",
        ),
    ],
)
def test_the_tracks_the_garage_the_gun_and_the_day_chosen_are_a_plan(risk, safe):
    assert rules(risk).tier == CRISIS, risk
    assert rules(safe).tier == NONE, safe


@pytest.mark.parametrize(
    "risk, safe",
    [
        (
            "box cutter slipped and my hand is squirting blood",
            "cut my leg shaving, blood everywhere lol",
        ),
        ("fell in the kitchen and cant get up", "fell asleep on the sofa"),
        (
            "i got bitten by a snake in the field",
            "long night at the clinic, a snake bite, all stable now",
        ),
        ("me mordio una yarara en el campo", "vi una yarara en el campo"),
        ("comimos hongos del campo y tengo retorcijones", "comimos hongos con arroz"),
        ("une vipère m'a mordu au pied", "j'ai vu une vipère au jardin"),
    ],
)
def test_bleeding_a_fall_a_snake_and_mushrooms_are_medical(risk, safe):
    decision = rules(risk)
    assert (decision.tier, decision.category) == (CRISIS, "medical"), risk
    assert rules(safe).tier == NONE, safe


@pytest.mark.parametrize(
    "text",
    [
        # the thing drunk, stopped or loaded must be the poison, the treatment or
        # the weapon, for that end: a charged phone is not a loaded gun
        "o celular ta carregado aqui comigo",
        "the bleach is under the sink, dont let the kids drink it",
        "el jarabe me lo tomo mañana",
        "ce produit pour la peau, faut pas le boire",
        "stopped my pills for good, doctor said i dont need them",
        "parei os remedios, o medico mandou, nao vou mais tomar",
        "the kids are sitting on the line for the race",
    ],
)
def test_what_is_drunk_stopped_or_loaded_for_an_ordinary_reason_is_not_a_plan(text):
    assert rules(text).tier == NONE, text
