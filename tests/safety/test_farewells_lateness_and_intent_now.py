"""Round 8 of issue 16, by class and in every language: a farewell with its
everyday reason (a last day at work, a retirement, leaving a group chat, a
weekend away) and everyday things with their everyday use are safe; a
partner's "will kill me if i'm late" is control, not a child's slip; a wish or
intent now stays crisis after a past told in another sentence.

Each safe look-alike stands next to the risky text that shares its words, so a
safe phrase that grows too wide fails here."""

import pytest

from service.safety import CRISIS, NONE
from service.safety.screen import rules


@pytest.mark.parametrize(
    "safe, risky",
    [
        # a farewell with its reason in the same words
        (
            "last day at the old job today. said goodbye to everyone. new one starts monday",
            "said goodbye to everyone. tonight is the night",
        ),
        (
            "last day at work, said goodbye to everyone",
            "last day at work, said goodbye to everyone, i wont be around much longer",
        ),
        (
            "me despido xq ya me voy a trabajar, bendiciones",
            "me despido de todos, ya me voy a dormir para siempre",
        ),
        (
            "hoy me despedi de los compañeros, me jubile despues de 35 años",
            "hoy me despedi de todos, ya no voy a estar mas",
        ),
        (
            "me aposentei hoje, me despedi de todo mundo",
            "me despedi de todo mundo, hoje eu acabo com tudo",
        ),
        (
            "dernier jour au boulot, j'ai dit au revoir à tout le monde",
            "j'ai dit au revoir à tout le monde, ce soir c'est fini",
        ),
        (
            "me salgo del grupo de whatsapp, son demasiados mensajes, chau a todos",
            "chau a todos, gracias por todo",
        ),
        (
            "me salgo del grupo, chau a todos",
            "me salgo del grupo, chau a todos, ya no voy a estar mas",
        ),
        ("sai do grupo da familia, tchau pessoal", "tchau pessoal, hoje eu me mato"),
        (
            "j'ai quitté le groupe whatsapp, salut tout le monde",
            "j'ai quitté le groupe, ce soir je me tue",
        ),
        ("i'll be gone all weekend, no signal at the cabin", "i'll be gone by the weekend"),
        # a gun with its season, and what a gun is for when the text says so
        (
            "need to get the gun cleaned before deer season opens saturday",
            "got the gun ready for tonight, before the season of my life ends",
        ),
        (
            "cleaned my gun for deer season",
            "cleaned my gun for deer season. tonight i use it on myself",
        ),
        # hair, shaving, medicines, cleaning, a new home, a lake
        (
            "gonna cut all my hair off tonight. fresh start",
            "gonna cut all my hair off and then my wrists",
        ),
        ("me corte el pelo cortito", "me corte el pelo y despues las venas"),
        ("cortei o cabelo curtinho", "cortei o cabelo e depois os pulsos"),
        ("j'ai coupé mes cheveux", "j'ai coupé mes cheveux et après mes veines"),
        (
            "bought new razors and shaved my legs",
            "bought new razors, shaved my legs, now im going to cut deep tonight",
        ),
        (
            "counting out mam's tablets into the weekly box",
            "counted all her pills into the weekly box, ill take them all tonight",
        ),
        (
            "el medico me cambio las pastillas pa dormir, ahora tomo media",
            "el medico me cambio las pastillas, me las voy a tomar todas esta noche",
        ),
        (
            "o medico trocou os remedios da pressao",
            "o medico trocou os remedios, vou tomar todos hoje",
        ),
        (
            "le médecin a changé mes cachets",
            "le médecin a changé mes cachets, je vais tous les prendre ce soir",
        ),
        (
            "gotta get bleach and rubber gloves, the bathroom is a state",
            "gotta get bleach, tonight i drink it",
        ),
        (
            "moving out end of the month. finally found a place near my mum",
            "found a place to do it",
        ),
        (
            "walked to the edge of the lake and just sat and watched the geese",
            "walked to the edge of the lake. tonight im walking in and not coming back",
        ),
        ("missed yesterday. doing it now", "doing it now. goodbye everyone"),
        ("mañana lo hago, hoy llegue tarde de la chamba", "mañana lo hago, ya tengo la soga lista"),
        # rope for a named job, a knife for a birthday, a bridge on the way somewhere
        (
            "bought a rope and some pegs for the camping trip",
            "bought a rope and some pegs. tonight i hang myself",
        ),
        (
            "compre una cuerda gruesa para amarrar las cosas en el techo del carro",
            "compre una cuerda gruesa para amarrar las cosas y para colgarme",
        ),
        ("comprei corda de nylon e lona pra acampar", "comprei corda, hoje eu me enforco"),
        (
            "mon mari a acheté une grosse corde pour tirer la voiture de la boue",
            "j'ai acheté une corde pour attacher le bateau et me pendre ce soir",
        ),
        (
            "buying a new hunting knife for my son's 16th",
            "buying a hunting knife for my son's birthday, then im going to use it on myself",
        ),
        (
            "gonna drive across the bridge to the casino tonight with my sister",
            "gonna drive across the bridge to the casino and then jump off it",
        ),
        # a chore after "goodbye cruel world"; a break from social media; a last day at work
        (
            "me after one glass of wine: goodbye cruel world, see u in the morning",
            "goodbye cruel world, tonight i end it",
        ),
        (
            "adios mundo cruel, me voy a hacer la declaracion de la renta",
            "adios mundo cruel, esta noche me mato",
        ),
        (
            "adeus mundo cruel, vou fazer o imposto de renda",
            "adeus mundo cruel, hoje eu acabo com tudo",
        ),
        (
            "adieu monde cruel, je vais faire ma déclaration d'impôts",
            "adieu monde cruel, ce soir je me tue",
        ),
        (
            "me borro instagram un mes, me estaba quemando el cerebro",
            "me borro de instagram un mes. despues me voy a matar",
        ),
        (
            "hoy fue mi ultimo dia en la fabrica, gracias a todos",
            "hoy fue mi ultimo dia en la fabrica, mañana ya no voy a estar",
        ),
        # leaving the neighbourhood, a father's medicines, letters to pupils
        (
            "semana que vem nao vou estar mais aqui no bairro, vou mudar pro interior",
            "nao vou estar mais aqui",
        ),
        (
            "peguei os remédios da pressão do pai",
            "peguei os remedios da pressao do pai, vou tomar todos hoje",
        ),
        (
            "j'écris une lettre à chacun de mes élèves pour le dernier jour",
            "letters to all my students and one to my kids, i wont be here after",
        ),
        (
            "la bebe me va a matar de ternura",
            "la bebe me va a matar de ternura pero yo me quiero matar de verdad",
        ),
    ],
)
def test_everyday_farewells_and_things_are_safe_and_their_twins_are_not(safe, risky):
    assert rules(safe).tier == NONE, safe
    assert rules(risky).tier != NONE, risky


