"""screen(text) -> Decision: the tier, the category and the words that matched."""

import re
from dataclasses import dataclass

from .lexicon import CATEGORIES, lexicon
from .normalise import base_form

CRISIS, CONCERN, NONE = "crisis", "concern", "none"
_TIER_RANK = {CRISIS: 0, CONCERN: 1, NONE: 2}
MAX_CHARS = 2000  # a long text is screened whole up to here (Twilio's limit is 1600)
NEAR = 4  # words before a match that a negation or a past marker must stand in
_BLANK = "~"
_LAUGH = re.compile(r"^(?:(?:ha|ja|je|he|hi|ji|ka|rs)+h?|k{3,}|(?:lo)+l+|lmf?a+o+|xd+)$")
_LAUGH_EMOJI = ("\U0001f602", "\U0001f923", "\U0001f480", "\U0001f606", "\U0001f605")


@dataclass(frozen=True)
class Match:
    """One risk rule that matched: its tier, category, language and the words."""

    tier: str
    category: str
    language: str
    words: str


@dataclass(frozen=True)
class Decision:
    """What the screen saw in one text."""

    tier: str
    category: str | None
    matches: tuple[Match, ...] = ()

    @property
    def is_risk(self):
        """True for the crisis and concern tiers."""
        return self.tier != NONE

    @property
    def language(self):
        """The language of the strongest match, or None."""
        return self.matches[0].language if self.matches else None

    @property
    def matched(self):
        """The words that matched, strongest first, for staff: 'want to die; tonight'."""
        return "; ".join(dict.fromkeys(m.words for m in self.matches))

    def has(self, category):
        """True when any match is of this category."""
        return any(m.category == category for m in self.matches)


NOTHING = Decision(NONE, None)


def screen(text, directory=None):
    """The safety decision for one text; never raises on odd input."""
    raw = (text or "")[:MAX_CHARS].replace("\x00", " ")
    common, languages = lexicon(directory) if directory else lexicon()
    laughing = any(e in raw for e in _LAUGH_EMOJI)
    base = base_form(raw)
    matches = []
    for language in languages:
        matches.extend(_language_matches(language, base, laughing))
    if not matches:
        return NOTHING
    matches.sort(key=lambda m: (_TIER_RANK[m.tier], CATEGORIES.index(m.category)))
    return Decision(matches[0].tier, matches[0].category, tuple(matches))


def _language_matches(language, base, laughing):
    tokens = language.normaliser.tokens_of_base(base)
    if not tokens:
        return []
    padded = " " + " ".join(tokens) + " "
    token_set = set(tokens)
    laughing = laughing or any(t in language.laughter or _LAUGH.match(t) for t in token_set)
    serious = any(p.search(padded, token_set) for p in language.serious)
    work = not language.work_context.isdisjoint(token_set)
    for i in language.safe_index.candidates(token_set):
        padded = language.safe[i].regex.sub(lambda m: _blank(m.group(0)), padded)
    token_set = set(padded.split())
    found, done = [], set()
    for r, i in language.risk_index.candidates(token_set):
        rule = language.rules[r]
        if r in done or (rule.hyperbole and laughing and not serious):
            continue
        if rule.third_party and work:
            continue
        for m in rule.patterns[i].regex.finditer(padded):
            if rule.negatable and _negated(language, padded, m.start()):
                continue
            if rule.past and _in_the_past(language, padded, m, token_set):
                continue
            found.append(Match(rule.tier, rule.category, language.code, m.group(0).strip()))
            done.add(r)  # one match a rule is enough
            break
    return found


def _blank(span):
    """A safe phrase keeps its place as one blank per word, so nothing joins across it."""
    return " ".join(_BLANK for _ in span.split()) + " "


def _negated(language, padded, start):
    """True when a negation stands just before the match, in the same clause."""
    before = padded[:start].split()[-NEAR + 1 :]
    for word in reversed(before):
        if word in language.clause_breaks:
            return False
        if word in language.negators:
            return True
    return False


def _in_the_past(language, padded, m, token_set):
    """True when a past marker stands near the match and nothing says it is back."""
    if not language.relapse.isdisjoint(token_set):
        return False
    before = padded[: m.start()].split()[-NEAR - 2 :]
    after = padded[m.end() :].split()[: NEAR + 2]
    window = " " + " ".join(before + ["|"] + after) + " "
    window_set = set(window.split())
    return any(p.search(window, window_set) for p in language.past)
