"""Count every input's outcome, and report errors (and progress on a terminal) as they come."""

from __future__ import annotations

import logging
import sys
import time

from scrapy import signals
from scrapy.crawler import Crawler

from .items import Article, FetchError

logger = logging.getLogger(__name__)


def error_line(error: FetchError) -> str:
    """``newsscrape: error: URL: code: message`` for stderr."""
    where = error.url or error.source_file or "(unknown input)"
    return f"newsscrape: error: {where}: {error.error}: {error.message}"


class Outcomes:
    """Extension: stats ``newsscrape/articles`` and ``newsscrape/errors/<code>``.

    With ``OUTCOMES_PRINT`` set (the ``newsscrape`` command sets it) each error is printed to
    stderr when it happens, and on a terminal a progress line is kept up to date; otherwise
    (``scrapy crawl``) each error is logged as a warning. Errors are counted whether they go on
    to the feeds or are dropped there (see ``FETCH_ERRORS_EXPORT``).
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.print = crawler.settings.getbool("OUTCOMES_PRINT")
        self.progress = self.print and sys.stderr.isatty()
        self.started = time.monotonic()
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Outcomes:
        return cls(crawler)

    def item_scraped(self, item) -> None:
        if isinstance(item, Article):
            self.stats.inc_value("newsscrape/articles")
        elif isinstance(item, FetchError):
            self.stats.inc_value("newsscrape/errors")
            self.stats.inc_value(f"newsscrape/errors/{item.error}")
            if self.print:
                print(("\r\x1b[K" if self.progress else "") + error_line(item), file=sys.stderr)
            else:
                logger.warning(error_line(item))
        if self.progress:
            print(f"\r\x1b[K{self.stats.get_value('newsscrape/articles', 0)} articles, "
                  f"{self.stats.get_value('newsscrape/errors', 0)} errors, "
                  f"{time.monotonic() - self.started:.0f} s", end="", file=sys.stderr, flush=True)

    def item_dropped(self, item, response, exception) -> None:
        if isinstance(item, FetchError):
            self.item_scraped(item)
