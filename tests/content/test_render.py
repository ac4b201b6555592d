"""Filling {variables} into texts, and reporting malformed braces."""

import pytest

from service.content.render import MissingVariable, fill, syntax_problems, variables_in


def test_variables_in():
    assert variables_in("Hi {org_name}, call {crisis_line} or {org_name}") == {
        "org_name",
        "crisis_line",
    }
    assert variables_in("{{not_a_variable}} and none") == set()


def test_fill_replaces_and_converts_with_str():
    assert (
        fill("{days} days with {org_name}", {"days": 7, "org_name": "Hope"}) == "7 days with Hope"
    )


def test_fill_keeps_literal_braces():
    assert fill("{{x}} is {x}", {"x": 1}) == "{x} is 1"


def test_fill_missing_variable_names_it():
    with pytest.raises(MissingVariable) as caught:
        fill("Call {crisis_line}", {"org_name": "Hope"})
    assert caught.value.name == "crisis_line"
    assert isinstance(caught.value, KeyError)


def test_fill_refuses_malformed_text():
    with pytest.raises(ValueError):
        fill("Call {0}", {"0": "x"})


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("Hi {0}", "positional"),
        ("Hi {a.b}", "attributes"),
        ("Hi {a[0]}", "attributes"),
        ("Hi {x!r}", "conversions"),
        ("Hi {x:>5}", "format"),
        ("Hi {}", "empty"),
        ("Hi {Org_Name}", "lower_snake_case"),
        ("Hi {org name}", "lower_snake_case"),
        ("Hi {org_name", "unmatched '{'"),
        ("Hi org_name}", "unmatched '}'"),
    ],
)
def test_syntax_problems(text, fragment):
    problems = syntax_problems(text)
    assert len(problems) == 1
    assert fragment in problems[0]


def test_no_syntax_problems_in_good_text():
    assert syntax_problems("Hi {org_name}, {{literal}} braces") == []
