"""The shipped taster and system messages pass the check with no warnings."""

from service.config import ROOT
from service.content import check as content_check
from service.content import gsm, templates
from service.content.programme import load_programme


def test_taster_loads_without_warnings():
    taster = load_programme(ROOT / "programs" / "taster.yaml")
    assert taster.slug == "taster"
    assert taster.length == 7
    assert taster.languages == ("en", "es")
    assert taster.warnings == ()
    days_with_checkin = [d.number for d in taster.days if d.checkin]
    assert days_with_checkin == [1, 4, 7]
    for day in taster.days:
        for item in day.checkin:
            assert (item.type, item.min, item.max, item.measure) == ("scale", 0, 10, "own")


def test_shipped_templates_have_no_problems():
    report = content_check.check_templates()
    assert report.problems == []
    assert report.templates == 2 * len(templates.TEMPLATE_NAMES)


def test_every_system_message_is_one_gsm7_segment_as_sent():
    for lang in ("en", "es"):
        values = templates.example_values(lang)
        for name in templates.TEMPLATE_NAMES:
            text = templates.render_system(name, lang, values, fold=True)
            sent = gsm.cost(text)
            assert (name, lang, sent.encoding, sent.segments) == (name, lang, "GSM-7", 1)


def test_cli_passes_on_shipped_content_strictly(runner):
    result = runner.invoke(args=["programs", "check", "--strict", str(ROOT / "programs")])
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output
