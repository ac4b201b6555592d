"""From a text as people type it to the plain tokens the rules match.

One `Normaliser` per language, built from that language's data file. The
steps, in order, and why:
- accents, case, apostrophes and other marks go ("No quiero más!!" -> "no
  quiero mas"); emoji and symbols that are not letters become spaces;
- digits and symbols used as letters become letters ("k1ll", "$elf", "d13"),
  but a number with a unit stays a number ("5k", "10km", "7pm");
- txt-speak is written out from the language's `txt` list ("im" -> "i am",
  "wanna" -> "want to", "2" -> "to" between words; "kiero" -> "quiero");
- letters repeated for emphasis fold to one ("killlll", "pleaseee"), the same
  way in the rules, so "kill" and "kil" meet;
- spaced-out letters join up ("k i l l", "s.u.i.c.i.d.e");
- filler words go ("i just really want to ..." -> "i want to ...");
- a longer word one edit away from a risk word becomes that word ("suicde",
  "overdoes"), unless it starts with another letter or is listed as a word
  in its own right; a short one only by two letters swapped, towards the
  language's `fuzzy` words ("dei" -> "die");
- a unit right after a number stays a unit ("5 kms" is a distance, not
  "kms"), and a time of day stays one token ("11:20" -> "11h20").
"""

import re
import unicodedata
from functools import lru_cache

_MARKS = "'\u2019\u2018`\u00b4"
_EDGE = '.,;:!?"()[]{}<>*~_-\u2026\u00bf\u00a1/\\+=#%^&'
_ALNUM_SPLIT = re.compile(r"[^a-z0-9]+")
_LETTER = re.compile(r"[a-z]")
_DIGITS = re.compile(r"^\d+$")
_SQUEEZE = re.compile(r"([a-z])\1+")
FUZZY_TARGET = 7  # risk words this long are found one edit away ("suicde", "overdoes")...
FUZZY_TOKEN = 6  # ...from a word at least this long; shorter ones collide with real words
_CACHE = 50_000  # words remembered per language; texts repeat the same few thousand
_NUMBER = re.compile(r"^(\d+(?:[.,]\d+)?)([a-z]*)$")
_CLOCK = re.compile(r"^\d{1,2}(?:[:h]\d{2}(?:h|am|pm)?|h)$")  # "11:20", "22h40", "23h"
# "12e", "3eme", "1er", "21st", "2nd", "5th", "4o": a number, never letters in disguise
_ORDINAL = re.compile(r"^\d+(?:st|nd|rd|th|e|eme|er|ere|re|o|a|os|as)$")
_ES_QU = re.compile(r"(?:k|q(?!u))(?=[ie])")


# Plain ASCII needs no Unicode folding: apostrophes go, control characters become
# spaces (what the general path does to it, a third of the time on a long text).
_ASCII_FOLD = {ord("'"): None, ord("`"): None, 127: " ", **{c: " " for c in range(32)}}


class _Accents(dict):
    """A str.translate table that drops combining marks, filled as characters
    are met (a table of all of Unicode would cost start-up time)."""

    def __missing__(self, char):
        kept = None if unicodedata.combining(chr(char)) else chr(char)
        if len(self) < _CACHE:
            self[char] = kept
        return kept


_ACCENTS = _Accents()


@lru_cache(maxsize=8)  # the rules and the model fold the same text in turn
def base_form(text):
    """Case, accents, apostrophes and control characters folded away."""
    text = text or ""
    if text.isascii():
        return text.lower().translate(_ASCII_FOLD)
    return fold(text)


def fold(text):
    """base_form() of any text, by the Unicode steps (ASCII has a short cut)."""
    text = unicodedata.normalize("NFKC", text)
    text = unicodedata.normalize("NFKD", text).translate(_ACCENTS)
    text = text.lower().replace("\u0153", "oe").replace("\u00e6", "ae")  # "sœur" -> "soeur"
    for mark in _MARKS:
        text = text.replace(mark, "")
    text = text.translate(_ASCII_FOLD)  # no mark is left to drop: controls to spaces
    return text if text.isprintable() else "".join(c if c.isprintable() else " " for c in text)


