"""Signals a page's markup gives about its text: language, access, dates, notice containers.

These are hints. Many publishers wrap the whole article in a "paywall" or "premium" container,
so a container's name is only believed when the text inside agrees (see ``clean.py``).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from urllib.parse import urlsplit

from lxml.etree import XPath, XPathError
from lxml.html import HtmlElement

from .normalise import normalise

# Words in class / id names (as written: class names are lower case), and the kind of notice
# they suggest.
HINT_WORDS: dict[str, str] = {
    "paywall": "paywall", "regwall": "paywall", "premium": "paywall", "piano": "paywall",
    "subscri": "subscription", "abonn": "subscription", "suscrip": "subscription",
    "newsletter": "newsletter", "signup": "newsletter", "sign-up": "newsletter",
    "related": "related", "recommend": "related", "readmore": "related", "read-more": "related",
    "read-also": "related", "readalso": "related", "also-read": "related",
    "more-stories": "related", "outbrain": "related", "taboola": "related",
    "cookie": "cookie", "consent": "cookie", "gdpr": "cookie",
    "share": "social", "social": "social",
    "app-promo": "app-promo", "app-download": "app-promo",
    "author-bio": "author-bio", "authorbio": "author-bio",
}
# Shorter link texts ("More", "1", "Next") say nothing about a block.
MIN_LINK_CHARS = 8
MIN_TEASER_CHARS = 15
# A link whose text is an e-mail or web address is a contact line's, not another page's title.
_ADDRESS = re.compile(r"[^\s@]+@[^\s@]+\.\w+|(?:https?://|www\.)\S+")
# The elements whose whole text is a given one (normalize-space: in C, not element by element).
_WHOLE_TEXT = XPath("//body//*[normalize-space(.) = $text]")
_CARDS = XPath("//body//a[.//*[self::p or self::h1 or self::h2 or self::h3 or self::h4"
               " or self::div or self::li]]")
# A container holding more text than this is a page wrapper, not a notice box.
MAX_HINT_CHARS = 2500
_ACCESS = re.compile(r'"isAccessibleForFree"\s*:\s*"?(true|false)', re.IGNORECASE)
_DATE_PUBLISHED = re.compile(r'"datePublished"\s*:\s*"([^"]+)"')
_PART_SELECTOR = re.compile(r'"cssSelector"\s*:\s*"([^"]+)"')
_ARTICLE_BODY = re.compile(r'"articleBody"\s*:\s*("(?:[^"\\]|\\.)*")')


@dataclass
class MarkupSignals:
    lang: str | None = None
    accessible_for_free: bool | None = None
    published: str | None = None
    # CSS selectors of the article's parts that the page declares (schema.org hasPart, as a
    # paywalled page does for its subscriber-only text).
    part_selectors: tuple[str, ...] = ()
    # The article's text as the page declares it in JSON-LD (schema.org articleBody), if any.
    article_body: str | None = None
    # The page's site (from its URL), to tell a link to another site from one to its own.
    host: str | None = None
    # The page, read again only when a block asks what contained it (many pages never do).
    tree: HtmlElement | None = field(default=None, repr=False)
    _texts: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _links: list[str] | None = field(default=None, repr=False)
    _anchors: dict[str, list[HtmlElement]] = field(default_factory=dict, repr=False)
    _contexts: dict[str, list[str]] = field(default_factory=dict, repr=False)
    _cards: list[str] | None = field(default=None, repr=False)
    _in_cards: dict[str, bool] = field(default_factory=dict, repr=False)
    _shares: dict[str, float] = field(default_factory=dict, repr=False)
    _parts: list[str] | None = field(default=None, repr=False)
    _bold: set[str] | None = field(default=None, repr=False)
    _hints: set[str] | None = field(default=None, repr=False)

    def links(self) -> list[str]:
        """Normalised texts of the page's links, longest first; not those that are an e-mail
        or web address (a columnist's address under the article is no teaser)."""
        if self._links is None:
            raw: dict[str, list[HtmlElement]] = {}
            for a in self.tree.iter("a") if self.tree is not None else ():
                # (most links hold only their text: read without an XPath evaluation)
                raw.setdefault(a.text_content() if len(a) else a.text or "", []).append(a)
            # Each text once (menus repeat); short ASCII ones cannot normalise any longer.
            for text, anchors in raw.items():
                if len(text) >= MIN_LINK_CHARS or not text.isascii():
                    self._anchors.setdefault(normalise(text), []).extend(anchors)
            self._links = sorted((t for t in self._anchors if len(t) >= MIN_LINK_CHARS
                                  and not _ADDRESS.fullmatch(t)), key=len, reverse=True)
        return self._links

    def _linked_in(self, text: str, norm: str) -> bool:
        """Whether a link with this text stands where ``norm`` does: the first element around
        the link that holds more than the link holds ``norm``, or is part of it (or is the
        page's wrapper). The same words linked in a menu elsewhere ("Switzerland" in a country
        list) do not make a dateline ("BAAR, SWITZERLAND") a link."""
        if text not in self._contexts:
            # without spaces: the page's elements may run into each other ("TitleSummary")
            self._contexts[text] = [context.replace(" ", "") if context is not None else None
                                    for context in (_context(a, text)
                                                    for a in self._anchors[text])]
        flat = norm.replace(" ", "")
        return any(context is None or flat in context or context in flat
                   for context in self._contexts[text])

    def link_share(self, norm: str) -> float:
        """How much of this text is the text of links on the page (0 to 1): all of it when it
        stands inside one link (a teaser card whose whole box is the link)."""
        if norm not in self._shares:
            self._shares[norm] = self._link_share(norm)
        return self._shares[norm]

    def _link_share(self, norm: str) -> float:
        if not norm:
            return 0.0
        if self.inside_link(norm):
            return 1.0
        covered = 0
        for text in self.links():
            if len(text) <= len(norm) - covered and text in norm and self._linked_in(text, norm):
                covered += len(text)
        return covered / len(norm)

    def longest_link(self, norm: str) -> int:
        """The length of the longest link text this text holds (0 when none)."""
        return next((len(text) for text in self.links()
                     if text in norm and self._linked_in(text, norm)), 0)

    def inside_link(self, norm: str) -> bool:
        """Whether this text stands inside a link that wraps whole blocks (a teaser card:
        picture, headline and summary in one ``<a>``). Article paragraphs never do."""
        if len(norm) < MIN_TEASER_CHARS:
            return False
        if self._cards is None:
            self._cards = [normalise(a.text_content()) for a in _CARDS(self.tree)] \
                if self.tree is not None else []
        if norm not in self._in_cards:  # asked again for the same block by several steps
            self._in_cards[norm] = any(norm in card for card in self._cards)
        return self._in_cards[norm]

    def starts_with_link(self, norm: str) -> bool:
        """Whether this text opens with a link's text (a headline teaser: title, then summary)."""
        return any(norm.startswith(text) and self._linked_in(text, norm)
                   for text in self.links() if len(text) >= MIN_TEASER_CHARS)

    def whole_link(self, norm: str) -> bool:
        """Whether this text is all of one link's text, and stands where that link does (a
        dictionary look-up, not a scan of the page's links)."""
        self.links()
        return (len(norm) >= MIN_LINK_CHARS and norm in self._anchors
                and not _ADDRESS.fullmatch(norm) and self._linked_in(norm, norm))

    def points_elsewhere(self, norm: str) -> bool:
        """Whether the longest link this text holds goes to another site than the page's
        (every anchor with that text): a source the article cites ("Full results"), not a
        teaser of the publisher's other pages. False when the page's host is unknown."""
        if not self.host:
            return False
        text = next((t for t in self.links() if t in norm and self._linked_in(t, norm)), None)
        hosts = {_host(a.get("href")) for a in self._anchors.get(text, ())}
        return bool(hosts) and None not in hosts and self.host not in hosts

    def same_parent(self, first: str, second: str) -> bool:
        """Whether the outermost elements whose whole text is each of these texts (as
        extracted) are children of one element: two paragraphs of one body of text, not a
        byline box beside it."""
        if self.tree is None:
            return False
        paths = {self.tree.getroottree().getpath(box) for box in self._boxes(first)}
        return any(self.tree.getroottree().getpath(box) in paths for box in self._boxes(second))

    def _boxes(self, text: str) -> list[HtmlElement]:
        """The parents of the outermost elements whose whole text is ``text``."""
        text = " ".join(text.split())
        boxes = []
        for element in _WHOLE_TEXT(self.tree, text=text):
            parent = element.getparent()
            if parent is not None and " ".join(parent.text_content().split()) != text:
                boxes.append(parent)
        return boxes

    def emphasised(self, norm: str) -> bool:
        """Whether this text is all of one bold element's text (``<strong>``, ``<b>``): a
        prompt set in bold between or after the paragraphs, or a bold subheading."""
        if self._bold is None:
            self._bold = {normalise(e.text_content()) for e in self.tree.iter("strong", "b")} \
                if self.tree is not None else set()
        return norm in self._bold

    def in_declared_part(self, norm: str) -> bool:
        """Whether this text stands in a part of the article the page declares (hasPart)."""
        if not self.part_selectors or self.tree is None or len(norm) < 3:
            return False
        if self._parts is None:
            from cssselect import SelectorError  # noqa: PLC0415 (only pages declaring parts)

            self._parts = []
            for selector in self.part_selectors:
                try:
                    found = self.tree.cssselect(selector)
                except (SelectorError, XPathError, ValueError):  # a selector we cannot use
                    found = []
                self._parts += [normalise(element.text_content()) for element in found]
        return any(norm in part for part in self._parts)

    def in_container(self, norm: str, kind: str) -> bool:
        """Whether this text stands in a container whose class or id names this kind of
        notice (``newsletter-signup``, ``paywall``...), one small enough to be a notice box."""
        if len(norm) < 3 or self.tree is None:
            return False
        if kind not in self._texts:
            if self._hints is None:  # (plain strings: no element is made for each value)
                self._hints = set(_HINT_VALUES(self.tree))
            pattern = _HINT_PATTERNS.get(kind)
            named = {value for value in self._hints
                     if pattern is not None and pattern.search(value)}
            found = dict.fromkeys(value.getparent() for value in _HINTED(self.tree)
                                  if value in named) if named else {}
            texts = (normalise(element.text_content()) for element in found)
            self._texts[kind] = [t for t in texts if len(t) <= MAX_HINT_CHARS]
        return any(norm in text for text in self._texts[kind])


def _context(anchor: HtmlElement, text: str) -> str | None:
    """The normalised text of the first element around a link (of normalised ``text``) that
    holds more than the link (its paragraph, its list item, a teaser's headline and summary;
    a menu's other items); None when that is a page wrapper (over ``MAX_HINT_CHARS``)."""
    element = anchor
    while (parent := element.getparent()) is not None:
        element = parent
        raw = element.text_content()
        if len(raw) > MAX_HINT_CHARS:
            return None
        if (context := normalise(raw)) != text:
            return context
    return text


# Second-level labels under a country code that name no site ("bbc.co.uk", "uol.com.br").
_SECOND_LEVEL = frozenset({"ac", "co", "com", "edu", "go", "gov", "ne", "net", "or", "org"})


def _host(url: str | None) -> str | None:
    """The site a URL is on: its host's registered name ("video.foxbusiness.com" and
    "www.foxbusiness.com" are one site); None for a relative URL (the page's own site)."""
    host = urlsplit(url or "").hostname
    if not host:
        return None
    labels = host.split(".")
    kept = 3 if len(labels) > 2 and len(labels[-1]) == 2 and labels[-2] in _SECOND_LEVEL else 2
    return ".".join(labels[-kept:])


def _json_string(literal: str) -> str | None:
    """A JSON string literal's value; pages often leave raw line breaks in them."""
    try:
        return json.loads(literal, strict=False)
    except ValueError:
        return None


def _iso(value: str | None) -> str | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.strip()).isoformat()
    except ValueError:
        return None


