"""The screen's vocabulary: one data file per language in `words/`, compiled once.

`words/common.yaml` holds what every language shares (symbols used as
letters, units after a number, laughing emoji); `words/<lang>.yaml` holds a
language's txt-speak, fillers, negations, safe phrases and risk rules. See
`words/README.md` for how to add a phrase or an idiom.
"""

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

from . import cache
from .normalise import Normaliser, base_form
from .patterns import Compiled, PatternError, compile_pattern, literal_words

WORDS_DIR = Path(__file__).resolve().parent / "words"

TIERS = ("crisis", "concern")
# In the order a decision names its category when several match (a medical
# emergency first: it needs the emergency number before anything else).
CATEGORIES = (
    "medical",
    "suicidal",
    "passive",
    "self_harm",
    "plan",
    "goodbye",
    "harm_from_others",
    "third_party",
    "other",
)


class LexiconError(ValueError):
    """A data file that cannot be used: names the file and the place."""


@dataclass(frozen=True)
class Rule:
    """Patterns that, when one matches, suggest a risk of a tier and category."""

    category: str
    tier: str
    patterns: tuple[Compiled, ...]
    negatable: bool = True  # "i would never ..." sets a match aside
    past: bool = True  # "i used to ..." sets a match aside, unless "again"
    hyperbole: bool = False  # a laughing text ("lol", "jaja") sets it aside
    work_talk: bool = False  # a text about work (a client, a training) sets it aside


@dataclass(frozen=True)
class Language:
    """Everything the screen needs for one language."""

    code: str
    normaliser: Normaliser
    safe: tuple[Compiled, ...]
    rules: tuple[Rule, ...]
    negators: frozenset
    clause_breaks: frozenset
    laughter: frozenset
    serious: tuple[Compiled, ...]
    past: tuple[Compiled, ...]
    relapse: tuple[Compiled, ...]
    work_context: frozenset  # single words of helpers' work talk ("training", "patient")
    first_person: frozenset  # words that put the writer in a match ("i", "me", "yo", "je")
    present: frozenset  # words that make a match a wish or intent now ("want", "tonight")
    # Subjects that start another clause ("i", "je", "eu"): a negation before one
    # governs that clause's verb, not the match ("i cant sleep i want to die").
    subjects: frozenset
    safe_index: "Index"
    risk_index: "Index"
    # Work talk of several words ("care home", "social worker"), each " a b ": as a
    # phrase only, so "home" or "social" alone is not work talk.
    work_phrases: tuple = ()
    # A negator inside a match right before one of these acts sets the match aside
    # ("i will never kill myself": the match starts at "i will", before "never").
    inside_negators: frozenset = frozenset()
    negated_acts: frozenset = frozenset()
    # A wish or thought told in the past tense ("wanted", "pensaba", "queria",
    # "voulais") in or right before a crisis match about oneself lowers it to
    # concern, unless a word of `still` ("still", "todavia") says it holds now.
    # Compiled: this language's own words and the other languages' that it does
    # not know as its own (compile_words): a Portuguese "pensei em me matar" read
    # in Spanish is told in the past too, while French "je pense a me tuer" keeps
    # "pense" (a French word) as now.
    told_past: frozenset = frozenset()
    still: frozenset = frozenset()  # base forms: read against the text's own words
    articles: frozenset = frozenset()  # "the", "a": a told_past word after one is a noun
    # Words that open a condition ("if", "si", "se"): a threat against oneself after
    # one, with a laugh beside it, is lowered like a hyperbole (words/README.md).
    conditionals: frozenset = frozenset()


class Index:
    """Which patterns a text could match, from the words it contains.

    Every pattern names trigger words one of which must be in a text for it
    to match; a long text then runs only the few patterns it could match.
    """

    def __init__(self, keyed):
        self.always, self.by_word = [], {}
        for key, pattern in keyed:
            if pattern.triggers is None:
                self.always.append(key)
            else:
                for word in pattern.triggers:
                    self.by_word.setdefault(word, []).append(key)

    def candidates(self, tokens):
        """The keys of the patterns worth running on a text with these tokens, sorted."""
        return [key for key, _ in self.candidates_with_words(tokens)]

    def candidates_with_words(self, tokens):
        """[(key, the text's words among its triggers, or None: always run)], sorted
        by key: where in a long text a pattern is worth looking for."""
        found = {key: None for key in self.always}
        for token in tokens:
            for key in self.by_word.get(token, ()):
                words = found.get(key)
                if words is None:
                    if key not in found:
                        found[key] = [token]
                else:
                    words.append(token)
        return sorted(found.items())


