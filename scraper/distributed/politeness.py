"""A per-site concurrency limit shared by every process using the same Redis.

Scrapy's ``CONCURRENT_REQUESTS_PER_DOMAIN`` holds per process: N machines would hit a site N
times as hard. With ``REDIS_URL`` set, this downloader middleware makes it a limit for all of
them together: before a request goes out it takes one of the site's
``CONCURRENT_REQUESTS_PER_DOMAIN`` tokens in Redis (waiting while none is free), and gives it
back with the response or the error. Each process keeps a presence key alive
(``REDIS_LEASE_SECONDS``, renewed by a thread); the tokens of a process whose key expired (it
died) are freed by the next request to that site, and any token expires after
``DOWNLOAD_TIMEOUT`` + 10 s. A site is the URL's scheme, host and port. Stats:
``politeness/waited`` (requests that had to wait), ``politeness/seconds`` (time spent waiting).
"""

from __future__ import annotations

import asyncio
import logging
import threading
import time
from collections import defaultdict
from typing import Any

from scrapy import Request, signals
from scrapy.exceptions import NotConfigured
from scrapy.http import Response
from scrapy.utils.httpobj import urlparse_cached

from . import enabled, redis_from_settings
from .rounds import worker_name

logger = logging.getLogger(__name__)

# KEYS[1] = the site's tokens (sorted set: "<process>|<n>" -> expiry ms); ARGV = token, limit,
# ttl ms, the presence keys' prefix.
ACQUIRE = """
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now)
for _, held in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
  local process = string.match(held, '^(.*)|')
  if redis.call('EXISTS', ARGV[4] .. process) == 0 then redis.call('ZREM', KEYS[1], held) end
end
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
                 lease_seconds: float, prefix: str = "newsscrape:site") -> None:
        self.server = server
        self.stats = stats
        self.limit = limit
        self.ttl_ms = int(ttl_seconds * 1000)
        self.prefix = prefix
        self._acquire = server.register_script(ACQUIRE)
        self._turns: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self.process = worker_name()
        self.presence = f"{prefix}:alive:{self.process}"
        self.lease_ms = int(lease_seconds * 1000)
        self.stopped = threading.Event()
        self.server.set(self.presence, 1, px=self.lease_ms)
        threading.Thread(target=self._keep_presence, daemon=True,
                         name="newsscrape-site-presence").start()
        self.count = 0

    @classmethod
    def from_crawler(cls, crawler: Any) -> SharedSiteLimitMiddleware:
        settings = crawler.settings
        if not enabled(settings):
            raise NotConfigured
        middleware = cls(redis_from_settings(settings), crawler.stats,
                         settings.getint("CONCURRENT_REQUESTS_PER_DOMAIN"),
                         settings.getfloat("DOWNLOAD_TIMEOUT") + 10,
                         settings.getfloat("REDIS_LEASE_SECONDS", 60.0))
        crawler.signals.connect(middleware.close, signal=signals.engine_stopped)
        return middleware

    def _keep_presence(self) -> None:
        while not self.stopped.wait(self.lease_ms / 3000):
            try:
                self.server.set(self.presence, 1, px=self.lease_ms)
            except Exception:  # noqa: BLE001 (Redis away for a moment: try again, log it)
                logger.warning("could not renew %s", self.presence, exc_info=True)

    def close(self) -> None:
        """This process is done: its presence goes, and with it any token it still holds."""
        self.stopped.set()
        self.server.delete(self.presence)

    def site_key(self, request: Request) -> str:
        url = urlparse_cached(request)
        port = url.port or {"http": 80, "https": 443}.get(url.scheme, 0)
        return f"{self.prefix}:{url.scheme}://{url.hostname}:{port}"

    async def process_request(self, request: Request) -> None:
        """Take one of the site's tokens. One request per site and process asks Redis at a
        time; the others wait their turn here without a call."""
        self.count += 1
        key, token = self.site_key(request), f"{self.process}|{self.count}"
        started = time.monotonic()
        waited = False
        async with self._turns[key]:
            while not self._acquire(keys=[key], args=[token, self.limit, self.ttl_ms,
                                                      f"{self.prefix}:alive:"]):
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
