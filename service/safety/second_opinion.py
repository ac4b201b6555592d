"""A learned second opinion on a text, which can only raise the rules' decision.

The rules (`screen.py`) read phrases; a small statistical model
(`model/model.json`, made by `flask --app service safety train`, see
`train.py`) reads character and word pieces of the whole text and gives two
probabilities: that the text is risky at all, and that it is a crisis.
In order:
1. When the rules already say crisis, nothing is scored: the model cannot
   raise a crisis, and it never lowers anything.
2. p(risk) at or above the model's risk threshold raises "none" to concern.
3. p(crisis) at or above its crisis threshold raises a concern, or a text
   the risk head has just raised, to crisis; that threshold was chosen out of
   fold so that the safe texts it raises to crisis stay few (`train.py`).
4. A raised decision says so for staff: "model p=0.93" beside any rule words.

Scoring is pure Python (no scikit-learn at run time, which would cost a
second of start-up): tf-idf weights and a logistic regression per head,
exported from the fitted scikit-learn objects. `features()` is the one
function both training and scoring use to cut a text into pieces.
"""

import json
import math
import re
import sys
from array import array
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .normalise import base_form

MODEL_PATH = Path(__file__).resolve().parent / "model" / "model.json"
FORMAT = 2  # 2: the pieces and weights in files of their own, a category head
_WORD = re.compile(r"\w+")
_CRISIS, _CONCERN = "crisis", "concern"
_CACHE = 50_000  # words remembered, as the normaliser does
MAX_CHARS = 2000  # as the rules: a longer text is read up to here
MIN_WORDS = 2  # the model does not speak on shorter texts (see speaks)
SURE = 0.9  # p(crisis) at which the model may overrule the rules' concern (see combine)


class ModelError(ValueError):
    """A model file that cannot be used: names the file and what is wrong."""


def features(text, char=(2, 5), word=(1, 2)):
    """The pieces of a text the model weighs: 'c:' character n-grams inside each
    word (padded with a space at both ends, as scikit-learn's char_wb) and 'w:'
    word n-grams, after the screen's own folding of case, accents and marks."""
    base = base_form(text)
    out = []
    if char:
        for w in base.split():
            out.extend(_char_pieces(w, *char))
    if word:
        out.extend(_word_pieces(base, *word))
    return out


def _char_pieces(word, low, high):
    w = f" {word} "
    size, out = len(w), []
    for n in range(low, high + 1):
        if size <= n:  # a short word is counted once, whole
            out.append("c:" + w)
            break
        out.extend("c:" + w[i : i + n] for i in range(size - n + 1))
    return out


def _word_pieces(base, low, high):
    tokens = _WORD.findall(base)
    return [
        "w:" + " ".join(tokens[i : i + n])
        for n in range(low, high + 1)
        for i in range(len(tokens) - n + 1)
    ]


def open_prefixes(terms, char=(2, 5), word=(1, 2)):
    """The pieces whose prefix one shorter is not among `terms` (none for a
    vocabulary cut by min_df alone): Model._counts stops a run of pieces at its
    first unknown one, so it would miss these."""
    known, found = set(terms), []
    for term in terms:
        kind, piece = term[:2], term[2:]
        if kind == "c:" and char and len(piece) > char[0]:
            shorter = "c:" + piece[:-1]
        elif kind == "w:" and word and piece.count(" ") + 1 > word[0]:
            shorter = "w:" + piece.rsplit(" ", 1)[0]
        else:
            continue
        if shorter not in known:
            found.append(term)
    return found


