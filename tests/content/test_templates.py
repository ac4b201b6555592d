"""System messages: rendering, folding, and falling back to English."""

import logging

import pytest

from service.content import templates
from service.content.render import MissingVariable


def test_render_fills_and_strips_trailing_newline(templates_copy):
    (templates_copy / "en" / "stopped.txt").write_text("Bye from {org_name}.\n")
    out = templates.render_system("stopped", "en", {"org_name": "Hope"}, directory=templates_copy)
    assert out == "Bye from Hope."


def test_render_folds_when_asked(templates_copy):
    (templates_copy / "es" / "stopped.txt").write_text("Adiós de {org_name}.\n")
    values = {"org_name": "Jardín"}
    kwargs = {"directory": templates_copy}
    assert templates.render_system("stopped", "es", values, **kwargs) == "Adiós de Jardín."
    assert templates.render_system("stopped", "es", values, fold=True, **kwargs) == (
        "Adios de Jardin."
    )


def test_missing_language_falls_back_to_english(templates_copy, caplog):
    (templates_copy / "es" / "paused.txt").unlink()
    english = (templates_copy / "en" / "paused.txt").read_text().rstrip("\n")
    with caplog.at_level(logging.WARNING, logger="service.content.templates"):
        out = templates.render_system("paused", "es", {}, directory=templates_copy)
    assert out == english
    assert "paused" in caplog.text and "'es'" in caplog.text
    # A language with no folder at all falls back the same way.
    assert templates.render_system("paused", "fr", {}, directory=templates_copy) == english


def test_missing_everywhere_raises(templates_copy):
    (templates_copy / "en" / "paused.txt").unlink()
    (templates_copy / "es" / "paused.txt").unlink()
    with pytest.raises(templates.TemplateMissing):
        templates.render_system("paused", "es", {}, directory=templates_copy)


def test_missing_variable_raises(templates_copy):
    with pytest.raises(MissingVariable) as caught:
        templates.render_system("stopped", "en", {}, directory=templates_copy)
    assert caught.value.name == "org_name"


def test_languages(templates_copy):
    (templates_copy / "fr").mkdir()
    (templates_copy / "fr" / "notes.md").write_text("not a template")
    assert templates.languages(templates_copy) == ["en", "es"]
    (templates_copy / "fr" / "paused.txt").write_text("En pause.")
    assert templates.languages(templates_copy) == ["en", "es", "fr"]


def test_template_names_match_the_shipped_files():
    shipped = {p.stem for p in (templates.default_directory() / "en").glob("*.txt")}
    assert set(templates.TEMPLATE_NAMES) <= shipped
    assert templates.TEMPLATE_NAMES["crisis"] == {"org_name", "crisis_line", "emergency_number"}


def test_variables_have_examples_per_language():
    found = templates.load_variables()
    assert {"org_name", "crisis_line", "help_contact", "emergency_number", "community"} <= {
        n for n, v in found.items() if v.kind == "organisation"
    }
    for allowed in templates.TEMPLATE_NAMES.values():
        assert allowed <= set(found)
    assert templates.example_values("es")["org_name"] != templates.example_values("en")["org_name"]
    # A language without its own example gets the English one.
    assert templates.example_values("fr")["org_name"] == templates.example_values("en")["org_name"]


def test_broken_variables_file_is_reported(templates_copy):
    (templates_copy / "variables.yaml").write_text("org_name:\n  example: Hope\n")
    with pytest.raises(templates.VariablesInvalid) as caught:
        templates.load_variables(templates_copy)
    assert any("description" in why for why in caught.value.problems)
