"""The learned second opinion: it only ever raises the rules' decision, says so
for staff, scores in pure Python exactly as scikit-learn does, and training
the same files twice gives the same bytes."""

import dataclasses
import json
import os
import random
import types
from array import array
from collections import Counter
from pathlib import Path

import pytest

from service.conversation.safety import reply_for
from service.models import SafetyAlert
from service.models.safety import CONCERN
from service.safety import second_opinion
from service.safety.evaluate import load
from service.safety.lexicon import CATEGORIES
from service.safety.screen import CONCERN as CONCERN_TIER
from service.safety.screen import CRISIS, NONE, rules, screen
from service.safety.second_opinion import (
    MIN_WORDS,
    Model,
    ModelError,
    combine,
    features,
    model,
    open_prefixes,
    read,
)
from service.safety.train import GRID, NEVER

HERE = Path(__file__).parent
RANK = {"crisis": 0, "concern": 1, "none": 2}
TINY = """text\tlang\ttier\tcategory
i want to die tonight\ten\tcrisis\tsuicidal
i am going to kill myself\ten\tcrisis\tsuicidal
i took all the pills\ten\tcrisis\tplan
this is goodbye forever\ten\tcrisis\tgoodbye
i wrote my note, its tonight\ten\tcrisis\tplan
quiero morirme ya\tes\tcrisis\tsuicidal
nobody would miss me\ten\tconcern\tpassive
i wish i could disappear\ten\tconcern\tpassive
whats the point of anything\ten\tconcern\tpassive
i cant keep going like this\ten\tconcern\tother
everyone is better off without me\ten\tconcern\tpassive
ya no aguanto mas\tes\tconcern\tpassive
had a lovely walk today\ten\tnone\teveryday
feeling better after the practice\ten\tnone\tcheckin
this traffic is killing me lol\ten\tnone\tidiom
cut my hair short today\ten\tnone\tbeauty
ran 5k this morning\ten\tnone\tdistance
7\ten\tnone\tcheckin
me muero de risa\tes\tnone\tidiom
training on suicide prevention tomorrow\ten\tnone\thelper_work
"""
SAMPLES = [
    "i want to die",
    "I WANT TO DIE!!! tonight",
    "nobody would miss me if i was gone",
    "had a lovely walk",
    "",
    "7",
    "😀😀😀",
    "Ya no aguanto más, me quiero morir",
    "a" * 1600,
    ("i feel so tired of everything and nobody would notice " * 30)[:1600],
]


def sklearn_or_skip():
    """scikit-learn, or a skip on a machine without it (never in CI)."""
    if os.environ.get("CI"):
        import sklearn  # noqa: F401 - CI installs requirements-dev.txt: it must be there

    return pytest.importorskip("sklearn")


@pytest.fixture
def tiny(tmp_path):
    path = tmp_path / "tiny.tsv"
    path.write_text(TINY, encoding="utf-8")
    return path


def with_thresholds(monkeypatch, **thresholds):
    """The shipped model with other thresholds, for every screen() in the test."""
    changed = dataclasses.replace(model(), thresholds={**model().thresholds, **thresholds})
    monkeypatch.setattr(second_opinion, "model", lambda: changed)
    return changed


def test_the_model_never_lowers_the_rules_decision():
    for path in sorted(HERE.glob("*.tsv")) + sorted(HERE.glob("calibration/*.tsv")):
        for example in load(path):
            by_rules, final = rules(example.text), screen(example.text)
            assert RANK[final.tier] <= RANK[by_rules.tier], (path.name, example.text)
            if final.model_p is None:
                assert final == by_rules
            else:
                assert final.matches == by_rules.matches  # the rule words are kept


def test_the_model_never_makes_a_governing_negation_a_crisis(monkeypatch):
    # The model raises anything it reads, and to crisis anything it gives p(crisis) > 0.
    with_thresholds(monkeypatch, risk=0.0, crisis=1e-9)
    for text in ("i don't want to die", "no quiero morir", "não quero morrer"):
        # The rules set it aside; the model may still call it concern (other risk
        # in the text counts), never crisis.
        assert rules(text).negated and screen(text).tier == CONCERN_TIER, text
    # Without a governing negation the same model makes a text crisis.
    assert not rules("the sky is very blue today").negated
    assert screen("the sky is very blue today").tier == CRISIS
    # Other risk the rules read still counts.
    assert screen("i dont want to die but i have the pills ready").tier == CRISIS


