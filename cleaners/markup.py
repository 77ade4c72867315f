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

# Words in class / id names, and the kind of notice they suggest.
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
_HINT = re.compile("|".join(map(re.escape, HINT_WORDS)))
# A container holding more text than this is a page wrapper, not a notice box.
MAX_HINT_CHARS = 2500
_ACCESS = re.compile(r'"isAccessibleForFree"\s*:\s*"?(true|false)', re.IGNORECASE)
_DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')


@dataclass
class MarkupSignals:
    lang: str | None = None
    accessible_for_free: bool | None = None
    published: str | None = None
    # Containers named like a notice, with the kind their name suggests; their text is read
    # only when a block asks (most pages never do).
    containers: list[tuple[str, HtmlElement]] = field(default_factory=list)
    _texts: list[tuple[str, str]] | None = field(default=None, repr=False)

    def hint_for(self, norm: str) -> str | None:
        """The kind suggested by the first notice-like container holding this text."""
        if len(norm) < 3:
            return None
        if self._texts is None:
            texts = ((kind, normalise(element.text_content())) for kind, element in self.containers)
            self._texts = [(kind, text) for kind, text in texts if len(text) <= MAX_HINT_CHARS]
        return next((kind for kind, text in self._texts if norm in text), None)


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


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
    containers = []
    for name in tree.xpath("//body//@class | //body//@id"):
        if found := _HINT.search(name.lower()):
            containers.append((HINT_WORDS[found.group()], name.getparent()))
    return MarkupSignals(
        lang=lang.strip().lower() if lang else None,
        accessible_for_free=None if access is None else access.group(1).lower() == "true",
        published=published,
        containers=containers,
    )