@lru_cache(maxsize=1)
def _loader():
    """YAML where no, yes, on, off and y stay words (they are words here). Made on
    first use: a process that finds the compiled words in the cache (cache.py)
    never imports yaml (20-30 ms of the screen's start-up, bench/RESULTS.md)."""
    import yaml

    class WordsLoader(yaml.SafeLoader):
        pass

    WordsLoader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    WordsLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool",
        re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
        list("tTfF"),
    )
    return yaml, WordsLoader


def _load(path):
    yaml, loader = _loader()
    try:
        with open(path, encoding="utf-8") as f:
            data = yaml.load(f, Loader=loader) or {}
    except (OSError, yaml.YAMLError) as error:
        raise LexiconError(f"{path.name}: {error}") from error
    if not isinstance(data, dict):
        raise LexiconError(f"{path.name}: expected a mapping at the top")
    return data


def _compile_all(sources, slots, normaliser, where):
    compiled = []
    for source in sources or ():
        try:
            compiled.append(
                compile_pattern(str(source), slots, normaliser.words, normaliser.frequent)
            )
        except PatternError as error:
            raise LexiconError(f"{where}: {error}") from error
    return tuple(compiled)


def _words(items, normaliser):
    return frozenset(w for item in items or () for w in normaliser.words(str(item)).split())


def _single_words(items, normaliser):
    """The items that are one word once normalised."""
    words = (normaliser.words(str(item)).split() for item in items or ())
    return frozenset(w[0] for w in words if len(w) == 1)


def _phrases(items, normaliser):
    """The items of several words, each padded with spaces for a search in a text."""
    words = (normaliser.words(str(item)).split() for item in items or ())
    return tuple(sorted({f" {' '.join(w)} " for w in words if len(w) > 1}))


# Lists read word by word: "dying laughing" among the laughter made "dying" laughter.
SINGLE_WORD_LISTS = (
    "negators",
    "clause_breaks",
    "laughter",
    "first_person",
    "present",
    "subjects",
    "inside_negators",
    "negated_acts",
    "told_past",
    "still",
    "articles",
    "conditionals",
)
CONTEXT_LISTS = (
    "negators",
    "clause_breaks",
    "laughter",
    "serious",
    "past",
    "relapse",
    "work_context",
    "first_person",
    "present",
    "subjects",
    "inside_negators",
    "negated_acts",
    "told_past",
    "still",
    "articles",
    "conditionals",
)