def test_a_raised_decision_says_why_for_staff(monkeypatch):
    with_thresholds(monkeypatch, risk=0.0, crisis=1.01)
    decision = screen("the sky is blue")
    # no rule words: the category is the one the model's category head names
    assert (
        decision.tier == "concern" and decision.category == model().category("the sky is blue")[0]
    )
    assert decision.category in CATEGORIES
    assert decision.matched.startswith("model p=") and decision.model_p >= 0.0
    with_thresholds(monkeypatch, risk=1.01, crisis=0.0)
    monkeypatch.setattr(second_opinion, "SURE", 0.0)  # a rules' concern needs a sure model
    raised = screen("everyone would be better off without me")
    assert raised.tier == CRISIS and raised.category == "passive"
    assert raised.matched.startswith("model p=") and "better off without me" in raised.matched


def test_the_crisis_head_raises_only_what_looks_risky(monkeypatch):
    # A text the rules call none must pass the risk head before the crisis head
    # may make it a crisis; a concern needs only the crisis head (and a sure one).
    with_thresholds(monkeypatch, risk=1.01, crisis=0.0)
    monkeypatch.setattr(second_opinion, "SURE", 0.0)
    assert screen("the sky is blue today").tier == NONE
    assert screen("everyone would be better off without me").tier == CRISIS
    with_thresholds(monkeypatch, risk=0.0, crisis=0.0)
    raised = screen("the sky is blue today")
    assert raised.tier == CRISIS and raised.model_p is not None


@pytest.mark.parametrize(
    "rule_tier, p_risk, p_crisis, expected",
    [
        (NONE, 0.5, 0.99, NONE),  # not risky enough: the crisis head is not asked
        (NONE, 0.95, 0.5, CONCERN_TIER),
        (NONE, 0.95, 0.9, CRISIS),
        (CONCERN_TIER, 0.1, 0.95, CRISIS),
        (CONCERN_TIER, 0.99, 0.85, CONCERN_TIER),  # over the threshold, but not sure
        (CONCERN_TIER, 0.99, 0.5, CONCERN_TIER),
        (CRISIS, 0.0, 0.0, CRISIS),  # never lowered
    ],
)
def test_combine(rule_tier, p_risk, p_crisis, expected):
    assert combine(rule_tier, p_risk, p_crisis, {"risk": 0.9, "crisis": 0.8}) == expected


def test_a_crisis_from_the_rules_is_never_scored(monkeypatch):
    def no_scoring():
        raise AssertionError("scored although the rules said crisis")

    monkeypatch.setattr(second_opinion, "model", no_scoring)
    assert screen("i want to end my life tonight").tier == CRISIS


def test_nothing_is_raised_below_the_thresholds(monkeypatch):
    with_thresholds(monkeypatch, risk=1.01, crisis=1.01)
    for text in SAMPLES:
        assert screen(text) == rules(text)


def stub_model(category, *, risk=0.0, crisis=0.0):
    """A model whose category head always names `category` (and a second one)."""
    other = "plan" if category != "plan" else "passive"
    return Model(
        version="stub",
        char=None,
        word=(1, 1),
        sublinear_tf=True,
        index={"w:sky": 0},
        weights=array("f", [1.0, 1.0, 1.0, 5.0, 0.0]),
        intercepts=(0.0, 0.0, 0.0, 0.0),
        thresholds={"risk": risk, "crisis": crisis},
        categories=(category, other),
    )


def test_the_alert_staff_see_names_the_model(phone, demo, monkeypatch):
    monkeypatch.setattr(second_opinion, "model", lambda: stub_model("passive", crisis=1.01))
    replies = phone("+12125550077").text("the sky is blue today")
    alert = SafetyAlert.get()
    assert alert.priority == CONCERN and alert.category == "passive"
    assert alert.matched.startswith("model p=")
    assert "988" in replies[0]  # the concern reply, which gives the line


@pytest.mark.parametrize(
    "category, reply",
    [
        ("medical", "medical"),
        ("third_party", "third_party"),
        ("harm_from_others", "crisis"),  # no safety line set: the crisis reply
        ("plan", "crisis"),
    ],
)
def test_the_reply_follows_the_category_the_model_names(monkeypatch, category, reply):
    monkeypatch.setattr(second_opinion, "model", lambda: stub_model(category))
    decision = screen("the sky is so blue today")
    assert decision.tier == CRISIS and decision.category == category and not decision.matches
    assert reply_for(decision, has_safety_line=False) == reply


def test_the_shipped_model_reads_and_scores():
    shipped = model()
    assert shipped.version and shipped.trained_on
    # NEVER (just above 1) is a head no out-of-fold threshold made precise enough:
    # it never raises, which train.py allows and METRICS.md says.
    assert all(GRID[0] <= t <= NEVER for t in shipped.thresholds.values())
    assert shipped.thresholds["risk"] >= 0.5  # the risk head raises only where risk is likelier
    p_risk, p_crisis = shipped.scores("i want to kill myself tonight")
    assert p_risk > 0.9 and p_crisis > 0.5
    assert shipped.scores("had a lovely walk in the park")[0] < 0.5


