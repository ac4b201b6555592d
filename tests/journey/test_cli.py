"""The operator commands under `flask --app service ...`."""

from service.models import Inbound, Keyword, Launch, Message, Organisation


def test_init_db_is_safe_to_run_twice(runner):
    result = runner.invoke(args=["init-db"])
    assert result.exit_code == 0 and "up to date" in result.output


def test_seed_demo_is_idempotent(runner):
    for _ in range(2):
        result = runner.invoke(args=["seed-demo"])
        assert result.exit_code == 0, result.output
    assert Organisation.select().count() == 1
    org = Organisation.get()
    assert (org.name, org.timezone, org.variables["crisis_line"]) == (
        "Demo Community",
        "America/New_York",
        "988",
    )
    assert {(k.word, k.language) for k in Keyword.select()} == {("KIND", "en"), ("AMABLE", "es")}


def test_org_create_and_launch(runner):
    result = runner.invoke(
        args=[
            "org",
            "create",
            "hope",
            "--name",
            "Hope Centre",
            "--timezone",
            "America/Chicago",
            "--var",
            "crisis_line=988",
            "--var",
            "help_contact=555-0100",
            "--var",
            "emergency_number=911",
            "--var",
            "safety_line=800-799-7233",
        ]
    )
    assert result.exit_code == 0, result.output
    result = runner.invoke(args=["launch", "hope", "taster", "--keyword", "en=calm"])
    assert result.exit_code == 0, result.output
    assert Keyword.get().word == "CALM"


HOPE_VARS = [
    *("--var", "crisis_line=988", "--var", "help_contact=1", "--var", "emergency_number=9"),
    *("--var", "safety_line=0808 157 0193"),
]


def test_launch_refuses_reserved_and_taken_keywords(runner):
    runner.invoke(args=["org", "create", "hope", "--name", "Hope", "--timezone", "UTC", *HOPE_VARS])
    result = runner.invoke(args=["launch", "hope", "taster", "--keyword", "en=STOP"])
    assert result.exit_code == 1 and "reserved" in result.output
    runner.invoke(args=["launch", "hope", "taster", "--keyword", "en=CALM"])
    result = runner.invoke(args=["launch", "hope", "taster", "--keyword", "en=c.a.l.m"])
    assert result.exit_code == 1 and "already used" in result.output
    assert Launch.select().count() == 1


def test_launch_refuses_an_unknown_programme(runner):
    runner.invoke(args=["org", "create", "hope", "--name", "Hope", "--timezone", "UTC"])
    result = runner.invoke(args=["launch", "hope", "nope", "--keyword", "en=CALM"])
    assert result.exit_code == 1 and "no programme" in result.output


def test_simulate_prints_the_replies(runner):
    runner.invoke(args=["seed-demo"])
    result = runner.invoke(
        args=["simulate", "+15551234567", "KIND", "--now", "2026-11-23T14:00:00Z"]
    )
    assert result.exit_code == 0, result.output
    assert "Demo Community" in result.output and "YES" in result.output
    assert Inbound.select().count() == 1


def test_tick_runs_one_pass_as_of_now(runner):
    runner.invoke(args=["seed-demo"])
    for body in ("KIND", "YES", "9am"):
        runner.invoke(args=["simulate", "+12125550123", body, "--now", "2026-11-23T13:00:00Z"])
    result = runner.invoke(args=["tick", "--now", "2026-11-23T14:00:00Z"])
    assert result.exit_code == 0, result.output
    assert "planned 2 text(s) for 1 enrolment(s)" in result.output
    assert Message.select().where(Message.kind == "practice", Message.state == "sent").count() == 1
    again = runner.invoke(args=["tick", "--now", "2026-11-23T14:00:00Z"])
    assert "planned 0 text(s)" in again.output


def test_tick_refuses_a_time_without_zone(runner):
    result = runner.invoke(args=["tick", "--now", "2026-11-23T14:00:00"])
    assert result.exit_code != 0


def test_launch_names_the_variable_and_language_missing(runner):
    runner.invoke(args=["org", "create", "hope", "--name", "Hope", "--timezone", "UTC", *HOPE_VARS])
    args = ["launch", "hope", "kind-to-myself", "--keyword", "en=CALM", "--keyword", "es=CALMA"]
    refused = runner.invoke(args=[*args, "--var", "community=neighbours"])
    assert refused.exit_code == 1
    assert "{community} has no value in Spanish (es)" in refused.output
    assert "--var community.es=" in refused.output
    assert Launch.select().count() == 0
    done = runner.invoke(
        args=[*args, "--var", "community=neighbours", "--var", "community.es=vecinos"]
    )
    assert done.exit_code == 0, done.output
    launch = Launch.get()
    assert launch.template_variables("es")["community"] == "vecinos"
    assert launch.template_variables("en")["community"] == "neighbours"


def test_a_var_must_be_name_equals_value(runner):
    result = runner.invoke(
        args=["org", "create", "hope", "--name", "Hope", "--timezone", "UTC", "--var", "oops"]
    )
    assert result.exit_code == 2 and "NAME=VALUE" in result.output