_SQUEEZED = {}  # every language's reading folds the same words


def squeeze(word):
    """Every run of one letter folded to one: 'killlll' -> 'kil', 'see' -> 'se'."""
    found = _SQUEEZED.get(word)
    if found is None:
        found = _SQUEEZE.sub(r"\1", word)
        if len(_SQUEEZED) < _CACHE:
            _SQUEEZED[word] = found
    return found


# Words a number counts ("4 days", "2 pills", "4 dias", "2 jours"): a 2 or a 4
# before one of them is a number, never txt-speak for "to" or "for".
_COUNTED = frozenset(
    squeeze(w)
    for w in "day days week weeks hour hours hrs month months year years min mins minute minutes"
    " time times pill pills tab tabs tablet tablets bottle bottles box boxes night nights"
    " dia dias semana semanas hora horas mes meses ano anos vez veces pastilla pastillas"
    " noche noches comprimido comprimidos jour jours semaine semaines heure heures mois an ans"
    " fois cachet cachets nuit nuits".split()
)

_KEYS = {}


def word_keys(spaced):
    """Each word of join_spaced() as function words are listed: bare and folded."""
    keys = []
    for w, _, _ in spaced:
        key = _KEYS.get(w)
        if key is None:
            key = squeeze(w.strip(_EDGE))
            if len(_KEYS) < _CACHE:
                _KEYS[w] = key
        keys.append(key)
    return keys


def deletions(word):
    """The word with each one of its letters left out."""
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


_SINGLES = {}  # word -> its letters when it is only single letters ("k.i.l.l"), else ""


def _single_letters(word, leet):
    found = _SINGLES.get(word)
    if found is None and word.isascii() and word.isalpha() and word.islower():
        return word if len(word) == 1 else ""  # a plain word, or one plain letter
    if found is None:
        parts = [p for p in _ALNUM_SPLIT.split(word.strip(_EDGE).translate(leet)) if p]
        found = "".join(parts) if parts and all(len(p) == 1 for p in parts) else ""
        if len(_SINGLES) < _CACHE:
            _SINGLES[word] = found
    return found


def join_spaced(words, leet):
    """[(word, origin, joined)] with 'k i l l' and 's.u.i.c.i.d.e' joined: three
    or more single letters in a row are one word (split again into words later).
    Symbols used as letters count as letters ("d!e" is one word, not two)."""
    out, run = [], []
    for origin, word in enumerate(words + [""]):
        letters = _single_letters(word, leet) if word else ""
        if letters:
            run.append((letters, origin, word))
            continue
        # A number that ends the run is a number, not a letter typed as a digit:
        # French "il y a 3 ans" is not "y a e" ("yae"), which hid the past.
        trailing = []
        while run and run[-1][2].isdigit():
            trailing.insert(0, run.pop())
        if sum(len(w) for w, _, _ in run) >= 3:
            out.append(("".join(w for w, _, _ in run), run[0][1], True))
        else:
            # Too few to be a word typed apart: the words as written ("ran 5 kms").
            out.extend((raw, o, False) for _, o, raw in run)
        out.extend((raw, o, False) for _, o, raw in trailing)
        run = []
        if word:
            out.append((word, origin, False))
    return out


