"""The shipped programme files: clean under `programs check`, and the
screening questions word for word as published.

The reference wording below is the published instrument text (PHQ-9 and
GAD-7, English and Spanish for the USA, Pfizer; items 1-2 of each), the
oracle the programme files are held to, not a copy of them.
"""

import pytest

from service.config import programs_dir
from service.content import gsm

from .conftest import SHIPPED

STEM = {
    "en": "Over the last 2 weeks, how often have you been bothered by the following problems?",
    "es": "Durante las últimas 2 semanas, ¿qué tan seguido ha tenido molestias debido a "
    "los siguientes problemas?",
}
ITEMS = {
    "gad2_1": {
        "en": "Feeling nervous, anxious or on edge",
        "es": "Se ha sentido nervioso(a), ansioso(a) o con los nervios de punta",
    },
    "gad2_2": {
        "en": "Not being able to stop or control worrying",
        "es": "No ha sido capaz de parar o controlar su preocupación",
    },
    "phq2_1": {
        "en": "Little interest or pleasure in doing things",
        "es": "Poco interés o placer en hacer cosas",
    },
    "phq2_2": {
        "en": "Feeling down, depressed, or hopeless",
        "es": "Se ha sentido decaído(a), deprimido(a) o sin esperanzas",
    },
}
LABELS = {
    "en": ["0 Not at all", "1 Several days", "2 More than half the days", "3 Nearly every day"],
    "es": [
        "0 Ningún día",
        "1 Varios días",
        "2 Más de la mitad de los días",
        "3 Casi todos los días",
    ],
}
SCREENED = ("kind-to-myself", "kind-to-the-helper")


def test_programs_check_passes_with_no_warnings(runner):
    result = runner.invoke(args=["programs", "check", str(programs_dir())])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output


@pytest.mark.parametrize("slug", SHIPPED)
def test_programme_loads_without_a_single_warning(slug, library):
    programme = library.get(slug)
    assert [str(w) for w in programme.warnings] == []
    assert programme.languages == ("en", "es")


@pytest.mark.parametrize("slug", SHIPPED)
def test_every_english_text_is_gsm7_as_written(slug, library):
    # English is never folded, so it must be plain GSM-7 already: a curly
    # quote or a dash from a word processor would double the cost silently.
    programme = library.get(slug)
    texts = [d.practice["en"] for d in programme.days]
    texts += [i.text["en"] for d in programme.days for i in d.checkin]
    texts.append(programme.closing["en"])
    for text in texts:
        assert gsm.cost(text).encoding == "GSM-7", text


@pytest.mark.parametrize("slug", SCREENED)
def test_screening_on_the_first_and_last_day_word_for_word(slug, library):
    programme = library.get(slug)
    first, last = programme.day(1), programme.day(programme.length)
    assert set(programme.measures) == {"GAD-2", "PHQ-2"}
    assert programme.measures["GAD-2"].items == ("gad2_1", "gad2_2")
    assert programme.measures["PHQ-2"].items == ("phq2_1", "phq2_2")
    for day in (first, last):
        for lang in ("en", "es"):
            # The stem closes the practice text, so it arrives just before the items.
            assert day.practice[lang].endswith(STEM[lang])
        asked = [i for i in day.checkin if i.measure in ("GAD-2", "PHQ-2")]
        assert [i.id for i in asked] == list(ITEMS)
        for item in asked:
            assert (item.type, item.min, item.max) == ("scale", 0, 3)
            for lang in ("en", "es"):
                assert ITEMS[item.id][lang] in item.text[lang]
                positions = [item.text[lang].find(label) for label in LABELS[lang]]
                assert -1 not in positions and positions == sorted(positions), item.text[lang]
    # Before and after are the same questions, worded the same.
    assert [i.text for i in first.checkin] == [i.text for i in last.checkin]


@pytest.mark.parametrize("slug", SCREENED)
def test_measures_cite_their_source_and_permission(slug, library):
    programme = library.get(slug)
    for measure in programme.measures.values():
        assert measure.alert_at == 3
        assert "Kroenke" in measure.source and "Pfizer" in measure.source
        assert "No permission required to reproduce" in measure.source
    assert "Med Care" in programme.measures["PHQ-2"].source
    assert "Ann Intern Med" in programme.measures["GAD-2"].source


@pytest.mark.parametrize("slug", SHIPPED)
def test_own_ratings_are_labelled_own_and_asked_two_or_three_times_a_week(slug, library):
    programme = library.get(slug)
    own_days = [d.number for d in programme.days if any(i.measure == "own" for i in d.checkin)]
    for start in range(1, programme.length + 1, 7):
        week = [n for n in own_days if start <= n < start + 7]
        assert 2 <= len(week) <= 3, (start, week)
    for day in programme.days:
        for item in day.checkin:
            if item.measure == "own":
                assert (item.type, item.min, item.max) == ("scale", 0, 10)
                for lang in ("en", "es"):
                    assert "0" in item.text[lang] and "10" in item.text[lang]