def _language(path, common):
    data = _load(path)
    code = path.stem
    normaliser = Normaliser(
        language=code,
        txt=data.get("txt") or {},
        fillers=data.get("fillers") or (),
        leet=common.get("leet") or {},
        units=common.get("units") or (),
        never_correct=data.get("never_correct") or (),
        frequent=common.get("frequent") or (),
        function_words=data.get("function_words") or (),
        fuzzy=data.get("fuzzy") or (),
    )
    for key in SINGLE_WORD_LISTS:
        for item in data.get(key) or ():
            if len(str(item).split()) > 1:
                raise LexiconError(
                    f"{path.name} {key}: {str(item)!r} is more than one word, and this list "
                    "is read word by word (each word alone would count); put a phrase in "
                    "past, relapse, serious or safe"
                )
    slots = {name: [str(a) for a in alts] for name, alts in (data.get("slots") or {}).items()}
    safe = []
    for group, sources in (data.get("safe") or {}).items():
        safe.extend(_compile_all(sources, slots, normaliser, f"{path.name} safe.{group}"))
    rules, risk_words = [], set()
    for i, raw in enumerate(data.get("risk") or ()):
        where = f"{path.name} risk[{i}]"
        if raw.get("category") not in CATEGORIES or raw.get("tier") not in TIERS:
            raise LexiconError(f"{where}: category must be one of {CATEGORIES}, tier {TIERS}")
        rules.append(
            Rule(
                category=raw["category"],
                tier=raw["tier"],
                patterns=_compile_all(raw.get("patterns"), slots, normaliser, where),
                negatable=raw.get("negatable", True),
                past=raw.get("past", True),
                hyperbole=raw.get("hyperbole", False),
                work_talk=raw.get("work_talk", False),
            )
        )
        for source in raw.get("patterns") or ():
            risk_words.update(_words(literal_words(str(source)), normaliser))
    for alternatives in slots.values():
        for alt in alternatives:
            risk_words.update(_words(literal_words(alt), normaliser))
    known = set(normaliser.fillers)
    for sources in (data.get("safe") or {}).values():
        for source in sources or ():
            known.update(_words(literal_words(str(source)), normaliser))
    # The context words are real words too: "pensaba" (a past marker) must not be
    # spelt into a risk word, or the text and its marker would no longer meet.
    for key in CONTEXT_LISTS:
        for source in data.get(key) or ():
            known.update(_words(literal_words(str(source)), normaliser))
    known.update(w for words in normaliser.txt.values() for w in words)
    normaliser.learn(risk_words, known)
    return Language(
        code=code,
        normaliser=normaliser,
        safe=tuple(safe),
        rules=tuple(rules),
        negators=_words(data.get("negators"), normaliser),
        clause_breaks=_words(data.get("clause_breaks"), normaliser),
        laughter=_words(
            [*(data.get("laughter") or ()), *(common.get("laughter") or ())], normaliser
        ),
        serious=_compile_all(data.get("serious"), slots, normaliser, f"{path.name} serious"),
        past=_compile_all(data.get("past"), slots, normaliser, f"{path.name} past"),
        relapse=_compile_all(data.get("relapse"), slots, normaliser, f"{path.name} relapse"),
        work_context=_single_words(data.get("work_context"), normaliser),
        work_phrases=_phrases(data.get("work_context"), normaliser),
        first_person=_words(data.get("first_person"), normaliser),
        present=_words(data.get("present"), normaliser),
        subjects=_words(data.get("subjects"), normaliser),
        inside_negators=_words(data.get("inside_negators"), normaliser),
        negated_acts=_words(data.get("negated_acts"), normaliser),
        told_past=_words(data.get("told_past"), normaliser),
        # Read against the text's own words: fillers ("still") drop out of its tokens.
        still=frozenset(base_form(str(w)) for w in data.get("still") or ()),
        articles=_words(data.get("articles"), normaliser),
        conditionals=_words(data.get("conditionals"), normaliser),
        safe_index=Index((i, p) for i, p in enumerate(safe)),
        risk_index=Index(
            ((r, i), p) for r, rule in enumerate(rules) for i, p in enumerate(rule.patterns)
        ),
    )


@lru_cache(maxsize=4)
def lexicon(directory=str(WORDS_DIR)):
    """Every language's compiled vocabulary, and the shared data (cached).

    Read back from the on-disk cache when the words and the code are the ones
    it was compiled from (`cache.py`), compiled (and so checked) otherwise.
    """
    digest = cache.key(directory)
    found = cache.read(directory, digest)
    if found is not None:
        return found
    compiled = compile_words(directory)
    cache.write(directory, digest, compiled)
    return compiled


def compile_words(directory=str(WORDS_DIR)):
    """Read and compile every words file; LexiconError names the file and the rule."""
    directory = Path(directory)
    common = _load(directory / "common.yaml")
    languages = tuple(
        _language(path, common)
        for path in sorted(directory.glob("*.yaml"))
        if path.stem != "common"
    )
    if not languages:
        raise LexiconError(f"{directory}: no language files")
    # A word that says a wish holds still ("still", "todavia", "ainda", "encore")
    # holds in every reading: the Spanish reading of "pensei em me matar e ainda
    # penso" must not lower what the Portuguese word "ainda" keeps.
    still = frozenset().union(*(language.still for language in languages))
    languages = tuple(
        replace(
            language,
            still=still,
            told_past=language.told_past.union(
                word
                for other in languages
                if other is not language
                for word in other.told_past
                if word not in language.normaliser.known
            ),
        )
        for language in languages
    )
    return common, languages
