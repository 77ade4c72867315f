"""The cleaner's thresholds, in one object (``CLEANER_<FIELD>`` settings fill it)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CleanerOptions:
    """Every threshold of the cleaner; the defaults are the measured ones."""

    # A block this long (characters) that no rule matches is article text.
    substantial_chars: int = 120
    # Notices by evidence (cleaners/notices.py): a block this long or longer, in the article's
    # language and outside any notice container, is prose whatever it talks about.
    notice_max_chars: int = 400
    # A line this short is a heading, a label or a button: it need not speak to the reader.
    label_chars: int = 120
    # A block this much made of link texts is a link.
    link_share: float = 0.6
    # A line after a break naming this many concepts is a notice run into the paragraph.
    notice_min_concepts: int = 2
    # Weights of the evidence, and the score a notice reaches.
    notice_concept_weight: float = 1.0
    notice_offer_weight: float = 1.0
    notice_foreign_weight: float = 1.5
    notice_markup_weight: float = 2.0
    notice_repeat_weight: float = 1.0
    notice_edge_weight: float = 0.5
    notice_score: float = 2.5
    # When this share of the article's blocks name notice concepts, the article is about them:
    # only a language shift tells a notice then.
    notice_topic_share: float = 0.2
    # Notices by evidence take at most this share of the page's text, or nothing.
    notice_max_share: float = 0.25
    # A notice unit (the page element around a notice) holds at most this much text.
    unit_max_chars: int = 1500
