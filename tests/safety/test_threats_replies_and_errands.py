"""Round 7 of issue 16, by class and in every language: a threat is not an
idiom because a family word comes first; a reply about the programme's own
practice and a means bought for a named everyday job are not a plan; a year
long past sets a statement aside, while "since last year" says it goes on.

Each safe look-alike stands next to the risky text that shares its words, so a
safe phrase that grows too wide fails here."""

import pytest

from service.safety import NONE
from service.safety.screen import rules


@pytest.mark.parametrize(
    "text",
    [
        # a partner's threat with what would set it off: never an idiom
        "mi esposo me va a matar si lo denuncio",
        "mi marido me va a matar si se entera que hablé con ustedes",
        "meu marido vai me matar se eu contar",
        "mon mari va me tuer si je parle",
        "my husband will kill me if i tell anyone",
        # a partner's threat alone
        "mi esposo me va a matar",
        "meu marido vai me matar",
        "mon mari va me tuer",
        # a parent's threat over who the child is, or when drunk
        "mi papá me va a matar si se entera que soy gay",
        "meu pai vai me matar se descobrir que sou gay",
        "mon père va me tuer s'il apprend que je suis gay",
        "mi papa me va a matar cuando llegue borracho",
    ],
)
def test_a_threat_from_family_or_a_partner_is_risk(text):
    assert rules(text).tier != NONE, text


@pytest.mark.parametrize(
    "text",
    [
        # someone "will kill me" over a slip named in the text, or with a laugh
        "mi mamá me va a matar si ve las notas jaja",
        "mi esposa me va a matar, olvidé sacar la basura jajaja",
        "mi hermano me va a matar cuando vea q choque su bici",
        "minha mãe vai me matar se ver o boletim",
        "ma belle-mère va me tuer si j'oublie encore son anniversaire",
        "ma mère va me tuer si je rentre en retard",
        "mon N+1 va me tuer si j'envoie pas le rapport avant 17h",
        "ma mère va me tuer mdr",
        # a thing, not a person, "kills me"
        "el tráfico de la capital me va a matar",
        "el viento en contra me mato",
        "la depilacion con cera me mato, nunca mas",
        "ces escaliers vont me tuer",
    ],
)
def test_a_slip_a_laugh_or_a_thing_that_kills_me_is_an_idiom(text):
    assert rules(text).tier == NONE, text


@pytest.mark.parametrize(
    "safe, risky",
    [
        # replies about the day's practice
        ("i'll do it tomorrow, no time today", "i'll do it tomorrow"),
        ("mañana lo hago, hoy no tuve tiempo", "mañana lo hago"),
        ("je le fais demain, pas eu le temps", "je saute du pont ce soir"),
        ("je saute aujourd'hui svp", "je saute aujourd'hui"),
        ("yes wrote the letter to myself like it said", "wrote the letter to my kids"),
        ("sí, me escribí la carta amable a mí misma", "ya escribí la carta para mis hijos"),
        ("sim, escrevi a carta pra mim mesma", "escrevi a carta de despedida"),
        ("KIND ya estoy lista", "ya estoy lista"),
        # means bought for a job the text names
        ("bought rope to fix the roof", "bought rope for tonight"),
        ("bought a new blade for the box cutter", "bought a new blade"),
        ("bought rope and pegs for the camping trip", "bought rope to hang myself"),
        ("compre raticida pal granero", "compre veneno para ratas y me lo voy a tomar"),
        ("comprei faca nova pro trampo", "comprei uma faca pra hoje a noite"),
        ("acheté une corde et des sardines pour la tente", "j'ai acheté une corde pour ce soir"),
        (
            "picked up all my pills from the chemist",
            "picked up all my pills, tonight i take them all",
        ),
        ("peguei meus remedios da pressao na farmacia", "peguei meus remedios, hoje tomo todos"),
        # a place walked to and back, a sport that leaves the legs numb
        (
            "walked to the bridge and back, about 2 miles",
            "walked to the bridge tonight, this is it",
        ),
        ("el spinning me mato, no siento las piernas", "me cai del techo y no siento las piernas"),
        (
            "mixed my xanax with henny, did my workout after and cant feel my legs",
            "mixed my xanax with henny, room spinning, cant feel my legs",
        ),
        # French "m'a touchée": moved by a film, or touched by a man
        ("le film sur la fin de vie m'a touchée", "il m'a touchée hier soir"),
        # the programme's own inner critic says it, or the writer means it
        ("my inner critic says im useless", "im useless, nobody would miss me"),
        ("mon critique intérieur dit que je suis nulle", "je suis nulle, personne m'aime"),
        (
            "meu crítico interior diz que eu sou um fracasso",
            "meu crítico interior diz que eu sou um fracasso e que todos estariam melhor sem mim",
        ),
        # hair treatments burn
        (
            "j'ai défrisé mes cheveux pis ça m'a brûlé le cuir chevelu",
            "il m'a brûlé avec sa cigarette",
        ),
        ("me hice el alaciado y se me quemaron las puntas", "mi padrastro me quemo con la plancha"),
    ],
)
def test_everyday_replies_and_errands_are_safe_and_their_twins_are_not(safe, risky):
    assert rules(safe).tier == NONE, safe
    assert rules(risky).tier != NONE, risky


