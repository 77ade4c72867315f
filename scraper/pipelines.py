"""Item pipelines, in data-path order: extract -> save the page -> validate.

Spiders yield Page items; ExtractPipeline turns each into an Article (language detected and
cleaned) or a FetchError saying why there is none. Feed exports write what comes out.
"""

from __future__ import annotations

import gzip
import logging
from pathlib import Path

from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured

from cleaners.extract import decode

from .canonical import canonical_url, stable_id
from .extraction import article_or_error
from .items import Article, FetchError, Page, record
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
        result = article_or_error(html, url=item.url, fetched_at=item.fetched_at)
        if isinstance(result, Article):
            for removal in result.removed:
                self.stats.inc_value(f"cleaner/removed/{removal['kind']}")
        if isinstance(result, FetchError) and item.requested_url:
            result.url = item.requested_url
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
            name = item.id if isinstance(item, Article) else stable_id(canonical_url(item.url or ""))
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
                              fetched_at=item.fetched_at, source_file=item.source_file)
        return item
