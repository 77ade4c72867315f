"""Downloader middlewares."""

from __future__ import annotations

import asyncio
import logging
from email.utils import parsedate_to_datetime

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware
from scrapy.downloadermiddlewares.retry import RetryMiddleware
from scrapy.downloadermiddlewares.robotstxt import RobotsTxtMiddleware
from scrapy.downloadermiddlewares.useragent import UserAgentMiddleware
from scrapy.http import HtmlResponse, Request, Response
from scrapy.http.request import NO_CALLBACK
from scrapy.utils.defer import maybe_deferred_to_future
from scrapy.utils.httpobj import urlparse_cached
from twisted.internet.defer import Deferred

from .clock import now

logger = logging.getLogger(__name__)


def retry_after_seconds(value: bytes | None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header: delta-seconds or an HTTP date."""
    if not value:
        return None
    text = value.decode("latin-1").strip()
    if text.isdigit():
        return float(text)
    try:
        return max(0.0, (parsedate_to_datetime(text) - now()).total_seconds())
    except (TypeError, ValueError):
        return None


class RetryAfterMiddleware(RetryMiddleware):
    """Scrapy's retries (5xx, 429, timeouts), waiting as long as ``Retry-After`` asks.

    A wait longer than ``RETRY_AFTER_MAX`` seconds is not waited for: the response stands
    as the error.
    """

    def __init__(self, settings) -> None:
        super().__init__(settings)
        self.max_wait = settings.getfloat("RETRY_AFTER_MAX", 60.0)

    async def process_response(self, request: Request, response: Response) -> Request | Response:
        if request.meta.get("dont_retry") or response.status not in self.retry_http_codes:
            return response
        wait = retry_after_seconds(response.headers.get(b"Retry-After"))
        retries_left = (request.meta.get("retry_times", 0)
                        < request.meta.get("max_retry_times", self.max_retry_times))
        if wait is not None and retries_left:
            if wait > self.max_wait:
                logger.info("%s: Retry-After %.0f s is over RETRY_AFTER_MAX; giving up",
                            request.url, wait)
                return response
            await asyncio.sleep(wait)
        return super().process_response(request, response)


class SharedRobotsTxtMiddleware(RobotsTxtMiddleware):
    """Scrapy's robots.txt middleware, with every request waiting for the robots.txt fetch
    getting the parser, and that fetch in a download slot of its own.

    In Scrapy 2.19 requests that wait for a robots.txt being fetched await its Deferred
    directly; turning a Deferred into a Future consumes its result, so from the third request
    on a host the parser is None and robots.txt is not obeyed (regression of scrapy/scrapy
    pull request 6802). Here each waiter gets a Deferred of its own.

    The download delay spaces a site's pages; the robots.txt fetch, once per host and run,
    is the crawler's own. In the host's slot it made the first page wait a whole
    ``AUTOTHROTTLE_START_DELAY`` (a second, for one URL fetched from the shell): in a slot of
    its own (``robots.txt <host>``) it does not, and the pages after the first wait as before.
    """

    async def process_request(self, request: Request) -> None:
        if request.meta.get("dont_obey_robotstxt") and request.callback is NO_CALLBACK:
            url = urlparse_cached(request)
            if url.path == "/robots.txt":
                request.meta.setdefault("download_slot", f"robots.txt {url.hostname}")
        await super().process_request(request)

    async def robot_parser(self, request: Request):
        parser = self._parsers.get(urlparse_cached(request).netloc)
        if isinstance(parser, Deferred):
            mine: Deferred = Deferred()

            def relay(result):
                mine.callback(result)
                return result

            parser.addBoth(relay)
            return await maybe_deferred_to_future(mine)
        return await super().robot_parser(request)


class ContactUserAgentMiddleware(UserAgentMiddleware):
    """Scrapy's User-Agent middleware, with ``{contact}`` in ``USER_AGENT`` replaced by
    ``USER_AGENT_CONTACT_URL``: ``-s USER_AGENT_CONTACT_URL=https://example.org/bot`` tells
    site owners who runs the crawler."""

    @classmethod
    def from_crawler(cls, crawler):
        middleware = super().from_crawler(crawler)
        contact = crawler.settings.get("USER_AGENT_CONTACT_URL") or ""
        middleware.user_agent = middleware.user_agent.replace("{contact}", contact)
        return middleware


# Bytes that hold the first 4096 characters of a page, where Scrapy reads a meta refresh, in
# any charset (none takes more than 4 bytes a character).
META_REFRESH_HEAD = 4 * 4096


def _no_refresh(head: bytes) -> bool:
    """Whether no meta refresh can be in ``head``: the word is not there, in any case, and
    the bytes are of an ASCII-compatible charset (no NUL: UTF-16 and UTF-32 are left to
    Scrapy). Most pages end here, before anything is decoded (that was 7% of the reactor's
    CPU in a crawl of real pages)."""
    return b"\x00" not in head and b"refresh" not in head.lower()


class HeadMetaRefreshMiddleware(MetaRefreshMiddleware):
    """Scrapy's ``<meta http-equiv="refresh">`` redirects, reading only the head of the page.

    Scrapy's looks for the tag in the first 4096 characters of ``response.text``, which
    decodes the whole body on the reactor (and, without a declared charset, tries decodings of
    all of it) for nothing else: the workers decode the page themselves. Here it sees a
    response of the page's first ``META_REFRESH_HEAD`` bytes or a little more, cut after a
    ``>`` (never inside a character of an ASCII-compatible charset): the same characters, and
    the same decision (but for a page declaring no charset whose head alone decodes as UTF-8
    and the whole not, where a non-ASCII refresh URL may read differently).
    """

    def process_response(self, request: Request, response: Response) -> Request | Response:
        body = response.body
        if isinstance(response, HtmlResponse) and _no_refresh(body[:2 * META_REFRESH_HEAD]):
            return response
        cut = (body.rfind(b">", META_REFRESH_HEAD, 2 * META_REFRESH_HEAD) + 1
               if isinstance(response, HtmlResponse) else 0)
        if not cut or cut == len(body):  # (a small page, or no tag ends there: Scrapy's way)
            return super().process_response(request, response)
        # (not response.replace(): it would work out the whole page's encoding first)
        head = HtmlResponse(response.url, status=response.status, headers=response.headers,
                            body=body[:cut], request=response.request)
        result = super().process_response(request, head)
        return response if result is head else result
