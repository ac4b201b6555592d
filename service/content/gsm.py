"""What a text costs as SMS: GSM-7 or UCS-2, how many segments, and folding.

A text goes as GSM-7 (7-bit septets) when every character is in the GSM 03.38
default alphabet or its extension table; one character outside forces the
whole text to UCS-2 (UTF-16 code units). A single SMS carries 160 septets or
70 UCS-2 units; a longer text is split into parts of 153 or 67, because each
part carries a header that joins them up again on the phone.
"""

import unicodedata
from dataclasses import dataclass

# GSM 03.38 default alphabet, in table order (0x1B, the escape, is left out).
GSM7_BASIC = frozenset(
    "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ"
    " !\"#¤%&'()*+,-./0123456789:;<=>?"
    "¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§"
    "¿abcdefghijklmnopqrstuvwxyzäöñüà"
)
# The extension table: each costs two septets (escape + character).
GSM7_EXTENDED = frozenset("\f^{}\\[~]|€")

GSM7_SINGLE, GSM7_PART = 160, 153
UCS2_SINGLE, UCS2_PART = 70, 67

# Characters with a close GSM-7 form that Unicode decomposition does not give.
_FOLDS = {
    "\u2018": "'",  # left single quote
    "\u2019": "'",  # right single quote / apostrophe
    "\u201a": "'",
    "\u201b": "'",
    "\u2032": "'",  # prime
    "\u00b4": "'",  # acute accent on its own
    "`": "'",
    "\u201c": '"',
    "\u201d": '"',
    "\u201e": '"',
    "\u201f": '"',
    "\u2033": '"',
    "\u00ab": '"',  # «
    "\u00bb": '"',  # »
    "\u2039": "'",
    "\u203a": "'",
    "\u2010": "-",  # hyphen
    "\u2011": "-",  # non-breaking hyphen
    "\u2012": "-",  # figure dash
    "\u2013": "-",  # en dash
    "\u2014": "-",  # em dash
    "\u2015": "-",
    "\u2212": "-",  # minus sign
    "\u2026": "...",
    "\u00a0": " ",  # no-break space
    "\u2007": " ",
    "\u2009": " ",
    "\u202f": " ",
    "\u200a": " ",
    "\u3000": " ",
    "\t": " ",
    "\u200b": "",  # zero-width space: invisible, would force UCS-2 for nothing
    "\u200c": "",
    "\u200d": "",
    "\ufeff": "",
    "\u2022": "-",  # bullet
    "\u00b7": ".",
    "\u00d7": "x",
    "\u00f7": "/",
    "\u00ba": "o",  # Spanish ordinal: 1º
    "\u00aa": "a",  # Spanish ordinal: 1ª
    "\u00e7": "c",  # ç: GSM has only the capital
    "\u00b0": "o",
    "\u00ad": "",  # soft hyphen
    "\u2028": "\n",
    "\u2029": "\n",
    "\u0131": "i",  # dotless i
    "\u0141": "L",
    "\u0142": "l",
    "\u00f0": "d",
    "\u00d0": "D",
    "\u00fe": "th",
    "\u00de": "Th",
    "\u0153": "oe",
    "\u0152": "OE",
    "\u00a9": "(c)",
    "\u00ae": "(R)",
    "\u2122": "TM",
}


@dataclass(frozen=True)
class SmsCost:
    """How a text travels: its encoding, size in units, and segment count."""

    encoding: str  # "GSM-7" or "UCS-2"
    units: int  # septets for GSM-7, UTF-16 code units for UCS-2
    segments: int
    non_gsm: tuple[str, ...]  # distinct characters forcing UCS-2, in order

    @property
    def single_limit(self):
        """How many units fit in one segment for this encoding."""
        return GSM7_SINGLE if self.encoding == "GSM-7" else UCS2_SINGLE

    def __str__(self):
        plural = "" if self.segments == 1 else "s"
        text = f"{self.encoding}, {self.segments} segment{plural} ({self.units} units)"
        if self.non_gsm:
            text += ", forced by " + " ".join(visible(c) for c in self.non_gsm)
        return text


def visible(char):
    """A character as a reader can see it in a report."""
    if char.isprintable() and not char.isspace():
        return char
    return f"U+{ord(char):04X}"


def is_gsm(char):
    """True when `char` can be sent in GSM-7 (basic or extension table)."""
    return char in GSM7_BASIC or char in GSM7_EXTENDED


def _pack(sizes, single, part):
    """Segments needed for units of the given sizes, never splitting one unit."""
    total = sum(sizes)
    if total <= single:
        return 1
    segments, used = 1, 0
    for size in sizes:
        if used + size > part:
            segments += 1
            used = 0
        used += size
    return segments


def cost(text):
    """The encoding, units and segments `text` would take as one SMS."""
    non_gsm = tuple(dict.fromkeys(c for c in text if not is_gsm(c)))
    if not non_gsm:
        # An extension character is escape + character; phones don't split that pair.
        sizes = [2 if c in GSM7_EXTENDED else 1 for c in text]
        return SmsCost("GSM-7", sum(sizes), _pack(sizes, GSM7_SINGLE, GSM7_PART), ())
    # Characters beyond the BMP take a surrogate pair, which is never split.
    sizes = [2 if ord(c) > 0xFFFF else 1 for c in text]
    return SmsCost("UCS-2", sum(sizes), _pack(sizes, UCS2_SINGLE, UCS2_PART), non_gsm)


def _fold_char(char):
    if is_gsm(char):
        return char
    if char in _FOLDS:
        return _FOLDS[char]
    # Letters with accents: keep the base letter (á -> a, Ú -> U, ŝ -> s), and
    # compatibility forms (ﬁ -> fi, ² -> 2), when what remains is all GSM-7.
    base = "".join(c for c in unicodedata.normalize("NFKD", char) if not unicodedata.combining(c))
    if base and all(is_gsm(c) for c in base):
        return base
    return char


def fold(text):
    """`text` with non-GSM-7 characters replaced by their closest GSM-7 form.

    Characters already in GSM-7 (é, ñ, ¿, ¡) are kept; characters with no
    close form (emoji) are left as they are.
    """
    return "".join(_fold_char(c) for c in text)
