"""The language of one short block, cheaply and without langdetect: script, then stop words.

A block's letters are counted by Unicode script. A script that one language writes alone
(Greek, Hebrew, Thai, Hangul, kana...) names it. For Latin, Cyrillic, Arabic and Devanagari
text, the block's words are looked up in small lists of frequent function words, one file per
language in ``cleaners/stopwords/<code>.txt`` (one word a line; ``@letters xyz`` lists letters
that mostly that language writes). A word listed by n languages counts 1/n for each. The
answer is None when the block is too short to tell (fewer than ``MIN_WORDS`` words) or when
no language clearly leads.
"""

from __future__ import annotations

import bisect
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from importlib import resources

from .normalise import normalise

MIN_WORDS = 4
MIN_SCORE = 1.0      # weighted stop-word hits the leader needs
MIN_LEAD = 0.25      # (leader - runner-up) / leader
# Han text of at least this many characters, without kana, is Chinese.
MIN_HAN = 6

# (first code point, script) for the scripts that matter; a range runs up to the next entry.
_RANGES: tuple[tuple[int, str | None], ...] = (
    (0x0041, "Latin"), (0x005B, None), (0x0061, "Latin"), (0x007B, None), (0x00C0, "Latin"),
    (0x0250, None), (0x0370, "Greek"), (0x0400, "Cyrillic"), (0x0530, "Armenian"),
    (0x0590, "Hebrew"), (0x0600, "Arabic"), (0x0700, None), (0x0750, "Arabic"), (0x0780, None),
    (0x0900, "Devanagari"), (0x0980, "Bengali"), (0x0A00, "Gurmukhi"), (0x0A80, "Gujarati"),
    (0x0B00, None), (0x0B80, "Tamil"), (0x0C00, "Telugu"), (0x0C80, "Kannada"),
    (0x0D00, "Malayalam"), (0x0D80, "Sinhala"), (0x0E00, "Thai"), (0x0E80, "Lao"),
    (0x0F00, None), (0x1000, "Myanmar"), (0x10A0, "Georgian"), (0x1100, "Hangul"),
    (0x1200, "Ethiopic"), (0x13A0, None), (0x1780, "Khmer"), (0x1800, None),
    (0x1E00, "Latin"), (0x1F00, "Greek"), (0x2000, None), (0x3040, "Kana"), (0x3100, None),
    (0x3130, "Hangul"), (0x3190, None), (0x31F0, "Kana"), (0x3200, None), (0x3400, "Han"),
    (0x4DC0, None), (0x4E00, "Han"), (0xA000, None), (0xAC00, "Hangul"), (0xD7B0, None),
    (0xF900, "Han"), (0xFB00, None), (0xFB1D, "Hebrew"), (0xFB50, "Arabic"), (0xFE00, None),
    (0xFE70, "Arabic"), (0xFF00, None), (0xFF66, "Kana"), (0xFFA0, None),
)
_STARTS = [start for start, _ in _RANGES]
# Scripts that one language writes (for news): the script is the answer.
_SCRIPT_LANGUAGE = {
    "Greek": "el", "Hebrew": "he", "Armenian": "hy", "Georgian": "ka", "Bengali": "bn",
    "Gurmukhi": "pa", "Gujarati": "gu", "Tamil": "ta", "Telugu": "te", "Kannada": "kn",
    "Malayalam": "ml", "Sinhala": "si", "Thai": "th", "Lao": "lo", "Myanmar": "my",
    "Hangul": "ko", "Ethiopic": "am", "Khmer": "km", "Kana": "ja",
}
# Scripts shared by several languages: the stop words of these languages decide.
_SHARED = ("Latin", "Cyrillic", "Arabic", "Devanagari")
# Letters, and the combining marks that \w leaves out (Indic vowel signs, Arabic points).
_LETTER = "(?:[^\\W\\d_]|[\u0300-\u036f\u064b-\u065f\u0670\u0900-\u0dff])"
_WORDS = re.compile(f"{_LETTER}+(?:['\u2019-]{_LETTER}+)*")
_ASCII_WORDS = re.compile(r"[a-z]+(?:['-][a-z]+)*")  # the same, in lower-cased ASCII text


@dataclass(frozen=True)
class StopWords:
    """Every language's stop words and letters, by script, each weighted 1/(languages)."""

    words: dict[str, dict[str, dict[str, float]]]     # script -> word -> language -> weight
    letters: dict[str, dict[str, dict[str, float]]]   # script -> letter -> language -> weight


