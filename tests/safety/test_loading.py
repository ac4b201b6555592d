"""Loading the screen's words: checked when compiled, read back from the cache
when nothing changed, compiled again when a words file or the code did, and a
broken file always stops the load with its name and rule."""

import gc
import pickle
import shutil

import pytest

from service import create_app
from service.safety import cache
from service.safety import lexicon as lexicon_module
from service.safety.lexicon import WORDS_DIR, LexiconError, lexicon
from service.safety.patterns import compile_pattern
from service.safety.screen import screen

GOOD = (
    "risk:\n  - category: suicidal\n    tier: crisis\n    patterns: ['{want} xyzzy']\n"
    "slots:\n  want: [want to, wanna]\n"
)
BROKEN = "risk:\n  - category: suicidal\n    tier: crisis\n    patterns: ['{nowhere} xyzzy']\n"


def load(directory):
    """lexicon() without the per-process memo: what a new process would get."""
    return lexicon.__wrapped__(str(directory))


@pytest.fixture
def words(tmp_path, monkeypatch):
    monkeypatch.delenv("SAFETY_CACHE_DIR", raising=False)
    directory = tmp_path / "words"
    directory.mkdir()
    (directory / "common.yaml").write_text("leet: {}\n")
    (directory / "en.yaml").write_text(GOOD)
    return directory


def cached_files(directory):
    return sorted((directory / "__pycache__").glob("lexicon-*.pickle"))


def read_back_without_compiling(words, monkeypatch, first, risky):
    """Load the words again with compiling forbidden: the same languages, and a
    risky text still read as crisis."""

    def no_compiling(directory):
        raise AssertionError("compiled again although nothing changed")

    monkeypatch.setattr(lexicon_module, "compile_words", no_compiling)
    again = load(words)
    assert [lang.code for lang in again[1]] == [lang.code for lang in first[1]]
    assert screen(risky, str(words)).tier == "crisis"


def test_a_compiled_vocabulary_is_cached_and_read_back(words, monkeypatch):
    first = load(words)
    assert len(cached_files(words)) == 1
    read_back_without_compiling(words, monkeypatch, first, "i wanna xyzzy")


@pytest.mark.parametrize("collecting", [True, False])
def test_reading_the_cache_leaves_the_collector_as_it_found_it(words, collecting):
    # The read pauses the garbage collector while it unpickles (cache.py); a read
    # that left it off would let every later cycle of the process leak.
    load(words)
    was = gc.isenabled()
    try:
        (gc.enable if collecting else gc.disable)()
        assert cache.read(words, cache.key(words)) is not None
        assert cache.read(words, "not the key") is None
        assert gc.isenabled() is collecting
    finally:
        (gc.enable if was else gc.disable)()


def test_the_cache_is_invalidated_when_a_words_file_changes(words):
    load(words)
    before = cached_files(words)
    (words / "en.yaml").write_text(GOOD.replace("xyzzy", "plugh"))
    _, languages = load(words)
    after = cached_files(words)
    assert len(after) == 1 and after != before  # a new key, the old file gone
    assert languages[0].rules[0].patterns[0].source == "{want} plugh"


def test_a_broken_words_file_fails_even_when_a_good_version_was_cached(words):
    load(words)
    (words / "en.yaml").write_text(BROKEN)
    with pytest.raises(LexiconError) as caught:
        load(words)
    assert "en.yaml risk[0]" in str(caught.value) and "nowhere" in str(caught.value)
    assert len(cached_files(words)) == 1  # nothing written for the broken file


def test_a_broken_words_file_stops_the_app_from_starting(words, monkeypatch, tmp_path):
    (words / "en.yaml").write_text(BROKEN)
    monkeypatch.setattr(lexicon_module, "lexicon", lambda: load(words))
    with pytest.raises(LexiconError, match="en.yaml risk"):
        create_app({"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"})


def test_a_read_only_place_falls_back_to_compiling(words, tmp_path, monkeypatch):
    blocked = tmp_path / "a-file"
    blocked.write_text("not a directory")
    monkeypatch.setenv("SAFETY_CACHE_DIR", str(blocked / "cache"))
    _, languages = load(words)
    assert languages[0].code == "en"
    monkeypatch.setenv("SAFETY_CACHE_DIR", "")  # empty: no cache at all
    assert load(words)[1][0].code == "en"
    assert not (words / "__pycache__").exists()


def test_a_damaged_cache_file_is_compiled_over(words):
    load(words)
    (path,) = cached_files(words)
    path.write_bytes(b"not a pickle")
    assert load(words)[1][0].code == "en"
    with open(path, "rb") as f:
        stored_key, _ = pickle.load(f)
    assert stored_key == cache.key(words)


def test_a_cached_pattern_holds_its_expression_not_a_compiled_regex():
    pattern = compile_pattern("want to die", {}, str)
    assert pattern.regex.search(" want to die ")
    back = pickle.loads(pickle.dumps(pattern))
    assert "regex" not in back.__dict__  # compiled on first use, not on load
    assert back.regex.search(" want to die ")


def test_the_shipped_words_load_from_the_cache_without_compiling(tmp_path, monkeypatch):
    # Compiling the shipped words takes seconds; read back from the cache they
    # load in milliseconds. How fast is measured in bench/safety.py (target 150 ms
    # for words and model), not here: a timed test flakes on a shared machine.
    words = tmp_path / "words"
    shutil.copytree(WORDS_DIR, words)
    monkeypatch.delenv("SAFETY_CACHE_DIR", raising=False)
    read_back_without_compiling(words, monkeypatch, load(words), "i want to kill myself tonight")


def test_a_broken_model_stops_the_app_but_not_the_command_that_trains_a_new_one(
    monkeypatch, tmp_path
):
    from service.safety import second_opinion

    def broken():
        raise second_opinion.ModelError("model.weights: 5 weights for 2 pieces of 12 each")

    monkeypatch.setattr(second_opinion, "model", broken)
    config = {"TESTING": True, "DATABASE_URL": f"sqlite:///{tmp_path / 'x.db'}"}
    monkeypatch.setattr("sys.argv", ["flask", "--app", "service", "safety", "eval"])
    with pytest.raises(second_opinion.ModelError, match="model.weights"):
        create_app(config)
    monkeypatch.setattr("sys.argv", ["flask", "--app", "service", "safety", "train"])
    assert create_app(config) is not None
