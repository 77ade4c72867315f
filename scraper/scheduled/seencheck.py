"""The seen check of scheduled crawls, as a spider middleware (scrapy-deltafetch's way): article
requests whose page the seen store has, unchanged since by their feed or sitemap date, never
leave the spider. The spider itself only crawls.

``SEEN_ENABLED`` switches it on (``newsscrape crawl`` does), with ``SEEN_DB`` the store (in
Redis instead when ``REDIS_URL`` is set), ``SEEN_REFRESH`` to let every request through all
the same, and ``SEEN_RETRY_DAYS`` after which a page remembered as failed for a lasting reason
(a 404, a wall) is tried again. An article
request carries the meta keys ``newsscrape_input_url`` and ``newsscrape_source_date``; other
requests (feeds, sitemaps, section pages) pass. Stats: ``seen/skipped/<source>``, the distinct
articles not requested.

The store is opened once per crawl (``seen_store``) and shared with the scheduled pipelines.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta
from weakref import WeakKeyDictionary

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.spidermiddlewares.base import BaseSpiderMiddleware

from ..canonical import canonical_url
from ..clock import now
from .seen import SeenStore, open_seen_store

logger = logging.getLogger(__name__)

INPUT_URL, SOURCE_DATE, SOURCE = ("newsscrape_input_url", "newsscrape_source_date",
                                  "newsscrape_source")
DEFAULT_RETRY_DAYS = 30.0

_stores: WeakKeyDictionary[Crawler, SeenStore] = WeakKeyDictionary()


def seen_store(crawler: Crawler) -> SeenStore:
    """The crawl's seen store, opened on first use and closed when the engine stops."""
    if crawler not in _stores:
        store = _stores[crawler] = open_seen_store(crawler.settings)

        def close() -> None:
            _stores.pop(crawler, None)
            store.close()

        crawler.signals.connect(close, signal=signals.engine_stopped, weak=False)
    return _stores[crawler]


class SeenCheckMiddleware(BaseSpiderMiddleware):
    """Drop article requests the seen store says need no fetch; count them per source.

    BaseSpiderMiddleware gives it ``process_start`` and ``process_spider_output`` (sync and
    async); each request of the start or the spider's output goes through
    ``get_processed_request``.
    """

    def __init__(self, crawler: Crawler) -> None:
        super().__init__(crawler)
        settings = crawler.settings
        self.refresh = settings.getbool("SEEN_REFRESH")
        days = settings.getfloat("SEEN_RETRY_DAYS", DEFAULT_RETRY_DAYS)
        self.failed_before = now() - timedelta(days=days)
        self.skipped: defaultdict[str, set[str]] = defaultdict(set)
        self.requested: set[str] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenCheckMiddleware:
        if not crawler.settings.getbool("SEEN_ENABLED") or not crawler.settings.get("SEEN_DB"):
            raise NotConfigured
        return cls(crawler)

    def get_processed_request(self, request: Request, response: Response | None,
                              ) -> Request | None:
        if INPUT_URL not in request.meta or self.refresh:
            return request
        key = canonical_url(request.url)
        store = seen_store(self.crawler)
        if key in self.requested or store.should_fetch(
                key, request.meta.get(SOURCE_DATE), failed_before=self.failed_before):
            self.requested.add(key)
            return request
        source = request.meta.get(SOURCE, "")
        if key not in self.skipped[source]:
            self.skipped[source].add(key)
            self.crawler.stats.inc_value(f"seen/skipped/{source}")
        logger.debug("%s: seen, not fetched again", request.url)
        return None