def script_of(char: str) -> str | None:
    """The script of one character (of those this module tells apart), or None."""
    return _RANGES[bisect.bisect_right(_STARTS, ord(char)) - 1][1]


_NAMES = tuple(sorted({script for _, script in _RANGES if script}))


@cache
def _script_table() -> str:
    """A str indexed by code point: the code letter of its script, or NUL ("translate" maps
    a block to one letter per character in one C pass)."""
    table = ["\0"] * 0x10000
    for (start, script), (end, _) in zip(_RANGES, [*_RANGES[1:], (0x10000, None)]):
        if script is not None:
            table[start:end] = chr(0x41 + _NAMES.index(script)) * (end - start)
    return "".join(table)


_LAST = chr(0x40 + len(_NAMES))
MAX_CHARS = 400  # a block's start tells its language as well as the whole


def _dominant_script(text: str) -> tuple[str | None, dict[str, int]]:
    counts = {_NAMES[ord(code) - 0x41]: n
              for code, n in Counter(text.translate(_script_table())).items()
              if "A" <= code <= _LAST}
    return (max(counts, key=counts.get) if counts else None), counts


@cache
def load_stopwords() -> StopWords:
    """The shipped stop-word files, grouped by the script their words are written in."""
    folder = resources.files(__package__) / "stopwords"
    raw_words: dict[str, dict[str, set[str]]] = {}
    raw_letters: dict[str, dict[str, set[str]]] = {}
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".txt"):
            continue
        code = entry.name.removesuffix(".txt")
        for line in entry.read_text(encoding="utf-8").splitlines():
            line = normalise(line)
            if not line or line.startswith("#"):
                continue
            if line.startswith("@letters "):
                for letter in line.removeprefix("@letters ").replace(" ", ""):
                    if not letter.isalpha():
                        raise ValueError(f"{entry.name}: {letter!r} in @letters is not a letter")
                    script = script_of(letter) or "Latin"
                    raw_letters.setdefault(script, {}).setdefault(letter, set()).add(code)
                continue
            script = _dominant_script(line)[0]
            if script not in _SHARED:
                raise ValueError(f"{entry.name}: {line!r} is not written in {_SHARED}")
            raw_words.setdefault(script, {}).setdefault(line, set()).add(code)

    def weighted(raw: dict[str, dict[str, set[str]]]) -> dict[str, dict[str, dict[str, float]]]:
        return {script: {item: {code: 1 / len(codes) for code in codes}
                         for item, codes in items.items()} for script, items in raw.items()}

    return StopWords(weighted(raw_words), weighted(raw_letters))


def block_language(text: str) -> tuple[str | None, float]:
    """The ISO 639-1 code of the block's language and a confidence in [0, 1], or (None, 0.0)
    when the block does not tell (too short, no clear leader, a script not covered)."""
    text = normalise(text[:MAX_CHARS])
    if text.isascii():  # (its letters, lower-cased, are Latin ones: a to z)
        script, share, words = "Latin", 1.0, _ASCII_WORDS.findall(text)
        if not words:
            return None, 0.0
    else:
        script, counts = _dominant_script(text)
        if script is None:
            return None, 0.0
        share = counts[script] / sum(counts.values())
        if script == "Han" and counts.get("Kana", 0):
            script = "Kana"
        if script in _SCRIPT_LANGUAGE:
            return _SCRIPT_LANGUAGE[script], round(share, 3)
        if script == "Han":
            return ("zh", round(share, 3)) if counts[script] >= MIN_HAN else (None, 0.0)
        words = _WORDS.findall(text)
    if len(words) < MIN_WORDS:
        return None, 0.0
    table = load_stopwords()
    scores: dict[str, float] = {}
    listed = table.words.get(script, {})
    for word in words:
        for code, weight in listed.get(word, {}).items():
            scores[code] = scores.get(code, 0.0) + weight
    for letter, codes in table.letters.get(script, {}).items():
        if letter in text:
            for code, weight in codes.items():
                scores[code] = scores.get(code, 0.0) + weight
    if not scores:
        return None, 0.0
    ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
    best_code, best = ranked[0]
    second = ranked[1][1] if len(ranked) > 1 else 0.0
    lead = (best - second) / best
    if best < MIN_SCORE or lead < MIN_LEAD:
        return None, 0.0
    # confident when the lead is clear and the stop words cover a fair share of the words
    coverage = min(1.0, best / (0.25 * len(words)))
    return best_code, round(share * lead * coverage, 3)