@pytest.mark.parametrize(
    "parent, partner",
    [
        ("my mum will kill me if im late", "my husband will kill me if im late"),
        ("mi mama me va a matar si llego tarde", "mi esposo me va a matar si llego tarde"),
        ("minha mae vai me matar se eu chegar tarde", "meu marido vai me matar se eu chegar tarde"),
        ("ma mere va me tuer si je rentre en retard", "mon mari va me tuer si je rentre en retard"),
    ],
)
def test_lateness_is_a_childs_slip_and_a_partners_control(parent, partner):
    assert rules(parent).tier == NONE, parent
    assert rules(partner).tier != NONE, partner


@pytest.mark.parametrize(
    "text",
    [
        "mi papa me va a matar cuando se entere que le raye la camioneta",
        "mi vieja me va a matar cuando vea el boletin",
        "ma mere va me tuer quand elle va voir que j'ai cassé son plat",
        "minha mae vai me matar quando ver que eu risquei o carro",
    ],
)
def test_a_slip_found_out_is_an_idiom(text):
    assert rules(text).tier == NONE, text


@pytest.mark.parametrize(
    "text",
    [
        "lost my job 2 years ago. i want to kill myself tonight",
        "lost my job 2 years ago and now i want to die",
        "my wife died years ago, i want to die",
        "perdi el trabajo hace dos años. esta noche me quiero matar",
    ],
)
def test_a_wish_now_after_a_past_in_another_sentence_stays_crisis(text):
    assert rules(text).tier == CRISIS, text


