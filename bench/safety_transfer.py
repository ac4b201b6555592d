"""How the second opinion carries to new writers: train on some sets, score others.

    .venv/bin/python -m bench.safety_transfer [--score FILE ...] [--train FILE ...]
        [--settings '{"word": [1, 3]}'] [--no-translations]

By default the model is fitted (as `safety train` fits it, translations
included) on the sets the rules were tuned on (`tests/safety/*.tsv`) and
scores the calibration sets (`tests/safety/calibration/`), which neither the
rules nor this model were made from. The thresholds are chosen on the scored
lines by the same budget as `safety train` (train.choose_thresholds). This is
how a change to the model's data or settings is chosen (bench/RESULTS.md,
round 5): on writers it has never seen, never on an untuned set. Printed:
the risk head's ROC AUC, the thresholds, and the rules alone against rules +
model, for every scored file, each language and all together.
Needs scikit-learn (requirements-dev.txt). Prints figures; writes nothing.
"""

import argparse
import json
from collections import defaultdict
from pathlib import Path

from service.safety import second_opinion as so
from service.safety import train
from service.safety.evaluate import load
from service.safety.screen import NONE, rules

from .machine import machine

HERE = Path(__file__).resolve().parents[1] / "tests" / "safety"
NEVER = {"risk": train.NEVER, "crisis": train.NEVER}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--score", nargs="+", default=sorted(HERE.glob("calibration/*.tsv")))
    parser.add_argument("--train", nargs="+", default=sorted(HERE.glob("*.tsv")))
    parser.add_argument("--settings", default="{}", help="JSON overriding train.SETTINGS")
    parser.add_argument("--no-translations", action="store_true")
    args = parser.parse_args(argv)
    settings = {**train.SETTINGS, **json.loads(args.settings)}
    sk = train._sklearn()
    examples, _ = train.training_set(args.train)
    extra, _ = (
        ([], []) if args.no_translations else train.translated(train.DEFAULT_TRANSLATIONS, examples)
    )
    vectorizer, risk, crisis = train.fit(
        [e.text for _, e in examples] + [e.text for _, e in extra],
        [e.tier for _, e in examples] + [e.tier for _, e in extra],
        settings=settings,
        sk=sk,
    )
    rows = [(Path(path).name, e) for path in args.score for e in load(path)]
    x = vectorizer.transform([e.text for _, e in rows])
    decisions = [rules(e.text) for _, e in rows]
    served = [
        so.as_served(e.text, d, float(r), float(c))
        for (_, e), d, r, c in zip(
            rows, decisions, risk.predict_proba(x)[:, 1], crisis.predict_proba(x)[:, 1], strict=True
        )
    ]
    p_risk, p_crisis = [r for r, _ in served], [c for _, c in served]
    tiers = [e.tier for _, e in rows]
    rule_tiers = [d.tier for d in decisions]
    chosen = train.choose_thresholds(tiers, rule_tiers, p_risk, p_crisis)
    print(machine())
    print(
        f"trained on {len(args.train)} sets ({len(examples)} lines + {len(extra)} translations),"
        f" settings {settings}; scored {len(rows)} lines; thresholds chosen on them: {chosen}"
    )
    groups = defaultdict(list)
    for i, (name, e) in enumerate(rows):
        for key in (name, f"all: {e.lang}", "all scored"):
            groups[key].append(i)
    y = [int(t != NONE) for t in tiers]
    print(f"{'':28} {'AUC':>6}  {'rules: recall crisis FA':>24}  {'+ model: recall crisis FA':>26}")
    for key in sorted(groups, key=lambda k: (k.startswith("all"), k)):
        at = groups[key]
        labels = [y[i] for i in at]
        auc = sk["auc"](labels, [p_risk[i] for i in at]) if len(set(labels)) > 1 else float("nan")
        cells = []
        for thresholds in (NEVER, chosen):
            screened = [so.combine(rule_tiers[i], p_risk[i], p_crisis[i], thresholds) for i in at]
            f = train.figures([tiers[i] for i in at], screened)
            cells.append(
                " ".join(
                    f"{100 * hits / total:6.1f}" if total else "     -"
                    for hits, total in (f["recall"], f["crisis as crisis"], f["false alarms"])
                )
            )
        print(f"{key[:28]:28} {auc:6.3f}  {cells[0]:>24}  {cells[1]:>26}")


if __name__ == "__main__":
    main()
