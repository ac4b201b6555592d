"""Staff accounts from the command line: the first administrators, and repairs."""

from datetime import datetime

import click

from ..db import utc, utcnow
from ..models.staff import ROLES, SITE_ADMIN, StaffUser
from ..staff import accounts, limits


def _password():
    """Prompted twice and never echoed: a password never goes on the command line."""
    return click.prompt("Password", hide_input=True, confirmation_prompt=True)


def _account(email):
    """The account with this email, or a clear error."""
    user = StaffUser.get_or_none(StaffUser.email == email.strip().lower())
    if user is None:
        raise click.ClickException(f"No account {email}.")
    return user


def register(app):
    """Attach the `staff` command group."""

    @app.cli.group("staff")
    def staff():
        """Dashboard accounts."""

    @staff.command("create")
    @click.option("--org", "org_slug", default=None, help="Organisation slug (not for site_admin).")
    @click.option("--email", required=True)
    @click.option("--role", type=click.Choice(ROLES), required=True)
    @click.option("--name", default="")
    def create(org_slug, email, role, name):
        """Create an account; the password is prompted for."""
        org = None
        if role != SITE_ADMIN:
            org = accounts.organisation_by_slug(org_slug)
            if org is None:
                raise click.UsageError(f"No organisation with slug {org_slug!r}.")
        elif org_slug:
            raise click.UsageError("A site_admin belongs to no organisation; leave out --org.")
        try:
            user = accounts.create_staff(
                email=email,
                password=_password(),
                role=role,
                organisation=org,
                name=name,
                now=utcnow(),
            )
        except accounts.AccountError as exc:
            raise click.ClickException(" ".join(exc.problems)) from None
        click.echo(f"created {user.role} account {user.email}")

    @staff.command("set-password")
    @click.option("--email", required=True)
    def set_password(email):
        """Set a new password (prompted); signs the account out everywhere."""
        user = _account(email)
        try:
            accounts.set_password(user, _password(), now=utcnow())
        except accounts.AccountError as exc:
            raise click.ClickException(" ".join(exc.problems)) from None
        click.echo(f"password changed for {user.email}")

    @staff.command("disable")
    @click.option("--email", required=True)
    def disable(email):
        """Disable an account and end its sessions."""
        user = _account(email)
        accounts.set_active(user, False)
        click.echo(f"disabled {user.email}")

    @staff.command("limits")
    @click.option("--now", "when", default=None, help="ISO time (default: now).")
    def show_limits(when):
        """Sign-in limits in force: failures and the wait, per address and per email."""
        now = datetime.fromisoformat(when) if when else utcnow()
        rows = limits.current(now=now)
        if not rows:
            click.echo("no sign-in limits in force")
        for row in rows:
            wait = row.next_try_at and row.next_try_at - utc(now)
            left = (
                f"next try in {int(wait.total_seconds())}s"
                if wait and wait.total_seconds() > 0
                else "may try now"
            )
            click.echo(f"{row.key}  {row.failures} failed  {left}")

    @staff.command("unlimit")
    @click.argument("key")
    def unlimit(key):
        """Clear one sign-in limit, e.g. `ip:203.0.113.5` or `pair:ana@example.org 203.0.113.5`."""
        if not limits.lift(key):
            raise click.ClickException(f"No limit {key!r}; `staff limits` lists them.")
        click.echo(f"cleared {key}")
