"""Text normalisation shared by rule patterns and the blocks they are searched in."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

# Rules drawn with characters ("______", "-----", "*****") separate notices from the article.
_DRAWN_RULE = re.compile(r"([_\-=*~#•·])\1{2,}")
_QUOTES = {
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "\u00b4": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"',
    "\u2013": "-", "\u2014": "-", "\u2212": "-", "\u00a0": " ", "\u200b": "",
}


# A page's blocks and lines are normalised again by several steps: those texts are remembered
# (the last CACHED of them, up to CACHED_CHARS each: a page's longer texts, its elements'
# whole text, are normalised once and would only hold memory).
CACHED, CACHED_CHARS = 4096, 2000


def normalise(text: str) -> str:
    """NFKC, lower-cased, straight quotes and dashes, no drawn rules, single spaces, stripped.

    Rule patterns are written against this form: `Tu suscripción` -> `tu suscripción`,
    full-width Latin and digits -> ASCII, `’` -> `'`.
    """
    return _remembered(text) if len(text) <= CACHED_CHARS else _normalise(text)


def _normalise(text: str) -> str:
    if not text.isascii():  # (ASCII is its own NFKC form, and holds none of the quotes)
        text = replaced(unicodedata.normalize("NFKC", text), _QUOTES)
    return " ".join(_DRAWN_RULE.sub(" ", text.lower()).split())


def replaced(text: str, table: dict[str, str]) -> str:
    """``text`` with each character of ``table`` replaced by its value, as ``str.translate``
    would: no key of the table is ASCII and no value holds a key (so the order of the
    replacements cannot matter), which ``_QUOTES`` and the lexicon's Greek table keep.

    ``str.translate`` looks every character of a non-ASCII text up in its table: on a
    paragraph, ten times what ``str.replace`` costs for each of them the text holds.
    """
    if not text.isascii():
        for char, plain in table.items():
            if char in text:
                text = text.replace(char, plain)
    return text


_remembered = lru_cache(maxsize=CACHED)(_normalise)
