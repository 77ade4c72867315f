"""Item pipelines, in data-path order: save the page -> extract -> drop errors.

Spiders yield Page items; SaveHtmlPipeline keeps them in a WARC file when asked, and
ExtractPipeline turns each into its record with ``scraper.records.page_to_record`` (decoded,
cleaned and checked against the schema), an Article or a FetchError saying why there is none.
Feed exports write what comes out; scheduled crawls add their own pipelines
(scraper.scheduled.pipelines) before the feeds.
"""

from __future__ import annotations

import logging
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, Any

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.settings import BaseSettings
from scrapy.utils.defer import maybe_deferred_to_future

from cleaners.options import CleanerOptions

from .clock import now
from .items import Article, FetchError, Page
from .outcomes import count_removed

if TYPE_CHECKING:
    from .warc import WarcWriter

logger = logging.getLogger(__name__)


class ExtractPipeline:
    """Page -> Article or FetchError, in ``EXTRACT_WORKERS`` worker processes (default one per
    core; 0: in this process, for debugging); counts removals per kind
    (``cleaner/removed/<kind>``).

    ``process_item`` awaits the page's record, so downloads go on meanwhile; Scrapy's own
    ``CONCURRENT_ITEMS`` and ``SCRAPER_SLOT_MAX_ACTIVE_SIZE`` hold the downloads back when they
    outrun the workers. A page that crashes its worker, or runs past ``EXTRACT_TIMEOUT``
    seconds, gets ``worker_crashed`` / ``worker_timeout``; the others go on.
    """

    def __init__(self, crawler: Crawler, workers: int, timeout: float | None) -> None:
        self.stats = crawler.stats
        # The thresholds, read (and a bad one refused) before the crawl opens: this process,
        # when it extracts nothing itself, imports no more of the cleaner than them.
        self.options = CleanerOptions.from_settings(crawler.settings)
        self.pool = None
        if workers > 0:
            from .workers import ExtractPool

            # Started now, from a thread, while the crawl opens: the workers come from a
            # forkserver, which loads the cleaner meanwhile. Stopped at close_spider (or at
            # exit, for a crawl stopped before it closes).
            self.pool = ExtractPool(workers, timeout, self.options)
            self.pool.start()
        else:
            from .records import page_to_record

            self.page_to_record = page_to_record

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        timeout = crawler.settings.getfloat("EXTRACT_TIMEOUT") or None
        return cls(crawler, cls.workers(crawler.settings), timeout)

    @staticmethod
    def workers(settings: BaseSettings) -> int:
        """The worker processes ``EXTRACT_WORKERS`` asks for (None or empty: one per core)."""
        workers = settings.get("EXTRACT_WORKERS")
        if workers in (None, ""):
            from .workers import default_workers  # the pool's module, only when it may run

            return default_workers()
        return int(workers)

    def close_spider(self) -> None:
        if self.pool:
            self.pool.close()

    async def process_item(self, item):
        if not isinstance(item, Page):
            return item
        if self.pool:
            result = await _wait(self.pool.submit(item))
        else:
            result = self.page_to_record(item, self.options)
        if isinstance(result, Article):
            count_removed(self.stats, result)
            if result.charset_mismatch:
                self.stats.inc_value("newsscrape/charset_mismatch")
        return result


async def _wait(future: Future[Any]) -> Any:
    """Await a future that a worker thread completes, on whatever reactor runs the crawl."""
    from twisted.internet import reactor
    from twisted.internet.defer import Deferred

    done: Deferred = Deferred()
    future.add_done_callback(lambda f: reactor.callFromThread(done.callback, f.result()))
    return await maybe_deferred_to_future(done)


class SaveHtmlPipeline:
    """With ``SAVE_HTML_ENABLED``, keep every fetched HTML page, headers and all, as a response
    record of ``SAVE_HTML_DIR/<run start>.warc.gz`` (stats ``save_html/pages``).

    ``newsscrape extract DIR`` makes the same records from them again, later, with newer rules.
    """

    def __init__(self, crawler: Crawler, folder: Path) -> None:
        self.stats = crawler.stats
        self.folder = folder
        self.writer: WarcWriter | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SaveHtmlPipeline:
        if not crawler.settings.getbool("SAVE_HTML_ENABLED"):
            raise NotConfigured
        folder = crawler.settings.get("SAVE_HTML_DIR")
        if not folder:
            raise NotConfigured("SAVE_HTML_ENABLED needs SAVE_HTML_DIR, the WARC folder")
        return cls(crawler, Path(folder))

    def open_spider(self) -> None:
        from .warc import WarcWriter  # warcio: only when pages are saved

        self.writer = WarcWriter(self.folder, now().strftime("%Y-%m-%dT%H-%M-%SZ"))

    def close_spider(self) -> None:
        self.writer.close()

    def process_item(self, item):
        if isinstance(item, Page) and item.is_html():
            self.writer.write(item)
            self.stats.inc_value("save_html/pages")
        return item


class DropErrorsPipeline:
    """FetchError items reach the feeds only with ``OUTCOMES_EXPORT_ERRORS`` set: ``newsscrape``
    sets it and sends them to ``--errors FILE``; under ``scrapy crawl -o FILE`` they are
    logged and counted (scraper.outcomes), and dropped here, so the file holds articles only.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DropErrorsPipeline:
        if crawler.settings.getbool("OUTCOMES_EXPORT_ERRORS"):
            raise NotConfigured
        return cls()

    def process_item(self, item):
        if isinstance(item, FetchError):
            raise DropItem(f"{item.error}: {item.url or item.source_file}", log_level="DEBUG")
        return item
