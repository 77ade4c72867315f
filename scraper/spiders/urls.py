"""UrlsSpider: fetch the URLs it is given, one article each."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

import scrapy

from ..clock import timestamp
from ..items import FetchError
from ._pages import error_from_failure, page_or_error


class UrlsSpider(scrapy.Spider):
    """``scrapy crawl urls -a urls=URL1,URL2`` or ``-a urls_file=FILE`` (one URL a line)."""

    name = "urls"

    def __init__(self, urls: str | Iterable[str] = (), urls_file: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        given = urls.replace(",", "\n").split() if isinstance(urls, str) else list(urls)
        if urls_file:
            with open(urls_file, encoding="utf-8") as f:
                given += [line.strip() for line in f if line.strip()]
        self.urls = [u for u in given if not u.startswith("#")]

    async def start(self) -> AsyncIterator[scrapy.Request | FetchError]:
        for url in self.urls:
            try:
                yield scrapy.Request(url, callback=self.parse, errback=self.failed,
                                     meta={"input_url": url}, dont_filter=True)
            except ValueError as exc:
                yield FetchError(url=url, error="bad_url", message=str(exc),
                                 fetched_at=timestamp())

    def parse(self, response):
        yield page_or_error(response)

    def failed(self, failure):
        yield error_from_failure(failure)
