"""Phrase patterns with slots, compiled to regular expressions over tokens.

A pattern is written in the words people text, after normalisation:

    i {want} {die}            a slot: any phrase listed under slots.want
    (end|ending) my life      inline alternatives
    really? want to die       ? makes the word (or group) before it optional
    took ... pills            ... stands for up to five words
    suicid*                   a word starting with "suicid"
    _                         exactly one word, any
    ^ and $                   the start and the end of the text
    <\\d+k>                    one word matching a regular expression

Texts are matched as " tok tok tok " so every match starts and ends on whole
words; the words a "..." stood for are the match's groups. Each pattern also
knows a few words one of which must be in the text (its triggers), so a long
text runs only the patterns it could match.
"""

import re
from dataclasses import dataclass
from functools import cached_property

GAP = 5  # how many words "..." may stand for


class PatternError(ValueError):
    """A pattern that cannot be read: names the pattern and what is wrong."""


@dataclass(frozen=True)
class Compiled:
    """One pattern ready to match: the regex and its trigger words (None: always run).

    The regular expression is compiled on first use: a vocabulary read back
    from the cache (`cache.py`) was checked when it was written, and most
    patterns never meet a text that could match them in a process's life.
    """

    source: str
    expression: str
    triggers: frozenset | None
    anchored: bool = False  # ^ or $: matched against the whole text only
    # Other word sets the text must also touch (one per required part): a
    # cheap test that skips most patterns a text's trigger word alone would run.
    guards: tuple = ()

    @cached_property
    def regex(self):
        """The compiled expression (compiled once, when first needed)."""
        return re.compile(self.expression)

    def __getstate__(self):
        # Kept out of a pickle: unpickling an re.Pattern compiles it again.
        return {k: v for k, v in self.__dict__.items() if k != "regex"}

    def could_match(self, tokens):
        """False when a required part has none of its words in the text."""
        return all(not guard.isdisjoint(tokens) for guard in self.guards)

    def search(self, padded, tokens):
        """The first match in a padded token string, or None."""
        if self.triggers is not None and self.triggers.isdisjoint(tokens):
            return None
        if not self.could_match(tokens):
            return None
        return self.regex.search(padded)


_TOKEN = re.compile(r"\s*(\{[a-z_]+\}|<[^>]+>|\.\.\.|[()|?^$]|[^\s(){}|?<>^$]+)")


def _lex(text):
    pos, out = 0, []
    text = text.strip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise PatternError(f"cannot read {text!r} at {text[pos:]!r}")
        out.append(m.group(1))
        pos = m.end()
    return out


