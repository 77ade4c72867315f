"""Parse sitemaps (urlset and sitemapindex) and robots.txt Sitemap: lines.

Built on Scrapy's sitemap utilities (lxml with entity resolution and network
access off). The entry date is the Google News `news:publication_date`,
falling back to `lastmod`. A sitemap that declares entities is refused; one cut
short (a gzip stream without its end, XML without its closing root tag) keeps
the entries read, and ``SitemapResult.problem`` says what was wrong.
"""

import logging
import zlib
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import lxml.etree
from scrapy.utils.sitemap import Sitemap
from scrapy.utils.sitemap import sitemap_urls_from_robots as _scrapy_robots_sitemaps

from .dates import parse_date
from .unsafe_xml import (
    UnsafeXmlError,
    closed_elements,
    ends_with_closing_tag,
    reject_entity_declarations,
)

logger = logging.getLogger(__name__)

SitemapKind = Literal["urlset", "sitemapindex"]


GZIP_MAGIC = b"\x1f\x8b"
_CHUNK = 64 * 1024


class SitemapError(Exception):
    """The body is not a sitemap, or cannot be read at all (unsafe, over the size limit)."""


@dataclass
class SitemapEntry:
    loc: str
    date: datetime | None = None


@dataclass
class SitemapResult:
    kind: SitemapKind
    entries: list[SitemapEntry] = field(default_factory=list)
    # Why the sitemap was not read whole; its entries are those read before the break.
    problem: str | None = None


class _NewsSitemap(Sitemap):
    """Scrapy's Sitemap, keeping the nested news:news/news:publication_date.

    Scrapy's `_process_sitemap_element` keeps only the direct children's text
    and clears the element, so the nested date is read before calling it.
    """

    def _process_sitemap_element(self, elem: lxml.etree._Element) -> dict[str, Any] | None:
        published = None
        for child in elem:
            if self._get_tag_name(child) == "news":
                for grandchild in child:
                    if self._get_tag_name(grandchild) == "publication_date":
                        published = (grandchild.text or "").strip()
        d = super()._process_sitemap_element(elem)
        if d is not None and published:
            d["publication_date"] = published
        return d


def gunzip(body: bytes, max_size: int) -> tuple[bytes, str | None]:
    """``body`` gunzipped when it starts with gzip's magic bytes, with what was wrong with the
    stream (cut short, or broken after some data); None when it was whole, or not gzip.

    Raises SitemapError when nothing can be read, or when it unzips to over ``max_size``
    bytes (0: no limit): a gzip bomb. Scrapy's own gunzip returns a cut stream without a
    word; this one reads to the stream's end marker.
    """
    if not body.startswith(GZIP_MAGIC):
        return body, None
    stream = zlib.decompressobj(wbits=16 + zlib.MAX_WBITS)
    out = bytearray()
    problem = None
    data = body
    try:
        while data and not stream.eof:
            out += stream.decompress(data, _CHUNK)
            if max_size and len(out) > max_size:
                raise SitemapError(f"over the size limit once unzipped ({max_size} bytes)")
            data = stream.unconsumed_tail
        if not stream.eof:
            out += stream.flush()
            problem = f"gzip stream cut short after {len(out)} bytes"
    except zlib.error as exc:
        if not out:
            raise SitemapError(f"broken gzip stream: {exc}") from None
        problem = f"broken gzip stream after {len(out)} bytes: {exc}"
    return bytes(out), problem


def parse_sitemap(body: bytes) -> SitemapResult:
    """Parse a sitemap body; the caller gunzips `.xml.gz` bodies first (``gunzip``).

    Raises SitemapError if the root element is neither urlset nor sitemapindex, or if the
    XML declares entities.
    """
    try:
        reject_entity_declarations(body)
    except UnsafeXmlError as exc:
        raise SitemapError(str(exc)) from None
    try:
        sitemap = _NewsSitemap(body)
        if sitemap.type not in ("urlset", "sitemapindex"):
            raise SitemapError(f"not a sitemap: root element {sitemap.type!r}")
        entries = [
            SitemapEntry(
                loc=d["loc"],
                date=parse_date(d.get("publication_date")) or parse_date(d.get("lastmod")),
            )
            for d in sitemap
            if d["loc"]
        ]
    # UnicodeError: lxml cannot decode a name (a namespace holding "&#xD800;")
    except (StopIteration, lxml.etree.XMLSyntaxError, UnicodeError) as exc:
        raise SitemapError(f"not XML: {str(exc) or 'no root element'}") from exc
    problem = None
    if ends_with_closing_tag(body, ("urlset", "sitemapindex")) is False:
        entries = entries[:closed_elements(body, ("url", "sitemap"))]  # the last may be cut
        problem = f"cut short: no closing </{sitemap.type}> ({len(entries)} entries read)"
    return SitemapResult(kind=sitemap.type, entries=entries, problem=problem)


def sitemap_urls_from_robots(robots_txt: str | bytes, base_url: str) -> list[str]:
    """Absolute URLs of the `Sitemap:` lines of a robots.txt (Scrapy's parser)."""
    if isinstance(robots_txt, str):
        robots_txt = robots_txt.encode("utf-8")
    return list(_scrapy_robots_sitemaps(robots_txt, base_url))
