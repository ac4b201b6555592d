"""Loading and validating programme files: every problem, with its location."""

import copy

import pytest

from service.content.programme import (
    Problem,
    ProgrammeInvalid,
    load_programme,
)

from .conftest import programme_data


def problems_of(path):
    """The problems load_programme raises for `path` (it must raise)."""
    with pytest.raises(ProgrammeInvalid) as caught:
        load_programme(path)
    return caught.value.problems


def errors_of(path):
    return [(p.location, p.message) for p in problems_of(path) if p.level == "error"]


def test_valid_programme_loads(write_programme):
    programme = load_programme(write_programme(programme_data()))
    assert programme.slug == "mini"
    assert programme.length == 2
    assert programme.default_language == "en"
    assert programme.folds("es") and not programme.folds("en")
    assert programme.day(2).practice["es"] == "Día dos."
    assert programme.day(3) is None and programme.day(0) is None
    item = programme.item(1, "phq2_2")
    assert (item.type, item.min, item.max, item.measure) == ("scale", 0, 3, "PHQ-2")
    assert programme.item(2, "phq2_2") is None
    choice = programme.item(2, "walk")
    assert [o.key for o in choice.options] == ["a", "b"]
    assert choice.options[1].text["es"] == "música"
    assert programme.measures["PHQ-2"].items == ("phq2_1", "phq2_2")
    assert programme.measures["PHQ-2"].alert_at == 3
    assert programme.warnings == ()


def test_render_folds_where_the_programme_folds(write_programme):
    programme = load_programme(write_programme(programme_data()))
    closing = programme.closing
    assert programme.render(closing, "es", {"crisis_line": "988"}) == "Adios. Llama al 988."
    assert programme.render(closing, "en", {"crisis_line": "988"}) == "Bye. Call 988."
    # A language the programme lacks gets the default language.
    assert programme.render(closing, "fr", {"crisis_line": "988"}) == "Bye. Call 988."


def test_yaml_syntax_error_has_its_line(write_programme):
    text = 'spec: 1\nid: mini\ndays:\n  - day: 1\n    practice: {en: "unclosed\n'
    problems = problems_of(write_programme(text))
    assert len(problems) == 1
    assert problems[0].level == "error"
    assert problems[0].message.startswith("YAML syntax")
    assert problems[0].line is not None and problems[0].location == f"line {problems[0].line}"


def test_gap_in_days(write_programme):
    data = programme_data()
    data["days"][1]["day"] = 3
    assert ("days", "days should run 1..2 without gaps: no day 2") in errors_of(
        write_programme(data)
    )


def test_duplicate_day(write_programme):
    data = programme_data()
    data["days"][1]["day"] = 1
    errors = errors_of(write_programme(data))
    assert ("days[1].day", "day 1 appears twice") in errors


def test_missing_translation_has_its_location(write_programme):
    data = programme_data()
    del data["days"][0]["checkin"][1]["text"]["es"]
    errors = errors_of(write_programme(data))
    assert errors == [("days[0].checkin[1].text", "missing translation for 'es'")]


def test_unknown_variable_with_suggestion(write_programme):
    data = programme_data()
    data["days"][1]["practice"]["es"] = "Hola {org_nme}"
    errors = errors_of(write_programme(data))
    assert errors == [
        ("days[1].practice.es", "unknown variable {org_nme} (did you mean {org_name}?)")
    ]


def test_unknown_key_with_suggestion_and_line(write_programme):
    text = (
        "spec: 1\nid: mini\nversion: 1\nlanguages: [en]\ntitle: {en: Mini}\n"
        "days:\n  - day: 1\n    practise: {en: Hi}\n"
        "closing: {en: Bye}\n"
    )
    problems = problems_of(write_programme(text))
    found = [(p.location, p.message, p.line) for p in problems]
    assert ("days[0].practise", "unknown key 'practise' (did you mean 'practice'?)", 8) in found
    assert ("days[0]", "missing 'practice'", 7) in found


def test_every_problem_is_reported_at_once(write_programme):
    data = programme_data(id="other", spelling="x")
    data["days"][0]["practice"]["es"] = "Hola {0}"
    data["days"][1]["checkin"][0]["type"] = "multiple"
    data["closing"] = {"en": "Bye"}
    errors = errors_of(write_programme(data))
    locations = {location for location, _ in errors}
    assert {"id", "spelling", "days[0].practice.es", "days[1].checkin[0].type", "closing"} <= (
        locations
    )


