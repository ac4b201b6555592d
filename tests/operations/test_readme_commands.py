"""The README's command table is checked against the CLI itself, so it cannot drift."""

import re
from pathlib import Path

import click

README = Path(__file__).resolve().parents[2] / "README.md"
FLASK_OWN = {"run", "shell", "routes"}


def table_rows():
    """The first cells (inside backticks) of the table under '## Commands'."""
    text = README.read_text(encoding="utf-8")
    section = text.split("\n## Commands\n", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\| `([^`]+)` \|", section, flags=re.MULTILINE)


def leaf(app, usage):
    """The click command a usage line runs, resolved the way the CLI resolves it."""
    command = app.cli
    tokens = usage.split()
    with click.Context(app.cli) as ctx:
        while isinstance(command, click.Group):
            _, command, tokens = command.resolve_command(ctx, tokens)
    return command


def leaves(group, prefix=()):
    """Every runnable command under a group, as (path, command)."""
    for name, command in group.commands.items():
        if not prefix and name in FLASK_OWN:
            continue
        if isinstance(command, click.Group):
            yield from leaves(command, (*prefix, name))
        else:
            yield " ".join((*prefix, name)), command


def options(command):
    """The long option names of a command, --help aside."""
    return {
        name
        for param in command.params
        if isinstance(param, click.Option)
        for name in param.opts
        if name.startswith("--") and name != "--help"
    }


def test_every_row_is_a_command_with_the_options_it_shows(app):
    rows = table_rows()
    assert len(rows) > 10
    for usage in rows:
        command = leaf(app, usage)
        shown = set(re.findall(r"--[a-z][a-z-]*", usage))
        assert shown <= options(command), f"{usage!r} shows options the CLI lacks"
        missing = options(command) - shown
        assert not missing, f"README row {usage!r} lacks {sorted(missing)}"


def test_every_command_has_a_row(app):
    documented = {leaf(app, usage) for usage in table_rows()}
    undocumented = [path for path, command in leaves(app.cli) if command not in documented]
    assert not undocumented, f"commands missing from the README table: {undocumented}"
