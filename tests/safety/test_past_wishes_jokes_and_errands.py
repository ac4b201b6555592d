"""Round 12 of issue 16, by class and in every language: a wish told in the past
tense ("wanted to die", "queria morirme", "je voulais mourir") is concern, not
crisis, unless a word says it holds still; a threat against oneself over a
trifle, with a condition before it and a laugh beside it ("si pierde el
america me tiro al rio jajaja"), is lowered like any hyperbole; and neither
ever reaches none. Errands with their purpose (blades for a razor, rope to
tie a load, poison for the rats, a bridge crossed on the way with the time
one arrives, a goodbye because the number changes, pain or a building site
that "will kill me", dying at the 30th km) are safe, each next to its twin.
And the risk the moved-up sets showed: a hose for the exhaust, a count of
pills asked for, pills put aside, a truck hoped for on the road at night,
chemicals in the eyes, being beaten for being new, food earned by going
without."""

import pytest

from service.safety import CONCERN, CRISIS, NONE
from service.safety.screen import rules


@pytest.mark.parametrize(
    "past, now",
    [
        ("i wanted to die last year", "i want to die"),
        ("last winter i wanted to kill myself", "i wanted to kill myself and i still do"),
        ("el año pasado queria morirme todos los dias", "todavia queria morirme hoy"),
        ("pensaba en matarme cuando me echaron", "pienso en matarme"),
        ("ja pensei em me matar, hoje to bem", "ainda penso em me matar"),
        ("je voulais me tuer après la rupture", "je veux me tuer"),
        ("remember when i wanted to end it? not anymore", "i want to end it"),
    ],
)
def test_a_wish_told_in_the_past_tense_is_concern_and_one_now_is_crisis(past, now):
    # Lowered, never erased (words/README.md, "Suppressors lower"): a counsellor
    # still reads it today.
    assert rules(past).tier == CONCERN, past
    assert rules(now).tier == CRISIS, now


@pytest.mark.parametrize(
    "text",
    [
        # a noun, not a verb: the thought is here now
        "the thought of killing myself is the only thing that calms me",
        # a farewell or a plan told in the past tense is not a wish
        "gave away my guitar today. felt lighter. last thing left to go is me",
        "it was nice knowing everyone. gn forever",
        # "was" is not a wish told in the past
        "i wish i was dead, every single day",
        # Portuguese "queria" is a wish now ("I'd like to")
        "queria morrer, sério",
    ],
)
def test_what_only_looks_told_in_the_past_stays_crisis(text):
    assert rules(text).tier == CRISIS, text


@pytest.mark.parametrize(
    "joke, real",
    [
        (
            "weon si pierde el equipo otra vez me tiro al rio jajaja",
            "si me deja otra vez me tiro al rio",
        ),
        (
            "if i have to watch one more episode of paw patrol im gonna walk into the sea 😂",
            "im gonna walk into the sea tonight 😂",
        ),
        (
            "si ma belle-mere revient encore ce weekend je me jette dans le lac mdr",
            "je me jette dans le lac ce soir",
        ),
        (
            "se a professora passar mais um trabalho eu me jogo da janela kkkk",
            "eu me jogo da janela hoje",
        ),
    ],
)
def test_a_threat_to_oneself_over_a_trifle_with_a_laugh_is_lowered_never_cleared(joke, real):
    # The condition and the laugh together lower it to concern; without both it
    # stays crisis. Laughter alone never lowers a plan or an act (round 12
    # measured it: real crises said with "lol" outnumbered the jokes it cleared).
    assert rules(joke).tier == CONCERN, joke
    assert rules(real).tier == CRISIS, real
    assert rules("took 30 of my mums pills lol").tier == CRISIS


@pytest.mark.parametrize(
    "look_alike, risk",
    [
        ("got new blades for my dads old safety razor", "got new blades. tonight is the night"),
        (
            "g acheté des lames neuves pour le rasoir de mon père",
            "j'ai acheté des lames, ce soir je le fais",
        ),
        (
            "acheté une corde et des sangles pour arrimer le bois sur la remorque",
            "j'ai acheté une corde pour me pendre",
        ),
        (
            "comprei corda nova pra amarrar a lona do caminhao",
            "comprei corda pra me enforcar",
        ),
        (
            "comprei chumbinho pros rato do paiol, ta infestado",
            "comprei chumbinho pra tomar hoje",
        ),
        (
            "bought rat poison for the grain store, they chewed two sacks",
            "bought rat poison, its for me, tonight",
        ),
        ("im on the bridge now, be there in 10", "im on the bridge now. goodbye"),
        (
            "je suis sur le pont là, j'arrive dans 10 min",
            "je suis sur le pont, je vais sauter",
        ),
        (
            "au revoir à tous, je change de numéro demain",
            "au revoir à tous, je vais me tuer",
        ),
        ("la factura de la luz me mato, ni hablar", "me voy a matar esta noche"),
        ("essa dor nas costas vai me matar", "vou me matar hoje"),
        ("ce chantier va me tuer, 10h sous la flotte", "je vais me tuer ce soir"),
        ("no llegue hoy, mañana lo hago", "ya lo decidi, mañana lo hago"),
        ("nao quero morrer nao, quero viver! obg", "quero morrer hoje"),
    ],
)
def test_each_errand_is_safe_and_its_twin_is_risk(look_alike, risk):
    assert rules(look_alike).tier == NONE, look_alike
    assert rules(risk).tier == CRISIS, risk


@pytest.mark.parametrize(
    "text",
    [
        "marathon de Bruxelles dimanche, je vais mourir au 30e km",
        "gonna die at mile 20 of this marathon",
        "me voy a morir en el km 30",
        "on a fait le testament chez le notaire avec mon mari",
        "paying for what i ate at the restaurant, it was 40 bucks",
        "he beat me at cards again",
    ],
)
def test_distances_wills_and_bills_are_safe(text):
    assert rules(text).tier == NONE, text


@pytest.mark.parametrize(
    "text, tier",
    [
        ("bought a length of hose for the exhaust today", CRISIS),
        ("how many of the blue ones wd it take", CRISIS),
        ("g stocké mes anti depresseurs depuis un mois, c pour samedi", CRISIS),
        ("voy a cruzar la ruta caminando de noche sin luces, que me levante un camion", CRISIS),
        ("ojala me atropelle un camion", CONCERN),
        ("caiu soda caustica no meu olho, nao to enxergando", CRISIS),
        ("the other deckies beat me because im new", CONCERN),
        ("i make up for what i ate by skipping meals", CONCERN),
        ("cada kilo q bajo me lo gano", CONCERN),
        ("tenho que me castigar pelo que comi", CONCERN),
        ("je merite pas de manger", CONCERN),
    ],
)
def test_risk_the_rules_did_not_read(text, tier):
    assert rules(text).tier == tier, text