class Normaliser:
    """Tokens of a text for one language; see the module docstring for the steps."""

    def __init__(
        self,
        *,
        language,
        txt,
        fillers,
        leet,
        units,
        never_correct=(),
        frequent=(),
        function_words=(),
        fuzzy=(),
    ):
        self.language = language
        self._words, self._corrections = {}, {}
        self.leet = str.maketrans(leet)
        self.units = frozenset(units)
        self.fillers = frozenset(squeeze(w) for w in fillers)
        self.txt = {}
        for key, value in txt.items():
            words = tuple(self.words(str(value), expand=False).split())
            self.txt[str(key).lower()] = words
            self.txt[squeeze(str(key).lower())] = words
        self.never_correct = frozenset(squeeze(w) for w in never_correct)
        self.frequent = frozenset(squeeze(w) for w in frequent)
        self.function_words = frozenset(squeeze(w) for w in function_words)
        self.fuzzy = frozenset(squeeze(w) for w in fuzzy)
        # A short word with two letters swapped -> the fuzzy word it stands for
        # (the swap furthest left, where two would do).
        self._swapped = {}
        for w in sorted(self.fuzzy):
            for i in range(len(w) - 1):
                swapped = w[:i] + w[i + 1] + w[i] + w[i + 2 :]
                if len(swapped) < FUZZY_TOKEN and self._swapped.get(swapped, (i + 1,))[0] > i:
                    self._swapped[swapped] = (i, w)
        self._swapped = {token: w for token, (_, w) in self._swapped.items()}
        self.vocabulary = frozenset()
        self.known = self.segment_words = frozenset()
        self._near, self._shapes = {}, set()

    def learn(self, risk_words, known_words):
        """Set the words fuzzy matching corrects towards, and words it leaves alone."""
        long_words = {w for w in risk_words if len(w) >= FUZZY_TARGET and w.isalpha()}
        self.vocabulary = frozenset(long_words | self.fuzzy)
        self.known = (
            frozenset(known_words)
            | frozenset(risk_words)
            | self.never_correct
            | self.fillers
            | self.function_words
        )
        # Letters typed apart are split back into any word the screen knows.
        self.segment_words = self.known | frozenset(risk_words) | self.function_words
        # A word is only corrected towards one that starts with its letter and
        # is about as long: (first letter, length) pairs to rule most out at once.
        self._shapes = {(w[0], len(w) + d) for w in self.vocabulary for d in (-1, 0, 1)}
        near = {}
        for word in self.vocabulary:
            for d in deletions(word):
                near.setdefault(d, set()).add(word)
        self._near = near

    # -- one word -----------------------------------------------------------

    def _word(self, raw, expand=True):
        """The tokens one raw word stands for (a list, maybe empty), remembered."""
        key = (raw, expand)
        found = self._words.get(key)
        if found is None:
            found = self._word_uncached(raw, expand)
            if len(self._words) < _CACHE:
                self._words[key] = found
        return found

    def _word_uncached(self, raw, expand):
        raw = raw.strip(_EDGE)
        if not raw:
            return []
        if _DIGITS.match(raw):
            return [raw]  # a lone "2" is "to" only between words: see _join_spaced
        if expand and raw in self.txt:
            return list(self.txt[raw])
        if raw.isascii() and raw.isalpha() and raw.islower():
            return self._part(raw, expand)  # a plain word: no time, number or leet in it
        if _CLOCK.match(raw):
            return [raw.replace(":", "h")]  # a time of day: "11:20", "22h40" -> "11h20", "22h40"
        if _ORDINAL.match(raw):
            return [raw]
        number = _NUMBER.match(raw)
        if number and (not number.group(2) or number.group(2) in self.units):
            return [raw.replace(",", ".")]
        if _LETTER.search(raw) or raw.startswith(("$", "@")):
            raw = raw.translate(self.leet)
        return [t for part in _ALNUM_SPLIT.split(raw) if part for t in self._part(part, expand)]

    def _part(self, part, expand):
        """The tokens of one run of letters and digits: k or q before e or i
        spelled qu (Spanish and Portuguese), repeated letters folded, txt-speak
        written out."""
        if self.language in ("es", "pt"):
            part = _ES_QU.sub("qu", part)
        part = squeeze(part)
        return list(self.txt[part]) if expand and part in self.txt else [part]

    def words(self, text, expand=True):
        """Tokens of a text as one string, without fuzzy correction (used for rules too)."""
        return " ".join(t for t, _ in self._tokens(base_form(text), expand))

    def _tokens(self, base, expand=True, spaced=None):
        """[(token, index of the word of `base` it came from)]; `spaced` is
        join_spaced(base) when the caller has it already."""
        tokens = []
        if spaced is None:
            spaced = join_spaced(base.split(), self.leet)
        before = ""
        for raw, origin, joined in spaced:
            if raw.strip(_EDGE) in self.units and _NUMBER.match(before.strip(_EDGE)):
                tokens.append((raw.strip(_EDGE), origin))  # "5 kms": a quantity, not txt-speak
                before = raw
                continue
            before = raw
            pieces = self._segment(raw) if joined and expand else [raw]
            for piece in pieces:
                said = self._word(piece, expand)
                if len(said) == 1:
                    tokens.append((said[0], origin))
                else:
                    tokens.extend((t, origin) for t in said)
        if not expand:
            return tokens
        # "want 2 die", "going 4 it": a lone 2 or 4 between words is txt-speak.
        for i in range(1, len(tokens) - 1):
            token, origin = tokens[i]
            if token in ("2", "4") and tokens[i - 1][0].isalpha() and tokens[i + 1][0].isalpha():
                if tokens[i + 1][0] in _COUNTED:
                    continue  # "in 4 days", "took 2 pills": a number of something
                if token in self.txt:
                    tokens[i] = (self.txt[token][0], origin)
        return [(t, i) for t, i in tokens if t not in self.fillers]

    def _segment(self, joined):
        """'iwanttodie' -> ['i', 'want', 'to', 'die']: letters typed apart, split
        back into words the screen knows (compared with repeated letters folded)."""
        if squeeze(joined) in self.segment_words or len(joined) > 40:
            return [joined]
        best = {0: []}  # position -> fewest words covering joined[:position]
        for end in range(1, len(joined) + 1):
            for start in range(max(0, end - 20), end):
                if start in best and squeeze(joined[start:end]) in self.segment_words:
                    candidate = best[start] + [joined[start:end]]
                    if end not in best or len(candidate) < len(best[end]):
                        best[end] = candidate
        return best.get(len(joined)) or [joined]

    def _correct(self, token):
        """The risk word one edit away from `token`, or the token itself."""
        if token in self.known or not token.isalpha():
            return token
        if len(token) < FUZZY_TOKEN:
            # Short words only by two letters swapped, and only towards the
            # language's `fuzzy` words ("dei" -> "die", "mroir" -> "morir").
            return self._swapped.get(token, token)
        if (token[0], len(token)) not in self._shapes:
            return token
        near, vocabulary = self._near, self.vocabulary
        found = set(near.get(token, ()))
        for i in range(len(token)):  # deletions(token), without building the set
            d = token[:i] + token[i + 1 :]
            if d in vocabulary:
                found.add(d)
            words = near.get(d)
            if words:
                found.update(words)
        found = sorted(w for w in found if w[0] == token[0])
        return found[0] if found else token

    def tokens(self, text):
        """The matching form of a text: a list of tokens, misspellings corrected."""
        return [t for t, _ in self.tokens_of_base(base_form(text))]

    def tokens_of_base(self, base, spaced=None):
        """[(token, origin)] of a text already through base_form(), misspellings corrected."""
        out = []
        for t, origin in self._tokens(base, spaced=spaced):
            corrected = self._corrections.get(t)
            if corrected is None:
                corrected = self._correct(t)
                if len(self._corrections) < _CACHE:
                    self._corrections[t] = corrected
            out.append((corrected, origin))
        return out

    def function_score(self, keys):
        """How many of a text's word keys (see word_keys) are this language's little words."""
        return sum(1 for key in keys if key in self.function_words)