# Every class and id value of the body's elements (each value's getparent() is its element),
# read once a page: an XPath of contains() tests for each kind converted both attributes of
# every element to a string once per word, 3 to 5 ms a kind on a news page.
_HINTED = XPath("//body//*/@class | //body//*/@id")
_HINT_VALUES = XPath("//body//*/@class | //body//*/@id", smart_strings=False)
_HINT_PATTERNS = {kind: re.compile("|".join(re.escape(w) for w, k in HINT_WORDS.items()
                                            if k == kind))
                  for kind in set(HINT_WORDS.values())}


def read_markup(tree: HtmlElement, url: str | None = None) -> MarkupSignals:
    """Read the signals from a parsed page (trafilatura's tree, before extraction) at ``url``
    (when known)."""
    lang, published, scripts = tree.get("lang"), None, []
    for element in tree.iter("meta", "script"):
        if element.tag == "script":
            if element.get("type") == "application/ld+json" and element.text:
                scripts.append(element.text)
        elif not lang and (element.get("http-equiv") or "").lower() == "content-language":
            lang = element.get("content")
        elif not published and (element.get("property") == "article:published_time"
                                or element.get("itemprop") == "datePublished"):
            published = _iso(element.get("content"))
    joined = " ".join(scripts)
    access = _ACCESS.search(joined)
    if published is None and (found := _DATE_PUBLISHED.search(joined)):
        published = _iso(found.group(1))
    bodies = [body for found in _ARTICLE_BODY.findall(joined) if (body := _json_string(found))]
    return MarkupSignals(
        lang=lang.strip().lower() if lang else None,
        accessible_for_free=None if access is None else access.group(1).lower() == "true",
        published=published,
        part_selectors=tuple(dict.fromkeys(_PART_SELECTOR.findall(joined))),
        article_body=max(bodies, key=len) if bodies else None,
        tree=tree,
        host=_host(url),
    )
