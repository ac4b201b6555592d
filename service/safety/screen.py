"""screen(text) -> Decision: the tier, the category and the words that matched."""

import re
from dataclasses import dataclass, field, replace

from .lexicon import CATEGORIES, lexicon
from .normalise import base_form, join_spaced, word_keys
from .second_opinion import second_opinion

CRISIS, CONCERN, NONE = "crisis", "concern", "none"
_TIER_RANK = {CRISIS: 0, CONCERN: 1, NONE: 2}
MAX_CHARS = 2000  # a long text is screened whole up to here (Twilio's limit is 1600)
ERASE, LOWER = "erase", "lower"  # what a past marker does to a match
# What a person says about their own life and body: context lowers these, never erases.
THIRD_PARTY = "third_party"  # someone else at risk: the writer is the one to help
MEDICAL = "medical"  # a medical emergency: the emergency number first
ABOUT_SELF = frozenset({"suicidal", "passive", "self_harm", "plan", "goodbye", "medical"})
# What a person may say they wished or thought (not a plan, an act or a farewell).
WISHES = frozenset({"suicidal", "passive", "self_harm"})
NEAR = 4  # words before a match that a negation or a past marker must stand in
NEAR_NOW = 2  # the same for a negation before a wish or intent now ("no me quiero ...")
_CLAUSE_END = set(".,;:!?")
_SENTENCE_END = set(".!?")
_BLANK = "~"  # a word inside a safe phrase: kept in place so nothing joins across it
_EDGE = "\x01"  # stands where a window of the text is cut, so "$" is not matched there
_LAUGH = re.compile(
    # one syllable said again and again (jajaja, hehe, jsjs): "hija" is not laughter
    r"^(?:a?(ha|ja|je|he|hi|ji|ka|rs|js|sj)\1+[hjsa]?|k{3,}|l+o+l+(?:o+l+)*|lm+f?a+o+|x+d+"
    r"|[ae]?ha{2,}|mdr+|ptdr+)$"
)
_LAUGH_EMOJI = ("\U0001f602", "\U0001f923", "\U0001f480", "\U0001f606", "\U0001f605")


@dataclass(frozen=True)
class Match:
    """One risk rule that matched: its tier, category, language and the words."""

    tier: str
    category: str
    language: str
    words: str
    span: tuple = field(default=(), compare=False)  # first and last word of the text matched


@dataclass(frozen=True)
class Decision:
    """What the screen saw in one text."""

    tier: str
    category: str | None
    matches: tuple[Match, ...] = ()
    model_p: float | None = None  # set when the learned second opinion raised the tier
    # True when the rules found risk words only where a negation governs them ("i
    # don't want to die"): the second opinion may then say concern, never crisis.
    negated: bool = False
    # True when safe phrases read every word of the text ("hmm not sure" as a whole
    # reply): the second opinion does not speak on it (second_opinion.py).
    settled: bool = False

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
        """Why, for staff, strongest first: 'want to die; tonight', or 'model p=0.93; ...'."""
        reasons = [f"model p={self.model_p:.2f}"] if self.model_p is not None else []
        return "; ".join(dict.fromkeys([*reasons, *(m.words for m in self.matches)]))

    def has(self, category):
        """True when any match is of this category, or, with no rule words, when
        the learned second opinion named it."""
        if not self.matches:
            return self.model_p is not None and self.category == category
        return any(m.category == category for m in self.matches)


NOTHING = Decision(NONE, None)
NEGATED = Decision(NONE, None, negated=True)
SETTLED = Decision(NONE, None, settled=True)


def screen(text, directory=None):
    """The safety decision for one text: the rules, then the model's second opinion,
    which can only raise it (`second_opinion.py`); never raises on odd input."""
    return second_opinion(text, rules(text, directory))


