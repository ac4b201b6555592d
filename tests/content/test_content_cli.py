"""`flask --app service programs check`: output and exit status."""

from .conftest import programme_data


def check(runner, *args):
    return runner.invoke(args=["programs", "check", *map(str, args)])


def test_valid_file_passes(runner, write_programme):
    result = check(runner, write_programme(programme_data()))
    assert result.exit_code == 0, result.output
    assert "0 error(s), 0 warning(s)" in result.output
    assert "mini.yaml [en]: 7 messages, all GSM-7, 1 segment each" in result.output
    # Spanish is folded: the line shows both costs and the letters that force UCS-2.
    es = next(line for line in result.output.splitlines() if "mini.yaml [es]" in line)
    assert "sent folded: all GSM-7" in es
    assert "unfolded:" in es and "UCS-2 forced by" in es and "í" in es


def test_errors_fail_with_locations(runner, write_programme):
    data = programme_data()
    del data["days"][1]["practice"]["es"]
    data["days"][0]["practice"]["en"] = "Hi {org_nme}"
    path = write_programme(data)
    result = check(runner, path.parent)
    assert result.exit_code == 1
    lines = result.output.splitlines()
    # The line is where day 2's practice starts in the file.
    written = path.read_text(encoding="utf-8").splitlines()
    line_no = [n for n, text in enumerate(written, 1) if text.strip() == "practice:"][1]
    expected = f"mini.yaml:days[1].practice: error: missing translation for 'es' (line {line_no})"
    assert any(out.endswith(expected) for out in lines), result.output
    assert any(
        "mini.yaml:days[0].practice.en: error: unknown variable {org_nme}" in line for line in lines
    )
    assert "2 error(s)" in lines[-1]


def test_warnings_fail_only_when_strict(runner, write_programme):
    data = programme_data()
    data["closing"]["en"] = "x" * 170
    path = write_programme(data)
    relaxed = check(runner, path)
    assert relaxed.exit_code == 0
    assert "mini.yaml:closing.en: warning: 2 SMS segments" in relaxed.output
    strict = check(runner, path, "--strict")
    assert strict.exit_code == 1


def test_verbose_shows_each_message(runner, write_programme):
    result = check(runner, write_programme(programme_data()), "-v")
    assert "mini.yaml:days[1].practice.es: GSM-7, 1 segment" in result.output
    assert "(unfolded: UCS-2" in result.output


def test_broken_template_is_reported(app, runner, templates_copy, write_programme):
    (templates_copy / "es" / "paused.txt").unlink()
    (templates_copy / "en" / "stopped.txt").write_text("Bye {org_name} {crisis_line} {0}\n")
    (templates_copy / "es" / "ack.txt").write_text("Gracias. {organisation}\n")
    (templates_copy / "en" / "help_general.txt").write_text("y" * 161 + "\n")
    app.config["TEMPLATES_SMS_DIR"] = str(templates_copy)
    result = check(runner, write_programme(programme_data()))
    assert result.exit_code == 1
    out = result.output
    assert "es:paused: error: missing translation" in out
    assert "en:stopped: error: positional {0}" in out
    assert (
        "es:ack: error: {organisation} is not available in ack (and not in variables.yaml)" in out
    )
    assert "en:help_general: warning: 2 SMS segments" in out


def test_template_variable_not_allowed_for_that_message(
    app, runner, templates_copy, write_programme
):
    (templates_copy / "en" / "stopped.txt").write_text("Bye from {org_name}. {crisis_line}\n")
    app.config["TEMPLATES_SMS_DIR"] = str(templates_copy)
    result = check(runner, write_programme(programme_data()))
    assert result.exit_code == 1
    assert "en:stopped: error: {crisis_line} is not available in stopped; can use: {org_name}" in (
        result.output
    )


def test_yaml_error_fails(runner, write_programme):
    result = check(runner, write_programme("spec: 1\nid: [unclosed\n"))
    assert result.exit_code == 1
    assert "mini.yaml:line 3: error: YAML syntax" in result.output


def test_default_path_is_the_configured_programs_dir(app, runner, write_programme):
    path = write_programme(programme_data())
    app.config["PROGRAMS_DIR"] = str(path.parent)
    result = check(runner)
    assert result.exit_code == 0, result.output
    assert "checked 1 programme file(s)" in result.output
