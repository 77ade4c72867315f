"""A per-site concurrency limit shared by every process using the same Redis.

Scrapy's ``CONCURRENT_REQUESTS_PER_DOMAIN`` holds per process: N machines would hit a site N
times as hard. With ``REDIS_URL`` set, this downloader middleware makes it a limit for all of
them together: before a request goes out it takes one of the site's
``CONCURRENT_REQUESTS_PER_DOMAIN`` tokens in Redis (waiting while none is free), and gives it
back with the response or the error. A token whose process died expires after
``DOWNLOAD_TIMEOUT`` + 10 s. A site is the URL's scheme, host and port. Stats:
``politeness/waited`` (requests that had to wait), ``politeness/seconds`` (time spent waiting).
"""

from __future__ import annotations

import asyncio
import time
import uuid
from collections import defaultdict
from typing import Any

from scrapy import Request
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from . import enabled, redis_from_settings

# KEYS[1] = the site's tokens (sorted set: token -> expiry ms); ARGV = token, limit, ttl ms.
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
if redis.call('ZCARD', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('ZADD', KEYS[1], now + tonumber(ARGV[3]), ARGV[1])
redis.call('PEXPIRE', KEYS[1], tonumber(ARGV[3]))
return 1
"""
POLL = 0.02  # seconds between attempts while the site's tokens are all taken
TOKEN = "newsscrape_site_token"  # request meta key


class SharedSiteLimitMiddleware:
    """At most ``CONCURRENT_REQUESTS_PER_DOMAIN`` requests at once per site, across processes."""

    def __init__(self, server: Any, stats: Any, limit: int, ttl_seconds: float,
                 prefix: str = "newsscrape:site") -> None:
        self.server = server
        self.stats = stats
        self.limit = limit
        self.ttl_ms = int(ttl_seconds * 1000)
        self.prefix = prefix
        self._acquire = server.register_script(ACQUIRE)
        self._turns: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedSiteLimitMiddleware:
        settings = crawler.settings
        if not enabled(settings):
            raise NotConfigured
        return cls(redis_from_settings(settings), crawler.stats,
                   settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
                   settings.getfloat("DOWNLOAD_TIMEOUT") + 10)

    def site_key(self, request: Request) -> str:
        url = urlparse_cached(request)
        port = url.port or {"http": 80, "https": 443}.get(url.scheme, 0)
        return f"{self.prefix}:{url.scheme}://{url.hostname}:{port}"

    async def process_request(self, request: Request) -> None:
        """Take one of the site's tokens. One request per site and process asks Redis at a
        time; the others wait their turn here without a call."""
        key, token = self.site_key(request), uuid.uuid4().hex
        started = time.monotonic()
        waited = False
        async with self._turns[key]:
            while not self._acquire(keys=[key], args=[token, self.limit, self.ttl_ms]):
                waited = True
                await asyncio.sleep(POLL)
        if waited:
            self.stats.inc_value("politeness/waited")
            self.stats.inc_value("politeness/seconds", time.monotonic() - started)
        request.meta[TOKEN] = (key, token)

    def process_response(self, request: Request, response: Response) -> Response:
        self._release(request)
        return response

    def process_exception(self, request: Request, exception: Exception) -> None:
        self._release(request)

    def _release(self, request: Request) -> None:
        if held := request.meta.pop(TOKEN, None):
            self.server.zrem(*held)