def rules(text, directory=None):
    """The rules' decision for one text; never raises on odd input."""
    raw = (text or "")[:MAX_CHARS].replace("\x00", " ")
    common, languages = lexicon(directory) if directory else lexicon()
    base = base_form(_emoji_as_words(raw, common))
    words = base.split()
    spaced = join_spaced(words, languages[0].normaliser.leet)
    passes = [_Pass(language, base, spaced) for language in _likely(languages, spaced)]
    # What one language reads as laughter, work talk or a safe phrase holds for all;
    # laughter only for the sentence it stands in (or a sentence of laughter alone
    # next to it): "jajaja que bueno. hoy me voy a matar" is not a joke.
    sentence = _sentences(words)
    laughing = _laughs(raw, words).union(*(p.laughs for p in passes))
    if laughing:
        laughing = _laughed_at(sentence, laughing)
    serious = any(p.serious for p in passes)
    work = any(p.work for p in passes)
    covered = set().union(*(p.covered for p in passes)) if passes else set()
    # A past or relapse marker in any language the text is read in holds for all
    # ("aos 17" is Portuguese; the Spanish reading of "tentei me matar" sees it too).
    past = tuple(m for p in passes for m in p.language.past)
    relapse = tuple(m for p in passes for m in p.language.relapse)
    matches = []
    for p in passes:
        matches.extend(
            p.matches(
                covered,
                laughing=laughing,
                serious=serious,
                work=work,
                past=past,
                relapse=relapse,
                sentence=sentence,
            )
        )
    matches = _about_someone_else(matches, [span for p in passes for span in p.someone_else])
    if not matches:
        if any(p.negated for p in passes):
            return NEGATED
        if passes and all(origin in covered for p in passes for _, origin in p.tokens):
            return SETTLED
        return NOTHING
    matches.sort(key=lambda m: (_TIER_RANK[m.tier], CATEGORIES.index(m.category)))
    return Decision(matches[0].tier, matches[0].category, tuple(matches))


_EMOJI = {}


def _emoji_as_words(raw, common):
    """Emoji of means ("💊", "🔪", "🪢") as words every language's txt reads."""
    emoji = common.get("emoji") or {}
    if not emoji or raw.isascii():
        return raw
    table = _EMOJI.get(id(emoji))
    if table is None:
        table = _EMOJI[id(emoji)] = str.maketrans({e: f" {w} " for e, w in emoji.items()})
    return raw.translate(table)


def _about_someone_else(matches, set_aside=()):
    """Matches about oneself that lie inside a third_party match are about that
    other person ("my friend says she wants to die"): only the third_party one
    stays. A medical emergency stays whoever it is about: it needs the
    emergency number first."""
    others = [m.span for m in matches if m.category == THIRD_PARTY and m.span]
    others.extend(span for span in set_aside if span)
    if not others:
        return matches
    return [
        m
        for m in matches
        if m.category in (THIRD_PARTY, MEDICAL)
        or m.category not in ABOUT_SELF
        or not m.span
        or not any(a <= m.span[0] and m.span[1] <= b for a, b in others)
    ]


def _laughs(raw, words):
    """The words of the text (indices of its base form's words) that laugh:
    'jajaja', 'kkkk', 'lol', 'hahah', or a laughing emoji."""
    emoji = not raw.isascii() and any(e in raw for e in _LAUGH_EMOJI)
    return {
        k
        for k, w in enumerate(words)
        if _LAUGH.match(w.strip(".,!?;:()*~-")) or (emoji and any(e in w for e in _LAUGH_EMOJI))
    }


def _sentences(words):
    """The sentence each word of the text stands in (0, 1, ...): a sentence ends
    with a word ending in '.', '!' or '?' (a closing quote or bracket after it
    aside)."""
    ids, n = [], 0
    for word in words:
        ids.append(n)
        n += word.rstrip("\"')*~")[-1:] in _SENTENCE_END
    return ids


def _laughed_at(sentence, laughs):
    """The words (indices) a laugh stands beside: those of every sentence with a
    laugh in it, and of the sentences next to one that is only laughter ("i want
    to die. lol"). `sentence` gives each word's sentence (`_sentences`)."""
    words_of = {}
    for k, n in enumerate(sentence):
        words_of.setdefault(n, []).append(k)
    near = set()
    for n, words in words_of.items():
        laughed = [k in laughs for k in words]
        if not any(laughed):
            continue
        near.update(words)
        if all(laughed):
            for m in (n - 1, n + 1):
                near.update(words_of.get(m, ()))
    return near


def _likely(languages, spaced):
    """The languages the text is likely in, by their little words; all when none shows."""
    keys = word_keys(spaced)
    scores = [language.normaliser.function_score(keys) for language in languages]
    best = max(scores, default=0)
    if best == 0:
        return languages
    # Within half of the best: a mixed text keeps both its languages, while an
    # English text's stray "me" or "a" no longer runs the Spanish rules too (a
    # third of the screen's time on long texts; no line of the sets reads
    # differently than at a third of the best).
    return [lang for lang, score in zip(languages, scores, strict=True) if score * 2 >= best]


