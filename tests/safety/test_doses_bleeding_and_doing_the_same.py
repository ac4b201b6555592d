"""Round 9 of issue 16, by class and in every language: asking whether a dose
or a height is enough, gathering the medicines, blood through a dressing, a
"mistake" with pills, doing what someone else did, understated wishes, a child
touched or asked for pictures, Haitian and Antillean Creole, Wolof and
Lingala inside French texts; and the look-alikes (a will at the notary's,
funeral wishes, a last text from an old number, a debate on the radio) next to
the risky texts that share their words."""

import pytest

from service.safety import CONCERN, CRISIS, NONE
from service.safety.normalise import join_spaced
from service.safety.screen import rules


@pytest.mark.parametrize(
    "text",
    [
        # whether a dose or a height is enough
        "if i take the whole box would it work",
        "how high does the bridge have to be to make sure",
        "si me tomo todas las de mi abuela alcanza?",
        "de que altura hay que tirarse para no fallar",
        "se eu tomar a cartela toda resolve?",
        "qual altura precisa pra nao sobreviver",
        "si j'en avale toute la boite ça suffit ?",
        "quelle hauteur faut il pour ne pas rater son coup, pour pas rater",
        # the medicines gathered
        "emptied mums medicine cabinet into my rucksack",
        "esvaziei a caixa de remedios da casa toda",
        "j'ai vidé la boite à pharmacie",
        # a poison and the drinking of it, misspelt
        "g acheté du poizon, je le bois ce soir",
    ],
)
def test_asking_whether_it_is_enough_and_gathering_the_means_are_a_plan(text):
    assert rules(text).tier == CRISIS, text


@pytest.mark.parametrize(
    "text",
    [
        "the blood is soaking through the bandage now",
        "la sangre ya empapo la gasa y sigue",
        "o sangue passou o curativo e a toalha",
        "le sang a traversé la compresse",
        "did something stupid with my dads tablets",
        "hice una estupidez con mis pastillas",
        "fiz uma asneira com os comprimidos da minha mae",
        "j'ai fait une connerie avec mes cachets",
        "gave myself my insulin twice by mistake, shaking",
        "me inyecte la insulina dos veces",
        "tomei a insulina duas vezes",
        "j'ai fait mon insuline deux fois",
    ],
)
def test_blood_through_a_dressing_and_a_mistake_with_medicines_are_emergencies(text):
    decision = rules(text)
    assert (decision.tier, decision.category) == (CRISIS, "medical"), text


@pytest.mark.parametrize(
    "text",
    [
        "my uncle took his own life in june and i'm going to do the same",
        "mi hermano se quito la vida, yo tambien voy a hacer lo mismo",
        "o meu amigo enforcou-se, eu vou fazer o mesmo",
        "ma cousine s'est suicidée, moi aussi je vais faire pareil",
    ],
)
def test_doing_what_someone_else_did_is_crisis_whatever_the_past(text):
    assert rules(text).tier == CRISIS, text


@pytest.mark.parametrize(
    "text",
    [
        "honestly id be better off six feet under",
        "estaria mejor tres metros bajo tierra",
        "eu ficava melhor debaixo da terra",
        "je serais mieux six pieds sous terre",
        "with the insurance im worth more dead",
        "valho mais morta do que viva",
        "je vaux plus morte que vivante",
        "god must have forgotten to take me",
        "diosito se olvido de llevarme",
        "le bon dieu m'a oubliée",
        "soon i wont be a burden to you all",
        "ya mero dejo de ser una carga para mis hijos",
        "falta pouco e eu paro de dar despesa",
        "bientôt je vous dérangerai plus, promis",
        "no creo que llegue a navidad",
        "ne m'inscrivez pas, je serai sûrement plus là en juin",
    ],
)
def test_understated_wishes_not_to_be_here_are_read(text):
    assert rules(text).tier in (CONCERN, CRISIS), text


@pytest.mark.parametrize(
    "text",
    [
        "my stepdad touches my little sister when mum is at work",
        "a grown man on snapchat keeps asking my daughter for pics of herself",
        "el vecino la toca cuando la cuido yo no estoy",
        "un señor le pide fotos a mi hija de 12",
        "o padrasto mexe com a minha irma de 10 anos",
        "um homem pede fotos pra minha sobrinha no instagram",
        "le voisin la touche quand elle va chercher le pain",
        "un adulte demande des photos à mon fils de 11 ans",
    ],
)
def test_a_child_touched_or_asked_for_pictures_is_crisis(text):
    assert rules(text).tier == CRISIS, text


@pytest.mark.parametrize(
    "text",
    [
        "m vle mouri, m pa kapab ankò",
        "m pral touye tèt mwen aswè a",
        "m gen tout grenn yo la, m pral bwè yo tout",
        "pa chache m, m ale",
        "dama bëgg dee",
        "nalingi kokufa",
    ],
)
def test_creole_wolof_and_lingala_in_french_texts_are_read(text):
    assert rules(text).tier == CRISIS, text


