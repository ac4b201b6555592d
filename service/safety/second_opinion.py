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
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

from .normalise import base_form

MODEL_PATH = Path(__file__).resolve().parent / "model" / "model.json"
FORMAT = 1
_WORD = re.compile(r"\w+")
_CRISIS, _CONCERN = "crisis", "concern"
_CACHE = 50_000  # words remembered, as the normaliser does
MAX_CHARS = 2000  # as the rules: a longer text is read up to here
MIN_WORDS = 3  # the model does not speak on shorter texts (see second_opinion)


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


@dataclass(frozen=True)
class Model:
    """The exported model: per piece its idf and one weight per head."""

    version: str
    char: tuple | None
    word: tuple | None
    sublinear_tf: bool
    terms: dict  # piece -> [idf, weight for risk, weight for crisis]
    intercepts: tuple  # (risk, crisis)
    thresholds: dict  # {"risk": p, "crisis": p}: where each head may raise a text
    trained_on: tuple = ()  # ({"file", "sha256", "lines"}, ...)
    # word -> its character pieces the model knows: texts repeat the same words,
    # so each is cut into n-grams once per process (the same counts as features()).
    known: dict = field(default_factory=dict, compare=False, repr=False)

    def scores(self, text):
        """(p(risk), p(crisis)) for one text."""
        terms, known, found = self.terms, self.known, []
        base = base_form(text)
        if self.char:
            for w in base.split():
                pieces = known.get(w)
                if pieces is None:
                    pieces = tuple(p for p in _char_pieces(w, *self.char) if p in terms)
                    if len(known) < _CACHE:
                        known[w] = pieces
                found.extend(pieces)
        if self.word:
            found.extend(p for p in _word_pieces(base, *self.word) if p in terms)
        counts = Counter(found)
        squares = risk = crisis = 0.0
        for piece, count in counts.items():
            idf, w_risk, w_crisis = terms[piece]
            x = ((1.0 + math.log(count)) if self.sublinear_tf else count) * idf
            squares += x * x
            risk += x * w_risk
            crisis += x * w_crisis
        norm = math.sqrt(squares) or 1.0
        return (
            _sigmoid(risk / norm + self.intercepts[0]),
            _sigmoid(crisis / norm + self.intercepts[1]),
        )


def _sigmoid(z):
    if z >= 0:
        return 1.0 / (1.0 + math.exp(-z))
    e = math.exp(z)
    return e / (1.0 + e)


def read(path):
    """A Model from its JSON file; ModelError names the file and what is wrong."""
    path = Path(path)
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != FORMAT:
            raise ModelError(f"{path.name}: format {data.get('format')!r}, expected {FORMAT}")
        settings = data["features"]
        thresholds = {k: float(v) for k, v in data["thresholds"].items()}
        if set(thresholds) != {"risk", "crisis"}:
            raise ModelError(f"{path.name}: thresholds must be risk and crisis")
        return Model(
            version=str(data["version"]),
            char=tuple(settings["char"]) if settings.get("char") else None,
            word=tuple(settings["word"]) if settings.get("word") else None,
            sublinear_tf=bool(settings["sublinear_tf"]),
            terms=_terms(data["terms"]),
            intercepts=(float(data["intercepts"]["risk"]), float(data["intercepts"]["crisis"])),
            thresholds=thresholds,
            trained_on=tuple(data.get("trained_on") or ()),
        )
    except ModelError:
        raise
    except OSError as error:
        raise ModelError(f"{path.name}: {error.strerror}") from error
    except (ValueError, KeyError, TypeError, AttributeError) as error:
        raise ModelError(f"{path.name}: cannot read the model ({error!r})") from error


def _terms(terms):
    # Kept as read (lists of three floats): converting 20,000 entries would
    # double the time the model takes to load. One entry is checked for shape.
    if not isinstance(terms, dict) or not terms:
        raise ValueError("no terms")
    sample = next(iter(terms.values()))
    if len(sample) != 3 or not all(isinstance(x, float) for x in sample):
        raise ValueError(f"a term's entry is {sample!r}, expected [idf, risk, crisis]")
    return terms


@lru_cache(maxsize=4)
def model(path=str(MODEL_PATH)):
    """The shipped model, read once per process."""
    return read(path)


def second_opinion(text, decision, scorer=None):
    """The rules' decision, raised when the model is confident; never lowered.

    The model does not speak on a text of fewer than MIN_WORDS words ("no",
    "stop", "7", "ok"): so few pieces are no evidence, and such replies are the
    commonest texts of all (a NO to the consent question read as risk would
    alarm staff about every decline). The rules read short texts ("kms").
    """
    if decision.tier == _CRISIS or len(_WORD.findall(text or "")) < MIN_WORDS:
        return decision
    scorer = scorer or model()
    p_risk, p_crisis = scorer.scores((text or "")[:MAX_CHARS])
    tier = combine(decision.tier, p_risk, p_crisis, scorer.thresholds)
    if tier == decision.tier:
        return decision
    p = p_crisis if tier == _CRISIS else p_risk
    return replace(decision, tier=tier, category=decision.category or "other", model_p=p)


def combine(rule_tier, p_risk, p_crisis, thresholds):
    """The tier the rules' tier and the model's probabilities give together.

    A text the rules call none must first look risky (p(risk) at its
    threshold); it is then concern, or crisis where p(crisis) reaches its own.
    A concern is raised to crisis on p(crisis) alone. Nothing is ever lowered.
    """
    if rule_tier == _CRISIS:
        return _CRISIS
    risky = rule_tier == _CONCERN or p_risk >= thresholds["risk"]
    if risky and p_crisis >= thresholds["crisis"]:
        return _CRISIS
    return _CONCERN if risky else rule_tier
