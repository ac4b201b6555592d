"""Organisation variables, one value or one per language."""

from service.launches import create_organisation, launch_programme


def test_variables_may_differ_by_language(app):
    org = create_organisation(
        slug="hope",
        name="Hope",
        timezone="UTC",
        variables={"community": {"en": "neighbours", "es": "vecinos"}, "crisis_line": "988"},
    )
    launch = launch_programme(org, "taster", {"en": "HOPE"}, variables={"crisis_line": "911"})
    assert launch.template_variables("es")["community"] == "vecinos"
    assert launch.template_variables("en")["community"] == "neighbours"
    # A language not given falls back to the first one given.
    assert launch.template_variables("fr")["community"] == "neighbours"
    # The launch overrides the organisation.
    assert launch.template_variables("en")["crisis_line"] == "911"
    assert launch.template_variables("en")["org_name"] == "Hope"
