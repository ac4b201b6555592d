"""The screen measured on the labelled corpus, with the thresholds the product needs.

tests/safety/corpus.tsv: text, language, expected tier, category; about half
risky and half safe look-alikes. holdout.tsv and blind.tsv were written apart
from the rules (blind.tsv by someone who never saw them) and keep the screen
honest about texts it was not tuned on.
"""

from pathlib import Path

import pytest

from service.safety.evaluate import CorpusError, evaluate, format_report, load

HERE = Path(__file__).parent


@pytest.fixture(scope="module")
def corpus():
    return load(HERE / "corpus.tsv")


def test_corpus_is_big_and_balanced(corpus):
    risky = [e for e in corpus if e.tier != "none"]
    safe = [e for e in corpus if e.tier == "none"]
    assert len(corpus) >= 600
    assert 0.4 <= len(risky) / len(corpus) <= 0.6
    assert {e.lang for e in corpus} >= {"en", "es"}
    assert {e.category for e in safe} >= {"helper_work", "checkin", "idiom"}


def test_screen_meets_its_thresholds_on_the_corpus(corpus):
    report = evaluate(corpus)
    shown = "\n".join(format_report(report))
    assert report.risk_recall.rate >= 0.98, shown
    assert report.crisis_recall.rate >= 0.90, shown
    assert report.false_alarms.rate <= 0.05, shown
    assert report.crisis_on_safe.rate <= 0.02, shown


@pytest.mark.parametrize("name", ["holdout.tsv", "blind.tsv"])
def test_screen_does_not_fall_back_on_texts_it_was_not_tuned_on(name):
    # Lower bars than the corpus: these sets measure how well the rules carry
    # over to new wording, and must not regress.
    report = evaluate(load(HERE / name))
    shown = "\n".join(format_report(report, show_lines=False))
    assert report.risk_recall.rate >= 0.80, shown
    assert report.false_alarms.rate <= 0.06, shown
    assert report.crisis_on_safe.rate <= 0.05, shown


def test_eval_command_prints_figures_and_misses(runner, tmp_path):
    corpus = tmp_path / "mini.tsv"
    corpus.write_text(
        "text\tlang\ttier\tcategory\n"
        "i want to die\ten\tcrisis\tsuicidal\n"
        "the sky is blue\ten\tcrisis\tother\n"
        "cut my hair\ten\tnone\tbeauty\n"
    )
    result = runner.invoke(args=["safety", "eval", str(corpus)])
    assert result.exit_code == 0, result.output
    assert "50.0% (1/2)" in result.output  # recall
    assert "'the sky is blue'" in result.output  # the miss is listed
    assert "suicidal" in result.output and "beauty" in result.output


def test_eval_command_refuses_a_broken_corpus(runner, tmp_path):
    corpus = tmp_path / "bad.tsv"
    corpus.write_text("text\tlang\ttier\tcategory\nonly two\ten\n")
    result = runner.invoke(args=["safety", "eval", str(corpus)])
    assert result.exit_code != 0
    assert "bad.tsv:2" in result.output


def test_check_command_explains_a_text(runner):
    result = runner.invoke(args=["safety", "check", "i want to end my life tonight"])
    assert result.exit_code == 0
    assert "tier: crisis" in result.output and "(en)" in result.output


def test_load_rejects_unknown_tiers(tmp_path):
    path = tmp_path / "x.tsv"
    path.write_text("hello\ten\tmaybe\tother\n")
    with pytest.raises(CorpusError, match="x.tsv:1"):
        load(path)