class _Parser:
    """Recursive descent over the tokens of one pattern; builds (regex, triggers)."""

    def __init__(self, source, slots, word_form, depth=0, frequent=frozenset()):
        self.source, self.slots, self.word_form, self.depth = source, slots, word_form, depth
        self.frequent = frequent
        self.required, self.level = [], 0
        self.tokens, self.pos = _lex(source), 0

    def parse(self):
        self.required, self.level = [], 0
        parsed = self._alternatives()
        if parsed is None:
            raise PatternError(f"{self.source!r}: only filler words, which texts drop")
        regex, triggers = parsed
        if self.pos != len(self.tokens):
            raise PatternError(f"{self.source!r}: unexpected {self.tokens[self.pos]!r}")
        return regex, triggers

    def _peek(self):
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _alternatives(self):
        """Branches split by |; a branch of filler words only (which texts drop) is left out."""
        branches = [self._sequence()]
        while self._peek() == "|":
            self.pos += 1
            branches.append(self._sequence())
        kept = [b for b in branches if b is not None]
        return _union(kept) if kept else None

    def _sequence(self):
        parts, required, fillers = [], [], []
        while self._peek() not in (None, "|", ")"):
            before = self.tokens[self.pos]
            regex, triggers, kind = self._element()
            if kind == "filler":
                fillers.append(before)
                if self._peek() == "?":
                    self.pos += 1
                continue
            if self._peek() == "?":
                self.pos += 1
                parts.append(f"(?:{regex})?")
                continue
            parts.append(regex)
            if kind != "gap":
                required.append(triggers)
        if fillers and not parts:
            return None
        known = [t for t in required if t is not None]
        if self.level == 0:
            self.required.append(known)
        return "".join(parts), (min(known, key=self._cost) if known else None)

    def _cost(self, triggers):
        """Prefer trigger words that few texts contain: 'pills' over 'i' or 'to'."""
        return sum(100 if w in self.frequent else 1 for w in triggers)

    def _element(self):
        token = self._peek()
        self.pos += 1
        if token == "(":
            self.level += 1
            group = self._alternatives()
            self.level -= 1
            if self._peek() != ")":
                raise PatternError(f"{self.source!r}: a ( is not closed")
            self.pos += 1
            if group is None:
                return "", None, "filler"
            return f"(?:{group[0]})", group[1], "group"
        if token == "...":
            # Captured, so a safe phrase can leave the words in its gap alone.
            return f"((?:[^ ]+ ){{0,{GAP}}})", None, "gap"
        if token == "^":
            return "(?<=^ )", None, "gap"
        if token == "$":
            return "$", None, "gap"
        if token == "_":
            return "[^ ]+ ", None, "any"
        if token.startswith("{"):
            return self._slot(token[1:-1])
        if token.startswith("<"):
            return f"(?:{token[1:-1]}) ", None, "regex"
        if token in (")", "|", "?"):
            raise PatternError(f"{self.source!r}: unexpected {token!r}")
        if token.endswith("*"):
            stem = self.word_form(token[:-1])
            return f"{re.escape(stem)}[^ ]* ", None, "prefix"
        words = self.word_form(token).split()
        if not words:
            return "", None, "filler"  # texts drop it too
        return "".join(f"{re.escape(w)} " for w in words), frozenset(words[:1]), "word"

    def _slot(self, name):
        if name not in self.slots:
            raise PatternError(f"{self.source!r}: no slot called {{{name}}}")
        if self.depth > 4:
            raise PatternError(f"{self.source!r}: slots nest too deep at {{{name}}}")
        branches = [
            _Parser(alt, self.slots, self.word_form, self.depth + 1, self.frequent)._alternatives()
            for alt in self.slots[name]
        ]
        branches = [b for b in branches if b is not None]
        if not branches:
            raise PatternError(f"{self.source!r}: {{{name}}} has only filler words")
        regex, triggers = _union(branches)
        return f"(?:{regex})", triggers, "slot"


def _union(branches):
    regex = "|".join(r for r, _ in branches)
    if any(t is None for _, t in branches):
        return regex, None
    return regex, frozenset().union(*(t for _, t in branches))


def compile_pattern(source, slots, word_form, frequent=frozenset()):
    """Compile one pattern; `word_form` normalises its literal words like a text's.

    `frequent` words (i, to, my...) are chosen as triggers only when nothing else is.
    """
    parser = _Parser(source, slots, word_form, frequent=frequent)
    regex, triggers = parser.parse()
    # Only a pattern that is one sequence at the top (no top-level |) can
    # demand all its parts: the last sequence parsed at depth 0 is that one.
    top = parser.required[-1] if len(parser.required) == 1 else []
    guards = tuple(t for t in top if t is not triggers and t != triggers)
    anchored = "^" in _lex(source) or "$" in _lex(source)
    compiled = Compiled(source, f"(?<= )(?:{regex})", triggers, anchored, guards)
    try:
        empty = re.fullmatch(regex, "")
        _ = compiled.regex  # checked when the words are read, never first on a text
    except re.error as error:
        raise PatternError(f"{source!r}: {error}") from error
    if empty:
        raise PatternError(f"{source!r}: matches nothing at all (empty, optional or fillers only)")
    return compiled


def literal_words(source):
    """The plain words a pattern names (no slots, regexes or prefixes)."""
    return [
        t
        for t in _lex(source)
        if t not in ("(", ")", "|", "?", "...", "_", "^", "$")
        and t[0] not in "{<"
        and not t.endswith("*")
    ]
