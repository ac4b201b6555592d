"""`flask --app service doctor`: what a deployment lacks, and what to do about it."""

from service import doctor

GOOD = {
    "SECRET_KEY": "f5e95297263ae87a75551f855eaeae29cfef14f25769bb136d2e70dfec51e6af",
    "PUBLIC_BASE_URL": "https://kindly.example.org",
    "SMS_BACKEND": "twilio",
    "TWILIO_ACCOUNT_SID": "AC" + "1" * 32,
    "TWILIO_AUTH_TOKEN": "token",
    "TWILIO_FROM_NUMBER": "+15005550006",
}


def levels(findings):
    return [(f.level, f.what) for f in findings]


def fixes(findings):
    return [f for f in findings if f.level == doctor.FIX]


def test_a_good_deployment_has_nothing_to_fix(app):
    settings = {**app.config, **GOOD}
    findings = doctor.examine(
        settings, incoming_webhook=lambda: "https://kindly.example.org/twilio/sms"
    )
    assert not fixes(findings), levels(findings)
    assert any("migrated" in f.what for f in findings)


def test_the_development_secret_and_a_short_one_are_flagged():
    assert fixes(doctor.check_secret({"SECRET_KEY": doctor.DEV_SECRET}))
    assert fixes(doctor.check_secret({"SECRET_KEY": "hunter2"}))
    assert "token_hex" in doctor.check_secret({})[0].advice


def test_the_public_url_must_be_bare_https():
    for base in ("", "http://kindly.example.org", "https://kindly.example.org/app"):
        assert fixes(doctor.check_public_url({"PUBLIC_BASE_URL": base})), base


def test_twilios_webhook_must_be_the_url_signatures_are_checked_over():
    settings = {"PUBLIC_BASE_URL": "https://kindly.example.org"}
    wrong = doctor.check_public_url(settings, lambda: "https://old.example.org/twilio/sms")
    [problem] = fixes(wrong)
    assert "https://kindly.example.org/twilio/sms" in problem.advice
    right = doctor.check_public_url(settings, lambda: "https://kindly.example.org/twilio/sms")
    assert not fixes(right)


def test_twilio_not_answering_is_a_warning_not_a_crash():
    def down():
        raise OSError("connection refused")

    findings = doctor.check_public_url({"PUBLIC_BASE_URL": "https://k.example.org"}, down)
    assert [f.level for f in findings] == [doctor.OK, doctor.WARN]


def test_a_sender_is_needed():
    assert fixes(doctor.check_sender({**GOOD, "SMS_BACKEND": "console"}))
    no_sender = {**GOOD, "TWILIO_FROM_NUMBER": ""}
    assert "TWILIO_FROM_NUMBER" in fixes(doctor.check_sender(no_sender))[0].advice
    assert not fixes(doctor.check_sender(GOOD))


def test_pending_migrations_are_named(app):
    from service.db import database

    database.execute_sql("DELETE FROM schema_migration WHERE substr(name, 1, 4) = '0005'")
    [problem] = fixes(doctor.check_database(app.config))
    assert "0005" in problem.what and "init-db" in problem.advice


def test_broken_programmes_are_flagged(app, tmp_path):
    (tmp_path / "broken.yaml").write_text("slug: broken\n", encoding="utf-8")
    settings = {**app.config, "PROGRAMS_DIR": str(tmp_path)}
    [problem] = fixes(doctor.check_content(settings))
    assert "programs check" in problem.advice


def test_the_command_exits_1_and_lists_what_to_fix(runner):
    result = runner.invoke(args=["doctor", "--no-twilio"])
    assert result.exit_code == 1
    assert "ok    SECRET_KEY is set" in result.output  # the suite's key is 32 random bytes
    assert "fix   SMS_BACKEND is 'console'" in result.output
    assert "thing(s) to fix" in result.output
