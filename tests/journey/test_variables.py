"""Organisation variables, one value or one per language, checked at launch."""

import pytest

from service.launch_variables import parse_pairs
from service.launches import LaunchError, create_organisation, launch_programme
from service.models import Launch

NEEDED = {
    "crisis_line": "988",
    "help_contact": "call 555-0100",
    "emergency_number": "911",
    "safety_line": "800-799-7233",
}


def hope(**variables):
    return create_organisation(
        slug="hope", name="Hope", timezone="UTC", variables={**NEEDED, **variables}
    )


def test_variables_may_differ_by_language(app):
    org = hope(community={"en": "neighbours", "es": "vecinos"})
    launch = launch_programme(org, "taster", {"en": "HOPE"}, variables={"crisis_line": "911"})
    assert launch.template_variables("es")["community"] == "vecinos"
    assert launch.template_variables("en")["community"] == "neighbours"
    # A language with no value of its own never borrows another language's.
    assert "community" not in launch.template_variables("fr")
    # The launch overrides the organisation.
    assert launch.template_variables("en")["crisis_line"] == "911"
    assert launch.template_variables("en")["org_name"] == "Hope"


def test_a_launch_adds_one_language_to_the_organisations_value(app):
    org = hope(community="neighbours")
    launch = launch_programme(
        org, "kind-to-myself", {"en": "HOPE"}, variables={"community": {"es": "vecinos"}}
    )
    assert launch.template_variables("es")["community"] == "vecinos"
    assert launch.template_variables("en")["community"] == "neighbours"


def test_a_neutral_value_serves_every_language(app):
    launch = launch_programme(hope(community={"en": "x", "es": "y"}), "taster", {"en": "HOPE"})
    assert launch.template_variables("es")["crisis_line"] == "988"
    assert launch.template_variables("pt")["crisis_line"] == "988"


def test_cli_pairs_give_a_neutral_value_and_one_per_language():
    assert parse_pairs(["crisis_line=988"]) == {"crisis_line": "988"}
    assert parse_pairs(["community=neighbours", "community.ES=vecinos"]) == {
        "community": {"*": "neighbours", "es": "vecinos"}
    }
    with pytest.raises(ValueError, match="NAME.LANG=VALUE"):
        parse_pairs(["community.=x"])


def test_launch_refuses_a_worded_variable_missing_in_one_language(app):
    # kind-to-myself (English and Spanish) says {community}: an English word
    # must not reach a Spanish text.
    org = hope(community="neighbours")
    with pytest.raises(LaunchError) as refused:
        launch_programme(org, "kind-to-myself", {"en": "HOPE", "es": "ESPERANZA"})
    assert refused.value.problems == [
        "{community} has no value in Spanish (es), used in day 16 practice: "
        "give it in that language (e.g. --var community.es=...)"
    ]
    assert Launch.select().count() == 0


def test_launch_refuses_a_variable_missing_everywhere_naming_each_language(app):
    org = create_organisation(slug="hope", name="Hope", timezone="UTC", variables=NEEDED)
    with pytest.raises(LaunchError) as refused:
        launch_programme(org, "kind-to-myself", {"en": "HOPE"})
    said = " / ".join(refused.value.problems)
    assert "{community} has no value in English (en)" in said
    assert "{community} has no value in Spanish (es)" in said


def test_launch_checks_system_messages_with_the_organisations_values(app):
    org = create_organisation(slug="hope", name="Hope", timezone="UTC", variables={})
    with pytest.raises(LaunchError) as refused:
        launch_programme(org, "taster", {"en": "HOPE"})
    said = " / ".join(refused.value.problems)
    # The crisis reply must never fail for want of a number.
    assert "{emergency_number} has no value in English (en), used in the crisis message" in said
    assert "{crisis_line} has no value in Spanish (es)" in said


def test_any_variable_listed_as_worded_is_checked(app, tmp_path, monkeypatch):
    import shutil

    templates = tmp_path / "templates_sms"
    shutil.copytree("templates_sms", templates)
    text = (templates / "variables.yaml").read_text()
    text = text.replace(
        "crisis_line:\n  kind: organisation\n",
        "crisis_line:\n  kind: organisation\n  worded: true\n",
    )
    (templates / "variables.yaml").write_text(text)
    monkeypatch.setenv("TEMPLATES_SMS_DIR", str(templates))
    with pytest.raises(LaunchError) as refused:
        launch_programme(hope(), "taster", {"en": "HOPE"})
    assert any("{crisis_line} has no value in Spanish (es)" in p for p in refused.value.problems)
