"""Item pipelines, in data-path order: extract -> save the page -> validate -> drop errors.

Spiders yield Page items; ExtractPipeline turns each into an Article (language detected and
cleaned) or a FetchError saying why there is none. Feed exports write what comes out; scheduled
crawls add their own pipelines (scraper.scheduled.pipelines) between validate and the feeds.
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem, NotConfigured

from cleaners.extract import decode

from .canonical import canonical_url, stable_id
from .items import Article, FetchError, Page, record
from .records import article_or_error, problems

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
