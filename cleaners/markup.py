"""Signals a page's markup gives about its text: language, access, dates, notice containers.

These are hints. Many publishers wrap the whole article in a "paywall" or "premium" container,
so a container's name is only believed when the text inside agrees (see ``clean.py``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import datetime

from lxml.html import HtmlElement

from .normalise import normalise

# Words in class / id / data- / aria- names, and the kind of notice they suggest.
HINT_WORDS: dict[str, str] = {
    "paywall": "paywall", "regwall": "paywall", "premium": "paywall", "piano": "paywall",
    "subscri": "subscription", "abonn": "subscription", "suscrip": "subscription",
    "newsletter": "newsletter", "signup": "newsletter", "sign-up": "newsletter",
    "related": "related", "recommend": "related", "readmore": "related", "read-more": "related",
    "more-stories": "related", "outbrain": "related", "taboola": "related",
    "cookie": "cookie", "consent": "cookie", "gdpr": "cookie",
    "share": "social", "social": "social",
    "app-promo": "app-promo", "app-download": "app-promo",
    "author-bio": "author-bio", "authorbio": "author-bio",
}
_NAMES = "concat(@class, ' ', @id, ' ', @aria-label, ' ', @data-component, ' ', @data-testid)"
_HINTED = "//body//*[{}]".format(
    " or ".join(f"contains(translate({_NAMES}, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', "
                f"'abcdefghijklmnopqrstuvwxyz'), '{w}')" for w in HINT_WORDS))
# A container holding more text than this is a page wrapper, not a notice box.
MAX_HINT_CHARS = 2500
_ACCESS = re.compile(r'"isAccessibleForFree"\s*:\s*"?(true|false)', re.IGNORECASE)
_DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


@dataclass
class MarkupSignals:
    lang: str | None = None
    accessible_for_free: bool | None = None
    published: str | None = None
    hinted: list[tuple[str, str]] = field(default_factory=list)  # (hint kind, normalised text)

    def hint_for(self, norm: str) -> str | None:
        """The kind suggested by the first notice-like container holding this text."""
        if len(norm) < 3:
            return None
        return next((kind for kind, text in self.hinted if norm in text), None)


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


def _hint_kind(element: HtmlElement) -> str | None:
    names = " ".join(str(v) for k, v in element.attrib.items()
                     if k in ("class", "id", "aria-label") or k.startswith("data-")).lower()
    return next((kind for word, kind in HINT_WORDS.items() if word in names), None)


def read_markup(tree: HtmlElement) -> MarkupSignals:
    """Read the signals from a parsed page (trafilatura's tree, before extraction)."""
    lang = tree.get("lang") or next(iter(tree.xpath(
        "//meta[@http-equiv='content-language' or @http-equiv='Content-Language']/@content")), None)
    scripts = " ".join(tree.xpath("//script[@type='application/ld+json']/text()"))
    access = _ACCESS.search(scripts)
    published = _iso(next(iter(tree.xpath(
        "//meta[@property='article:published_time' or @itemprop='datePublished']/@content")), None))
    if published is None and (found := _DATE_PUBLISHED.search(scripts)):
        published = _iso(found.group(1))
    hinted: list[tuple[str, str]] = []
    for element in tree.xpath(_HINTED):
        kind = _hint_kind(element)
        text = normalise(element.text_content()) if kind else ""
        if text and len(text) <= MAX_HINT_CHARS:
            hinted.append((kind, text))
    return MarkupSignals(
        lang=lang.strip().lower() if lang else None,
        accessible_for_free=None if access is None else access.group(1).lower() == "true",
        published=published,
        hinted=hinted,
    )
