"""`safety eval` and `safety check`: measure the screen, or try one text."""

import click

from ..safety import screen
from ..safety.evaluate import DEFAULT_CORPUS, CorpusError, evaluate, format_report, load
from ..safety.lexicon import LexiconError


def register(app):
    """Attach the safety commands."""

    @app.cli.group("safety")
    def safety():
        """The safety screen: evaluate it on a corpus, or try a text."""

    @safety.command("eval")
    @click.argument("corpus", required=False, type=click.Path(dir_okay=False))
    @click.option("--quiet", is_flag=True, help="Figures only, without the lines that went wrong.")
    def eval_command(corpus, quiet):
        """Recall per tier, category and language, false alarms, and every miss."""
        try:
            report = evaluate(load(corpus or DEFAULT_CORPUS))
        except (CorpusError, LexiconError) as error:
            raise click.ClickException(str(error)) from error
        click.echo("\n".join(format_report(report, show_lines=not quiet)))

    @safety.command("check")
    @click.argument("text")
    def check(text):
        """Screen one text and say why: tier, category, the words that matched."""
        try:
            decision = screen(text)
        except LexiconError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"tier: {decision.tier}")
        for match in decision.matches:
            click.echo(f"  {match.tier}/{match.category} ({match.language}): {match.words}")
