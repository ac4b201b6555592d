"""Reading what people reply: numbers for check-ins, yes/no, options, times.

Tolerant on purpose ("7", "7/10", "seven", "siete", "I'd say 7", "nearly every
day"), but a number counts only when the reply has the shape of an answer: it
comes first, or after words that lead into an answer ("I'd say", "about a",
"creo que un"). "I walked 3 miles today" is not a 3. When a reply is not an
answer the reader returns None and the caller asks once more.
"""

import re
from functools import lru_cache
from types import MappingProxyType

from .vocabulary import DEFAULT_DIR, fold_accents, language_words, languages, words_of


@lru_cache(maxsize=32)
def _all_words(key, directory):
    """A words.yaml list or dict merged over every language (read-only, built once:
    the files are read once per process, like the rest of the vocabulary)."""
    merged = {} if key in ("numbers", "times_of_day") else []
    for lang in languages(directory):
        value = language_words(lang, directory).get(key) or ({} if isinstance(merged, dict) else [])
        if isinstance(merged, dict):
            merged.update({words_of(k): v for k, v in value.items()})
        else:
            merged.extend(words_of(str(w)) for w in value)
    return MappingProxyType(merged) if isinstance(merged, dict) else tuple(merged)


def _contains(words, phrase):
    return f" {phrase} " in f" {words} "


WORDS_AFTER_A_NUMBER_WORD = 3  # "siete, creo que hoy" is an answer; a sentence is not
_OUT_OF = re.compile(r"(\d+)\s*(/|out of|de)\s*\d+")


def _without_scale(text):
    """'7/10' and '7 out of 10' -> '7': the second number is the scale, not the answer."""
    return _OUT_OF.sub(r"\1", fold_accents(text).lower())


def numbers_in(text, directory=DEFAULT_DIR):
    """Every number in a reply, written as digits or as words, in order."""
    words = words_of(text)
    text = _without_scale(text)
    found = [int(n) for n in re.findall(r"\d+", text)]
    names = _all_words("numbers", directory)
    found += [names[w] for w in words.split() if w in names]
    return found


def answer_numbers(text, directory=DEFAULT_DIR):
    """The numbers of a reply shaped like an answer, or None when it is not one.

    Shaped like an answer: the first number comes first, or only after words
    from the `answer_words` lists ("i'd say", "about a", "creo que un"). A number
    written as a word must also end the reply, or nearly ("seven i think"): in a
    longer sentence it is an article or a pronoun ("un colega dice que...", "one
    of my friends..."), and the sentence goes to a person, never into the scores.
    """
    stripped = _without_scale(text)
    words = words_of(stripped)
    names = _all_words("numbers", directory)
    lead_in = set(_all_words("answer_words", directory))
    counted = set(_all_words("counted_words", directory))
    tokens = words.split()
    digits = any(t.isdigit() for t in tokens)
    for i, token in enumerate(tokens):
        # With a digit in the reply, "un 7" or "a 7" is an article and a seven.
        if token.isdigit() or (not digits and token in names):
            if _counts(tokens, i, counted):
                return None  # "3 days without food", "20 pills": a count, not a score
            if all(t in lead_in for t in tokens[:i]):
                if not digits and len(tokens) - i - 1 > WORDS_AFTER_A_NUMBER_WORD:
                    return None  # "un colega dice...", "one of my friends...": an article
                if digits:
                    return [int(n) for n in re.findall(r"\d+", stripped)]
                return [names[t] for t in tokens if t in names]
            return None
    return None


def _counts(tokens, i, counted):
    """True when the number at tokens[i] counts something: a counted word follows it."""
    after = " ".join(tokens[i + 1 :])
    return any(after == c or after.startswith(c + " ") for c in counted)


# An answer may carry a word or two ("7, tired but ok"); more than this many besides
# the score and the words that lead into it is a message as well, which a person
# should read, though the score is kept. Risk often comes in a few words after a
# score ("2. ya no quiero vivir", "6 pero me corte un poquito"): of the labelled
# risky lines that read as a score, 5 words let 29 of 70 go unread, 2 words 2.
MESSAGE_AFTER_WORDS = 2


def carries_a_message(text, directory=DEFAULT_DIR):
    """True when a reply read as a score says more than a score: more than
    MESSAGE_AFTER_WORDS words that are neither the number nor words leading into it
    ("3, rough day at work", "un 6. ya no me corto desde el martes")."""
    lead_in = set(_all_words("answer_words", directory))
    names = _all_words("numbers", directory)
    rest = [t for t in words_of(_without_scale(text)).split() if not t.isdigit() and t not in names]
    return sum(1 for t in rest if t not in lead_in) > MESSAGE_AFTER_WORDS


def parse_scale(text, low, high, directory=DEFAULT_DIR, labels=None):
    """The one number in range the reply gives, or None.

    `labels` ({'nearly every day': 3}) are the scale's own words, read too.
    """
    values = answer_numbers(text, directory)
    if values is None:
        return parse_label(text, labels or {})
    in_range = {n for n in values if low <= n <= high}
    if len(in_range) == 1 and all(low <= n <= high for n in values):
        return in_range.pop()
    return None