class _Pass:
    """One language's reading of a text: its tokens, context, and safe phrases."""

    def __init__(self, language, base, spaced):
        self.language = language
        self.raw_words = base.split()
        self.tokens = language.normaliser.tokens_of_base(base, spaced)
        # Token k starts a new clause when a word before it ended one (". , ; ! ?"),
        # a dropped filler's included ("im not ok, thinking of ending it": "ok" goes).
        ends = [w[-1:] in _CLAUSE_END for w in self.raw_words]
        self.breaks = {
            k
            for k in range(1, len(self.tokens))
            if any(ends[w] for w in range(self.tokens[k - 1][1], self.tokens[k][1]))
        }
        words = [t for t, _ in self.tokens]
        padded = " " + " ".join(words) + " "
        token_set = set(words)
        self.laughs = {origin for t, origin in self.tokens if t in language.laughter}
        self.serious = any(p.search(padded, token_set) for p in language.serious)
        self.work = not language.work_context.isdisjoint(token_set) or any(
            phrase in padded for phrase in language.work_phrases
        )
        self.covered = set()
        self.negated = False  # a risk match a negation set aside
        self.someone_else = []  # spans of third_party matches work talk set aside
        self.where = where = _Where(words)
        for i, near in language.safe_index.candidates_with_words(token_set):
            if not language.safe[i].could_match(token_set):
                continue
            for m in where.finditer(language.safe[i], padded, near):
                # Only the phrase's own words: what stood in a "..." may be real risk.
                gaps = set()
                for g in range(1, len(m.groups()) + 1):
                    if m.group(g):
                        gaps.update(range(*_token_span(padded, m.start(g), m.end(g))))
                first, last = _token_span(padded, m.start(), m.end())
                self.covered.update(self.tokens[k][1] for k in range(first, last) if k not in gaps)

    def _match(self, rule, padded, m):
        """A Match for a rule: the words of the text it stands for, as the person
        wrote them, and where they stand."""
        first, last = _token_span(padded, m.start(), m.end())
        origins = [origin for _, origin in self.tokens[first:last]]
        if not origins:
            said, span = m.group(0).strip(), ()
        else:
            span = (min(origins), max(origins))
            words = self.raw_words[span[0] : span[1] + 1]
            said = " ".join(w.strip(".,;:!?\"'()") for w in words)[:120]
        return Match(rule.tier, rule.category, self.language.code, said, span)

    def matches(self, covered, *, laughing, serious, work, past, relapse, sentence):
        """Risk matches outside the covered (safe) words of the text; `laughing`
        holds the words (indices of the text's words) a laugh stands beside.

        Context lowers, it never erases, what a person says about their own
        life: laughter, work talk or a past marker away from the words take a
        crisis match about oneself down to concern. Only a negation right
        before the words ("i don't want to die") or a past marker in the same
        clause of a statement that is not a wish or intent now ("i used to
        cut") sets it aside. See words/README.md, "Suppressors lower".
        """
        language = self.language
        # Blanks keep each word's length, so the positions found before still hold.
        words = [_BLANK * len(t) if origin in covered else t for t, origin in self.tokens]
        padded = " " + " ".join(words) + " "
        token_set = set(words)
        where = self.where
        found, lowered, done = [], {}, set()
        # A wish is told in the past only where no word says it holds still
        # ("still", "todavia": "i wanted to die last night and i still do").
        told_past = language.told_past and language.still.isdisjoint(self.raw_words)
        # A relapse word anywhere ("again", "otra vez") says no past marker counts;
        # a relapse phrase must stand in one clause ("hace años, que alivio" is not
        # "hace años que").
        relapsed = any(
            self._in_one_clause(padded, m)
            for p in relapse
            if p.could_match(token_set)
            for m in p.regex.finditer(padded)
        )
        for (r, i), near in language.risk_index.candidates_with_words(token_set):
            rule = language.rules[r]
            if r in done:
                continue
            about_self = rule.category in ABOUT_SELF
            may_joke = laughing and not serious and (rule.hyperbole or about_self)
            if not rule.patterns[i].could_match(token_set):
                continue
            for m in where.finditer(rule.patterns[i], padded, near):
                joking = (
                    may_joke
                    and self._beside_laugh(padded, m, laughing)
                    and (rule.hyperbole or self._if_before(words, padded, m, sentence))
                )
                if joking and not about_self:
                    continue
                if rule.negatable and (
                    _negated(language, padded, m.start(), self.breaks)
                    or _negated_inside(language, m)
                ):
                    self.negated = True
                    continue
                lower = joking
                if rule.work_talk and work:
                    if not (about_self and self._first_person(padded, m)):
                        if rule.category == THIRD_PARTY:
                            # A client's or a caller's words: about them, not the writer.
                            self.someone_else.append(self._match(rule, padded, m).span)
                        continue
                    lower = True
                if rule.past and not relapsed:
                    then = _in_the_past(language, past, padded, m, self.breaks)
                    if then == ERASE:
                        continue
                    lower = lower or then == LOWER
                    if not lower and told_past and rule.category in WISHES:
                        lower = self._told_past(words, padded, m)
                match = self._match(rule, padded, m)
                if lower and rule.tier == CRISIS:
                    lowered.setdefault(r, replace(match, tier=CONCERN))
                    continue
                found.append(match)
                done.add(r)  # one match a rule is enough
                break
        found.extend(match for r, match in lowered.items() if r not in done)
        return found

    def _beside_laugh(self, padded, m, laughing):
        """True when a word of the match stands beside a laugh."""
        first, last = _token_span(padded, m.start(), m.end())
        return any(origin in laughing for _, origin in self.tokens[first:last])

    def _told_past(self, words, padded, m):
        """True when a wish or thought is told in the past tense ("wanted to die",
        "pensaba en matarme", "je voulais mourir"): a past-tense word in the
        match or in the two words before it, in its clause, no word of intent
        now in the match (the caller has checked that no word in the text says it
        holds still). Each language's own words, and another's only where this
        language does not know the word (`Language.told_past`): Spanish "pense"
        is French "pense" now, Spanish "queria" a Portuguese wish now ("queria
        morrer"), but Portuguese "pensei" is past in a Spanish reading too."""
        language = self.language
        first, last = _token_span(padded, m.start(), m.end())
        if not language.present.isdisjoint(words[first:last]):
            return False
        start = max(0, first - 2)
        start = max([start, *(k for k in self.breaks if start < k <= first)])
        # "wanted", "i thought of", not "the thought of": a verb, not a noun.
        return any(
            words[k] in language.told_past and (k == 0 or words[k - 1] not in language.articles)
            for k in range(start, last)
        )

    def _if_before(self, words, padded, m, sentence):
        """True when a condition opens the match's sentence before it ("if rent goes
        up again imma ...", "si pierde el america me ..."): with a laugh beside it,
        a threat against oneself over a trifle is said for effect. `sentence` is
        the text's sentence map (`_sentences`), the one laughter is read by."""
        first, _ = _token_span(padded, m.start(), m.end())
        if first >= len(self.tokens):
            return False
        here = sentence[self.tokens[first][1]]
        for k in range(first - 1, -1, -1):
            if sentence[self.tokens[k][1]] != here:
                return False
            if words[k] in self.language.conditionals:
                return True
        return False

    def _in_one_clause(self, padded, m):
        """True when no clause break falls inside the match."""
        first, last = _token_span(padded, m.start(), m.end())
        return not any(first < k < last for k in self.breaks)

    def _first_person(self, padded, m):
        """True when the writer is in the match or the two words before it."""
        first, last = _token_span(padded, m.start(), m.end())
        words = padded.split()[max(0, first - 2) : last]
        return not self.language.first_person.isdisjoint(words)


