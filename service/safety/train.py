"""Training the second opinion: `flask --app service safety train`.

A developer's act, on a developer's machine: it needs scikit-learn
(requirements-dev.txt); the service only reads the exported file. In order:
1. Read the labelled sets (`tests/safety/*.tsv` and
   `tests/safety/calibration/*.tsv` by default), files sorted by name; a text
   met twice (after folding case and accents) is kept once, so no text is in
   a fold's training and test part at the same time. Then the translations
   (`tests/safety/translated/<lang>.tsv`: a line of a set and its translation
   into <lang>): each is labelled as its source line, which must still be in
   a set (a translation whose line is gone is left out), and is training
   only: it is never scored, and a fold trains on it only where its source
   line is in the fold's training part.
2. Cross-validate (five stratified folds with a fixed seed, and one fold per
   file, which is how a new writer's texts would look): every line gets an
   out-of-fold p(risk) and p(crisis).
3. Choose the thresholds from those out-of-fold figures alone (never from a
   holdout read by hand), by what they cost on the calibration sets' safe
   texts (sets the rules were never written from, so the rules' false alarms
   and misses there are a new writer's): risk where the safe texts the model
   raises add at most 1.5% of them to the rules' false alarms, crisis where
   the safe texts it raises to crisis are at most 0.75%; each under both ways
   of folding, and the stricter of the two. Without a calibration set, every
   safe text counts.
4. Fit on every line, with a category head over the risky texts, and write
   the model's files (`model/model.json`, `.terms`, `.weights`) with the
   training files' sha256 and a version hash, and `model/METRICS.md` (rules
   alone against rules + model, out of fold; the category head).
The same files and code give the same bytes: no clock, no unseeded random.
"""

import hashlib
import json
import multiprocessing
import os
import sys
from array import array
from concurrent.futures import ProcessPoolExecutor
from dataclasses import replace
from functools import partial
from pathlib import Path

from .evaluate import CorpusError, load, rows
from .normalise import base_form
from .screen import CONCERN, CRISIS, NONE, NOTHING, rules
from .second_opinion import (
    FORMAT,
    MODEL_PATH,
    Model,
    as_served,
    combine,
    features,
    open_prefixes,
    parts,
)

ROOT = Path(__file__).resolve().parents[2]
CALIBRATION = "calibration"  # the folder of sets the rules were never written from
DEFAULT_FILES = tuple(sorted((ROOT / "tests" / "safety").glob("*.tsv"))) + tuple(
    sorted((ROOT / "tests" / "safety" / CALIBRATION).glob("*.tsv"))
)
DEFAULT_TRANSLATIONS = tuple(sorted((ROOT / "tests" / "safety" / "translated").glob("*.tsv")))
# "nb": each piece is scaled by its naive-Bayes log-count ratio (smoothed by this
# much) before the regression, as NBSVM does (Wang and Manning, 2012): on the
# calibration sets, trained on the others, it caught 88.7% of the risky texts
# against 86.7% without, at the same false alarms, more in Portuguese and French
# (bench/RESULTS.md, round 6), and with it the regression wants a weaker
# penalty (C 30, against 10). Round 10: single letters, word three-grams and a
# stronger penalty (C 10) read new writers better. Fitted on the tuned sets alone
# and counted on the calibration sets (whole, and each half trained on the
# other), the risky texts raised when the model may add 1.5% of the safe ones
# as false alarms went from 89.0%, 93.8% and 93.3% to 91.6%, 94.1% and 94.8%, and
# both heads' ROC AUC rose on all three; word three-grams alone, or single
# letters alone, gained on two of the three (bench/RESULTS.md, round 10).
# Round 11: a piece must be in 8 texts, not 4. Counted the same way, the risky
# texts raised at the same budget went from 91.6%, 93.3% and 95.3% to 92.1%,
# 93.2% and 94.3% (0.1 point lower on average, AUC 0.001 lower), with 42% fewer
# pieces: the model's share of the screen's start-up is its pieces (a dict of
# 208,793 pieces cost 90 ms of 186 on this machine), and the start-up target is
# the one the model still missed (bench/RESULTS.md, round 11).
SETTINGS = {
    "char": [1, 5],
    "word": [1, 3],
    "sublinear_tf": True,
    "min_df": 8,
    "C": 10.0,
    "nb": 1.0,
}
SEED = 0
FOLDS = 5
# The thresholds are chosen by what the model may cost on safe texts, out of fold,
# and by nothing else, counted on the calibration sets. The rules were written while
# reading every other training set, so there the texts they miss are nearly all safe
# and their false alarms few: counted there, the budget let the model raise only at
# p=0.91, where on new writers it added almost no false alarm, and the same budget
# counted on them caught a third of what it left (bench/RESULTS.md, round 5).
# Of those safe texts, at most this share may the model raise from none.
ADDED_FALSE_ALARMS = 0.015
# Of those safe texts, at most this share may the model raise to crisis: the crisis
# tier on look-alikes must stay under 2%, and the rules alone give it to more there.
ADDED_CRISIS_ON_SAFE = 0.0075
# The thresholds tried, 0.30 ... 0.99. The risk head raises only where risk is the
# likelier (0.50 up); the crisis head speaks only on a text already risky, and
# counted on new writers' texts its budget held at the old floor of 0.50, so it
# may go lower (bench/RESULTS.md, round 5).
GRID = [round(0.3 + i / 100, 2) for i in range(70)]
RISK_GRID = [t for t in GRID if t >= 0.5]
NEVER = 1.01  # above any probability: a head that no threshold keeps in budget never raises