@pytest.mark.parametrize(
    "change, location, fragment",
    [
        (lambda d: d.update(spec=2), "spec", "unknown spec 2"),
        (lambda d: d.update(version=0), "version", "1 or more"),
        (lambda d: d.update(languages=[]), "languages", "list of language codes"),
        (lambda d: d.update(languages=["en", "en"]), "languages[1]", "listed twice"),
        (lambda d: d.update(fold_to_gsm={"fr": True}), "fold_to_gsm.fr", "unknown language"),
        (lambda d: d["title"].update(fr="Mini"), "title.fr", "unknown language 'fr'"),
        (lambda d: d["days"][0].update(day="one"), "days[0].day", "whole number"),
        (lambda d: d["days"][0]["practice"].update(en=""), "days[0].practice.en", "empty"),
        (lambda d: d["days"][0]["practice"].update(en="Hi {"), "days[0].practice.en", "unmatched"),
        (
            lambda d: d["days"][0]["checkin"][1].update(id="phq2_1"),
            "days[0].checkin[1].id",
            "twice",
        ),
        (lambda d: d["days"][0]["checkin"][0].pop("max"), "days[0].checkin[0]", "needs 'max'"),
        (lambda d: d["days"][0]["checkin"][0].update(min=5), "days[0].checkin[0].max", "more than"),
        (
            lambda d: d["days"][1]["checkin"][0].pop("options"),
            "days[1].checkin[0].options",
            "needs",
        ),
        (
            lambda d: d["days"][1]["checkin"][1].update(min=0),
            "days[1].checkin[1].min",
            "only a scale",
        ),
        (
            lambda d: d["days"][1]["checkin"][0]["options"]["a"].pop("es"),
            "days[1].checkin[0].options.a",
            "missing translation",
        ),
        (
            lambda d: d["days"][1]["checkin"][1].update(measure="WHO-5"),
            "days[1].checkin[1].measure",
            "unknown measure 'WHO-5'",
        ),
        (
            lambda d: d["measures"]["PHQ-2"]["items"].append("phq2_3"),
            "measures.PHQ-2.items[2]",
            "no day asks",
        ),
        (lambda d: d["measures"]["PHQ-2"].pop("source"), "measures.PHQ-2", "missing 'source'"),
        (
            lambda d: d["days"][1]["checkin"][1].update(id="phq2_1", type="text", measure="PHQ-2"),
            "days[1].checkin[1]",
            "differs from day 1",
        ),
    ],
)
def test_each_error_has_its_location(write_programme, change, location, fragment):
    data = copy.deepcopy(programme_data())
    change(data)
    errors = errors_of(write_programme(data))
    assert any(loc == location and fragment in msg for loc, msg in errors), errors


def test_id_must_match_file_name(write_programme):
    errors = errors_of(write_programme(programme_data(), slug="renamed"))
    assert ("id", "id 'mini' should equal the file name 'renamed'") in errors


def test_duplicate_yaml_key_is_an_error(write_programme):
    text = (
        "spec: 1\nid: mini\nversion: 1\nlanguages: [en]\ntitle: {en: Mini}\n"
        "days:\n  - day: 1\n    practice: {en: First}\n    practice: {en: Second}\n"
        "closing: {en: Bye}\n"
    )
    problems = problems_of(write_programme(text))
    assert [(p.location, p.line) for p in problems] == [("days[0].practice", 9)]


def test_too_long_message_is_a_warning_measured_folded(write_programme):
    data = programme_data()
    # 150 characters of text plus "Hope Community Centre" (21) is over 160.
    data["days"][0]["practice"]["en"] = "x" * 150 + "{org_name}"
    # 155 accented letters: one GSM-7 segment once folded, three UCS-2 segments if not.
    data["days"][1]["practice"]["es"] = "á" * 155
    programme = load_programme(write_programme(data))  # warnings never stop loading
    assert [(w.location, w.level) for w in programme.warnings] == [
        ("days[0].practice.en", "warning")
    ]
    assert "2 SMS segments" in programme.warnings[0].message

    data["fold_to_gsm"] = {}
    programme = load_programme(write_programme(data))
    locations = [w.location for w in programme.warnings]
    assert locations == ["days[0].practice.en", "days[1].practice.es"]
    assert "UCS-2 forced by á" in programme.warnings[1].message


def test_invalid_never_half_loads(write_programme):
    data = programme_data()
    data["closing"] = {"en": "Bye"}
    with pytest.raises(ProgrammeInvalid) as caught:
        load_programme(write_programme(data))
    assert not hasattr(caught.value, "programme")
    assert all(isinstance(p, Problem) for p in caught.value.problems)


def test_problem_reads_like_a_compiler_message():
    problem = Problem("programs/x.yaml", "days[3].checkin[0].text.es", "missing", "error")
    assert str(problem) == "programs/x.yaml:days[3].checkin[0].text.es: error: missing"
    problem.line = 12
    assert str(problem) == "programs/x.yaml:days[3].checkin[0].text.es: error: missing (line 12)"


def test_system_only_variable_is_an_error_in_programme_texts(write_programme):
    data = programme_data()
    data["days"][0]["checkin"][0]["text"]["en"] = "Reply {min}-{max}"
    errors = errors_of(write_programme(data))
    assert [loc for loc, _ in errors] == ["days[0].checkin[0].text.en"] * 2
    assert all("only available in system messages" in msg for _, msg in errors)
    assert "{crisis_line}" in errors[0][1] and "{when}" not in errors[0][1]


def test_variables_used(write_programme):
    data = programme_data()
    data["days"][1]["checkin"][0]["options"]["a"]["en"] = "a walk with {community}"
    data["days"][1]["checkin"][0]["options"]["a"]["es"] = "una caminata con {community}"
    programme = load_programme(write_programme(data))
    assert programme.variables_used() == {"org_name", "crisis_line", "community"}
