"""SourcesSpider: the articles that configured sources list.

For each source (scraper/scheduled/sources.py) it requests the feeds, the sitemaps (with those
named in the robots.txt of the source's hosts) and the section pages; the article URLs they
list become requests whose responses are yielded as Page items, for the pipelines to extract,
check against the seen store and write. It only crawls: which articles are fetched again is the
seen-check spider middleware's business (scraper/scheduled/seencheck.py), and the same article
listed twice is requested once because requests are fingerprinted on the canonical URL
(scraper.canonical.CanonicalRequestFingerprinter).

A configured start point that cannot be fetched or read whole yields a FetchError with
``start_point`` set: that fails the source (what it gave before the break is still taken).
One bad entry (a malformed URL) is an error of its own and spoils nothing else. What each
start point gave is counted (scraper/scheduled/startpoints.py). Stats, per source name:
``sources/fetched/<name>`` (article pages fetched, or failed), ``sources/failed/<name>``
(start points), ``sources/seconds/<name>`` (until its last response).
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from datetime import datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import HtmlResponse, Response
from scrapy.linkextractors import LinkExtractor
from twisted.python.failure import Failure

from ..canonical import http_url_problem, same_site
from ..clock import now, timestamp
from ..items import FetchError, Page
from ..scheduled.dates import is_recent
from ..scheduled.feeds import FeedError, parse_feed
from ..scheduled.sitemaps import SitemapError, gunzip, parse_sitemap, sitemap_urls_from_robots
from ..scheduled.sources import Source, load_sources, select
from ..scheduled.startpoints import StartPoints
from ._pages import error_from_failure, page_from_response

logger = logging.getLogger(__name__)

# Meta keys of the requests this spider makes.
SOURCE, SOURCE_DATE = "newsscrape_source", "newsscrape_source_date"
INPUT_URL = "newsscrape_input_url"
START_POINT, START_POINT_ID = "newsscrape_start_point", "newsscrape_start_point_id"
# (url, kind) of the start point a request is for: with REDIS_URL another process of the
# round may have numbered and requested it, and this one counts it under its own number.
START_POINT_OF = "newsscrape_start_point_of"
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")

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
        except (ValueError, RecursionError):
            continue
        if any(ARTICLE_TYPES & _types(node) for node in _nodes(data)):
            return True
    return False


def _nodes(data: Any, depth: int = 0) -> Iterator[dict[str, Any]]:
    """The objects of a JSON-LD document: a list, an @graph, or one object (20 levels deep)."""
    if depth > 20:
        return
    for node in data if isinstance(data, list) else [data]:
        if isinstance(node, dict):
            yield node
            yield from _nodes(node.get("@graph", []), depth + 1)


def _types(node: dict[str, Any]) -> set[str]:
    kinds = node.get("@type")
    return {k for k in (kinds if isinstance(kinds, list) else [kinds]) if isinstance(k, str)}


class SourcesSpider(scrapy.Spider):
    """``scrapy crawl sources -a config=sources.toml [-a names=a,b]``, or ``newsscrape crawl``."""

    name = "sources"
    # Articles go to the dated files (DatedJsonlPipeline), not to the project's default feed;
    # an article listed under several URLs (tracking parameters, AMP) is requested once.
    custom_settings = {
        "FEEDS": {},
        "REQUEST_FINGERPRINTER_CLASS": "scraper.canonical.CanonicalRequestFingerprinter",
    }

    def __init__(self, sources: Iterable[Source] | None = None, config: str = "sources.toml",
                 names: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        if sources is None:
            sources = select(load_sources(Path(config)), names.replace(",", " ").split())
        self.sources = {source.name: source for source in sources}
        self.now = now()
        self.points: StartPoints | None = None
        self.max_url_length = 2083
        self.max_size = 0
        self.started = time.monotonic()
        self.last_response: dict[str, float] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> SourcesSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.points = StartPoints(crawler)
        spider.max_url_length = crawler.settings.getint("URLLENGTH_LIMIT")
        spider.max_size = crawler.settings.getint("DOWNLOAD_MAXSIZE")
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request | FetchError]:
        for source in self.sources.values():
            requests = [
                *self._start_points(source, source.feeds, self.parse_feed, "feed"),
                *self._start_points(source, source.sitemaps, self.parse_sitemap, "sitemap"),
                *self._robots(source),
                *self._start_points(source, source.start_urls, self.parse_section, "start_url"),
            ]
            for request in requests:
                yield request

    def closed(self, reason: str) -> None:
        for name in self.sources:
            finished = self.last_response.get(name, self.started)
            self.crawler.stats.set_value(f"sources/seconds/{name}",
                                         round(finished - self.started, 1))

    # Start points ---------------------------------------------------------------------------

    def parse_feed(self, response: Response) -> Iterator[scrapy.Request | FetchError]:
        """RSS, Atom or JSON Feed: its entries; an HTML page: the feeds it links to."""
        source, n = self._source(response), self._point_id(response.meta)
        try:
            feed = parse_feed(response.body, response.url)
        except FeedError as exc:
            yield self._start_point_error(response, "bad_feed", str(exc))
            return
        self.points.count(source.name, n, "read")
        self.points.count(source.name, n, "found", len(feed.alternates) + len(feed.entries))
        for url in feed.alternates:
            yield from self._start_points(source, [url], self.parse_feed,
                                          response.meta[START_POINT], listed_in=n)
        for entry in feed.entries:
            yield from self._listed(source, n, entry.url, entry.updated or entry.published)
        if feed.problem:
            yield self._start_point_error(response, "bad_feed", feed.problem)

    def parse_sitemap(self, response: Response) -> Iterator[scrapy.Request | FetchError]:
        """A sitemap index: its recent sitemaps; a sitemap: its recent articles."""
        source, n = self._source(response), self._point_id(response.meta)
        max_size = response.meta.get("download_maxsize", self.max_size)
        try:
            body, problem = gunzip(response.body, max_size)
            sitemap = parse_sitemap(body)
        except SitemapError as exc:
            yield self._start_point_error(response, "bad_sitemap", str(exc))
            return
        self.points.count(source.name, n, "read")
        self.points.count(source.name, n, "found", len(sitemap.entries))
        index = sitemap.kind == "sitemapindex"
        for entry in sitemap.entries:
            yield from self._listed(source, n, entry.loc, entry.date,
                                    response.meta[START_POINT] if index else False)
        if problem or sitemap.problem:
            yield self._start_point_error(response, "bad_sitemap", problem or sitemap.problem)

    def parse_robots(self, response: Response) -> Iterator[scrapy.Request | FetchError]:
        """The sitemaps a robots.txt names; they do not fail the source when broken."""
        source = self._source(response)
        urls = sitemap_urls_from_robots(response.body, response.url)
        yield from self._start_points(source, urls, self.parse_sitemap, None)

    def parse_section(self, response: Response) -> Iterator[scrapy.Request | FetchError]:
        """A section page: follow its links on the same site (host and port), within
        ``max_depth``.

        Links that match the source's ``allow`` are articles. Other links are fetched to see
        whether they are articles (og:type, JSON-LD) when the source has no ``allow``;
        with one, only when they can lead further (their links are within ``max_depth``).
        """
        source = self._source(response)
        n = self._point_id(response.meta)
        if not isinstance(response, HtmlResponse):  # only a start URL gets here
            kind = response.headers.get(b"Content-Type", b"").decode("latin-1") or "unknown"
            yield self._start_point_error(response, "not_html", f"not an HTML page: {kind}")
            return
        depth = response.meta.get("depth", 0)
        links = _links(response)
        if n is not None:
            self.points.count(source.name, n, "read")
            self.points.count(source.name, n, "found", len(links))
        for link in links:
            why = None if same_site(link.url, response.url) else "offsite"
            why = why or self._refusal(link.url)
            refused = source.refusal(link.url)
            if why is None and source.allow and refused is None:
                yield from self._take(source, n, link.url, None)
            elif why is None and refused != "deny" and (not source.allow
                                                         or depth + 1 < source.max_depth):
                yield from self._take(source, n, link.url, None, self.parse_linked)
            elif n is not None:
                self.points.count(source.name, n, f"filtered/{why or refused}")

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
        yield self._tag(page_from_response(response), response.meta)

    def failed(self, failure: Failure) -> Iterator[FetchError]:
        """An article or start point that gave no response; robots.txt may be missing."""
        request = failure.request
        source = self._source(request)
        if request.callback == self.parse_robots:
            logger.debug("%s: no robots.txt: %s", request.url, failure.value)
            return
        if INPUT_URL in request.meta:  # an article page
            self.crawler.stats.inc_value(f"sources/fetched/{source.name}")
        yield self._tag(error_from_failure(failure), request.meta)

    # Helpers --------------------------------------------------------------------------------

    def _robots(self, source: Source) -> Iterator[scrapy.Request]:
        """robots.txt of every host the source names, once each: the sitemaps it names."""
        for url in _robots_urls(source):
            yield scrapy.Request(url, callback=self.parse_robots, errback=self.failed,
                                 dont_filter=True, meta={SOURCE: source.name})

    def _start_points(self, source: Source, urls: Iterable[str], callback: Callable,
                      start_point: str | None, listed_in: int | None = None,
                      ) -> Iterator[scrapy.Request | FetchError]:
        """Requests for the feeds, sitemaps and sections the source has not requested yet.

        ``start_point`` names the kind of a configured one (or one it lists), whose failure
        fails the source; None for the sitemaps robots.txt names. A malformed URL listed by
        another start point is an error of its own, failing nothing.
        """
        kind = {self.parse_feed: "feed", self.parse_sitemap: "sitemap"}.get(callback,
                                                                           "start_url")
        for url in urls:
            if problem := http_url_problem(url):
                yield self._bad_url(source, url, problem, start_point if listed_in is None
                                    else None)
                continue
            n = self.points.add(source.name, url, kind, optional=start_point is None)
            if n is None:
                continue
            if listed_in is not None:
                self.points.count(source.name, listed_in, "taken")
            # A start point is requested for each source that lists it.
            yield scrapy.Request(url, callback=callback, errback=self.failed, dont_filter=True,
                                 meta={SOURCE: source.name, START_POINT: start_point,
                                       START_POINT_ID: n, START_POINT_OF: (url, kind)})

    def _listed(self, source: Source, n: int, url: str, date: datetime | None,
                sitemap_of: str | None | bool = False) -> Iterator[scrapy.Request | FetchError]:
        """An entry of start point ``n``: taken, filtered (counted with why), or a bad_url
        error of its own. An article, or a sitemap of an index when ``sitemap_of`` is not
        False: it is then the ``start_point`` kind of the index, which the sitemap inherits.
        """
        if why := self._refusal(url):
            self.points.count(source.name, n, f"filtered/{why}")
            return
        if problem := http_url_problem(url):
            yield self._bad_url(source, url, problem, None)
            return
        sitemap = sitemap_of is not False
        why = None if sitemap else source.refusal(url)
        if why is None and not is_recent(date, source.max_age_days, self.now):
            why = "age"
        if why:
            self.points.count(source.name, n, f"filtered/{why}")
        elif sitemap:
            yield from self._start_points(source, [url], self.parse_sitemap, sitemap_of,
                                          listed_in=n)
        else:
            yield from self._take(source, n, url, date)

    def _take(self, source: Source, n: int | None, url: str, date: datetime | None,
              callback: Callable | None = None) -> Iterator[scrapy.Request]:
        """The request for an article page (or, with ``callback``, a linked page)."""
        if n is not None:
            self.points.count(source.name, n, "taken")
        yield scrapy.Request(url, callback=callback or self.parse_article, errback=self.failed,
                             meta={SOURCE: source.name, SOURCE_DATE: date, INPUT_URL: url})

    def _refusal(self, url: str) -> str | None:
        """"not_http" or "too_long" for a listed URL never to request; None otherwise."""
        scheme = _SCHEME.match(url)
        if scheme and scheme.group().lower() not in ("http:", "https:"):
            return "not_http"
        if len(url) > self.max_url_length:
            return "too_long"
        return None

    def _start_point_error(self, response: Response, error: str, message: str) -> FetchError:
        return self._tag(FetchError(url=response.url, error=error, message=message,
                                    status=response.status, fetched_at=timestamp()),
                         response.meta)

    def _bad_url(self, source: Source, url: str, problem: str,
                 start_point: str | None) -> FetchError:
        error = FetchError(url=url, error="bad_url", message=problem, fetched_at=timestamp())
        return self._tag(error, {SOURCE: source.name, START_POINT: start_point})

    def _source(self, response: Response | scrapy.Request) -> Source:
        """The source a response belongs to; notes the time, for its ``seconds``."""
        name = response.meta[SOURCE]
        self.last_response[name] = time.monotonic()
        return self.sources[name]

    def _point_id(self, meta: dict[str, Any]) -> int | None:
        """This process's number of the start point a request was for (None: not one)."""
        if START_POINT_OF not in meta:
            return meta.get(START_POINT_ID)
        url, kind = meta[START_POINT_OF]
        return self.points.number(meta[SOURCE], url, kind, optional=meta.get(START_POINT) is None)

    def _tag(self, item: Page | FetchError, meta: dict[str, Any]) -> Page | FetchError:
        """Mark an item with its source (and date); count a failed start point."""
        item.source = meta[SOURCE]
        if isinstance(item, Page):
            item.source_date = meta.get(SOURCE_DATE)
            item.language_hint = self.sources[item.source].language
            return item
        item.start_point = meta.get(START_POINT)
        if item.start_point:
            self.crawler.stats.inc_value(f"sources/failed/{item.source}")
            if (n := self._point_id(meta)) is not None:
                self.points.fail(item.source, n, f"{item.error}: {item.message}")
        return item


def _links(response: HtmlResponse) -> list[Any]:
    """The page's links; a ``<base href>`` that is not a URL (``http://[::1``) is ignored."""
    try:
        return LinkExtractor().extract_links(response)
    except ValueError:
        body = re.sub(rb"<base\b", b"<ignored-base", response.body, flags=re.I)
        return LinkExtractor().extract_links(response.replace(body=body))


def _robots_urls(source: Source) -> list[str]:
    """robots.txt of every host the source names, once each."""
    roots = (urlsplit(url) for url in (*source.feeds, *source.sitemaps, *source.start_urls))
    return list(dict.fromkeys(f"{root.scheme}://{root.netloc}/robots.txt" for root in roots))
