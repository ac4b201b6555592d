"""`safety eval`, `safety check` and `safety train`: measure the screen, try one
text, or rebuild the learned second opinion."""

from pathlib import Path

import click

from ..safety import screen
from ..safety.evaluate import DEFAULT_CORPUS, CorpusError, evaluate, format_report, load
from ..safety.lexicon import LexiconError
from ..safety.second_opinion import ModelError, model


def register(app):
    """Attach the safety commands."""

    @app.cli.group("safety")
    def safety():
        """The safety screen: evaluate it on a corpus, try a text, or train its model."""

    @safety.command("eval")
    @click.argument("corpora", nargs=-1, type=click.Path(dir_okay=False))
    @click.option("--quiet", is_flag=True, help="Figures only, without the lines that went wrong.")
    @click.option("--rules-only", is_flag=True, help="The rules alone, without the model.")
    def eval_command(corpora, quiet, rules_only):
        """Per labelled set: recall, false alarms, the tier confusion matrix, every miss,
        and the lines the model raised."""
        from ..safety.screen import rules
        from ..safety.train import sha256

        try:
            trained_on = {s["sha256"] for s in model().trained_on}
            for n, corpus in enumerate(corpora or (DEFAULT_CORPUS,)):
                examples = load(corpus)
                title = f"== {Path(corpus).name}: {len(examples)} lines"
                if rules_only:
                    title += ", rules alone"
                elif sha256(corpus) in trained_on:
                    title += (
                        " (the model was trained on this set: its part here is in-sample;"
                        " out-of-fold figures are in service/safety/model/METRICS.md)"
                    )
                report = evaluate(examples, rules if rules_only else screen)
                click.echo(("\n" if n else "") + title)
                click.echo("\n".join(format_report(report, show_lines=not quiet)))
        except (CorpusError, LexiconError, ModelError) as error:
            raise click.ClickException(str(error)) from error

    @safety.command("check")
    @click.argument("text")
    def check(text):
        """Screen one text and say why: tier, category, the words that matched, the model."""
        try:
            decision = screen(text)
            scorer = model()
        except (LexiconError, ModelError) as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"tier: {decision.tier}")
        for match in decision.matches:
            click.echo(f"  {match.tier}/{match.category} ({match.language}): {match.words}")
        p_risk, p_crisis = scorer.scores(text)
        raised = " (raised the tier)" if decision.model_p is not None else ""
        click.echo(
            f"  model {scorer.version}: p(risk)={p_risk:.2f} (raises at "
            f"{scorer.thresholds['risk']:.2f}), p(crisis)={p_crisis:.2f} (raises at "
            f"{scorer.thresholds['crisis']:.2f}){raised}"
        )
        if decision.negated:
            click.echo("  a negation governs the only rule words: the model may say concern only")

    @safety.command("train")
    @click.argument("corpora", nargs=-1, type=click.Path(dir_okay=False, exists=True))
    @click.option(
        "--out",
        type=click.Path(file_okay=False),
        help="Where to write model.json and METRICS.md (default: service/safety/model/).",
    )
    def train_command(corpora, out):
        """Rebuild the model from the labelled sets (default tests/safety/*.tsv):
        cross-validate, choose thresholds, fit, write model.json and METRICS.md."""
        from ..safety.train import DEFAULT_FILES, TrainingError, train

        try:
            metrics = train(corpora or DEFAULT_FILES, out)
        except (CorpusError, TrainingError) as error:
            raise click.ClickException(str(error)) from error
        click.echo(metrics)