@pytest.mark.parametrize(
    "safe, risky",
    [
        # a will made with a solicitor or a notary
        (
            "signed our wills with the solicitor this morning, boring but done",
            "signed my will with the solicitor this morning, tonight i end it",
        ),
        (
            "firmamos el testamento ante el notario, tramite hecho",
            "firme el testamento con el notario, esta noche me mato",
        ),
        (
            "assinamos o testamento no cartorio hoje",
            "fiz o testamento no cartorio, hoje eu me mato",
        ),
        (
            "rendez-vous chez le notaire pour le testament, c'est fait",
            "chez le notaire pour le testament, ce soir je me tue",
        ),
        # funeral wishes
        (
            "when i die i want a brass band and everyone in fancy dress",
            "when i die i want a brass band. i have the pills ready",
        ),
        (
            "cuando me muera quiero mariachis toda la noche jaja",
            "cuando me muera quiero mariachis. ya tengo las pastillas",
        ),
        (
            "quando eu morrer quero samba no velorio kkk",
            "quando eu morrer quero samba no velorio. ja tenho os comprimidos",
        ),
        (
            "quand je serai morte je veux du zouk à l'enterrement",
            "quand je serai morte je veux du zouk. ce soir je le fais",
        ),
        # a last text from an old number
        (
            "last text from this number, new sim tomorrow",
            "last text from this number, new sim tomorrow. goodbye everyone",
        ),
        (
            "dernier message avec ce numéro, je change de puce",
            "dernier message avec ce numéro, je change de puce, adieu à tous",
        ),
        # medicines for a trip
        (
            "got 3 months of my tablets for the trip",
            "got 3 months of my tablets for the trip, going to take them all tonight",
        ),
        # talk about a subject
        (
            "ils ont parlé du suicide chez les jeunes à la radio",
            "ils ont parlé du suicide à la radio et moi je veux me suicider",
        ),
        (
            "vimos uma peça de teatro sobre violencia domestica na escola",
            "vimos uma peça sobre violencia domestica e o meu marido bate-me",
        ),
        # rope for the washing line, a hair dye that burns
        ("comprei corda pro varal", "comprei corda pro varal mas vou me enforcar"),
        (
            "a tinta do cabelo queimou um pouco",
            "a tinta do cabelo queimou, vou me matar hoje",
        ),
        # hanging on someone's neck is a hug
        (
            "je vais me pendre au cou de ma soeur à l'aéroport",
            "je vais me pendre au cou, avec la corde",
        ),
        # a past told as over, and the same past with harm now
        (
            "il y a 3 ans j'ai fait une tentative, aujourd'hui je suis maman",
            "il y a 3 ans j'ai fait une tentative et ce soir je recommence",
        ),
        ("y a 2 ans je me coupais", "y a 2 ans je me coupais, maintenant je me coupe encore"),
        (
            "l'an passé je pensais au suicide, asteur ça va mieux",
            "l'an passé je pensais au suicide, et ce soir je veux en finir",
        ),
        ("j'ai arrêté de me couper", "j'ai arrêté de me couper mais hier j'ai recommencé"),
        ("1 an sans automutilation", "1 an sans automutilation mais ce soir je vais me couper"),
        ("deixei de me cortar", "deixei de me cortar mas ontem cortei de novo"),
        ("deje de cortarme", "deje de cortarme pero anoche me corte otra vez"),
        # a belief told as over: "i used to think that ..."
        (
            "eu achava que minha familia ficava melhor sem mim, hoje nao",
            "eu achava que ia melhorar mas minha familia ficava melhor sem mim",
        ),
        (
            "pensaba que todos estarian mejor sin mi, ya no",
            "pensaba que iba a pasar pero todos estarian mejor sin mi",
        ),
    ],
)
def test_look_alikes_are_safe_and_their_twins_are_not(safe, risky):
    assert rules(safe).tier == NONE, safe
    assert rules(risky).tier != NONE, risky


def test_a_number_after_single_letters_is_a_number():
    # "il y a 3 ans" had been read as the letters "y a e" ("yae"), which hid the past.
    leet = str.maketrans({"1": "i", "3": "e"})
    assert [w for w, _, joined in join_spaced("il y a 3 ans".split(), leet) if joined] == []
    assert [w for w, _, joined in join_spaced("k 1 l l me".split(), leet) if joined] == ["kill"]
    assert [w for w, _, joined in join_spaced("d 1 e now".split(), leet) if joined] == ["die"]


def test_a_negation_inside_the_match_reads_the_languages_words():
    # The words are normalised as the text is: "commit" in code had never met the
    # text's "comit", so "i will never commit suicide" was crisis until round 9.
    assert rules("i will never commit suicide").tier == NONE
    assert rules("i will commit suicide").tier == CRISIS
    assert rules("i will never shoot myself").tier == NONE
    assert rules("i will shoot myself").tier == CRISIS


@pytest.mark.parametrize(
    "text, tier",
    [
        # left undone in round 8: food kept from someone, a walk "to my death"
        ("mi hijo me va a matar de hambre, no me deja comer", CONCERN),
        ("o meu marido nao me deixa comer", CONCERN),
        ("il me laisse pas manger depuis hier", CONCERN),
        ("i'm going to walk over the bridge to my death", CRISIS),
        ("je vais marcher vers ma mort ce soir", CRISIS),
    ],
)
def test_food_kept_from_someone_and_a_walk_to_ones_death_are_read(text, tier):
    assert rules(text).tier == tier, text


@pytest.mark.parametrize(
    "text",
    [
        # found by reviewing this round's own rules: their everyday twins
        "its going through the towels in the wash",
        "he jumped the queue at the bakery, ill be next",
        "se tiro a la piscina, voy a hacer lo mismo",
        "i'm going to take this secret to my grave",
        "me lo voy a llevar a la tumba",
        "el bebe no me deja comer en paz",
        "o bebe nao me deixa comer em paz",
        "vou atacar eles no jogo hoje",
        "walked over the bridge to my mums for tea",
    ],
)
def test_this_rounds_rules_leave_their_everyday_twins_alone(text):
    assert rules(text).tier == NONE, text
