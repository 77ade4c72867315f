"""Every threshold of the cleaner, in one object: defaults, meaning, and ``CLEANER_*`` settings.

    options = CleanerOptions.from_settings({"CLEANER_SUBSTANTIAL_CHARS": "150"})
    clean_page(html, url, options=options)

The object is frozen and pickles, so a crawl builds it once from its settings and hands it
to worker processes with the pages.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields, replace
from typing import Any

PREFIX = "CLEANER_"


@dataclass(frozen=True)
class CleanerOptions:
    """The cleaner's thresholds (``cleaners/clean.py``, ``extract.py``, ``language.py``,
    ``appended.py``); each attribute's comment says what it bounds."""

    # clean.py
    substantial_chars: int = 120
    """A block this long (in characters; a CJK character counts as two) that no rule matches
    is article text: it bounds the head and tail zones."""
    brief_min_chars: int = 60
    """On a brief (no block reaches ``substantial_chars``), a paragraph of the article is at
    least this long (notices.py)..."""
    brief_share: float = 0.6
    """...and this share of the brief's longest block."""
    button_words: int = 3
    """A lone link this many words long at most, with no sentence punctuation, in a box
    naming a notice concept is a call to action (notices.py)."""
    foreign_probability: float = 0.9
    """A block in another language is a notice only when detection is this sure..."""
    foreign_min_chars: int = 30
    """...and the block this long."""
    notice_window: int = 6
    """How many blocks before and after the last paragraph a notice in another language is
    looked for."""
    link_share: float = 0.6
    """A block (or line) this much made of link text is a link (a teaser, a rail entry)."""
    list_link_share: float = 0.5
    """In a list of three or more items, each item this much a link..."""
    list_teaser_chars: int = 40
    """...and this long is a kicker and a linked headline: the list is a rail."""
    label_chars: int = 60
    """A label line ("More information", "Why am I seeing this?") or a byline is at most
    this long."""
    title_words_share: float = 0.6
    """A heading before the article is the headline when this share of its words is in the
    title."""
    credit_prose_chars: int = 40
    """A block that a credit rule matches keeps, beside the credit, a sentence this long that
    nothing calls a notice: the article's (a short item run into its agency's copyright)."""
    credit_max_share: float = 0.05
    """Credits (a copyright line, a picture's or an agency's credit, not speaking to the
    reader) together take at most this share of the page's text, or none of them goes: on a
    short wire item the agency's rights line is a tenth of it, and readers count it in (seen
    on aeb, tuning half A: detroit.cbslocal.com's AP brief)."""
    structure_max_share: float = 0.5
    """Structure alone never takes more than this share of the text no rule calls a notice:
    beyond it, only what the markup shows to be links goes."""
    # notices.py: notices by evidence beyond the rules
    notice_max_chars: int = 400
    """A block this long or longer, in the article's language and outside any notice
    container, is prose whatever it talks about."""
    notice_label_chars: int = 120
    """A line this short that names a notice concept is shaped like a button or a label."""
    notice_min_concepts: int = 2
    """A line after a line break naming this many concepts is a notice run into the
    paragraph above it."""
    notice_concept_weight: float = 1.0
    """Evidence weights: each concept named (at most three)..."""
    notice_offer_weight: float = 1.0
    """...a call to action's shape (an introductory price, a trial, a button-long line, a promo
    that speaks to the reader or gives an order)..."""
    notice_foreign_weight: float = 1.5
    """...another language than the article's..."""
    notice_markup_weight: float = 2.0
    """...a link or a container named for a notice..."""
    notice_repeat_weight: float = 1.0
    """...the same lines repeated on the page..."""
    notice_edge_weight: float = 0.5
    """...standing before or after the article's paragraphs..."""
    notice_score: float = 2.5
    """...and the score a notice reaches."""
    notice_topic_share: float = 0.2
    """When this share of the article's blocks name notice concepts, the article is about
    them: only a language shift tells a notice then."""
    notice_run_concepts: int = 3
    """Adjacent blocks before or after the article that each name a notice concept and
    together name this many (a price counting as one) are a wall: its heading, offer, button
    and login line."""
    notice_max_share: float = 0.5
    """Notices by evidence named in the article's own words take at most this share of the
    page's text, or none of them goes (a deals page); a notice in other words stays one."""
    notice_unit_chars: int = 1500
    """A notice unit (the page element around a notice) holds at most this much text."""
    # extract.py
    declared_body_share: float = 0.5
    """When trafilatura's text is less than this share of the page's JSON-LD articleBody, the
    articleBody is the article."""
    rejoin_min_chars: int = 40
    """Rejoining an article split over containers: paragraphs at least this long count..."""
    rejoin_min_matches: int = 3
    """...when at least this many extracted paragraphs share one class..."""
    rejoin_share: float = 0.2
    """...and the others of that class add at least this share of the text."""
    # appended.py
    own_min_chars: int = 500
    """Paragraph text of the page's own article, for the articles it appends to be left out."""
    appended_min_chars: int = 2000
    """Paragraph text of a whole article appended after the page's own."""
    # language.py
    sample_chars: int = 300
    """Detection reads at most this many characters (its cost grows with length)."""
    sample_blocks: int = 3
    """The article's language is told from the start of its this many longest paragraphs."""
    trials: int = 3
    """langdetect's random trials per text (7 by default; 3 gave the same answers on the 297
    pages of the evaluation sets in half the time)."""
    min_chars: int = 20
    """Shorter texts are not detected at all."""
    min_probability: float = 0.5
    """Below this, the detected language is unsure: the page's declaration decides."""
    declared_share: float = 0.3
    """The page's declared language stands when the cheap per-block test finds it in
    paragraphs holding at least this share of the text (the others may be a long notice in
    another language: a wrong declaration, a template's, holds none)."""

    @classmethod
    def from_settings(cls, settings: Mapping[str, Any]) -> CleanerOptions:
        """The options that ``CLEANER_<FIELD>`` keys of ``settings`` (any mapping: Scrapy
        settings, ``-s`` pairs, the environment) change; other keys are left alone.

        Values may be numbers or their text; a bad one is a ``ValueError`` naming the key."""
        changes: dict[str, int | float] = {}
        for f, key in zip(fields(cls), cls.setting_names()):
            if key not in settings or settings[key] is None:
                continue
            changes[f.name] = _convert(key, settings[key], type(f.default))
        return replace(cls(), **changes)

    def changed(self) -> dict[str, int | float]:
        """The thresholds that differ from their defaults, by field name."""
        return {f.name: value for f in fields(self)
                if (value := getattr(self, f.name)) != f.default}

    @classmethod
    def setting_names(cls) -> tuple[str, ...]:
        """The ``CLEANER_<FIELD>`` settings, one per threshold."""
        return tuple(PREFIX + f.name.upper() for f in fields(cls))


def _convert(key: str, value: Any, kind: type) -> int | float:
    if isinstance(value, bool):
        raise ValueError(f"{key}: expected {kind.__name__}, got {value!r}")
    try:
        number = kind(value.strip() if isinstance(value, str) else value)
    except (TypeError, ValueError):
        raise ValueError(f"{key}: expected {kind.__name__}, got {value!r}") from None
    if kind is int and isinstance(value, float) and value != number:
        raise ValueError(f"{key}: expected int, got {value!r}")
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{key}: must be a finite number, not negative, got {value!r}")
    return number


DEFAULT = CleanerOptions()
