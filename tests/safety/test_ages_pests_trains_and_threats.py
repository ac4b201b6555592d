"""Round 10 of issue 16, by class and in every language: a past told with an
age or with another language's marker, "still here" that is not a relapse,
poison for pests, medicines fetched from the pharmacy; and the risk the rules
did not read (a threat to spread someone's pictures, a train or a bath with a
blade, a crush or heavy bleeding, bones broken by someone, being locked in,
going after someone with a weapon), each next to its look-alike."""

import pytest

from service.safety import CONCERN, CRISIS, NONE
from service.safety.screen import rules


@pytest.mark.parametrize(
    "past, now",
    [
        # A Portuguese "aos 17" sets aside the Spanish reading of the same words too.
        (
            "aos 17 tentei me matar. hoje tenho 40 e dois filhos",
            "aos 17 tentei me matar e hoje quero tentar de novo",
        ),
        (
            "quando eu tinha 15 anos tentei me matar, hoje sou mae",
            "tenho 15 anos e quero me matar",
        ),
        (
            "a los 17 intente matarme. hoy tengo 40 y dos hijos",
            "a los 17 intente matarme y hoy quiero hacerlo otra vez",
        ),
        (
            "hace 10 anios intente matarme, gracias a dios sigo aqui",
            "hace 10 años intenté matarme y sigo queriendo hacerlo",
        ),
        (
            "à 17 ans j'ai essayé de me tuer. aujourd'hui j'ai 40 ans et deux enfants",
            "à 17 ans j'ai essayé de me tuer et ce soir je recommence",
        ),
        (
            "at age 17 i tried to kill myself. now im 40",
            "at 17 i tried to kill myself and now im trying again",
        ),
        (
            "10 yrs ago i tried to end it, glad i didnt, today i went fishing",
            "10 yrs ago i tried to end it and tonight i will finish it",
        ),
    ],
)
def test_a_past_told_with_an_age_is_set_aside_and_a_return_is_not(past, now):
    assert rules(past).tier == NONE, past
    assert rules(now).tier == CRISIS, now


@pytest.mark.parametrize(
    "text",
    [
        # an age is the writer's age now when no verb puts it in the past
        "a mis 74 años ya no quiero seguir, voy a terminar con esto",
        "j'ai écrit mon testament ce soir à 34 ans et j'ai confié le chien à la voisine",
        "est-ce que c'est normal de vouloir se suicider quand on a 15 ans",
        "i'm 17 and i want to die",
    ],
)
def test_an_age_alone_does_not_put_a_wish_in_the_past(text):
    assert rules(text).tier != NONE, text


@pytest.mark.parametrize(
    "safe, risky",
    [
        # poison for pests, with where they are
        (
            "compre veneno para las ratas del corral",
            "compre veneno para ratas, esta noche me lo tomo",
        ),
        (
            "comprei veneno de rato pro paiol, ta cheio de rato",
            "comprei veneno de rato, vou tomar hoje",
        ),
        (
            "j'ai acheté le poison pour les rats du grenier",
            "j'ai acheté de la mort aux rats, ce soir je la bois",
        ),
        # medicines fetched from the pharmacy
        (
            "picked up my grandpas pills from the pharmacy after school",
            "picked up my pills from the pharmacy, gonna take them all tonight",
        ),
        (
            "fui a la farmacia por las pastillas de mi abuelo, ahora toma 6 al dia",
            "fui a la farmacia por las pastillas, esta noche me las tomo todas",
        ),
        (
            "passei na farmácia pra pegar os remédios da minha mãe, agora são 3 caixas",
            "passei na farmácia pra pegar os remédios, hoje à noite tomo todos",
        ),
        ("agora tomo todas as vitaminas no horário", "hoje tomo todos os remédios de uma vez"),
        # sport, shaving, piercing, the bus, a trip
        (
            "coach made us do suicides for 20 min bc someone was late",
            "thinking about suicide every day after practice",
        ),
        (
            "bought new razor blades for my dad, he still shaves",
            "bought new razor blades, tonight im done",
        ),
        ("doing my brows with a razor tonight, pray for me", "razor blade in my hand tonight"),
        (
            "hice 60 km en bici repartiendo hoy, no siento las piernas",
            "me caí de la moto y no siento las piernas",
        ),
        ("vou pular do ônibus na próxima e andar o resto", "vou pular da ponte na próxima"),
        (
            "n vou estar aqui semana q vem, vou pra luanda visitar a família",
            "n vou estar aqui semana q vem, já decidi",
        ),
        (
            "bus leaves at 8, ill be on the road by 9",
            "the last bus passes at 10:15 and ill be on the road",
        ),
        # idioms of shame and of chillies
        (
            "j'ai trébuché devant mon crush, je veux mourir de honte",
            "je veux mourir, tout le monde me déteste",
        ),
        ("ese chile habanero me mato de lo picante", "me mato esta noche"),
        ("ce piment là va me tuer", "je vais me tuer ce soir"),
        # one's own pictures posted, and someone else's threat to post them
        ("im gonna post my pics from vegas tonight", "he said hes going to post my nudes"),
        ("on va poster nos photos de vacances", "il va poster mes photos sur insta si je paye pas"),
        # a call cut off, a finger nearly cut off (the idiom had blanked both)
        ("the call got cut off, ring me back", "my finger is nearly cut off"),
        ("i got cut off from my family", "he cut off my allowance, says if i leave i get nothing"),
        # a machine that falls on a thing, not on a person
        ("the car fell on my phone", "the tractor rolled on my brother he is trapped"),
        ("se cayo encima de mi celular", "el tractor se volteo encima de mi hermano"),
    ],
)
def test_look_alikes_are_safe_and_their_twins_are_not(safe, risky):
    assert rules(safe).tier == NONE, safe
    assert rules(risky).tier != NONE, risky


