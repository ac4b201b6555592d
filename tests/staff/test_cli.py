"""`flask staff ...`: the first accounts, with the password prompted, never an argument."""

from werkzeug.security import check_password_hash

from service.models.staff import StaffUser


def test_create_prompts_for_the_password_twice(runner, orgs):
    result = runner.invoke(
        args=[
            "staff",
            "create",
            "--org",
            "north",
            "--email",
            "Lead@North.example.org",
            "--role",
            "admin",
        ],
        input="a long kind passphrase\na long kind passphrase\n",
    )
    assert result.exit_code == 0, result.output
    user = StaffUser.get(StaffUser.email == "lead@north.example.org")
    assert user.role == "admin" and user.organisation.slug == "north"
    assert check_password_hash(user.password_hash, "a long kind passphrase")
    assert "a long kind passphrase" not in result.output


def test_there_is_no_password_option(runner, orgs):
    result = runner.invoke(
        args=[
            "staff",
            "create",
            "--org",
            "north",
            "--email",
            "a@b.example",
            "--role",
            "staff",
            "--password",
            "a long kind passphrase",
        ],
    )
    assert result.exit_code != 0
    assert StaffUser.select().count() == 0


def test_a_site_admin_needs_no_organisation_and_staff_need_a_real_one(runner, orgs):
    ok = runner.invoke(
        args=["staff", "create", "--email", "root@example.org", "--role", "site_admin"],
        input="a long kind passphrase\na long kind passphrase\n",
    )
    assert ok.exit_code == 0, ok.output
    assert StaffUser.get(StaffUser.email == "root@example.org").organisation is None
    missing = runner.invoke(
        args=["staff", "create", "--org", "nowhere", "--email", "x@y.example", "--role", "staff"],
        input="a long kind passphrase\na long kind passphrase\n",
    )
    assert missing.exit_code != 0 and "nowhere" in missing.output


def test_disable_and_set_password(runner, people):
    email = people["north_staff"].email
    version = people["north_staff"].session_version
    result = runner.invoke(
        args=["staff", "set-password", "--email", email],
        input="brand new long words\nbrand new long words\n",
    )
    assert result.exit_code == 0, result.output
    user = StaffUser.get(StaffUser.email == email)
    assert check_password_hash(user.password_hash, "brand new long words")
    assert user.session_version == version + 1
    assert runner.invoke(args=["staff", "disable", "--email", email]).exit_code == 0
    assert StaffUser.get(StaffUser.email == email).active is False
