"""In a round, every request a spider yields goes through the shared duplicate filter.

Our spiders mark their requests ``dont_filter``: one process keeps its own account of what it
requested. Several processes reading the same feeds would then each fetch every article.
With ``REDIS_URL`` set, this spider middleware clears ``dont_filter`` on the requests of
``start()`` and of callbacks, so the round's filter (the crawler's request fingerprinter, on
the canonical URL) lets each through once. Retries and redirects, made by downloader
middlewares, keep theirs.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

from scrapy import Request
from scrapy.exceptions import NotConfigured

from . import enabled


def _shared(output: Any) -> Any:
    if isinstance(output, Request) and output.dont_filter:
        return output.replace(dont_filter=False)
    return output


class SharedFilterMiddleware:
    """Clear ``dont_filter`` on spider requests when ``REDIS_URL`` is set."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedFilterMiddleware:
        if not enabled(crawler.settings):
            raise NotConfigured
        return cls()

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in start:
            yield _shared(output)

    def process_spider_output(self, response: Any, result: Iterable[Any]) -> Iterable[Any]:
        for output in result:
            yield _shared(output)

    async def process_spider_output_async(self, response: Any,
                                          result: AsyncIterator[Any]) -> AsyncIterator[Any]:
        async for output in result:
            yield _shared(output)
