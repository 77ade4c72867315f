"""The pipelines of scheduled crawls, after validation: drop what was written before
(SeenPipeline), append the rest to dated per-source files (DatedJsonlPipeline).

Both use the crawl's one seen store (scraper.scheduled.seencheck.seen_store), when
``SEEN_ENABLED``. A write that fails (a full disk, a store gone bad) stops the crawl at once
through the engine (``close_spider_async``, reason ``storage_error``; a ``CloseSpider``
raised in a pipeline is not honoured): one warning naming the path, the reason in the stat
``crawl_output/storage_error``, and the items still in flight dropped without a word each.
"""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.defer import deferred_from_coro

from ..canonical import canonical_url
from ..clock import now
from ..items import ARTICLE_FIELDS, Article, FetchError, record
from .output import JsonlAppender, last_line, repair_torn_tail
from .seen import SeenStore, SeenStoreError, fingerprint
from .seencheck import seen_store

logger = logging.getLogger(__name__)


def seen_key(article: Article) -> str:
    """The article's key in the seen store: its canonical URL."""
    return article.canonical_url or canonical_url(article.url or "")


def remember(store: SeenStore, article: Article) -> None:
    """Record an article in the seen store, under its canonical URL and, when it differs, the
    canonical form of the URL its feed or sitemap listed (which the spider asks about)."""
    when = datetime.fromisoformat(article.fetched_at)
    text = fingerprint(article.text)
    store.record(seen_key(article), article.url or "", text, fetched_at=when,
                 source_date=article.source_date)
    listed = canonical_url(article.requested_url) if article.requested_url else None
    if listed and listed != seen_key(article):
        store.record(listed, article.requested_url, text, fetched_at=when,
                     source_date=article.source_date)


