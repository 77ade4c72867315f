"""Parse what a feed URL returned: RSS/Atom (feedparser), JSON Feed, or an HTML
page whose <link rel="alternate"> elements point at feeds (autodiscovery).

XML from the network is checked with expat before feedparser sees it: a body
whose DTD declares any entity is rejected (billion laughs, external entities).
feedparser itself never fetches DTDs or external entities: it strips the
DOCTYPE and its SAX parser has external general entities turned off.
"""

import io
import json
import logging
import re
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin, urlsplit
from xml.parsers import expat

import feedparser
import lxml.etree
import lxml.html

from .dates import parse_date

logger = logging.getLogger(__name__)

FEED_TYPES = frozenset({"application/rss+xml", "application/atom+xml", "application/feed+json"})
JSON_FEED_VERSION_PREFIX = "https://jsonfeed.org/version/1"

_MARKER_CODECS = ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
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


def parse_feed(body: bytes, base_url: str) -> FeedResult:
    """Parse a feed (RSS 0.9x/1.0/2.0, Atom, JSON Feed 1/1.1) or discover feeds in HTML.

    Entry URLs and alternates are absolute (resolved against `base_url`);
    entries whose URL is not http(s) are skipped. Dates are aware UTC.
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
    reject_entity_declarations(body)
    return FeedResult(entries=_parse_xml_feed(body, base_url))


def reject_entity_declarations(body: bytes) -> None:
    """Raise FeedError if the XML prolog declares an entity (defusedxml's rule).

    Expat reads only up to the root element's start tag. If expat cannot read
    the prolog (malformed, or an encoding it lacks such as Shift_JIS), fall back
    to rejecting any body containing "<!ENTITY" in ASCII, UTF-16 or UTF-32.
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_entity
    parser.StartElementHandler = _stop_at_root
    try:
        parser.Parse(body, True)
    except _RootReached:
        return
    except (expat.ExpatError, ValueError) as exc:  # ValueError: multi-byte encoding
        logger.debug("expat cannot read the prolog (%s); checking bytes", exc)
        if any("<!ENTITY".encode(codec) in body for codec in _MARKER_CODECS):
            raise FeedError("XML declares entities; refused") from None


class _RootReached(Exception):
    pass


def _forbid_entity(name: str, *args: Any) -> None:
    raise FeedError(f"XML declares entity {name!r}; refused")


def _stop_at_root(name: str, attributes: dict[str, str]) -> None:
    raise _RootReached


def _parse_xml_feed(body: bytes, base_url: str) -> list[FeedEntry]:
    parsed = feedparser.parse(
        io.BytesIO(body),
        # Content-Location is feedparser's base for relative links; without a
        # Content-Type it flags every feed as bozo.
        response_headers={"content-location": base_url, "content-type": "application/xml"},
    )
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
    base = urljoin(base_url, (doc.xpath("string(//base/@href)") or "").strip())
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
    """`url` resolved against `base_url`, or None if it is not an http(s) URL."""
    if not isinstance(url, str) or not url.strip():
        return None
    url = urljoin(base_url, url.strip())
    return url if urlsplit(url).scheme in ("http", "https") else None
