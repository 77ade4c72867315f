"""SourcesSpider: the articles that configured sources list, fetching only what is new.

For each source (scraper/sources.py) it requests the feeds, the sitemaps (with those named in
the robots.txt of the source's hosts) and the section pages; the article URLs they list become
requests whose responses are yielded as Page items, for the pipelines to extract, check
against the seen store and write. An article the seen store already has is not requested
again, unless its feed or sitemap date is newer than the one stored.

A configured start point that cannot be fetched or read yields a FetchError with
``start_point`` set: that fails the source. Stats, per source name: ``sources/fetched/<name>``
(article pages fetched, or failed), ``sources/skipped_seen/<name>`` (not fetched: the seen
store has them), ``sources/failed/<name>`` (start points), ``sources/seconds/<name>`` (until
its last response).
"""

from __future__ import annotations

import json
import logging
import time
from collections import defaultdict
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor
from scrapy.spiders import SitemapSpider
from twisted.python.failure import Failure

from ..canonical import canonical_url, http_url_problem
from ..clock import now, timestamp
from ..items import FetchError, Page
from ..scheduled.dates import is_recent
from ..scheduled.feeds import FeedError, parse_feed
from ..scheduled.seen import SeenStore, open_seen_store
from ..scheduled.sitemaps import SitemapError, parse_sitemap, sitemap_urls_from_robots
from ..scheduled.sources import Source, load_sources, select
from ._pages import error_from_failure, page_or_error

logger = logging.getLogger(__name__)

# schema.org types that make a page an article (og:type "article" does too).
ARTICLE_TYPES = frozenset({
    "Article", "NewsArticle", "AnalysisNewsArticle", "AskPublicNewsArticle",
    "BackgroundNewsArticle", "OpinionNewsArticle", "ReportageNewsArticle", "ReviewNewsArticle",
})


def is_article_page(response: HtmlResponse) -> bool:
    """True when the page says it is an article: og:type, or a JSON-LD @type."""
    if response.xpath('//meta[@property="og:type"]/@content').get("").strip() == "article":
        return True
    for script in response.xpath('//script[@type="application/ld+json"]/text()').getall():
        try:
            data = json.loads(script)
        except ValueError:
            continue
        if any(ARTICLE_TYPES & _types(node) for node in _nodes(data)):
            return True
    return False