@dataclass(frozen=True)
class Model:
    """The exported model: per piece a row of its idf and one weight per head.

    Heads, in row order: risk, crisis, then one per category (a softmax over
    the risky categories: which kind of risk a raised text most looks like).
    """

    version: str
    char: tuple | None
    word: tuple | None
    sublinear_tf: bool
    index: dict  # piece -> its row
    weights: array  # rows of `width` float32: idf, risk, crisis, categories...
    intercepts: tuple  # one per head, in row order
    thresholds: dict  # {"risk": p, "crisis": p}: where each head may raise a text
    categories: tuple = ()  # the category head's names, in row order
    trained_on: tuple = ()  # ({"file", "sha256", "lines"}, ...)
    # word -> its character pieces' rows the model knows: texts repeat the same
    # words, so each is cut into n-grams once per process (the same as features()).
    known: dict = field(default_factory=dict, compare=False, repr=False)

    @property
    def width(self):
        return 1 + len(self.intercepts)

    def _counts(self, text):
        """Each known piece's row and how often it occurs in the text.

        The same pieces as features() finds in the index, found faster: a piece is
        only kept when it is in at least min_df training texts, so a piece's
        longer continuations are unknown once it is (every text holding
        "c: suic" holds "c: sui"); each run of pieces stops at its first unknown
        one. `train.export` refuses pieces that do not hold to this (open_prefixes)."""
        index, known, found = self.index, self.known, []
        base = base_form(text)
        if self.char:
            for w in base.split():
                rows = known.get(w)
                if rows is None:
                    rows = self._char_rows(w)
                    if len(known) < _CACHE:
                        known[w] = rows
                found.extend(rows)
        if self.word:
            low, high = self.word
            tokens = _WORD.findall(base)
            for i in range(len(tokens)):
                piece = "w:"
                for n in range(1, min(high, len(tokens) - i) + 1):
                    piece += tokens[i + n - 1] if n == 1 else " " + tokens[i + n - 1]
                    if n < low:
                        continue
                    row = index.get(piece)
                    if row is None:
                        break
                    found.append(row)
        return Counter(found)

    def _char_rows(self, word):
        """The rows of a word's character pieces the model knows (see _counts)."""
        index, (low, high) = self.index, self.char
        w = f" {word} "
        size, rows = len(w), []
        if size <= low:  # counted once, whole, as _char_pieces does
            row = index.get("c:" + w)
            return (row,) if row is not None else ()
        for i in range(size - low + 1):
            for n in range(low, min(high, size - i) + 1):
                row = index.get("c:" + w[i : i + n])
                if row is None:
                    break
                rows.append(row)
        return tuple(rows)

    def vector(self, text):
        """The text's tf-idf vector as ([(row, value)], its length): what every head
        reads, so a text scored by several heads is cut into pieces once."""
        weights, width, tf, log = self.weights, self.width, self.sublinear_tf, math.log
        values, squares = [], 0.0
        for row, count in self._counts(text).items():
            # 1 + log(1) is 1: most pieces occur once, and the log is skipped for them.
            x = ((1.0 + log(count) if count > 1 else 1.0) if tf else count) * weights[row * width]
            values.append((row, x))
            squares += x * x
        return values, math.sqrt(squares) or 1.0

    def scores(self, text, vector=None):
        """(p(risk), p(crisis)) for one text (or its vector, when given)."""
        weights, width = self.weights, self.width
        values, norm = vector or self.vector(text)
        risk = crisis = 0.0
        for row, x in values:
            at = row * width
            risk += x * weights[at + 1]
            crisis += x * weights[at + 2]
        return (
            _sigmoid(risk / norm + self.intercepts[0]),
            _sigmoid(crisis / norm + self.intercepts[1]),
        )

    def category(self, text, vector=None):
        """(category, p) the text (or its vector, when given) most looks like, if
        it is risky; (None, 0.0) for a model without a category head."""
        if not self.categories:
            return None, 0.0
        weights, width = self.weights, self.width
        values, norm = vector or self.vector(text)
        sums = [0.0] * len(self.categories)
        for row, x in values:
            at = row * width + 3
            for k in range(len(sums)):
                sums[k] += x * weights[at + k]
        z = [v / norm + b for v, b in zip(sums, self.intercepts[2:], strict=True)]
        top = max(z)
        e = [math.exp(v - top) for v in z]
        best = max(range(len(e)), key=e.__getitem__)
        return self.categories[best], e[best] / sum(e)


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def parts(path):
    """The three files of a model: its description (JSON), its pieces (one a
    line) and its weights (float32, little-endian, a row per piece)."""
    path = Path(path)
    return path, path.with_suffix(".terms"), path.with_suffix(".weights")


