"""Count every input's outcome in the crawl's stats, and report errors (and progress on a
terminal) as they come.

Stats keys: ``newsscrape/inputs`` (set by the command that knows them), ``newsscrape/articles``,
``newsscrape/language/<code>``, ``newsscrape/errors`` and ``newsscrape/errors/<code>``, and for
scheduled crawls ``newsscrape/source_failures/<source>`` (the error lines of its failed start
points). A crawl counts into ``crawler.stats``; ``newsscrape extract``, which starts no crawler,
counts into a ``Counts``. The summary and the exit status (``scraper.commands._report``) and
``runs.jsonl`` read either.

Importing this module does not import Scrapy (``extract`` never loads it).
"""

from __future__ import annotations

import logging
import sys
import time
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, Protocol

from .items import Article, FetchError

if TYPE_CHECKING:
    from scrapy.crawler import Crawler

logger = logging.getLogger(__name__)

FAILURES = "newsscrape/source_failures/"
CLEAR_LINE = "\r\x1b[K"


class Stats(Protocol):
    """What counting needs of a stats collector (Scrapy's, or ``Counts``)."""

    def get_value(self, key: str, default: Any = None) -> Any: ...

    def set_value(self, key: str, value: Any) -> None: ...

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None: ...


class Counts(dict):
    """A stats collector without a crawler: a dict with the methods counting calls on
    ``crawler.stats``."""

    def get_value(self, key: str, default: Any = None) -> Any:
        return self.get(key, default)

    def set_value(self, key: str, value: Any) -> None:
        self[key] = value

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self[key] = self.get(key, start) + count


def error_line(error: FetchError) -> str:
    """``newsscrape: error: URL: code: message`` for stderr."""
    where = error.url or error.source_file or "(unknown input)"
    return f"newsscrape: error: {where}: {error.error}: {error.message}"


def count(stats: Stats, item: Article | FetchError) -> None:
    """Count one outcome: an article (and its language) or an error (and its code; a failed
    start point also under its source, with the reason)."""
    if isinstance(item, Article):
        stats.inc_value("newsscrape/articles")
        stats.inc_value(f"newsscrape/language/{item.language or '?'}")
        return
    stats.inc_value("newsscrape/errors")
    stats.inc_value(f"newsscrape/errors/{item.error}")
    if item.start_point:
        reasons = stats.get_value(f"{FAILURES}{item.source}") or []
        stats.set_value(f"{FAILURES}{item.source}",
                        [*reasons, f"{item.start_point} {item.url}: {item.error}: {item.message}"])


def count_removed(stats: Stats, article: Article) -> None:
    """Count what the cleaner removed from an article, per kind (``cleaner/removed/<kind>``)."""
    for removal in article.removed:
        stats.inc_value(f"cleaner/removed/{removal['kind']}")


def source_failures(stats: Mapping[str, Any]) -> dict[str, list[str]]:
    """Source name -> why its start points failed, from the stats."""
    return {key.removeprefix(FAILURES): value for key, value in stats.items()
            if key.startswith(FAILURES)}


class Outcomes:
    """Extension: counts every Article and FetchError scraped (or dropped, for errors) and
    every pipeline failure (``newsscrape/errors/internal_error``) into the crawl's stats.

    With ``OUTCOMES_PRINT`` set (the ``newsscrape`` command sets it) each error is printed to
    stderr when it happens, and on a terminal a progress line is kept up to date and cleared
    when the crawl ends; otherwise (``scrapy crawl``) each error is logged as a warning. Errors
    are counted whether they go on to the feeds or are dropped there (see
    ``OUTCOMES_EXPORT_ERRORS``).
    """

    def __init__(self, crawler: Crawler) -> None:
        from scrapy import signals

        self.stats = crawler.stats
        self.print = crawler.settings.getbool("OUTCOMES_PRINT")
        self.progress = self.print and sys.stderr.isatty()
        self.started = time.monotonic()
        crawler.signals.connect(self.item_scraped, signal=signals.item_scraped)
        crawler.signals.connect(self.item_dropped, signal=signals.item_dropped)
        crawler.signals.connect(self.item_error, signal=signals.item_error)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Outcomes:
        return cls(crawler)

    def item_scraped(self, item) -> None:
        if not isinstance(item, (Article, FetchError)):
            return
        count(self.stats, item)
        if isinstance(item, FetchError):
            self._report(error_line(item))
        self._show_progress()

    def item_dropped(self, item, response, exception) -> None:
        if isinstance(item, FetchError):
            self.item_scraped(item)

    def item_error(self, item, response, failure) -> None:
        self.stats.inc_value("newsscrape/errors")
        self.stats.inc_value("newsscrape/errors/internal_error")
        self._report(f"newsscrape: error: {getattr(item, 'url', None)}: internal_error: "
                     f"{failure.value!r}")
        self._show_progress()

    def spider_closed(self) -> None:
        if self.progress:
            print(CLEAR_LINE, end="", file=sys.stderr, flush=True)

    def _report(self, line: str) -> None:
        if self.print:
            print((CLEAR_LINE if self.progress else "") + line, file=sys.stderr)
        else:
            logger.warning(line)

    def _show_progress(self) -> None:
        if self.progress:
            print(f"{CLEAR_LINE}{self.stats.get_value('newsscrape/articles', 0)} articles, "
                  f"{self.stats.get_value('newsscrape/errors', 0)} errors, "
                  f"{time.monotonic() - self.started:.0f} s", end="", file=sys.stderr, flush=True)