def _nodes(data: Any) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD document: a list, an @graph, or one object."""
    for node in data if isinstance(data, list) else [data]:
        if isinstance(node, dict):
            yield node
            yield from _nodes(node.get("@graph", []))


def _types(node: dict[str, Any]) -> set[str]:
    kinds = node.get("@type")
    return {k for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)}


class SourcesSpider(SitemapSpider):
    """``scrapy crawl sources -a config=sources.toml [-a names=a,b]``, or ``newsscrape crawl``.

    A SitemapSpider for Scrapy's reading of sitemap bodies (gzip, size limits); the sitemaps
    themselves are read by scraper.scheduled.sitemaps, which keeps ``news:publication_date``.
    """

    name = "sources"
    # Articles go to the dated files (DatedJsonlPipeline), not to the project's default feed.
    custom_settings = {"FEEDS": {}}

    def __init__(self, sources: Iterable[Source] | None = None, config: str = "sources.toml",
                 names: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if sources is None:
            sources = select(load_sources(Path(config)), names.replace(",", " ").split())
        self.sources = {source.name: source for source in sources}
        self.now = now()
        self.seen: SeenStore | None = None
        self.requested: set[str] = set()  # canonical URLs of the article pages requested
        self.start_points: set[tuple[str, str]] = set()  # (source, URL) of the others
        self.skipped: dict[str, set[str]] = defaultdict(set)  # source -> seen, not fetched
        self.started = time.monotonic()
        self.last_response: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourcesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        if crawler.settings.get("SEEN_DB") and not crawler.settings.getbool("SEEN_REFRESH"):
            spider.seen = open_seen_store(crawler.settings)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for source in self.sources.values():
            requests = [
                *self._start_points(source, source.feeds, self.parse_feed, "feed"),
                *self._start_points(source, source.sitemaps, self.parse_sitemap, "sitemap"),
                *self._start_points(source, _robots_urls(source), self.parse_robots, None),
                *self._start_points(source, source.start_urls, self.parse_section, "start_url"),
            ]
            for request in requests:
                yield request

    def closed(self, reason: str) -> None:
        for name in self.sources:
            self.crawler.stats.set_value(f"sources/skipped_seen/{name}",
                                         len(self.skipped[name] - self.requested))
            finished = self.last_response.get(name, self.started)
            self.crawler.stats.set_value(f"sources/seconds/{name}",
                                         round(finished - self.started, 1))
        if self.seen:
            self.seen.close()

    # Start points ---------------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request | FetchError]:
        """RSS, Atom or JSON Feed: its entries; an HTML page: the feeds it links to."""
        source = self._source(response)
        try:
            feed = parse_feed(response.body, response.url)
        except FeedError as exc:
            yield self._tag(FetchError(url=response.url, error="bad_feed", message=str(exc),
                                       status=response.status, fetched_at=timestamp()),
                            response.meta)
            return
        yield from self._start_points(source, feed.alternates, self.parse_feed,
                                      response.meta["start_point"])
        for entry in feed.entries:
            if source.is_article_url(entry.url):
                yield from self._article(source, entry.url, entry.updated or entry.published)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request | FetchError]:
        """A sitemap index: its recent sitemaps; a sitemap: its recent articles."""
        source = self._source(response)
        body = self._get_sitemap_body(response)
        try:
            if body is None:
                raise SitemapError("not a sitemap, or over the size limit once unzipped")
            sitemap = parse_sitemap(body)
        except SitemapError as exc:
            yield self._tag(FetchError(url=response.url, error="bad_sitemap", message=str(exc),
                                       status=response.status, fetched_at=timestamp()),
                            response.meta)
            return
        if sitemap.kind == "sitemapindex":
            recent = [e.loc for e in sitemap.entries
                      if is_recent(e.date, source.max_age_days, self.now)]
            yield from self._start_points(source, recent, self.parse_sitemap,
                                          response.meta["start_point"])
        else:
            for entry in sitemap.entries:
                if source.is_article_url(entry.loc):
                    yield from self._article(source, entry.loc, entry.date)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request]:
        """The sitemaps a robots.txt names; they do not fail the source when broken."""
        source = self._source(response)
        urls = sitemap_urls_from_robots(response.body, response.url)
        yield from self._start_points(source, urls, self.parse_sitemap, None)

    def parse_section(self, response: Response) -> Iterator[scrapy.Request | FetchError]:
        """A section page: follow its links on the same site, within ``max_depth``.

        Links that match the source's ``allow`` are articles. Other links are fetched to see
        whether they are articles (og:type, JSON-LD) when the source has no ``allow``;
        with one, only when they can lead further (their links are within ``max_depth``).
        """
        source = self._source(response)
        if not isinstance(response, HtmlResponse):  # only a start URL gets here
            kind = response.headers.get(b"Content-Type", b"").decode("latin-1") or "unknown"
            yield self._tag(FetchError(url=response.url, error="not_html", status=response.status,
                                       message=f"not an HTML page: {kind}",
                                       fetched_at=timestamp()), response.meta)
            return
        depth = response.meta.get("depth", 0)
        links = LinkExtractor(allow_domains=[urlsplit(response.url).hostname or ""],
                              deny=source.deny).extract_links(response)
        for link in links:
            if source.allow and source.is_article_url(link.url):
                yield from self._article(source, link.url, None)
            elif not source.allow or depth + 1 < source.max_depth:
                yield from self._article(source, link.url, None, self.parse_linked)

    def parse_linked(self, response: Response) -> Iterator[scrapy.Request | Page | FetchError]:
        """A page linked from a section: an article, or a section to follow further."""
        source = self._source(response)
        if not isinstance(response, HtmlResponse):
            return
        if is_article_page(response) or (source.allow and source.is_article_url(response.url)):
            yield from self.parse_article(response)
        elif response.meta.get("depth", 0) < source.max_depth:
            yield from self.parse_section(response)

    # Articles -------------------------------------------------------------------------------

    def parse_article(self, response: Response) -> Iterator[Page | FetchError]:
        source = self._source(response)
        self.crawler.stats.inc_value(f"sources/fetched/{source.name}")
        yield self._tag(page_or_error(response), response.meta)

    def failed(self, failure: Failure) -> Iterator[FetchError]:
        """An article or start point that gave no response; robots.txt may be missing."""
        source = self._source(failure.request)
        if failure.request.callback == self.parse_robots:
            logger.debug("%s: no robots.txt: %s", failure.request.url, failure.value)
            return
        if "input_url" in failure.request.meta:  # an article page
            self.crawler.stats.inc_value(f"sources/fetched/{source.name}")
        yield self._tag(error_from_failure(failure), failure.request.meta)

    # Helpers --------------------------------------------------------------------------------

    def _start_points(self, source: Source, urls: Iterable[str], callback: Callable,
                      start_point: str | None) -> Iterator[scrapy.Request | FetchError]:
        """Requests for the feeds, sitemaps, robots.txt and sections not requested yet.

        ``start_point`` names the kind of a configured one, whose failure fails the source;
        None for those found on the way (robots.txt and the sitemaps it names).
        """
        for url in urls:
            if (source.name, url) in self.start_points:
                continue
            self.start_points.add((source.name, url))
            if problem := http_url_problem(url):
                yield self._bad_url(source, url, problem, start_point)
                continue
            yield scrapy.Request(url, callback=callback, errback=self.failed, dont_filter=True,
                                 meta={"source": source.name, "start_point": start_point})

    def _article(self, source: Source, url: str, date: datetime | None,
                 callback: Callable | None = None) -> Iterator[scrapy.Request | FetchError]:
        """A request for an article page, unless it is already requested, too old, or in the
        seen store and not changed since (by ``date``, its feed or sitemap date).
        """
        if problem := http_url_problem(url):  # a feed's or sitemap's link, from the network
            yield self._bad_url(source, url, problem, None)
            return
        key = canonical_url(url)
        if key in self.requested:
            return
        if not is_recent(date, source.max_age_days, self.now):
            logger.debug("%s: older than %s days", url, source.max_age_days)
            return
        if self.seen and not self.seen.should_fetch(key, date):
            self.skipped[source.name].add(key)
            return
        self.requested.add(key)
        yield scrapy.Request(url, callback=callback or self.parse_article, errback=self.failed,
                             dont_filter=True, meta={"source": source.name, "source_date": date,
                                                     "input_url": url})

    def _bad_url(self, source: Source, url: str, problem: str,
                 start_point: str | None) -> FetchError:
        error = FetchError(url=url, error="bad_url", message=problem, fetched_at=timestamp())
        return self._tag(error, {"source": source.name, "start_point": start_point})

    def _source(self, response: Response | scrapy.Request) -> Source:
        """The source a response belongs to; notes the time, for its ``seconds``."""
        name = response.meta["source"]
        self.last_response[name] = time.monotonic()
        return self.sources[name]

    def _tag(self, item: Page | FetchError, meta: dict[str, Any]) -> Page | FetchError:
        """Mark an item with its source (and date); count a failed start point."""
        item.source = meta["source"]
        if isinstance(item, Page):
            item.source_date = meta.get("source_date")
            item.language_hint = self.sources[item.source].language
            return item
        item.start_point = meta.get("start_point")
        if item.start_point:
            self.crawler.stats.inc_value(f"sources/failed/{item.source}")
        return item


def _robots_urls(source: Source) -> list[str]:
    """robots.txt of every host the source names, once each."""
    roots = (urlsplit(url) for url in (*source.feeds, *source.sitemaps, *source.start_urls))
    return list(dict.fromkeys(f"{root.scheme}://{root.netloc}/robots.txt" for root in roots))