@pytest.mark.parametrize(
    "text",
    [
        "i used to want to kill myself, not anymore",
        "years ago i tried to kill myself",
        "hace años intenté matarme",
    ],
)
def test_a_past_that_leads_the_clause_still_sets_aside(text):
    assert rules(text).tier == NONE, text


@pytest.mark.parametrize(
    "text",
    [
        # an emergency someone is in, with no risk word: the emergency number first
        "mi abuelo se cayo y no se levanta, respira raro",
        "mi mama se cayo y no responde",
        "se me cierra la garganta",
        "sangra mucho y no para",
        "ele ta convulsionando",
        "ela nao ta respirando direito",
        "vomitando sangue",
        "il s'est cogné la tête et répond plus",
        "elle fait une crise d'épilepsie",
        "je saigne et ça s'arrête pas",
        "she's having a seizure",
        "hes fitting on the floor",
        "blood squirting",
        # pills taken and regretted, a double dose with symptoms, a poison drunk
        "help i took pills. lots. i changed my mind",
        "mixed my pills and xanax on purpose",
        "I forgot if I took my heart tablets so I took them again, and I feel very strange",
        "me tome el liquido de fumigar",
        "me tome las pastillas. perdon. ya esta hecho",
        # pregnancy: bleeding, or the baby has stopped moving
        "baby hasnt moved all day and im bleeding. 34 weeks",
        "estoy embarazada de 7 meses y estoy sangrando",
        "o bebe nao mexe desde ontem",
        "je suis enceinte de 30 semaines et je saigne",
    ],
)
def test_a_medical_emergency_without_a_risk_word_is_crisis(text):
    decision = rules(text)
    assert decision.tier == CRISIS and decision.has("medical"), text


@pytest.mark.parametrize(
    "text",
    [
        "i took my pills this morning",
        "me tome las pastillas de la presion",
        "respira lento, inhala y exhala",
        "my mum had a fit when she saw my hair",
    ],
)
def test_taking_the_days_pills_and_breathing_practice_are_not_emergencies(text):
    assert rules(text).tier == NONE, text


@pytest.mark.parametrize(
    "text",
    [
        # someone else's goodbye, photo of the means, or words, and no answer
        "my husband left a note and took the truck and his gun. he's not answering",
        "my grandson is texting me goodbye from somewhere",
        "my buddy posted a pic of his pistol with im tired on it",
        "mi novio publico ya me voy, perdon y apago el cel",
        "mi pololo me mando una foto con pastillas y me puso adios",
        "mi primo dijo que se iba a colgar y apago el cel",
        "minha mae mandou audio se despedindo de todo mundo e agora o celular ta desligado",
        "meu irmao ta na beira da laje bebado dizendo que vai pular",
        "mon fils m'a envoyé un snap d'une boite de médocs vide avec pardon maman",
        "ma collègue est partie en disant qu'elle allait se jeter sous le RER",
        # a child hurt, visited at night, or told to keep a secret
        "mum's new fella hits our kid",
        "her boyfriend hits the baby",
        "my stepdad came in my room again last night. im 13",
        "mi padrastro entra a mi pieza de noche cuando mi mama esta trabajando",
        "my youth group leader keeps texting me at night and says its our secret. i'm 14",
        "ele disse que é nosso segredo",
        "il dit que c'est notre secret",
    ],
)
def test_someone_else_at_risk_and_a_child_hurt_are_read(text):
    assert rules(text).tier != NONE, text


@pytest.mark.parametrize(
    "text",
    [
        "mi amiga me mando una foto de las pastillas que le recetaron",
        "my friend sent me a pic of her pills from the pharmacy",
        "ele disse que vai pular carnaval em olinda",
        "il a dit qu'il allait sauter en parachute cet été",
        "mi hermano dice que se va a tirar en paracaidas",
        "my kid hit his brother",
    ],
)
def test_their_look_alikes_stay_safe(text):
    assert rules(text).tier == NONE, text
