"""Parse what a feed URL returned: RSS/Atom (feedparser), JSON Feed, or an HTML
page whose <link rel="alternate"> elements point at feeds (autodiscovery).

XML from the network is checked with expat before feedparser sees it: a body
whose DTD declares any entity is rejected (billion laughs, external entities:
scraper.scheduled.unsafe_xml). feedparser itself never fetches DTDs or external
entities: it strips the DOCTYPE and its SAX parser has external general entities
turned off. An XML feed without its closing root tag was cut short: its entries
are kept, and ``FeedResult.problem`` says so.
"""

import io
import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import feedparser
import lxml.etree
import lxml.html

from .dates import parse_date
from .unsafe_xml import (
    UnsafeXmlError,
    closed_elements,
    ends_with_closing_tag,
    reject_entity_declarations,
)

logger = logging.getLogger(__name__)

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
JSON_FEED_VERSION_PREFIX = "https://jsonfeed.org/version/1"

_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_XML_DECLARATION = re.compile(rb"\A\s*<\?xml[^>]*>")
# Optional XML declaration (XHTML), comments, then an HTML doctype or element.
_HTML_START = re.compile(
    rb"\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html|head|body)\b", re.I | re.S
)


class FeedError(Exception):
    """The body is not a usable feed, or is unsafe XML."""


@dataclass
class FeedEntry:
    url: str
    published: datetime | None = None
    updated: datetime | None = None
    title: str | None = None


@dataclass
class FeedResult:
    entries: list[FeedEntry] = field(default_factory=list)
    # Feeds autodiscovered when the body was an HTML page.
    alternates: list[str] = field(default_factory=list)
    # Why the feed was not read whole (cut short); its entries are those read before.
    problem: str | None = None


def parse_feed(body: bytes, base_url: str) -> FeedResult:
    """Parse a feed (RSS 0.9x/1.0/2.0, Atom, JSON Feed 1/1.1) or discover feeds in HTML.

    Entry URLs and alternates are resolved against `base_url` when they can be; they may
    be of any scheme, or malformed, for the caller to judge. Dates are aware UTC.
    Raises FeedError for bodies that are neither a feed nor an HTML page
    linking to one, and for XML declaring entities.
    """
    head = body[:1024]
    for bom in _BOMS:
        head = head.removeprefix(bom)
    if not head.strip():
        raise FeedError("empty body")
    if head.lstrip().startswith((b"{", b"[")):
        return FeedResult(entries=_parse_json_feed(body, base_url))
    if _HTML_START.match(head):
        return _discover(body, base_url)
    try:
        reject_entity_declarations(body)
    except UnsafeXmlError as exc:
        raise FeedError(str(exc)) from None
    entries = _parse_xml_feed(body, base_url)
    if ends_with_closing_tag(body, ("rss", "feed", "RDF")) is not False:
        return FeedResult(entries=entries)
    entries = entries[:closed_elements(body, ("item", "entry"))]  # the last may be cut
    return FeedResult(entries=entries,
                      problem=f"cut short: no closing root tag ({len(entries)} entries read)")


def _parse_xml_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    # Content-Location is feedparser's base for relative links; without a Content-Type it
    # flags every feed as bozo.
    headers = {"content-location": base_url, "content-type": "application/xml"}
    try:
        parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    except (ValueError, LookupError):  # feedparser fails on a garbled encoding declaration
        body = _XML_DECLARATION.sub(b"", body, count=1)
        try:
            parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
        except (ValueError, LookupError) as exc:
            raise FeedError(f"unreadable XML: {exc}") from None
    if not parsed.get("version"):
        reason = parsed.get("bozo_exception") or "no RSS or Atom root element"
        raise FeedError(f"not a feed: {reason}")
    if parsed.bozo:
        logger.debug("%s: feed parsed leniently: %s", base_url, parsed.bozo_exception)
    entries = []
    for item in parsed.entries:
        # dict.get: FeedParserDict maps a missing "updated" to "published".
        url = _absolute(dict.get(item, "link"), base_url)
        if url is None:
            continue
        entries.append(FeedEntry(
            url=url,
            published=_entry_date(item, "published"),
            updated=_entry_date(item, "updated"),
            title=dict.get(item, "title") or None,
        ))
    return entries


def _entry_date(item: dict[str, Any], key: str) -> datetime | None:
    parsed: time.struct_time | None = dict.get(item, f"{key}_parsed")
    if parsed is not None:  # feedparser normalises to UTC
        return datetime(*parsed[:6], tzinfo=UTC)
    # feedparser rejects RFC 822 dates with non-English day names ("mar, 05 nov ...").
    return parse_date(dict.get(item, key))


def _parse_json_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    try:
        feed = json.loads(body)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise FeedError(f"invalid JSON: {exc}") from exc
    except RecursionError:
        raise FeedError("invalid JSON: nested too deeply") from None
    version = feed.get("version") if isinstance(feed, dict) else None
    if not isinstance(version, str) or not version.startswith(JSON_FEED_VERSION_PREFIX):
        raise FeedError(f"not a JSON Feed: version {version!r}")
    items = feed.get("items", [])
    if not isinstance(items, list):
        raise FeedError("JSON Feed 'items' is not a list")
    entries = []
    for item in items:
        if not isinstance(item, dict):
            continue
        url = _absolute(item.get("url"), base_url)
        if url is None:
            continue
        title = item.get("title")
        entries.append(FeedEntry(
            url=url,
            published=_json_date(item.get("date_published")),
            updated=_json_date(item.get("date_modified")),
            title=title if isinstance(title, str) and title else None,
        ))
    return entries


def _json_date(value: Any) -> datetime | None:
    return parse_date(value) if isinstance(value, str) else None


def _discover(body: bytes, base_url: str) -> FeedResult:
    try:
        doc = lxml.html.document_fromstring(body)
    except lxml.etree.ParserError as exc:
        raise FeedError(f"unreadable HTML: {exc}") from exc
    base = _absolute(doc.xpath("string(//base/@href)"), base_url) or base_url
    alternates: list[str] = []
    for link in doc.xpath("//link[@href]"):
        rel = link.get("rel", "").lower().split()
        mime = link.get("type", "").split(";")[0].strip().lower()
        url = _absolute(link.get("href"), base)
        if "alternate" in rel and mime in FEED_TYPES and url and url not in alternates:
            alternates.append(url)
    if not alternates:
        raise FeedError("HTML page without feed links")
    return FeedResult(alternates=alternates)


def _absolute(url: Any, base_url: str) -> str | None:
    """`url` resolved against `base_url` (as given when it cannot be: a malformed URL, for the
    caller to name), or None if it is not a string or blank."""
    if not isinstance(url, str) or not url.strip():
        return None
    try:
        return urljoin(base_url, url.strip())
    except ValueError:
        return url.strip()