@pytest.mark.parametrize(
    "text",
    [
        "mi nuh waan dead again mi waan live, di medicine a work",
        "calma, n quero me matar, só tô cansada do trampo",
        "1 an aujourd'hui sans me couper, fière de moi",
        "je me coupe plus depuis des années",
        "pensava em me matar quando perdi a terra. nao mais. to bem agora",
    ],
)
def test_negations_and_pasts_in_texting_words_set_a_wish_aside(text):
    assert rules(text).tier == NONE, text


@pytest.mark.parametrize(
    "text, category",
    [
        # a threat to spread someone's pictures
        ("he is sending my pics to my whole school unless i send more", "harm_from_others"),
        ("ele vai espalhar minhas fotos se eu nao mandar mais", "harm_from_others"),
        ("il va envoyer mes photos si je lui en envoie pas d'autres", "harm_from_others"),
        # a train, a bath with a blade, a place and no coming back
        ("cuando llegue el tren me aviento", "plan"),
        ("quando o trem passar eu pulo", "plan"),
        ("quand le train arrive je saute", "plan"),
        ("i'm in the bath with a razor", "plan"),
        ("estoy en la bañera con el cuchillo de la cocina", "plan"),
        ("to na banheira com a gilete", "plan"),
        ("je suis dans la baignoire avec une lame", "plan"),
        ("vou de bike até a represa depois do treino e não vou voltar", "plan"),
        # crushed, bleeding
        ("the tractor rolled on my brother he is trapped", "medical"),
        ("o trator virou em cima do meu irmao, ele ta preso e gritando", "medical"),
        ("le tracteur s'est renversé sur mon frère", "medical"),
        ("ma femme perd beaucoup de sang, elle est enceinte", "medical"),
        ("minha mulher ta perdendo muito sangue", "medical"),
        # bones broken by someone, being locked in
        ("dijo que me mata, ya me quebro la costilla", "harm_from_others"),
        ("ele me quebrou o braço ontem", "harm_from_others"),
        ("il m'a cassé le bras hier soir", "harm_from_others"),
        ("the boss locked us in the bunkhouse", "harm_from_others"),
        ("nos encerro el patron en la bodega", "harm_from_others"),
        ("o patrão trancou a gente no alojamento", "harm_from_others"),
        # the wish and the fear, said in French
        ("c'est gâté pour moi, je vais finir avec ma vie aujourd'hui", "suicidal"),
        ("j'ai peur de moi ce soir. vraiment peur", "suicidal"),
        ("scared of what i might do tonight", "suicidal"),
        # going after someone with a weapon
        ("ando pensando en ir a buscar con el machete al que me robo el terreno", "other"),
        ("vou atras do sujeito que mudou a cerca com a peixeira", "other"),
        ("je vais aller le chercher avec la machette", "other"),
        ("going after him with my bat tonight", "other"),
    ],
)
def test_this_rounds_risk_is_crisis(text, category):
    decision = rules(text)
    assert (decision.tier, decision.category) == (CRISIS, category), text


@pytest.mark.parametrize(
    "text",
    [
        "cortei por cima das cicatrizes antigas hj",
        "me corte encima de las cicatrices viejas",
        "j'ai recoupé sur mes anciennes cicatrices",
        "cut over my old scars last night",
        "je me coupe plus depuis 6 mois. ce soir j'ai sorti la boîte de lames et je la regarde",
    ],
)
def test_cutting_over_old_scars_and_blades_taken_out_are_read(text):
    assert rules(text).tier in (CONCERN, CRISIS), text


@pytest.mark.parametrize(
    "text",
    [
        "he posted my pics on facebook to show off his camera, lol",
        "ele ta perdendo muito tempo",
        "perdendo muito peso com a dieta",
        "je perds beaucoup de sang quand j'ai mes règles, c'est normal?",
        "i'll be on the road for 3 hours tomorrow, drive safe",
        "hoje em dia tomo todos os dias, certinho",
    ],
)
def test_this_rounds_rules_leave_their_everyday_twins_alone(text):
    assert rules(text).tier == NONE, text
