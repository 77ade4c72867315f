"""Parse sitemaps (urlset and sitemapindex) and robots.txt Sitemap: lines.

Built on Scrapy's sitemap utilities (lxml with entity resolution and network
access off). The entry date is the Google News `news:publication_date`,
falling back to `lastmod`.
"""

import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

import lxml.etree
from scrapy.utils.sitemap import Sitemap
from scrapy.utils.sitemap import sitemap_urls_from_robots as _scrapy_robots_sitemaps

from .dates import parse_date

logger = logging.getLogger(__name__)

SitemapKind = Literal["urlset", "sitemapindex"]


class SitemapError(Exception):
    """The body is not a sitemap."""


@dataclass
class SitemapEntry:
    loc: str
    date: datetime | None = None


@dataclass
class SitemapResult:
    kind: SitemapKind
    entries: list[SitemapEntry] = field(default_factory=list)


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


def parse_sitemap(body: bytes) -> SitemapResult:
    """Parse a sitemap body; the caller gunzips `.xml.gz` bodies first.

    (Scrapy's SitemapSpider._get_sitemap_body does that, with a size limit.)
    Raises SitemapError if the root element is neither urlset nor sitemapindex.
    """
    try:
        sitemap = _NewsSitemap(body)
    except (StopIteration, lxml.etree.XMLSyntaxError) as exc:
        raise SitemapError(f"not XML: {str(exc) or 'no root element'}") from exc
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
    return SitemapResult(kind=sitemap.type, entries=entries)


def sitemap_urls_from_robots(robots_txt: str | bytes, base_url: str) -> list[str]:
    """Absolute URLs of the `Sitemap:` lines of a robots.txt (Scrapy's parser)."""
    if isinstance(robots_txt, str):
        robots_txt = robots_txt.encode("utf-8")
    return list(_scrapy_robots_sitemaps(robots_txt, base_url))