class TrainingError(RuntimeError):
    """Training cannot run: scikit-learn missing, or too few labelled lines."""


def _sklearn():
    try:
        import numpy
        import sklearn
        from scipy.sparse import diags
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression
        from sklearn.metrics import average_precision_score, roc_auc_score
        from sklearn.model_selection import StratifiedKFold
    except ImportError as error:
        raise TrainingError(
            "training needs scikit-learn: pip install --require-hashes -r requirements-dev.txt"
        ) from error
    return {
        "np": numpy,
        "version": sklearn.__version__,
        "TfidfVectorizer": TfidfVectorizer,
        "LogisticRegression": LogisticRegression,
        "StratifiedKFold": StratifiedKFold,
        "diags": diags,
        "auc": roc_auc_score,
        "ap": average_precision_score,
    }


def sha256(path):
    """The hex sha256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def training_set(files):
    """(examples, sources): every distinct labelled text, in file then line order,
    as (file name, Example); and per file its name, sha256 and lines kept."""
    examples, sources, seen = [], [], set()
    for path in sorted((Path(f) for f in files), key=set_name):
        kept, name = 0, set_name(path)
        for example in load(path):
            key = _key(example.text)
            if key in seen:
                continue
            seen.add(key)
            examples.append((name, example))
            kept += 1
        sources.append({"file": name, "sha256": sha256(path), "lines": kept})
    risky = sum(1 for _, e in examples if e.tier != NONE)
    crisis = sum(1 for _, e in examples if e.tier == CRISIS)
    if min(risky, len(examples) - risky, crisis, len(examples) - crisis) < FOLDS:
        raise TrainingError(f"need at least {FOLDS} lines of each kind to cross-validate")
    return examples, sources


def set_name(path):
    """A set's name in the model's records: `calibration/<file>` for a calibration
    set (tests/safety/calibration/README.md), else the file's name."""
    path = Path(path)
    return f"{CALIBRATION}/{path.name}" if path.parent.name == CALIBRATION else path.name


def calibrating(examples):
    """The indices of the lines from calibration sets."""
    return [i for i, (name, _) in enumerate(examples) if name.startswith(CALIBRATION + "/")]


def _key(text):
    return " ".join(base_form(text).split())