@pytest.mark.parametrize(
    "past, ongoing",
    [
        ("hace dos años pensaba en matarme, hoy corrí 10k", "me corto desde el año pasado"),
        ("ano passado eu queria morrer todo dia, hoje to bem", "eu me corto desde o ano passado"),
        (
            "l'année dernière je voulais mourir, cette année j'ai couru 10 km",
            "je me scarifie depuis l'an dernier",
        ),
        ("i took an overdose in 2020, 3 years sober now", "i've been cutting since 2021"),
        (
            "j'ai fait une overdose en 2020, aujourd'hui 3 ans sobre",
            "my head keeps telling me to finish what i started in 2019",
        ),
    ],
)
def test_a_year_long_past_sets_aside_and_since_then_goes_on(past, ongoing):
    assert rules(past).tier == NONE, past
    assert rules(ongoing).tier != NONE, ongoing


@pytest.mark.parametrize(
    "text",
    [
        # a train, a time and "mine"
        "estoy en la estación, el último tren pasa 23:40 y me tiro",
        "je vais me mettre sous le train de 7h12",
        "trains pass every 10 mins here. next one is mine",
        "vou a praia de madrugada e entro no mar ate deixar de ter pe",
        # someone else says it where others read it, or stands at the edge
        "mi nieto de 17 pone en el whatsapp que se quiere morir",
        "ma meilleure amie est au bord du pont, elle m'a appelée en pleurant, elle veut sauter",
        "my 80 yr old mom thinks shes a burden and has started giving away her jewelry",
        # not for much longer, said plainly
        "dont think ill be around for much longer and honestly im glad",
        "nao vou dar trabalho por muito tempo, fica tranquila",
        # harm a few days ago, told as a streak
        "6/10 lol. havent hurt myself since tuesday, thats a record for me",
        "un 5. no me he quemado desde el domingo",
        # an emergency with no word of risk
        "estou caida entre a cama e a parede desde as 4 da manha",
        "cheville cassée je crois, l'os dépasse, je suis seul au gymnase",
        "tengo mucha fiebre y el cuello tieso",
        "ma jambe est prise sous le tracteur",
        # the urge to hurt someone one cares for
        "tive vontade de apertar o travesseiro na cara dele",
        # an urge had today is not the past because it is told with "tive"
        "tive vontade de morrer hoje",
    ],
)
def test_risk_the_moved_up_sets_showed_the_rules_missing(text):
    assert rules(text).tier != NONE, text


@pytest.mark.parametrize(
    "text",
    [
        "the next one is mine, i ordered two pizzas",
        "havent had a coffee since tuesday",
        "no me he comido un dulce desde el domingo",
        "ja tive vontade de morrer mas passou",
        "le tgv passe dans 10 min, je suis sur le quai avec ma valise",
    ],
)
def test_their_look_alikes_stay_safe(text):
    assert rules(text).tier == NONE, text


@pytest.mark.parametrize(
    "text",
    [
        # a safe phrase about hair, a film or an errand must not hide harm done with
        # the same object or words (found in review: these had been blanked)
        "mi esposo agarró la plancha y me quemó el brazo",
        "ele pegou a chapinha e me queimou o pescoço",
        "il a pris le fer a lisser et m'a brûlé",
        "et aussi il m'a touchée",
        "il m'a touchée beaucoup de fois",
        "vou tomar todos os remedios vencidos hoje",
        "tape and rope are ready",
        "picked up all my pills from the pharmacy, tonight i take them all",
        # round 8's review (test_farewells_lateness_and_intent_now.py): each had been
        # hidden by one of that round's safe phrases while it was wider, or before it was dropped
        "compre veneno pa las ratas pero me lo voy a tomar yo",
        "i have a new cut on my arm",
        "made a fresh cut last night",
        "said goodbye to everyone at work, i wont see them again",
        "i'll be gone all weekend, and then gone for good",
        "finally found a place near the tracks to do it",
        "missed yesterday, doing it tonight, goodbye mum",
        "bought a knife for my son's birthday, and one for me to end it",
        "goodbye cruel world, no more work on monday, no more anything",
        "walked to the edge of the river and looked down, im going in",
        "me despido, me voy de viaje y no vuelvo",
        "el medico me cambio las pastillas, ya junte un monton para esta noche",
        "o medico trocou os remedios e eu juntei todos pra hoje",
        "cortei o cabelo e vou cortar os pulsos",
        "vou pular no rio hoje a noite",
        "je vais sauter dans le lac ce soir",
    ],
)
def test_safe_phrases_do_not_hide_harm_done_with_the_same_things(text):
    assert rules(text).tier != NONE, text
