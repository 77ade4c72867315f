"""``newsscrape fetch --redis``: fetch the URLs that ``newsscrape enqueue`` pushed, until the
list is empty; any number of consumers share it (scrapy-redis' ``redis_key`` pattern).

The list is ``newsscrape:urls:<queue>:start_urls`` (``--queue``, default ``urls``), one JSON
object ``{"url": ...}`` an entry, as scrapy-redis reads them. scrapy-redis 0.9.1 feeds a spider
through ``start_requests()``, which Scrapy 2.16 and later never call: ``start()`` here takes
the first batch instead, and ``spider_idle`` the next ones, as scrapy-redis does. A batch goes
straight into the round's reliable queue (scraper.distributed.scheduler); the consumer stops
when the list is empty and the round has nothing left that another consumer could still give.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.spiders import RedisMixin

from ..clock import timestamp
from ..items import FetchError
from ..outcomes import count
from ..spiders.urls import UrlsSpider


def urls_key(queue: str) -> str:
    """The Redis list of a URL queue."""
    return f"newsscrape:urls:{queue}:start_urls"


def round_prefix(queue: str) -> str:
    """The key prefix of the rounds of a URL queue's consumers."""
    return f"newsscrape:urls:{queue}"


def encode(url: str) -> str:
    """One entry of the list, in scrapy-redis' JSON form."""
    return json.dumps({"url": url})


class RedisUrlsSpider(RedisMixin, UrlsSpider):
    """UrlsSpider fed from a Redis list."""

    name = "redis_urls"

    def __init__(self, queue: str = "urls", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.redis_key = urls_key(queue)

    @classmethod
    def from_crawler(cls, crawler: Any, *args: Any, **kwargs: Any) -> RedisUrlsSpider:
        spider = super().from_crawler(crawler, *args, **kwargs)
        spider.setup_redis(crawler)
        return spider

    async def start(self) -> AsyncIterator[scrapy.Request]:
        for output in self.next_requests():
            yield output

    def make_request_from_data(self, data: bytes) -> scrapy.Request | list:
        """The request for one entry, counted as taken (``url_queue/taken``: the consumers of a
        round share what they take, so each one's articles and errors do not add up to it);
        nothing for an entry that is not an http(s) URL (``newsscrape enqueue`` refuses those
        with a ``bad_url`` error), counted as that error."""
        self.crawler.stats.inc_value("url_queue/taken")
        try:
            url = json.loads(data)["url"]
        except (ValueError, KeyError, TypeError):
            url = None
        request = self.request_for(url) if isinstance(url, str) else None
        if isinstance(request, scrapy.Request):
            return request
        self.logger.error("not a URL queue entry with an http(s) URL, skipped: %r", data[:200])
        count(self.crawler.stats, request if isinstance(request, FetchError) else FetchError(
            url=None, error="bad_url", message="not a URL queue entry", fetched_at=timestamp()))
        return []

    def spider_idle(self) -> None:
        """Take the next batch while the list has one; stop when it is empty."""
        if self.count_size(self.redis_key) > 0:
            self.schedule_next_requests()
            raise DontCloseSpider