def parse_label(text, labels):
    """The value of the one label the reply mostly is ("casi todos los dias" -> 3), or None."""
    words = words_of(text)
    found = {}
    for label, value in labels.items():
        label = words_of(label)
        if label and _contains(words, label) and 2 * len(label.split()) >= len(words.split()):
            found.setdefault(len(label.split()), set()).add(value)
    if not found:
        return None
    best = found[max(found)]
    return best.pop() if len(best) == 1 else None


_LABEL = re.compile(r"(\d+)\s*(?:=|:|-)?\s*([^\W\d_][^\d,;:()]*)")


def labels_in(question):
    """{'not at all': 0, 'several days': 1, ...} from 'Reply 0 Not at all, 1 Several days...'."""
    return {m.group(2).strip().lower(): int(m.group(1)) for m in _LABEL.finditer(question or "")}


# A yes, a no or an option leads an answer: within its first words, in a reply of
# a few words. A longer text that says "no" or "did" somewhere ("he did it
# again") is something a person should read, not an answer.
LEADS_WITHIN = 3
ANSWER_WORDS_AT_MOST = 12


def _leads(words, phrase):
    """True when the phrase starts within the reply's first LEADS_WITHIN words."""
    head = " ".join(words.split()[: LEADS_WITHIN + len(phrase.split()) - 1])
    return _contains(head, phrase)


def _answer_shaped(words):
    return 0 < len(words.split()) <= ANSWER_WORDS_AT_MOST


def parse_yesno(text, directory=DEFAULT_DIR):
    """True, False, or None when the reply says neither (or both), or is not
    shaped like an answer."""
    words = words_of(text)
    if not _answer_shaped(words):
        return None
    said_yes = any(_leads(words, w) for w in _all_words("yes_words", directory))
    said_no = any(_leads(words, w) for w in _all_words("no_words", directory))
    if said_yes != said_no:
        return said_yes
    return None


def parse_choice(text, keys, directory=DEFAULT_DIR):
    """The option key the reply picks (by key, or by its number 1..n), or None."""
    words = words_of(text)
    if not _answer_shaped(words):
        return None
    lowered = [k.lower() for k in keys]
    picked = {keys[lowered.index(w)] for w in words.split()[:LEADS_WITHIN] if w in lowered}
    for n in answer_numbers(text, directory) or ():
        if 1 <= n <= len(keys):
            picked.add(keys[n - 1])
    return picked.pop() if len(picked) == 1 else None


SKIP_WORDS_AT_MOST = 5  # "skip this one please"; a sentence that says "later" is not a skip


def is_skip(text, directory=DEFAULT_DIR):
    """True when the reply asks to skip the question: a short reply with a skip
    word. A longer text that happens to say "later" or "después" is something a
    person should read, not a skipped answer."""
    words = words_of(text)
    if len(words.split()) > SKIP_WORDS_AT_MOST:
        return False
    return any(_contains(words, w) for w in _all_words("skip_words", directory))


_DURATION = re.compile(r"\d+\s*(min|mins|minutes?|hours?|hrs?|minutos?|horas?)\b")
_CLOCK = re.compile(r"(?<!\d)(\d{1,2})(?:\s*[:.h]\s*(\d{2})|(\d{2}))?(?![\d/])")


def parse_time(text, directory=DEFAULT_DIR):
    """'7:30pm', '19:30', '8 am', 'morning', '8 de la noche' -> 'HH:MM', or None.

    A bare hour from 1 to 7 is taken as afternoon or evening (7 -> 19:00):
    texts only go out in the day, and the confirmation says the time back.
    """
    raw = fold_accents(text).lower()
    words = words_of(text)
    if _DURATION.search(raw):
        return None  # "in 10 minutes" is not a time of day
    match = _CLOCK.search(raw)
    if match is None:
        times = _all_words("times_of_day", directory)
        hits = {v for w, v in times.items() if _contains(words, w)}
        return hits.pop() if len(hits) == 1 else None
    hour, minute = int(match.group(1)), int(match.group(2) or match.group(3) or 0)
    if hour > 23 or minute > 59:
        return None
    after = words_of(raw[match.end() :])
    pm = any(_contains(words, w) or after.startswith(w) for w in _all_words("pm_words", directory))
    am = any(_contains(words, w) or after.startswith(w) for w in _all_words("am_words", directory))
    # "7am" and "7pm" glue the marker to the number.
    glued = re.match(r"\s*([ap])\.?\s*m\b", raw[match.end() :])
    if glued:
        am, pm = glued.group(1) == "a", glued.group(1) == "p"
    if pm and not am and hour < 12:
        hour += 12
    elif am and not pm and hour == 12:
        hour = 0
    elif not am and not pm and 1 <= hour <= 7:
        hour += 12
    return f"{hour:02d}:{minute:02d}"


def format_time(hhmm, lang, directory=DEFAULT_DIR):
    """'19:30' -> '7:30pm' (English) or '19:30' (Spanish), per words.yaml."""
    hour, minute = (int(p) for p in hhmm.split(":"))
    if language_words(lang, directory).get("clock", "24h") == "24h":
        return f"{hour}:{minute:02d}"
    suffix = "am" if hour < 12 else "pm"
    twelve = hour % 12 or 12
    return f"{twelve}{suffix}" if minute == 0 else f"{twelve}:{minute:02d}{suffix}"