def translated(paths, examples):
    """(lines, sources): each translation whose source line is among the examples,
    as (that line's index, Example in the file's language with its label); and per
    file its name, sha256 and lines kept. A file is `<lang>.tsv` of rows
    `source<TAB>translation` (a first row `source<TAB>text` and # lines skipped)."""
    where = {_key(e.text): i for i, (_, e) in enumerate(examples)}
    seen = set(where)  # the examples' texts, already distinct (training_set)
    lines, sources = [], []
    for path in sorted((Path(p) for p in paths), key=lambda p: p.name):
        kept = 0
        for number, row in rows(path, ["source", "text"]):
            if len(row) != 2 or not row[1].strip():
                raise CorpusError(f"{path.name}:{number}: expected source, translation")
            at, key = where.get(_key(row[0])), _key(row[1])
            if at is None or key in seen:
                continue
            seen.add(key)
            source = examples[at][1]
            lines.append((at, replace(source, text=row[1], lang=path.stem, line=number)))
            kept += 1
        sources.append({"file": f"translated/{path.name}", "sha256": sha256(path), "lines": kept})
    return lines, sources


def fit(texts, tiers, settings=SETTINGS, sk=None):
    """(vectorizer, risk regression, crisis regression) fitted on these texts."""
    sk = sk or _sklearn()
    analyzer = partial(
        features,
        char=tuple(settings["char"]) if settings["char"] else None,
        word=tuple(settings["word"]) if settings["word"] else None,
    )
    # A fold of fewer texts than min_df (a tiny set, or one file's complement in a
    # test) keeps the pieces found in all of them rather than failing.
    vectorizer = sk["TfidfVectorizer"](
        analyzer=analyzer,
        sublinear_tf=settings["sublinear_tf"],
        min_df=min(settings["min_df"], len(texts)),
    )
    x = vectorizer.fit_transform(texts)
    heads = []
    for positive in ({CRISIS, CONCERN}, {CRISIS}):
        y = sk["np"].array([int(t in positive) for t in tiers])
        regression = sk["LogisticRegression"](C=settings["C"], max_iter=5000)
        if not settings.get("nb"):
            heads.append(regression.fit(x, y))
            continue
        ratios = _nb_ratios(x, y, settings["nb"], sk["np"])
        heads.append(_Scaled(regression.fit(x @ sk["diags"](ratios), y), ratios, sk["diags"]))
    return vectorizer, heads[0], heads[1]


def _nb_ratios(x, y, alpha, np):
    """Each piece's log-count ratio: how much likelier it is in a positive text
    than in a negative one (the share of positive texts holding it over the share
    of negative ones, each smoothed by alpha)."""
    present = (x > 0).astype(np.float64)
    p = alpha + np.asarray(present[y == 1].sum(axis=0)).ravel()
    q = alpha + np.asarray(present[y == 0].sum(axis=0)).ravel()
    return np.log((p / p.sum()) / (q / q.sum()))


class _Scaled:
    """A regression fitted on pieces scaled by their ratios, read as one linear
    model on the pieces themselves (each weight times its ratio): what `export`
    writes and `second_opinion.Model` scores with, unchanged."""

    def __init__(self, regression, ratios, diags):
        self.regression, self.ratios, self._diags = regression, ratios, diags
        self.coef_ = regression.coef_ * ratios
        self.intercept_ = regression.intercept_
        self.classes_ = regression.classes_

    def predict_proba(self, x):
        return self.regression.predict_proba(x @ self._diags(self.ratios))


def fit_category(vectorizer, texts, tiers, categories, settings=SETTINGS, sk=None):
    """A softmax regression over the risky texts' categories, on the same pieces:
    which kind of risk a text the model raises most looks like (the reply and
    what staff read depend on it). None when fewer than two categories."""
    sk = sk or _sklearn()
    at = [i for i, t in enumerate(tiers) if t != NONE]
    if len({categories[i] for i in at}) < 2:
        return None
    x = vectorizer.transform([texts[i] for i in at])
    regression = sk["LogisticRegression"](C=settings["C"], max_iter=5000)
    return regression.fit(x, [categories[i] for i in at])


