"""The words the service reads: reserved keywords, numbers, times of day.

All of it lives in templates_sms/ so a translator adds a language by adding a
folder; this module only loads and normalises it.
"""

import re
import unicodedata
from functools import lru_cache
from pathlib import Path

import yaml

from ..config import ROOT

DEFAULT_DIR = str(ROOT / "templates_sms")


def fold_accents(text):
    """'Sí, mañana' -> 'Si, manana'."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words_of(text):
    """Lower case, accents folded, apostrophes dropped, anything else not a
    letter or digit turned into a single space: the form every matcher uses."""
    text = fold_accents(text).lower().replace("'", "").replace("\u2019", "")
    text = re.sub(r"[^a-z0-9]+", " ", text)
    # "killlll" and "suiciiide": long letter runs shrink to two.
    text = re.sub(r"([a-z])\1{2,}", r"\1\1", text)
    return text.strip()


@lru_cache(maxsize=8)
def keywords(directory=DEFAULT_DIR):
    """{command: {language: [WORD, ...]}} from keywords.yaml, words normalised."""
    with open(Path(directory) / "keywords.yaml", encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    return {
        command: {lang: [words_of(w).upper() for w in words] for lang, words in by_lang.items()}
        for command, by_lang in raw.items()
    }


@lru_cache(maxsize=16)
def language_words(lang, directory=DEFAULT_DIR):
    """The words.yaml of one language, or {} when the language has none."""
    path = Path(directory) / lang / "words.yaml"
    if not path.exists():
        return {}
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f) or {}


@lru_cache(maxsize=8)
def languages(directory=DEFAULT_DIR):
    """Languages with a folder of their own under templates_sms/."""
    return tuple(sorted(p.name for p in Path(directory).iterdir() if (p / "words.yaml").exists()))
