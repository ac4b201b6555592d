"""Programme content: `flask --app service programs check [PATH]`."""

from pathlib import Path

import click
from flask import current_app

from ..content import check as content_check
from ..content import group, templates
from ..content.programme import get_library


def register(app):
    """Attach the `programs` command group."""

    @app.cli.group("programs")
    def programs():
        """Programme files and system messages."""

    @programs.command("check")
    @click.argument("path", required=False, type=click.Path(exists=True, path_type=Path))
    @click.option("--strict", is_flag=True, help="Fail on warnings too.")
    @click.option("-v", "--verbose", is_flag=True, help="Show the cost of every message.")
    def check(path, strict, verbose):
        """Check programme files (a file or folder) and every system message."""
        path = path or Path(current_app.config["PROGRAMS_DIR"])
        templates_dir = Path(current_app.config["TEMPLATES_SMS_DIR"])
        report = content_check.check_programmes(path, templates_dir)
        report.extend(content_check.check_templates(templates_dir))
        group_lines = []
        if path.is_dir():
            # Group mode texts (programs/groups/), filled with realistic figures.
            found, measured = group.check_folder(
                path,
                get_library(path),
                lambda lang: templates.example_values(lang, templates_dir),
            )
            report.problems.extend(found)
            group_lines = [
                f"group text {content_check.shown(file)} {where}: {cost.segments} segment(s), "
                f"{cost.units} {cost.encoding} units"
                for file, where, _lang, cost in measured
            ]
        for problem in report.problems:
            click.echo(str(problem))
        for line in content_check.cost_lines(report):
            click.echo(line)
        for line in group_lines:
            click.echo(line)
        if verbose:
            for line in content_check.detail_lines(report):
                click.echo(line)
        errors, warnings = len(report.errors), len(report.warnings)
        click.echo(
            f"checked {report.programmes} programme file(s) and {report.templates} system "
            f"message(s): {errors} error(s), {warnings} warning(s)"
        )
        if errors or (strict and warnings):
            raise SystemExit(1)
