"""Whether a sentence reports what someone else said, by language, from ``reported.toml``.

"Download the app from the official store only, police advise." is the article reporting
advice, though it gives an order and names an app; a notice never attributes its order to a
third person. A sentence reports speech when its last clause, after a comma or a dash and of
at most ``_CLAUSE_WORDS`` words, holds an attribution word of its language and none of the
page's own voice ("we advise").
"""

from __future__ import annotations

import re
import tomllib
from functools import cache
from importlib import resources

from .normalise import normalise

_CLAUSE_WORDS = 6
# The last clause: after the last comma or dash (normalised to "-" between spaces), to the
# sentence's end.
_LAST_CLAUSE = re.compile(r"(?:,|\s-)\s+((?:(?!,|\s-\s).)+?)\s*[.!]['\")»”]?$")


class ReportedError(ValueError):
    """``reported.toml`` is malformed; the message names the language."""


def _words(listed: list[str]) -> re.Pattern[str]:
    alternation = "|".join(re.escape(normalise(w)) for w in sorted(listed, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternation})(?!\w)")


@cache
def _patterns() -> dict[str, tuple[re.Pattern[str], re.Pattern[str]]]:
    """(attribution words, the page's own voice) by language."""
    data = tomllib.loads((resources.files(__package__) / "reported.toml").read_text("utf-8"))
    patterns = {}
    for code, entry in data.items():
        if (not re.fullmatch(r"[a-z]{2}", code) or not isinstance(entry, dict)
                or set(entry) != {"words", "own"}
                or not all(isinstance(words, list) and words
                           and all(isinstance(w, str) and w for w in words)
                           for words in entry.values())):
            raise ReportedError(f"reported.toml: [{code}] must be an ISO 639-1 code with a "
                                "table of `words` and `own`, lists of non-empty strings")
        patterns[code] = (_words(entry["words"]), _words(entry["own"]))
    return patterns


def reports_speech(text: str, lang: str | None) -> bool:
    """Whether ``text``, one sentence in language ``lang``, ends by attributing itself to
    someone ("..., police advise.", "..., rät die Polizei.")."""
    patterns = _patterns().get(lang) if lang else None
    if patterns is None or "\n" in text:
        return False
    clause = _LAST_CLAUSE.search(normalise(text))
    said, own = patterns
    return bool(clause and len(clause[1].split()) <= _CLAUSE_WORDS and said.search(clause[1])
                and not own.search(clause[1]))