def test_the_shipped_model_was_trained_on_the_labelled_sets_as_they_are():
    from service.safety.train import sha256

    shipped = {s["file"]: s["sha256"] for s in model().trained_on}
    now = {p.name: sha256(p) for p in sorted(HERE.glob("*.tsv"))}
    now.update({f"calibration/{p.name}": sha256(p) for p in HERE.glob("calibration/*.tsv")})
    now.update({f"translated/{p.name}": sha256(p) for p in HERE.glob("translated/*.tsv")})
    assert shipped == now, "a labelled set changed: run `flask --app service safety train`"


def test_a_broken_model_file_names_itself(tmp_path):
    path = tmp_path / "model.json"
    path.write_text("{not json")
    with pytest.raises(ModelError, match="model.json"):
        read(path)
    document = json.loads(second_opinion.MODEL_PATH.read_text())
    document["intercepts"] = [0.0]
    path.write_text(json.dumps(document))
    with pytest.raises(ModelError, match="model.json: 1 intercepts"):
        read(path)
    path.write_text(second_opinion.MODEL_PATH.read_text())
    with pytest.raises(ModelError, match="model.terms"):
        read(path)  # no pieces beside it
    (tmp_path / "model.terms").write_text("c:ab\nc:bc")
    (tmp_path / "model.weights").write_bytes(b"\0" * 20)
    with pytest.raises(ModelError, match="model.weights: 5 weights for 2 pieces"):
        read(path)
    with pytest.raises(ModelError, match="missing.json"):
        read(tmp_path / "missing.json")


def test_the_scorer_finds_every_piece_of_the_text_the_model_knows():
    # Model._counts stops a run of pieces at its first unknown one: it must find
    # exactly what cutting the text into every piece (as training does) finds.
    rng = random.Random(9)
    letters = "abcdefghijklmnopqrstuvwxyzéãç'.!? "
    texts = [e.text for e in load(HERE / "corpus.tsv")] + SAMPLES
    texts += ["".join(rng.choice(letters) for _ in range(rng.randint(1, 120))) for _ in range(500)]
    scorer = dataclasses.replace(model(), known={})  # no word remembered yet
    for text in texts * 2:  # the second time from the scorer's word cache
        pieces = features(text, scorer.char, scorer.word)
        expected = Counter(scorer.index[p] for p in pieces if p in scorer.index)
        assert scorer._counts(text) == expected, text


def test_every_piece_of_the_shipped_model_has_its_prefix():
    scorer = model()
    assert open_prefixes(list(scorer.index), scorer.char, scorer.word) == []


def test_pieces_without_their_prefix_are_named_and_never_exported():
    from service.safety.train import export

    terms = ["c: ", "c: a", "c: ab", "c:xyz", "w:a", "w:a b", "w:c d"]
    assert open_prefixes(terms, (1, 5), (1, 2)) == ["c:xyz", "w:c d"]
    assert open_prefixes(terms, (3, 5), (2, 3)) == []  # none is longer than the shortest
    head = types.SimpleNamespace(coef_=[[0.1] * len(terms)], intercept_=[0.0])
    vectorizer = types.SimpleNamespace(
        vocabulary_={t: i for i, t in enumerate(terms)}, idf_=[1.0] * len(terms)
    )
    settings = {"char": (1, 5), "word": (1, 2), "sublinear_tf": True}
    with pytest.raises(ValueError, match="2 pieces without their shorter prefix"):
        export(vectorizer, head, head, settings=settings)


def test_pure_python_scores_equal_scikit_learn(tiny):
    sklearn_or_skip()
    from service.safety.train import as_model, export, fit, fit_category

    examples = load(HERE / "corpus.tsv") + load(tiny)
    texts, tiers = [e.text for e in examples], [e.tier for e in examples]
    vectorizer, risk, crisis = fit(texts, tiers)
    category = fit_category(vectorizer, texts, tiers, [e.category for e in examples])
    scorer = as_model(export(vectorizer, risk, crisis, category))
    x = vectorizer.transform(SAMPLES)
    expected = list(
        zip(
            SAMPLES,
            risk.predict_proba(x)[:, 1],
            crisis.predict_proba(x)[:, 1],
            category.predict_proba(x),
            strict=True,
        )
    )
    # The weights are stored as float32: equal to scikit-learn's within 1e-5.
    for text, r, c, kinds in expected * 2:  # the second time from the scorer's word cache
        p_risk, p_crisis = scorer.scores(text)
        assert abs(p_risk - r) < 1e-5 and abs(p_crisis - c) < 1e-5, text
        name, p = scorer.category(text)
        assert name == category.classes_[kinds.argmax()] and abs(p - kinds.max()) < 1e-5, text


