"""Item pipelines, in data-path order: extract -> save the page -> validate -> seen -> write.

Spiders yield Page items; ExtractPipeline turns each into an Article (language detected and
cleaned) or a FetchError saying why there is none. Feed exports write what comes out; in
scheduled crawls SeenPipeline drops what was written before and DatedJsonlPipeline writes the
rest to dated per-source files.
"""

from __future__ import annotations

import gzip
import json
import logging
from datetime import datetime
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from cleaners.extract import decode

from .canonical import canonical_url, stable_id
from .clock import now
from .extraction import article_or_error
from .items import ARTICLE_FIELDS, Article, FetchError, Page, record
from .jsonl import JsonlAppender, last_line, repair_torn_tail
from .seen import SeenStore, fingerprint
from .validate import problems

logger = logging.getLogger(__name__)


class ExtractPipeline:
    """Page -> Article or FetchError; counts removals per kind (``cleaner/removed/<kind>``)."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats
        self.keep_html = bool(crawler.settings.get("SAVE_HTML_DIR"))

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ExtractPipeline:
        return cls(crawler)

    def process_item(self, item):
        if not isinstance(item, Page):
            return item
        html, wrong_charset = decode(item.body, item.encoding)
        if wrong_charset:
            self.stats.inc_value("newsscrape/charset_mismatch")
            logger.warning("%s: bytes are not %s as declared; guessing the encoding",
                           item.url, item.encoding)
        result = article_or_error(html, url=item.url, fetched_at=item.fetched_at,
                                  language_hint=item.language_hint)
        if isinstance(result, Article):
            for removal in result.removed:
                self.stats.inc_value(f"cleaner/removed/{removal['kind']}")
        if isinstance(result, FetchError) and item.requested_url:
            result.url = item.requested_url
        if isinstance(result, Article):
            result.source_date = item.source_date
            result.requested_url = item.requested_url
        result.source = item.source
        if self.keep_html:
            result.html = item.body
        return result


class SaveHtmlPipeline:
    """With ``SAVE_HTML_DIR`` set, keep every fetched page as ``<record id>.html.gz``.

    ``newsscrape extract DIR`` cleans them again later, with newer rules.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SaveHtmlPipeline:
        folder = crawler.settings.get("SAVE_HTML_DIR")
        if not folder:
            raise NotConfigured
        return cls(Path(folder))

    def open_spider(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)

    def process_item(self, item):
        if isinstance(item, (Article, FetchError)) and item.html is not None:
            name = (item.id if isinstance(item, Article)
                    else stable_id(canonical_url(item.url or "")))
            path = self.folder / f"{name}.html.gz"
            tmp = path.with_suffix(".tmp")
            tmp.write_bytes(gzip.compress(item.html))
            tmp.replace(path)
            item.html = None
        return item


class ValidatePipeline:
    """Let through only articles that match the published schema; others become errors."""

    def __init__(self, crawler: Crawler) -> None:
        self.stats = crawler.stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        return cls(crawler)

    def process_item(self, item):
        if isinstance(item, Article) and (found := problems(record(item))):
            logger.error("%s: invalid record: %s", item.url, "; ".join(found))
            return FetchError(url=item.url, error="invalid_record", message="; ".join(found),
                              fetched_at=item.fetched_at, source_file=item.source_file,
                              source=item.source)
        return item


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

    def __init__(self, crawler: Crawler, path: Path) -> None:
        self.stats = crawler.stats
        self.path = path
        self.store: SeenStore | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> SeenPipeline:
        path = crawler.settings.get("SEEN_DB")
        if not path:
            raise NotConfigured
        return cls(crawler, Path(path))

    def open_spider(self) -> None:
        self.store = SeenStore(self.path)

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
            self.store = SeenStore(self.seen_db)
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


class DropErrorsPipeline:
    """FetchError items reach the feeds only with ``FETCH_ERRORS_EXPORT`` set: ``newsscrape``
    sets it and sends them to ``--errors FILE``; under ``scrapy crawl -o FILE`` they are
    logged and counted (scraper.outcomes), and dropped here, so the file holds articles only.
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> DropErrorsPipeline:
        if crawler.settings.getbool("FETCH_ERRORS_EXPORT"):
            raise NotConfigured
        return cls()

    def process_item(self, item):
        if isinstance(item, FetchError):
            raise DropItem(f"{item.error}: {item.url or item.source_file}", log_level="DEBUG")
        return item