def export(vectorizer, risk, crisis, category=None, settings=SETTINGS):
    """The fitted objects as the plain data `second_opinion.Model` scores with:
    the pieces in order and a row of weights for each (idf, risk, crisis, then
    one per category)."""
    idf = vectorizer.idf_
    columns = [idf, risk.coef_[0], crisis.coef_[0]]
    intercepts = [float(risk.intercept_[0]), float(crisis.intercept_[0])]
    names = []
    if category is not None:
        names = [str(c) for c in category.classes_]
        columns.extend(category.coef_[k] for k in range(len(names)))
        intercepts.extend(float(b) for b in category.intercept_)
    terms = sorted(vectorizer.vocabulary_)
    missing = open_prefixes(terms, settings["char"], settings["word"])
    if missing:
        raise ValueError(
            f"{len(missing)} pieces without their shorter prefix (e.g. {missing[0]!r}): "
            "the scorer would miss them; cut the pieces by min_df alone"
        )
    weights = array("f")
    for term in terms:
        j = vectorizer.vocabulary_[term]
        weights.extend(float(column[j]) for column in columns)
    return {
        "features": {
            "char": settings["char"],
            "word": settings["word"],
            "sublinear_tf": settings["sublinear_tf"],
        },
        "intercepts": intercepts,
        "categories": names,
        "terms": terms,
        "weights": weights,
    }


def as_model(exported, thresholds=None, version="unversioned"):
    """A scoring Model from export()'s data (what read() gives from the files)."""
    settings = exported["features"]
    return Model(
        version=version,
        char=tuple(settings["char"]) if settings["char"] else None,
        word=tuple(settings["word"]) if settings["word"] else None,
        sublinear_tf=settings["sublinear_tf"],
        index={term: row for row, term in enumerate(exported["terms"])},
        weights=exported["weights"],
        intercepts=tuple(exported["intercepts"]),
        categories=tuple(exported["categories"]),
        thresholds=thresholds or {"risk": 1.0, "crisis": 1.0},
    )


def out_of_fold(
    texts, tiers, folds, sk, categories=None, guessed=None, extra=(), workers=1, decisions=None
):
    """p(risk) and p(crisis) for every text from a model that never saw it.

    Given the texts' categories and a dict, the fold's category head (on the
    same pieces) also fills `guessed` with {index: category} for each risky text.
    `extra` holds (index of the text it translates, Example): a fold trains on it
    only where that text is in the fold's training part. Each score is read as the
    service reads it (`as_served`, given `decisions`, the rules' decision on each
    text; without them, as a text the rules found nothing in). With `workers`
    above one the folds are fitted that many at a time, each in its own process;
    every fold is fitted alone either way, so the figures are the same.
    """
    p_risk, p_crisis = [0.0] * len(texts), [0.0] * len(texts)
    jobs = []
    for train_at, test_at in folds:
        training = set(train_at)
        added = [e for at, e in extra if at in training]
        kinds = None
        if guessed is not None:
            kinds = [categories[i] for i in train_at] + [e.category for e in added]
        jobs.append(
            (
                [texts[i] for i in train_at] + [e.text for e in added],
                [tiers[i] for i in train_at] + [e.tier for e in added],
                kinds,
                [texts[i] for i in test_at],
                [k for k, i in enumerate(test_at) if tiers[i] != NONE],
            )
        )
    if workers > 1 and len(jobs) > 1:
        context = multiprocessing.get_context("fork")
        with ProcessPoolExecutor(workers, mp_context=context) as pool:
            results = list(pool.map(_fold, jobs))
    else:
        results = [_fold(job, sk) for job in jobs]
    for (_, test_at), (risks, crises, names), (*_, risky) in zip(folds, results, jobs, strict=True):
        for i, r, c in zip(test_at, risks, crises, strict=True):
            p_risk[i], p_crisis[i] = as_served(
                texts[i], decisions[i] if decisions else NOTHING, r, c
            )
        if guessed is not None and names:
            guessed.update((test_at[k], name) for k, name in zip(risky, names, strict=True))
    return p_risk, p_crisis