class _Where:
    """Runs a pattern only near the words that can start it: a long text costs
    what its few trigger words cost, not its length."""

    # Words either side of a trigger: longer than a pattern may span (words/README.md).
    # 40 would let slot-heavy patterns with two gaps reach further, but doubles the
    # time of a dense 1,600-character text (bench/safety.py: p99 8.8 -> 14.7 ms).
    REACH = 24

    def __init__(self, words):
        self.n = len(words)
        self.starts, self.at, offset = [], {}, 1
        for k, word in enumerate(words):
            self.starts.append(offset)
            self.at.setdefault(word, []).append(k)
            offset += len(word) + 1
        self.starts.append(offset)
        self.windows = {}  # trigger words -> the spans of the text near them

    def finditer(self, pattern, padded, near=None):
        """Matches of a Compiled pattern in the padded text, found window by window
        around `near`, the text's words among the pattern's triggers (the index
        found them; None: work them out here)."""
        if pattern.triggers is None or self.n <= 2 * self.REACH or pattern.anchored:
            yield from pattern.regex.finditer(padded)
            return
        if near is None:
            near = [w for w in pattern.triggers if w in self.at]
        key = near[0] if len(near) == 1 else frozenset(near)
        spans = self.windows.get(key)
        if spans is None:
            spans = self.windows[key] = self._spans(near)
        for start, end in spans:
            # Lookbehind sees the space before `start`; the window ends after a space.
            yield from pattern.regex.finditer(padded, start, end)

    def _spans(self, words):
        """(start, end) offsets of the windows around these words of the text;
        many patterns share a trigger word, so each is worked out once a text."""
        hits = sorted(k for word in set(words) for k in self.at.get(word, ()))
        windows = []
        for k in hits:
            a, b = max(0, k - self.REACH), min(self.n, k + self.REACH)
            if windows and a <= windows[-1][1]:
                windows[-1][1] = b
            else:
                windows.append([a, b])
        return [(self.starts[a], self.starts[b]) for a, b in windows]