class SeenPipeline:
    """With ``SEEN_ENABLED``, let through only articles that are new or whose text changed.

    An article whose canonical URL the store has with the same text is dropped ("unchanged"),
    as is one whose text the store has under another URL ("duplicate"); both are recorded, so
    the store's dates move on and the other URL is not fetched again. A changed text passes
    with ``updated`` set. Stats: ``seen/<status>`` and ``seen/<status>/<source>``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.store: SeenStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenPipeline:
        if not crawler.settings.getbool("SEEN_ENABLED") or not crawler.settings.get("SEEN_DB"):
            raise NotConfigured
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = seen_store(self.crawler)

    def process_item(self, item):
        if not isinstance(item, Article):
            return item
        status = self.store.classify(seen_key(item), fingerprint(item.text))
        self.stats.inc_value(f"seen/{status}")
        if item.source:
            self.stats.inc_value(f"seen/{status}/{item.source}")
        if status == "updated":
            item.updated = item.fetched_at
        elif status in ("unchanged", "duplicate"):
            remember(self.store, item)
            raise DropItem(f"{status}: {item.url}", log_level="DEBUG")
        return item


# Article pages that gave no article for a reason that will not change by the next run: they
# are remembered, and fetched again only when their feed or sitemap date moves (or after
# SEEN_RETRY_DAYS). HTTP statuses: "http_<status>".
LASTING_ERRORS = frozenset({"no_article", "consent_wall", "login_wall", "not_html"})
LASTING_STATUSES = frozenset({404, 410})


def lasting_failure(error: FetchError) -> str | None:
    """The code under which an article page's failure is remembered; None if it is not
    lasting (a timeout, a 503: tried again next run)."""
    if error.error in LASTING_ERRORS:
        return error.error
    if error.error == "http_error" and error.status in LASTING_STATUSES:
        return f"http_{error.status}"
    return None


class DatedJsonlPipeline:
    """With ``CRAWL_OUTPUT_DIR`` set, append each article of a scheduled crawl to
    ``DIR/<source>/<YYYY-MM-DD>.jsonl`` and each error to ``...<YYYY-MM-DD>.errors.jsonl``
    (the UTC date of the run's start), one whole line at a time, then record the article in
    the seen store (when ``SEEN_ENABLED``), and the article pages that failed for a lasting
    reason.

    A kill between writing a line and recording it would make the next run fetch and write the
    article again; so at start the last line of each source's newest file is recorded when the
    store does not have it. Stats: ``crawl_output/articles/<source>``,
    ``crawl_output/errors/<source>``, ``crawl_output/unwritten`` (items dropped after a
    storage error).
    """

    def __init__(self, crawler: Crawler, folder: Path, seen: bool) -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.folder = folder
        self.seen = seen
        self.store: SeenStore | None = None
        self.day = ""
        self.files: dict[Path, JsonlAppender] = {}
        self.stopped = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatedJsonlPipeline:
        folder = crawler.settings.get("CRAWL_OUTPUT_DIR")
        if not folder:
            raise NotConfigured
        seen = crawler.settings.getbool("SEEN_ENABLED") and bool(crawler.settings.get("SEEN_DB"))
        return cls(crawler, Path(folder), seen)

    def open_spider(self) -> None:
        self.day = now().strftime("%Y-%m-%d")
        newest = self._newest_files()
        for path in newest:  # a run killed on another day left its torn line there
            repair_torn_tail(path)
        if self.seen:
            self.store = seen_store(self.crawler)
            self._record_last_lines(newest)

    def close_spider(self) -> None:
        for appender in self.files.values():
            appender.close()

    def process_item(self, item):
        if self.stopped:
            self.stats.inc_value("crawl_output/unwritten")
            raise DropItem("not written: the crawl is stopping", log_level="DEBUG")
        path = None
        try:
            if isinstance(item, Article):
                path = self.folder / item.source / f"{self.day}.jsonl"
                self._file(path).write(record(item))
                self.stats.inc_value(f"crawl_output/articles/{item.source}")
                if self.store:
                    path = None
                    remember(self.store, item)
            elif isinstance(item, FetchError):
                path = self.folder / item.source / f"{self.day}.errors.jsonl"
                self._file(path).write(
                    {**record(item), "source": item.source, "start_point": item.start_point})
                self.stats.inc_value(f"crawl_output/errors/{item.source}")
                code = lasting_failure(item)
                if self.store and item.url and not item.start_point and code:
                    path = None
                    self.store.record_failure(canonical_url(item.url), item.url, code,
                                              datetime.fromisoformat(item.fetched_at))
        except (OSError, SeenStoreError) as exc:
            self._stop(path, exc)
            raise DropItem("not written: storage error", log_level="DEBUG") from None
        return item

    def _stop(self, path: Path | None, exc: Exception) -> None:
        """Stop the crawl after the first failed write."""
        self.stopped = True
        reason = f"cannot write {path}: {exc.strerror}" if isinstance(exc, OSError) and path \
            else str(exc)
        logger.warning("%s; stopping the crawl", reason)
        self.stats.set_value("crawl_output/storage_error", reason)
        self.stats.inc_value("crawl_output/unwritten")
        deferred_from_coro(self.crawler.engine.close_spider_async(reason="storage_error"))

    def _file(self, path: Path) -> JsonlAppender:
        if path not in self.files:
            self.files[path] = JsonlAppender(path)
        return self.files[path]

    def _newest_files(self) -> list[Path]:
        """Each source's newest file of articles."""
        if not self.folder.is_dir():
            return []
        found = (max(d.glob("????-??-??.jsonl"), default=None)
                 for d in self.folder.iterdir() if d.is_dir())
        return [path for path in found if path]

    def _record_last_lines(self, newest: list[Path]) -> None:
        for path in newest:
            line = last_line(path)
            try:
                data = json.loads(line) if line else None
                # A line written before a field existed lacks it (``warc``): its default fills
                # in; a field Article cannot do without, missing, is a TypeError.
                article = (Article(**{name: data[name] for name in ARTICLE_FIELDS if name in data})
                           if data else None)
            except (ValueError, TypeError) as exc:
                logger.warning("%s: its last line is not an article record (%s); not recorded",
                               path, exc)
                continue
            if article is None:
                continue
            if self.store.classify(seen_key(article), fingerprint(article.text)) != "unchanged":
                logger.warning("%s: the last article written, %s, was not in the seen store; "
                               "recording it", path, article.url)
                remember(self.store, article)
