"""Whether an arriving text needs a human, and why. Pure functions: no database.

Decided from what the conversation took the text as (Inbound.kind), in order:
safety alerts are made elsewhere (the screen raises them, inbox.py files them);
STOP, keywords and commands were understood, so they never need a person;
a question ("?" or a question word first, from templates_sms/<lang>/words.yaml)
does; so does free text the service could only acknowledge ("other"), a text
from an opted-out person ("ignored"), and a check-in reply it could not read.
"""

from functools import cache

from ..conversation.vocabulary import language_words, languages, words_of
from ..models.followup import QUESTION, UNREAD

# Texts the service understood as what they were meant to be.
UNDERSTOOD = frozenset(
    {"stop", "start", "help", "pause", "resume", "time", "lang", "keyword", "unsupported"}
)
# Kinds already filed by the safety screen's alert.
SCREENED = frozenset({"crisis", "concern"})
# Kinds where a readable text is simply an answer.
ANSWERS = frozenset({"checkin", "consent", "send_time", "yes", "no"})
# Kinds the service could only acknowledge.
UNREAD_KINDS = frozenset({"other", "ignored"})


@cache
def question_words():
    """Every language's question words, normalised (one set for all languages)."""
    found = set()
    for lang in languages():
        for word in language_words(lang).get("question_words", []):
            found.add(words_of(word))
    return frozenset(found)


def is_question(text):
    """True for a text with a question mark, or that starts with a question word."""
    if "?" in (text or "") or "¿" in (text or ""):
        return True
    words = words_of(text or "")
    if not words:
        return False
    return any(words == w or words.startswith(w + " ") for w in question_words())


def needs_human(kind, text, *, answer_unread=False):
    """UNREAD, QUESTION or None for a text taken as `kind`.

    `answer_unread`: a check-in reply the service could not read (re-asked, or
    stored without a value).
    """
    if kind in UNDERSTOOD or kind in SCREENED:
        return None
    if is_question(text):
        return QUESTION
    if kind in UNREAD_KINDS or (kind == "checkin" and answer_unread):
        return UNREAD
    return None
