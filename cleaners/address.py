"""Whether a block addresses the reader (second person), by language, from ``address.toml``.

Notices speak to the reader ("your subscription", "Sie haben", "tu cuenta"); news prose about
subscriptions, accounts or cookies speaks of third persons. The words are data, one table per
ISO 639-1 code; a language without one never counts as addressing the reader.
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from .normalise import normalise

_KEYS = {"words", "raw", "infix", "orders", "order_ends"}
# A word that opens a sentence says nothing of its case.
_SENTENCE_START = r"(?<![.!?:;\"'«„(]\s)(?<!^)"
# Where an order stands: a line's or a sentence's start, after a bullet or an arrow but not
# a quotation mark (an order quoted in the story is the story's)...
_OPENS = r"(?:^|[.!?:;|•·\u0964\u3002\uff01\uff1f]\s*)(?:[^\w\s\"'»«]\s*)?"
# ...and, for order_ends, a sentence's end.
_CLOSES = r"(?=\s*(?:[.!?:;|\u0964\u3002\uff01\uff1f]|$))"
_WORD_END = r"(?![\w\u0900-\u0dff-])"


class AddressError(ValueError):
    """``address.toml`` is malformed; the message names the language and key."""


@cache
def _table() -> dict[str, dict[str, list[str]]]:
    data = tomllib.loads((resources.files(__package__) / "address.toml").read_text("utf-8"))
    for code, entry in data.items():
        if not re.fullmatch(r"[a-z]{2}", code) or not isinstance(entry, dict):
            raise AddressError(f"address.toml: [{code}] must be an ISO 639-1 code with a table")
        if unknown := set(entry) - _KEYS:
            raise AddressError(f"address.toml: [{code}]: unknown keys {sorted(unknown)}")
        for key, words in entry.items():
            if not isinstance(words, list) or not all(isinstance(w, str) and w for w in words):
                raise AddressError(f"address.toml: [{code}] {key} must list non-empty strings")
    return data


@cache
def _patterns(lang: str) -> tuple[re.Pattern[str] | None, re.Pattern[str] | None]:
    """(on normalised text, on the block's own text) for one language."""
    entry = _table().get(lang, {})
    parts = []
    if words := entry.get("words"):
        ordered = sorted(words, key=len, reverse=True)
        alternation = "|".join(re.escape(normalise(w)) for w in ordered)
        parts.append(rf"(?<!\w)(?:{alternation})(?!\w)")
    if infix := entry.get("infix"):
        parts.append("|".join(re.escape(normalise(w)) for w in infix))
    normalised = re.compile("|".join(parts)) if parts else None
    raw = entry.get("raw")
    cased = (re.compile(rf"{_SENTENCE_START}(?<!\w)(?:{'|'.join(map(re.escape, raw))})(?!\w)")
             if raw else None)
    return normalised, cased


@cache
def _orders(lang: str) -> re.Pattern[str] | None:
    """The orders of one language where they stand, on one normalised line."""
    entry = _table().get(lang, {})
    starts = [re.escape(normalise(w[:-1])) if w.endswith("*")
              else re.escape(normalise(w)) + _WORD_END
              for w in sorted(entry.get("orders", ()), key=len, reverse=True)]
    ends = [re.escape(normalise(w)) + _CLOSES
            for w in sorted(entry.get("order_ends", ()), key=len, reverse=True)]
    parts = ([f"{_OPENS}(?:{'|'.join(starts)})"] if starts else []) + (
        [f"(?:{'|'.join(ends)})"] if ends else [])
    return re.compile("|".join(parts)) if parts else None


def orders_reader(text: str, lang: str | None) -> bool:
    """Whether ``text``, in language ``lang``, gives the reader an order at the start of a
    sentence ("Download it free", "Inscreva-se", "Підпишіться") or, for languages that put
    the verb last, at its end: the shape of a call to action."""
    pattern = _orders(lang) if lang else None
    return bool(pattern) and any(pattern.search(normalise(line)) for line in text.split("\n"))


def addresses_reader(text: str, lang: str | None) -> bool:
    """Whether ``text``, in language ``lang``, speaks to the reader."""
    if not lang:
        return False
    normalised, cased = _patterns(lang)
    return bool((normalised and normalised.search(normalise(text)))
                or (cased and cased.search(text)))


def languages() -> frozenset[str]:
    """The languages whose second-person words are known."""
    return frozenset(_table())
