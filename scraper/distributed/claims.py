"""An article is written by one worker only, even when a worker dies while writing it.

A scheduled crawl writes an article's line, then records it in the seen store; a worker killed
in between leaves a line the store does not know. On one machine the next run repairs that
from its own folder. In a round, the dead worker's request goes back to the queue and another
worker would fetch the article and write a second copy into its own folder. So, with
``REDIS_URL`` and ``CRAWL_OUTPUT_DIR`` set, an article is claimed in Redis before it is
written (``P:claim:<canonical URL>`` = the writer: this host and output folder) and the claim
is dropped once it is written and recorded. Another worker meeting a live claim drops the
article (``claims/held_elsewhere``). When the killed worker's folder is next crawled, its
claims are settled: an article whose line is in the folder is recorded, the others are
released, and are fetched by that run. A claim nobody settles expires after
``REDIS_CLAIM_TTL`` seconds (default one day). Runs after ``SeenPipeline``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import socket
from pathlib import Path
from typing import Any

from scrapy import signals
from scrapy.exceptions import DropItem, NotConfigured

from ..items import ARTICLE_FIELDS, Article
from ..scheduled.pipelines import remember, seen_key
from ..scheduled.seencheck import seen_store
from . import enabled, redis_from_settings

logger = logging.getLogger(__name__)


def writer_name(folder: Path) -> str:
    """The same name for every run on this host writing into ``folder``."""
    where = f"{socket.gethostname()}:{folder.resolve()}"
    return hashlib.sha256(where.encode("utf-8")).hexdigest()[:16]


class ClaimPipeline:
    """Claim each article before DatedJsonlPipeline writes it; settle a dead run's claims."""

    def __init__(self, crawler: Any, folder: Path, ttl: int,
                 prefix: str = "newsscrape:claims") -> None:
        self.crawler = crawler
        self.stats = crawler.stats
        self.folder = folder
        self.ttl = ttl
        self.prefix = prefix
        self.server = redis_from_settings(crawler.settings)
        self.writer = writer_name(folder)
        crawler.signals.connect(self._written, signal=signals.item_scraped)
        crawler.signals.connect(self._not_written, signal=signals.item_dropped)
        crawler.signals.connect(self._not_written, signal=signals.item_error)

    @classmethod
    def from_crawler(cls, crawler: Any) -> ClaimPipeline:
        settings = crawler.settings
        if not enabled(settings) or not settings.get("CRAWL_OUTPUT_DIR"):
            raise NotConfigured
        return cls(crawler, Path(settings["CRAWL_OUTPUT_DIR"]),
                   settings.getint("REDIS_CLAIM_TTL", 86400))

    @property
    def _mine(self) -> str:
        """This writer's claims: hash canonical URL -> source."""
        return f"{self.prefix}:writer:{self.writer}"

    def _claim_key(self, canonical_url: str) -> str:
        return f"{self.prefix}:claim:{canonical_url}"

    def open_spider(self) -> None:
        """Settle the claims a killed run of this folder left."""
        left = {_text(k): _text(v) for k, v in self.server.hgetall(self._mine).items()}
        if not left:
            return
        store = seen_store(self.crawler)
        for article in self._written_articles(left):
            logger.warning("%s: written by a run killed before recording it; recording it",
                           article.url)
            remember(store, article)
        for canonical_url in left:
            self._release(canonical_url)
        self.stats.inc_value("claims/settled", len(left))

    def _written_articles(self, claims: dict[str, str]) -> list[Article]:
        """The claimed articles whose line is in this folder (each source's newest file)."""
        found: dict[str, Article] = {}
        for source in set(claims.values()):
            newest = max((self.folder / source).glob("????-??-??.jsonl"), default=None)
            if newest is None:
                continue
            for line in newest.read_text(encoding="utf-8").splitlines():
                try:
                    data = json.loads(line)
                    article = Article(**{name: data[name] for name in ARTICLE_FIELDS})
                except (ValueError, KeyError, TypeError):
                    continue
                if claims.get(seen_key(article)) == source:
                    found[seen_key(article)] = article
        return list(found.values())

    def process_item(self, item: Any) -> Any:
        if not isinstance(item, Article):
            return item
        key = seen_key(item)
        holder = self.server.set(self._claim_key(key), self.writer, nx=True, ex=self.ttl,
                                 get=True)
        if holder is not None and _text(holder) != self.writer:
            self.stats.inc_value("claims/held_elsewhere")
            raise DropItem(f"claimed by another worker: {item.url}", log_level="DEBUG")
        self.server.hset(self._mine, key, item.source or "")
        return item

    def _written(self, item: Any, **_: Any) -> None:
        if isinstance(item, Article):
            self._release(seen_key(item))

    def _not_written(self, item: Any, **kwargs: Any) -> None:
        """A later pipeline dropped it or failed: release a claim that is ours."""
        if isinstance(item, Article) and _text(self.server.hget(self._mine, seen_key(item))):
            self._release(seen_key(item))

    def _release(self, canonical_url: str) -> None:
        pipe = self.server.pipeline()
        pipe.hdel(self._mine, canonical_url)
        pipe.delete(self._claim_key(canonical_url))
        pipe.execute()


def _text(value: bytes | str | None) -> str | None:
    return value.decode() if isinstance(value, bytes) else value
