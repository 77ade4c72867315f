"""The pipelines of scheduled crawls, after validation: drop what was written before
(SeenPipeline), append the rest to dated per-source files (DatedJsonlPipeline)."""

from __future__ import annotations

import json
import logging
from datetime import datetime
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from ..canonical import canonical_url
from ..clock import now
from ..items import ARTICLE_FIELDS, Article, FetchError, record
from .output import JsonlAppender, last_line, repair_torn_tail
from .seen import SeenStore, fingerprint, open_seen_store

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
    """With ``SEEN_DB`` set, let through only articles that are new or whose text changed.

    An article whose canonical URL the store has with the same text is dropped ("unchanged"),
    as is one whose text the store has under another URL ("duplicate"); both are recorded, so
    the store's dates move on and the other URL is not fetched again. A changed text passes
    with ``updated`` set. Stats: ``seen/<status>`` and ``seen/<status>/<source>``.
    """

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.settings = crawler.settings
        self.store: SeenStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenPipeline:
        if not crawler.settings.get("SEEN_DB"):
            raise NotConfigured
        return cls(crawler)

    def open_spider(self) -> None:
        self.store = open_seen_store(self.settings)

    def close_spider(self) -> None:
        self.store.close()

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
# are remembered, and fetched again only when their feed or sitemap date moves.
LASTING_ERRORS = frozenset({"no_article", "consent_wall", "login_wall", "not_html"})


class DatedJsonlPipeline:
    """With ``CRAWL_OUTPUT_DIR`` set, append each article of a scheduled crawl to
    ``DIR/<source>/<YYYY-MM-DD>.jsonl`` and each error to ``...<YYYY-MM-DD>.errors.jsonl``
    (the UTC date of the run's start), one whole line at a time, then record the article in
    the seen store (``SEEN_DB``, when set).

    A kill between writing a line and recording it would make the next run fetch and write the
    article again; so at start the last line of each source's newest file is recorded when the
    store does not have it. Stats: ``crawl_output/articles/<source>``,
    ``crawl_output/errors/<source>``.
    """

    def __init__(self, crawler: Crawler, folder: Path, seen_db: Path | None) -> None:
        self.stats = crawler.stats
        self.settings = crawler.settings
        self.folder = folder
        self.seen_db = seen_db
        self.store: SeenStore | None = None
        self.day = ""
        self.files: dict[Path, JsonlAppender] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DatedJsonlPipeline:
        folder = crawler.settings.get("CRAWL_OUTPUT_DIR")
        if not folder:
            raise NotConfigured
        seen_db = crawler.settings.get("SEEN_DB")
        return cls(crawler, Path(folder), Path(seen_db) if seen_db else None)

    def open_spider(self) -> None:
        self.day = now().strftime("%Y-%m-%d")
        newest = self._newest_files()
        for path in newest:  # a run killed on another day left its torn line there
            repair_torn_tail(path)
        if self.seen_db:
            self.store = open_seen_store(self.settings)
            self._record_last_lines(newest)

    def close_spider(self) -> None:
        for appender in self.files.values():
            appender.close()
        if self.store:
            self.store.close()

    def process_item(self, item):
        if isinstance(item, Article):
            self._file(item.source, ".jsonl").write(record(item))
            self.stats.inc_value(f"crawl_output/articles/{item.source}")
            if self.store:
                remember(self.store, item)
        elif isinstance(item, FetchError):
            self._file(item.source, ".errors.jsonl").write(
                {**record(item), "source": item.source, "start_point": item.start_point})
            self.stats.inc_value(f"crawl_output/errors/{item.source}")
            if self.store and item.url and not item.start_point and item.error in LASTING_ERRORS:
                self.store.record_failure(canonical_url(item.url), item.url, item.error,
                                          datetime.fromisoformat(item.fetched_at))
        return item

    def _file(self, source: str, suffix: str) -> JsonlAppender:
        path = self.folder / source / f"{self.day}{suffix}"
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
                article = Article(**{name: data[name] for name in ARTICLE_FIELDS}) if data else None
            except (ValueError, KeyError, TypeError) as exc:
                logger.warning("%s: its last line is not an article record (%s); not recorded",
                               path, exc)
                continue
            if article is None:
                continue
            if self.store.classify(seen_key(article), fingerprint(article.text)) != "unchanged":
                logger.warning("%s: the last article written, %s, was not in the seen store; "
                               "recording it", path, article.url)
                remember(self.store, article)