def _fold(job, sk=None):
    """One fold: fitted on its training part, the scores of its test part, and
    with categories, the category head's guess for each risky test text."""
    part, labels, kinds, tests, risky = job
    sk = sk or _sklearn()
    vectorizer, risk, crisis = fit(part, labels, sk=sk)
    x = vectorizer.transform(tests)
    risks = [float(p) for p in risk.predict_proba(x)[:, 1]] if tests else []
    crises = [float(p) for p in crisis.predict_proba(x)[:, 1]] if tests else []
    names = []
    if kinds is not None and risky:
        head = fit_category(vectorizer, part, labels, kinds, sk=sk)
        if head is not None:
            names = [str(n) for n in head.predict(vectorizer.transform([tests[k] for k in risky]))]
    return risks, crises, names


def _folds(examples, tiers, sk):
    stratified = sk["StratifiedKFold"](FOLDS, shuffle=True, random_state=SEED)
    schemes = {"5 stratified folds": list(stratified.split(tiers, tiers))}
    files = sorted({name for name, _ in examples})
    if len(files) > 1:
        schemes["one fold per file"] = [
            (
                [i for i, (n, _) in enumerate(examples) if n != name],
                [i for i, (n, _) in enumerate(examples) if n == name],
            )
            for name in files
        ]
    return schemes


def choose_thresholds(tiers, rule_tiers, p_risk, p_crisis, among=None):
    """{"risk": t, "crisis": t} from one folding's out-of-fold probabilities: each
    the lowest threshold whose raises of safe texts stay within its budget, counted
    among the lines at the indices `among` (the calibration sets'; every line when None)."""
    at = range(len(tiers)) if among is None else among
    safe = [i for i in at if tiers[i] == NONE]
    share = len(safe) or 1

    def added_false_alarms(t):
        return sum(1 for i in safe if p_risk[i] >= t and rule_tiers[i] == NONE) / share

    risk = _within(added_false_alarms, ADDED_FALSE_ALARMS, RISK_GRID)

    def added_crisis_on_safe(t):
        chosen = {"risk": risk, "crisis": t}
        raised = sum(
            1
            for i in safe
            if rule_tiers[i] != CRISIS
            and combine(rule_tiers[i], p_risk[i], p_crisis[i], chosen) == CRISIS
        )
        return raised / share

    return {"risk": risk, "crisis": _within(added_crisis_on_safe, ADDED_CRISIS_ON_SAFE, GRID)}


def _within(share_at, budget, grid):
    """The lowest threshold of the grid from which every higher one keeps share_at(t)
    at or under budget (NEVER when none does)."""
    chosen = NEVER
    for t in reversed(grid):
        if share_at(t) > budget:
            break
        chosen = t
    return chosen


def figures(tiers, screened):
    """Recall (any tier), crisis as crisis, false alarms and crisis on safe, as (hits, total)."""
    pairs = list(zip(tiers, screened, strict=True))
    return {
        "recall": _count(s != NONE for t, s in pairs if t != NONE),
        "crisis as crisis": _count(s == CRISIS for t, s in pairs if t == CRISIS),
        "false alarms": _count(s != NONE for t, s in pairs if t == NONE),
        "crisis on safe": _count(s == CRISIS for t, s in pairs if t == NONE),
    }


def _count(hits):
    hits = list(hits)
    return sum(hits), len(hits)