def _token_span(padded, start, end):
    """The token indices [first, last) a character span of a padded text covers."""
    first = padded.count(" ", 0, start) - 1 if start else 0
    return first, first + len(padded[start:end].split())


def _negated(language, padded, start, breaks=frozenset()):
    """True when a negation stands just before the match, in the same clause.

    `breaks` are the token indices a sentence or a comma comes right before.
    """
    first = padded.count(" ", 0, start) - 1
    words = padded[:start].split()
    # A subject at the match's start or between the two starts another clause: the
    # negation governs that one's verb ("nobody cares i want to die", "je ne dors
    # plus je veux mourir"), not the match.
    head = padded[start:].split(maxsplit=1)[:1]
    if head and head[0] in language.subjects:
        return False
    # A wish or intent now ("want", "quiero", "vais") is negated only right before it,
    # a clitic between at most ("no me quiero morir"): "no estoy bien quiero morir"
    # negates "estoy".
    near = NEAR_NOW if head and head[0] in language.present else NEAR
    for k in range(first - 1, max(first - near, 0) - 1, -1):
        if k + 1 in breaks or words[k] in language.clause_breaks or words[k] in language.subjects:
            return False
        if words[k] in language.negators:
            return True
    return False


def _negated_inside(language, m):
    """True when a negator inside the match stands right before the act
    (`inside_negators`, `negated_acts`: "i will never kill myself", "im not going
    to hang myself")."""
    words = m.group(0).split()
    return any(
        w in language.inside_negators and words[k + 1] in language.negated_acts
        for k, w in enumerate(words[1:-1], start=1)
    )


def _in_the_past(language, past, padded, m, breaks=frozenset()):
    """ERASE when a past marker stands in the match's own clause and the match is
    not a wish or intent now ("i used to cut"); LOWER when one stands further
    off (another clause or sentence); None when no marker is near, and for a
    match that says now ("want", "tonight") unless a marker leads its own
    clause: "lost my job 2 years ago. i want to kill myself tonight" is a wish
    now (the caller checks for a relapse word first). `past` holds the markers
    of every language the text is read in (a Portuguese "aos 17" puts the
    Spanish reading of "me matar" in the past too)."""
    words = padded.split()
    first, last = _token_span(padded, m.start(), m.end())
    a, b = max(0, first - NEAR - 2), min(len(words), last + NEAR + 2)
    now = not language.present.isdisjoint(words[first:last])
    if now:
        # A wish or intent now: only a marker before it can put it in the past
        # ("i'm going to kill myself, not scared anymore" is not about the past).
        b = first
    if not _has_past(past, words, a, b):
        return None
    # The clause: no sentence or comma break between the marker and the match;
    # before a wish now, no joining word either ("lost my wife 2 years ago and
    # i want to die" is a wish now, after a loss in the past).
    if now:
        joins = (
            k + (words[k] in language.clause_breaks)
            for k in range(a, first)
            if words[k] in language.clause_breaks or words[k] in language.subjects
        )
        breaks = {*breaks, *joins}
    ca = max([a, *(k for k in breaks if a < k <= first)])
    cb = min([b, *(k for k in breaks if last <= k <= b)])
    if _has_past(past, words, ca, first):
        return ERASE  # the marker leads the clause: "i used to ...", "years ago i ..."
    if now:
        return None  # a wish or intent now, after a past told in another clause
    if _has_past(past, words, ca, cb):
        return ERASE
    return LOWER


def _has_past(past, words, a, b):
    """True when a past marker stands in words[a:b]; "^" and "$" in a marker mean
    the text's own start and end, not the window's ("no estoy bien quiero morir"
    does not end in "estoy bien")."""
    part = words[a:b]
    edges = [_EDGE] * (a > 0), [_EDGE] * (b < len(words))
    window = " " + " ".join([*edges[0], *part, *edges[1]]) + " "
    window_set = set(part)
    return any(
        _EDGE not in m.group(0)
        for p in past
        if p.search(window, window_set)  # the cheap test first
        for m in p.regex.finditer(window)
    )