def test_training_twice_gives_the_same_bytes(tiny, tmp_path):
    sklearn_or_skip()
    from service.safety.train import train

    train([tiny], tmp_path / "one")
    train([tiny], tmp_path / "two")
    for name in ("model.json", "model.terms", "model.weights", "METRICS.md"):
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes()
    made = read(tmp_path / "one" / "model.json")
    assert made.trained_on[0]["file"] == "tiny.tsv" and len(made.version) == 16
    assert "rules + model" in (tmp_path / "one" / "METRICS.md").read_text()


def test_folds_fitted_in_parallel_score_as_one_at_a_time(tiny):
    sklearn_or_skip()
    from service.safety import train as training

    sk = training._sklearn()
    examples, _ = training.training_set([tiny])
    texts, tiers = [e.text for _, e in examples], [e.tier for _, e in examples]
    categories = [e.category for _, e in examples]
    folds = list(sk["StratifiedKFold"](3, shuffle=True, random_state=0).split(tiers, tiers))
    alone, together = {}, {}
    one = training.out_of_fold(texts, tiers, folds, sk, categories, alone, workers=1)
    two = training.out_of_fold(texts, tiers, folds, sk, categories, together, workers=2)
    assert one == two and alone == together
    assert any(p > 0 for p in one[0]) and alone  # scored, and categories guessed


def test_thresholds_are_counted_on_the_calibration_sets_only():
    from service.safety.train import choose_thresholds

    # Lines 0-9 are from sets the rules were written from: their safe texts the
    # rules miss look risky to the model (p=0.95). Lines 10-29 are a calibration
    # set's, whose safe texts the model scores low.
    tiers = ["none"] * 10 + ["none"] * 10 + ["concern"] * 10
    rule_tiers = ["none"] * 30
    p_risk = [0.95] * 10 + [0.55] * 10 + [0.8] * 10
    p_crisis = [0.0] * 30
    everywhere = choose_thresholds(tiers, rule_tiers, p_risk, p_crisis)
    calibrated = choose_thresholds(tiers, rule_tiers, p_risk, p_crisis, among=range(10, 30))
    assert everywhere["risk"] > 0.95  # every safe text counted: the model never reaches 0.8
    assert 0.55 < calibrated["risk"] <= 0.8  # raises the calibration set's risky lines


def test_a_calibration_set_is_named_as_one_and_chooses_the_thresholds(tiny, tmp_path):
    sklearn_or_skip()
    from service.safety.train import calibrating, train, training_set

    folder = tmp_path / "calibration"
    folder.mkdir()
    (folder / "tiny.tsv").write_text(
        "text\tlang\ttier\tcategory\n"
        + "".join(
            f"{t}\ten\t{tier}\t{kind}\n"
            for t, tier, kind in (
                ("i am going to end my life on sunday", "crisis", "suicidal"),
                ("i have been hurting myself again", "concern", "self_harm"),
                ("my shift at the care home was long", "none", "helper_work"),
                ("picked up the tablets from the chemist", "none", "everyday"),
                ("i took all the pills an hour ago", "crisis", "medical"),
                ("the bus was late again today", "none", "distance"),
            )
        ),
        encoding="utf-8",
    )
    examples, sources = training_set([tiny, folder / "tiny.tsv"])
    assert [s["file"] for s in sources] == ["calibration/tiny.tsv", "tiny.tsv"]
    assert {examples[i][0] for i in calibrating(examples)} == {"calibration/tiny.tsv"}
    metrics = train([tiny, folder / "tiny.tsv"], tmp_path / "m")
    assert "Counted among the 3 safe texts of the calibration sets" in metrics
    assert "## On the calibration sets" in metrics