def train(files=DEFAULT_FILES, out=None, translations=DEFAULT_TRANSLATIONS):
    """Cross-validate, choose thresholds, fit on everything, write the model and its
    metrics beside it; returns the METRICS.md text."""
    sk = _sklearn()
    out = Path(out) if out else MODEL_PATH.parent
    examples, sources = training_set(files)
    extra, translated_from = translated(translations, examples)
    texts = [e.text for _, e in examples]
    tiers = [e.tier for _, e in examples]
    decisions = [rules(t) for t in texts]
    rule_tiers = [d.tier for d in decisions]
    categories = [e.category for _, e in examples]
    schemes = _folds(examples, tiers, sk)
    # The category head is judged on the five folds, not one per file: a softmax
    # over nine categories takes a while.
    guessed = {}
    oof = {
        name: out_of_fold(
            texts,
            tiers,
            folds,
            sk,
            categories,
            guessed if name == "5 stratified folds" else None,
            extra,
            workers=os.cpu_count() or 1,
            decisions=decisions,
        )
        for name, folds in schemes.items()
    }
    among = calibrating(examples) or None
    per_scheme = {
        name: choose_thresholds(tiers, rule_tiers, *p, among=among) for name, p in oof.items()
    }
    thresholds = {
        head: max(chosen[head] for chosen in per_scheme.values()) for head in ("risk", "crisis")
    }
    all_texts = texts + [e.text for _, e in extra]
    all_tiers = tiers + [e.tier for _, e in extra]
    all_categories = categories + [e.category for _, e in extra]
    vectorizer, risk, crisis = fit(all_texts, all_tiers, sk=sk)
    category = fit_category(vectorizer, all_texts, all_tiers, all_categories, sk=sk)
    exported = export(vectorizer, risk, crisis, category)
    version = hashlib.sha256(
        json.dumps(
            [sources + translated_from, SETTINGS, thresholds, sk["version"]], sort_keys=True
        ).encode()
    ).hexdigest()[:16]
    document = {
        "format": FORMAT,
        "version": version,
        "trained_on": sources + translated_from,
        "trained_with": f"scikit-learn {sk['version']}",
        "settings": SETTINGS,
        "thresholds": thresholds,
        "features": exported["features"],
        "intercepts": exported["intercepts"],
        "categories": exported["categories"],
        "pieces": len(exported["terms"]),
    }
    out.mkdir(parents=True, exist_ok=True)
    write(document, exported, out / "model.json")
    metrics = _metrics(
        version,
        (sources, translated_from, extra),
        sk,
        examples,
        tiers,
        rule_tiers,
        oof,
        per_scheme,
        thresholds,
        exported,
    ) + _category_metrics(examples, tiers, rule_tiers, oof, thresholds, guessed)
    (out / "METRICS.md").write_text(metrics, encoding="utf-8")
    return metrics


def write(document, exported, path):
    """The model's three files: the description (JSON), the pieces, the weights."""
    described, terms, weights = parts(path)
    described.write_text(
        json.dumps(document, indent=1, sort_keys=True, ensure_ascii=False) + "\n",
        encoding="utf-8",
    )
    terms.write_text("\n".join(exported["terms"]), encoding="utf-8")
    rows = array("f", exported["weights"])
    if sys.byteorder != "little":
        rows.byteswap()
    weights.write_bytes(rows.tobytes())


REPLY_GROUPS = ("medical", "third_party", "harm_from_others")  # each has its own reply


def _category_metrics(examples, tiers, rule_tiers, oof, chosen, guessed):
    """How often the category head names a risky text's category, out of fold."""
    categories = [e.category for _, e in examples]
    p_risk, p_crisis = oof.get("one fold per file") or next(iter(oof.values()))

    def group(category):
        return category if category in REPLY_GROUPS else "about oneself"

    risky = sorted(guessed)
    raised = [
        i
        for i in risky
        if rule_tiers[i] == NONE and combine(NONE, p_risk[i], p_crisis[i], chosen) != NONE
    ]
    out = [
        "",
        "## The category head",
        "",
        "A text the model raises and the rules gave no category gets the category this head",
        "names (a softmax regression over the risky texts' categories), so the reply fits:",
        "a medical emergency, someone else at risk and harm from others each have their own.",
        "Out of fold (five stratified folds):",
        "",
        "| texts | category right | reply group right |",
        "|---|---:|---:|",
    ]
    for label, at in (("every risky text", risky), ("risky texts the model raised", raised)):
        out.append(
            f"| {label} | {_pct(sum(guessed[i] == categories[i] for i in at), len(at))} "
            f"| {_pct(sum(group(guessed[i]) == group(categories[i]) for i in at), len(at))} |"
        )
    return "\n".join(out) + "\n"