def read(path):
    """A Model from its files; ModelError names the file and what is wrong."""
    path, terms_path, weights_path = parts(path)
    current = path
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ModelError(f"{path.name}: format {data.get('format')!r}, expected {FORMAT}")
        settings = data["features"]
        thresholds = {k: float(v) for k, v in data["thresholds"].items()}
        if set(thresholds) != {"risk", "crisis"}:
            raise ModelError(f"{path.name}: thresholds must be risk and crisis")
        categories = tuple(data.get("categories") or ())
        intercepts = tuple(float(x) for x in data["intercepts"])
        if len(intercepts) != 2 + len(categories):
            raise ModelError(
                f"{path.name}: {len(intercepts)} intercepts for 2 + {len(categories)} heads"
            )
        current = terms_path
        terms = terms_path.read_text(encoding="utf-8").split("\n")
        current = weights_path
        weights = array("f")
        weights.frombytes(weights_path.read_bytes())
        if sys.byteorder != "little":
            weights.byteswap()
        width = 1 + len(intercepts)
        if len(weights) != len(terms) * width or not terms:
            raise ModelError(
                f"{weights_path.name}: {len(weights)} weights for {len(terms)} pieces "
                f"of {width} each"
            )
        return Model(
            version=str(data["version"]),
            char=tuple(settings["char"]) if settings.get("char") else None,
            word=tuple(settings["word"]) if settings.get("word") else None,
            sublinear_tf=bool(settings["sublinear_tf"]),
            # dict(zip()) builds faster than a comprehension (200,000 pieces: 30 ms, not 37)
            index=dict(zip(terms, range(len(terms)), strict=True)),
            weights=weights,
            intercepts=intercepts,
            thresholds=thresholds,
            categories=categories,
            trained_on=tuple(data.get("trained_on") or ()),
        )
    except ModelError:
        raise
    except OSError as error:
        raise ModelError(f"{current.name}: {error.strerror}") from error
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ModelError(f"{current.name}: cannot read the model ({error!r})") from error


@lru_cache(maxsize=4)
def model(path=str(MODEL_PATH)):
    """The shipped model, read once per process."""
    return read(path)


def speaks(text, decision):
    """True when the model may speak on this text: MIN_WORDS words or more, and not
    a text whose every word the rules' safe phrases read (`decision.settled`:
    "hmm not sure" as the whole reply to a check-in).

    One word ("no", "stop", "7", "ok") is no evidence, and such replies are the
    commonest texts of all (a NO to the consent question read as risk would
    alarm staff about every decline); the rules read them ("kms"). Two words
    are read: on the first seven calibration sets, a model trained on the tuned
    sets alone raised 6 more of their 24 risky texts of two words and none of
    their 128 safe ones (bench/RESULTS.md, round 5).
    """
    return not decision.settled and len(_WORD.findall(text or "")) >= MIN_WORDS


def as_served(text, decision, p_risk, p_crisis):
    """The model's probabilities for a text as the service uses them, given the
    rules' decision on it: none where it does not speak (`speaks`), and no crisis
    where a negation governs the rules' only risk words (`Decision.negated`).
    Training and the transfer measure read out-of-fold scores through this, so
    their figures are the service's."""
    if not speaks(text, decision):
        return 0.0, 0.0
    return p_risk, 0.0 if decision.negated else p_crisis


def second_opinion(text, decision, scorer=None):
    """The rules' decision, raised when the model is confident; never lowered.
    The model does not speak on a text of one word (`speaks`). Where a negation
    governs the only risk words the rules found (`decision.negated`: "no quiero
    morir"), the model, which reads words and not their grammar, may raise the
    text to concern (other risk in it still counts) but not to crisis."""
    if decision.tier == _CRISIS or not speaks(text, decision):
        return decision
    scorer = scorer or model()
    text = text[:MAX_CHARS]
    vector = scorer.vector(text)
    p_risk, p_crisis = as_served(text, decision, *scorer.scores(text, vector))
    tier = combine(decision.tier, p_risk, p_crisis, scorer.thresholds)
    if tier == decision.tier:
        return decision
    p = p_crisis if tier == _CRISIS else p_risk
    category = decision.category or scorer.category(text, vector)[0] or "other"
    return replace(decision, tier=tier, category=category, model_p=p)


def combine(rule_tier, p_risk, p_crisis, thresholds):
    """The tier the rules' tier and the model's probabilities give together.

    A text the rules call none must first look risky (p(risk) at its
    threshold); it is then concern, or crisis where p(crisis) reaches its own.
    A concern is raised to crisis on p(crisis) alone, at SURE or above: out of
    fold, the crisis threshold alone raised six concerns labelled concern for
    each one labelled crisis. Nothing is ever lowered.
    """
    if rule_tier == _CRISIS:
        return _CRISIS
    if rule_tier == _CONCERN:
        # The rules read this text and chose concern: only a sure model overrules them.
        return _CRISIS if p_crisis >= max(thresholds["crisis"], SURE) else _CONCERN
    if p_risk < thresholds["risk"]:
        return rule_tier
    return _CRISIS if p_crisis >= thresholds["crisis"] else _CONCERN