def test_a_translation_takes_its_source_lines_label_and_only_trains(tiny, tmp_path, monkeypatch):
    from service.safety import train as training
    from service.safety.evaluate import CorpusError
    from service.safety.train import out_of_fold, training_set, translated

    pt = tmp_path / "pt.tsv"
    pt.write_text(
        "source\ttext\n"
        "# the label is the source line's, in whatever language\n"
        "I want to die tonight\tquero morrer hoje a noite\n"
        "ran 5k this morning\tcorri 5 km hoje cedo\n"
        "a line no set holds any more\tuma linha que sumiu\n"
        "nobody would miss me\tNOBODY would miss me\n"  # the source line itself: once
        "me muero de risa\tmorro de rir\n"
    )
    examples, _ = training_set([tiny])
    lines, sources = translated([pt], examples)
    assert [(examples[at][1].text, e.text, e.lang, e.tier, e.category) for at, e in lines] == [
        ("i want to die tonight", "quero morrer hoje a noite", "pt", "crisis", "suicidal"),
        ("ran 5k this morning", "corri 5 km hoje cedo", "pt", "none", "distance"),
        ("me muero de risa", "morro de rir", "pt", "none", "idiom"),
    ]
    assert sources == [{"file": "translated/pt.tsv", "sha256": sources[0]["sha256"], "lines": 3}]

    # Never scored, and trained on only in a fold whose training part holds its line.
    seen = []

    def fit_spy(texts, tiers, **kwargs):
        seen.append(list(texts))
        raise StopIteration

    at = lines[0][0]
    texts, tiers = [e.text for _, e in examples], [e.tier for _, e in examples]
    others = [i for i in range(len(texts)) if i != at]
    monkeypatch.setattr(training, "fit", fit_spy)
    for folds in ([(others, [at])], [(list(range(len(texts))), [])]):
        with pytest.raises(StopIteration):
            out_of_fold(texts, tiers, folds, sk=None, extra=lines)
    assert "quero morrer hoje a noite" not in seen[0] and "corri 5 km hoje cedo" in seen[0]
    assert "quero morrer hoje a noite" in seen[1]

    pt.write_text("source\ttext\nonly one column\n")
    with pytest.raises(CorpusError, match="pt.tsv:2"):
        translated([pt], examples)


def test_train_command_writes_the_model_and_its_metrics(runner, tiny, tmp_path):
    sklearn_or_skip()
    result = runner.invoke(args=["safety", "train", str(tiny), "--out", str(tmp_path / "m")])
    assert result.exit_code == 0, result.output
    assert "Thresholds" in result.output
    assert read(tmp_path / "m" / "model.json").scores("i want to die")[0] > 0.5


def test_eval_prints_the_confusion_matrix_and_the_lines_the_model_raised(runner, tiny, monkeypatch):
    with_thresholds(monkeypatch, risk=0.0, crisis=1.01)
    result = runner.invoke(args=["safety", "eval", str(tiny), str(HERE / "holdout.tsv")])
    assert result.exit_code == 0, result.output
    assert "== tiny.tsv: 20 lines" in result.output and "== holdout.tsv" in result.output
    assert "trained on this set" in result.output  # holdout.tsv: in-sample for the model
    assert "labelled tier (rows) x screened tier (columns):" in result.output
    assert "raised by the model:" in result.output and "model p=" in result.output
    tiny_part = result.output.split("== holdout.tsv")[0]
    rows = [line.split() for line in tiny_part.splitlines() if line.startswith("  none ")]
    # With risk at 0 every safe line is raised, but for those too short for the model
    # and those safe phrases read whole (Decision.settled: "hmm not sure").
    from service.safety.screen import rules

    quiet = [
        e
        for e in load(tiny)
        if e.tier == NONE and (len(e.text.split()) < MIN_WORDS or rules(e.text).settled)
    ]
    assert rows and rows[-1][3] == str(len(quiet))


def test_eval_rules_only_leaves_the_model_out(runner, tiny, monkeypatch):
    with_thresholds(monkeypatch, risk=0.0, crisis=1.01)
    result = runner.invoke(args=["safety", "eval", "--rules-only", "--quiet", str(tiny)])
    assert result.exit_code == 0, result.output
    assert "raised by the model: 0" in result.output
    assert NONE in result.output


@pytest.mark.parametrize("reply", ["no", "NO", "stop", "7", "si", "ok", "NON", "merci!"])
def test_the_model_does_not_speak_on_a_reply_of_one_word(reply, monkeypatch):
    """'no' once scored p=0.96: a declined consent must never read as risk."""
    with_thresholds(monkeypatch, risk=0.0, crisis=0.0)
    assert screen(reply).tier == "none"
    assert screen(reply).model_p is None


def test_the_model_speaks_from_two_words(monkeypatch):
    with_thresholds(monkeypatch, risk=0.0, crisis=1.01)
    assert screen("blue sky").tier == "concern" and screen("blue sky").model_p is not None


@pytest.mark.parametrize(
    "reply",
    ["no gracias", "no thanks", "did it", "7 today", "stop please", "nao obrigado", "oui merci"],
)
def test_common_replies_of_two_words_stay_safe(reply):
    assert screen(reply).tier == "none"
