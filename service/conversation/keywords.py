"""Reserved words: is this text a command (STOP, HELP, PAUSE 3, TIME 7pm...)?"""

from dataclasses import dataclass

from .vocabulary import DEFAULT_DIR, keywords, words_of

# Commands that take the rest of the text as an argument.
WITH_ARGUMENT = ("pause", "time", "lang")


@dataclass(frozen=True)
class Command:
    """A recognised command, the language its word belongs to, and its argument."""

    name: str
    language: str
    argument: str = ""


def classify(text, directory=DEFAULT_DIR):
    """The Command this text is, or None. Whole-text match, case and
    punctuation ignored; PAUSE/TIME/LANG may be followed by an argument."""
    words = words_of(text).upper()
    if not words:
        return None
    table = keywords(directory)
    squashed = words.replace(" ", "")
    for name, by_lang in table.items():
        for lang, options in by_lang.items():
            if words in options or squashed in (o.replace(" ", "") for o in options):
                return Command(name, lang)
    first, _, rest = words.partition(" ")
    for name in WITH_ARGUMENT:
        for lang, options in table.get(name, {}).items():
            if first in options:
                # Keep the original spelling of the argument ("7:30pm").
                original = text.strip().split(None, 1)
                return Command(name, lang, original[1] if len(original) > 1 else "")
    return None


def reserved_words(directory=DEFAULT_DIR):
    """Every reserved word, normalised: programme keywords may not use them."""
    return {
        word.replace(" ", "")
        for by_lang in keywords(directory).values()
        for options in by_lang.values()
        for word in options
    }