def _calibration_table(tiers, rule_tiers, oof, chosen, among):
    """Rules alone against rules + model on the calibration sets' lines, out of fold:
    the rules never read them either, so this is the screen as a new writer meets it."""
    out = [
        "## On the calibration sets: the screen as a new writer meets it",
        "",
        "Neither the rules nor the model (out of fold) were made from these lines.",
        "",
        "| folding | screen | recall (any tier) | crisis as crisis | false alarms "
        "| crisis on safe |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for name, (p_risk, p_crisis) in oof.items():
        out += _screen_rows(name, among, tiers, rule_tiers, p_risk, p_crisis, chosen)
    return out + [""]


def _screen_rows(first, at, tiers, rule_tiers, p_risk, p_crisis, chosen):
    """Two table rows for the lines at the indices `at`: the rules alone, then
    rules + model, each after its first cell and the screen's name."""
    t = [tiers[i] for i in at]
    both = [combine(rule_tiers[i], p_risk[i], p_crisis[i], chosen) for i in at]
    return [
        _row(first, label, table=figures(t, screened))
        for label, screened in (("rules", [rule_tiers[i] for i in at]), ("rules + model", both))
    ]


def _row(*cells, table, extra=()):
    """A markdown table row: the cells, then each of `table`'s figures, then `extra`."""
    return "| " + " | ".join([*cells, *(_pct(*table[k]) for k in table), *extra]) + " |"


def _pct(hits, total):
    return f"{100 * hits / total:.1f}% ({hits}/{total})" if total else "n/a"


def _span(low_high):
    """'2-5' for [2, 5]."""
    return "-".join(str(n) for n in low_high)


def _metrics(version, read, sk, examples, tiers, rule_tiers, oof, per_scheme, chosen, exported):
    np = sk["np"]
    sources, translated_from, extra = read
    out = [
        "# The second opinion: cross-validated figures",
        "",
        "Written by `flask --app service safety train`; do not edit by hand.",
        "",
        f"Model version `{version}`, trained with scikit-learn {sk['version']}: "
        f"{len(exported['terms']):,} pieces (character {_span(SETTINGS['char'])}-grams inside "
        f"words, word {_span(SETTINGS['word'])}-grams, "
        f"seen in at least {SETTINGS['min_df']} texts), tf-idf with sublinear tf"
        + (
            ", each piece scaled by its naive-Bayes log-count ratio"
            f" (smoothing {SETTINGS['nb']:g}), "
            if SETTINGS.get("nb")
            else ", "
        )
        + f"logistic regression C={SETTINGS['C']:g}, one for any risk and one for crisis.",
        "",
        "## Trained on",
        "",
        "| file | sha256 | distinct lines |",
        "|---|---|---:|",
        *(f"| `{s['file']}` | `{s['sha256']}` | {s['lines']} |" for s in sources + translated_from),
        "",
        f"{len(examples)} lines: {sum(t != NONE for t in tiers)} risky "
        f"({sum(t == CRISIS for t in tiers)} crisis), {sum(t == NONE for t in tiers)} safe.",
        f"Plus {len(extra)} translations of these lines ({sum(e.tier != NONE for _, e in extra)} "
        "risky), each labelled as its source line: training only, never scored, and in a fold "
        "only where its source line is in the fold's training part.",
        "",
        "## The model alone, out of fold",
        "",
        "| folding | risk: ROC AUC | risk: average precision | crisis: ROC AUC "
        "| crisis: average precision |",
        "|---|---:|---:|---:|---:|",
    ]
    y_risk = np.array([t != NONE for t in tiers], dtype=int)
    y_crisis = np.array([t == CRISIS for t in tiers], dtype=int)
    for name, (p_risk, p_crisis) in oof.items():
        out.append(
            f"| {name} | {sk['auc'](y_risk, p_risk):.3f} | {sk['ap'](y_risk, p_risk):.3f} "
            f"| {sk['auc'](y_crisis, p_crisis):.3f} | {sk['ap'](y_crisis, p_crisis):.3f} |"
        )
    out += [
        "",
        "At the chosen thresholds (each head alone, every line, out of fold):",
        "",
        "| folding | head | threshold | precision | recall |",
        "|---|---|---:|---:|---:|",
    ]
    for name, (p_risk, p_crisis) in oof.items():
        for head, p, positive in (
            ("risk", p_risk, {CRISIS, CONCERN}),
            ("crisis", p_crisis, {CRISIS}),
        ):
            called = [i for i, q in enumerate(p) if q >= chosen[head]]
            right = sum(1 for i in called if tiers[i] in positive)
            relevant = sum(1 for t in tiers if t in positive)
            out.append(
                f"| {name} | {head} | {chosen[head]:.2f} | {_pct(right, len(called))} "
                f"| {_pct(right, relevant)} |"
            )
    among = calibrating(examples)
    counted = (
        f"the {sum(tiers[i] == NONE for i in among)} safe texts of the calibration sets "
        "(sets the rules were never written from: what a new writer's texts meet)"
        if among
        else "all safe texts (no calibration set was given)"
    )
    out += [
        "",
        "## Thresholds",
        "",
        f"Counted among {counted}, out of fold:",
        "",
        f"- **risk {chosen['risk']:.2f}**: the lowest p(risk) at which the safe texts the "
        f"model raises from none are at most {ADDED_FALSE_ALARMS:.1%} of them, at that "
        "threshold and every higher one.",
        f"- **crisis {chosen['crisis']:.2f}**: the lowest p(crisis) at which the safe texts "
        f"the model raises to crisis (from none or concern) are at most "
        f"{ADDED_CRISIS_ON_SAFE:.2%} of them (the crisis tier on look-alikes must "
        "stay under 2%).",
        "- No precision rule: a precision measured where the rules were written would stop "
        "the model from raising the risky texts a new writer's rules miss.",
        "- Each under both foldings; the stricter is kept: "
        + "; ".join(
            f"{name}: risk {t['risk']:.2f}, crisis {t['crisis']:.2f}"
            for name, t in per_scheme.items()
        )
        + ".",
        "",
    ]
    if among:
        out += _calibration_table(tiers, rule_tiers, oof, chosen, among)
    out += [
        "## Rules alone against rules + model, out of fold",
        "",
        "The rules were written while reading these same sets, so their figures here are",
        "better than on texts nobody has seen; the model's are out of fold.",
        "",
        "| folding | screen | recall (any tier) | crisis as crisis | false alarms "
        "| crisis on safe | raised by the model |",
        "|---|---|---:|---:|---:|---:|---:|",
    ]
    alone, details = figures(tiers, rule_tiers), []
    for name, (p_risk, p_crisis) in oof.items():
        both = [
            combine(r, a, b, chosen) for r, a, b in zip(rule_tiers, p_risk, p_crisis, strict=True)
        ]
        changes = [(t, r, b) for t, r, b in zip(tiers, rule_tiers, both, strict=True) if r != b]
        raised = len(changes)
        details.append(
            f"- {name}: {raised} raised; "
            + ", ".join(
                f"{rule} -> {screened}: "
                + " / ".join(
                    f"{sum(1 for t, r, b in changes if (r, b) == (rule, screened) and t == label)} "
                    f"labelled {label}"
                    for label in (CRISIS, CONCERN, NONE)
                )
                for rule, screened in ((NONE, CONCERN), (NONE, CRISIS), (CONCERN, CRISIS))
            )
        )
        with_model = figures(tiers, both)
        for label, table, extra in (("rules", alone, "-"), ("rules + model", with_model, raised)):
            out.append(_row(name, label, table=table, extra=[str(extra)]))
    out += ["", "What the model raised, by the rules' tier, its tier and the label:", "", *details]
    if "one fold per file" in oof:
        p_risk, p_crisis = oof["one fold per file"]
        out += [
            "",
            "Per file, each scored by a model trained on the other files only:",
            "",
            "| file | screen | recall | crisis as crisis | false alarms | crisis on safe |",
            "|---|---|---:|---:|---:|---:|",
        ]
        for source in sources:
            at = [i for i, (n, _) in enumerate(examples) if n == source["file"]]
            out += _screen_rows(
                f"`{source['file']}`", at, tiers, rule_tiers, p_risk, p_crisis, chosen
            )
    return "\n".join(out) + "\n"
