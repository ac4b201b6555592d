"""Classes of risk the screen learnt for issue 16, each in every language it
reads, with the everyday look-alikes beside them."""

import pytest

from service.conversation.safety import reply_for
from service.safety import CRISIS, NONE, screen


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


# Portuguese from Portugal, Angola, Mozambique and the Brazilian northeast and
# south (written-apart sets): European forms ("estou a", "matar-me"), regional
# words, and the classes those writers showed. Our own wording, not the sets'.
@pytest.mark.parametrize(
    "text, tier",
    [
        ("estou a pensar em matar-me esta noite", CRISIS),
        ("vou-me atirar ao comboio amanhã de manhã", CRISIS),
        ("mano tou mesmo a pensar em bazar deste mundo hoje", CRISIS),
        ("já tenho os comprimidos guardados, chegam bem para mim", CRISIS),
        ("estou no terraço do prédio há meia hora a olhar para baixo", CRISIS),
        ("o comboio das 7h40 passa aqui perto, já sei onde me deitar", CRISIS),
        ("bebi uma garrafa de vinho e tomei as pastilhas todas da minha avó", CRISIS),
        ("engoli lixívia há bocado e estou a vomitar", CRISIS),
        ("tomei 30 benuron e o coração tá a mil", CRISIS),
        ("sou diabético, não tenho insulina há dois dias e estou confuso", CRISIS),
        ("a minha irmã fechou-se na casa de banho e não abre a porta, tenho medo", CRISIS),
        ("o meu namorado disse que se eu o deixar ele mata-se", CRISIS),
        ("meu amigo ta em cima da ponte ameaçando pular", CRISIS),
        ("estou trancada no quarto, ele está lá fora aos gritos com uma catana", CRISIS),
        ("o meu marido está a bater-me agora, ajuda", CRISIS),
        ("o vizinho tá batendo na mulher agora, ela tá gritando", CRISIS),
        ("o padrasto vem pro quarto da minha irmã de madrugada", CRISIS),
        ("adeus a todos, até nunca", CRISIS),
        ("deixei cartas para os meus pais na secretária", CRISIS),
        ("vou saltar da varanda agora", CRISIS),
        ("tou no parapeito da janela do 8º andar", CRISIS),
        ("as vozes estão a dizer para eu saltar da janela", CRISIS),
        ("eita, hoje eu acabo com a minha vida de vez", CRISIS),
        ("já não vale a pena viver assim", "concern"),
        ("ninguém ia dar pela minha falta", "concern"),
        ("quem me dera não acordar amanhã", "concern"),
        ("só dou trabalho à minha família", "concern"),
        ("quando o autocarro trava eu torço para bater", "concern"),
        ("se eu batesse com o carro não era assim tão mau", "concern"),
        ("magoei-me outra vez nos braços", "concern"),
        ("fiquei limpo 3 meses e hoje voltei à lâmina", "concern"),
        ("a minha amiga anda a cortar-se e pediu segredo", "concern"),
        ("a minha colega de turma tem cortes nos pulsos", "concern"),
        ("o meu avô diz que já não vale a pena viver", "concern"),
        ("a minha sogra fica com a minha reforma toda", "concern"),
        ("dizem que vão espalhar os meus nudes se eu não pagar", "concern"),
        ("o meu ex anda a perseguir-me, aparece em todo o lado", "concern"),
        ("obrigo-me a vomitar depois de comer", "concern"),
        ("a minha amiga disse-me que se quer matar", CRISIS),
        ("a minha aluna escreveu no caderno que quer morrer, sou professora", "concern"),
    ],
)
def test_portuguese_from_portugal_africa_and_brazils_regions_is_risk(text, tier):
    decision = screen(text)
    assert decision.tier != NONE, text
    if tier == CRISIS:
        assert decision.tier == CRISIS, text


@pytest.mark.parametrize(
    "text",
    [
        "este calor está a matar-me",
        "a minha avó vai-me matar se eu chegar tarde",
        "vou-me atirar para o sofá e ver a novela",
        "cortei-me a descascar batatas",
        "estou na ponte à espera do autocarro",
        "tenho os comprimidos da tensão na mala",
        "comprei uma corda para o estendal",
        "tenho a faca na mão porque estou a cortar cebola",
        "a série acaba com ele a saltar da ponte",
        "li uma reportagem sobre suicídio nos jovens",
        "formação sobre sinais de violência doméstica na escola",
        "já sei como fazer o bolo da minha avó",
        "fiquei a ver na net qual a forma mais rápida de chegar a Lisboa",
        "bebo todos os dias um copo de vinho ao jantar",
        "estou a dar as minhas roupas à caridade",
        "se eu ouvir mais uma vez essa kizomba eu me atiro da janela kkk",
        "vou matar o meu irmão, comeu o meu bolo kkk",
        "meu paciente disse que queria morrer, como manejo isso na sessão",
        "uma utente disse-me que se quer matar, como é que abordo isto na consulta",
    ],
)
def test_portuguese_look_alikes_from_portugal_africa_and_brazils_regions_stay_safe(text):
    assert screen(text).tier == NONE, text
