"""UrlsSpider: fetch the URLs it is given, one article each."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterable
from typing import Any

import scrapy

from ..canonical import http_url_problem
from ..clock import timestamp
from ..items import FetchError
from ..url_list import url_lines
from ._pages import INPUT_URL, error_from_failure, page_from_response


class UrlsSpider(scrapy.Spider):
    """``scrapy crawl urls -a urls=URL1,URL2`` or ``-a urls_file=FILE`` (one URL a line)."""

    name = "urls"

    def __init__(self, urls: str | Iterable[str] = (), urls_file: str | None = None,
                 **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.urls = urls.replace(",", "\n").split() if isinstance(urls, str) else list(urls)
        if urls_file:
            with open(urls_file, encoding="utf-8-sig") as f:
                self.urls += url_lines(f)

    async def start(self) -> AsyncIterator[scrapy.Request | FetchError]:
        for url in self.urls:
            yield self.request_for(url)

    def request_for(self, url: str) -> scrapy.Request | FetchError:
        """The request for one input URL, or a ``bad_url`` error."""
        if problem := http_url_problem(url):
            return FetchError(url=url, error="bad_url", message=problem, fetched_at=timestamp())
        return scrapy.Request(url, callback=self.parse, errback=self.failed,
                              meta={INPUT_URL: url}, dont_filter=True)

    def parse(self, response):
        yield page_from_response(response)

    def failed(self, failure):
        yield error_from_failure(failure)
