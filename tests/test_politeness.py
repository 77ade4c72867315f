"""The per-site limit shared through Redis: tokens, waiting, and a dead process's tokens."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Iterator

import pytest
import redis
from scrapy import Request
from scrapy.http import Response
from scrapy.statscollectors import MemoryStatsCollector
from scrapy.utils.test import get_crawler

from scraper.distributed.politeness import SharedSiteLimitMiddleware

from .conftest import run_async
from .redis_server import redis_server, redis_url  # noqa: F401 (fixtures)


@pytest.fixture
def limiter(redis_url) -> Iterator[Callable[..., SharedSiteLimitMiddleware]]:  # noqa: F811
    """Makes the middleware of one process; stops their presence threads afterwards."""
    made: list[SharedSiteLimitMiddleware] = []

    def make(lease: float = 30) -> SharedSiteLimitMiddleware:
        stats = MemoryStatsCollector(get_crawler())
        made.append(SharedSiteLimitMiddleware(redis.Redis.from_url(redis_url), stats, limit=2,
                                              ttl_seconds=60, lease_seconds=lease))
        return made[-1]

    yield make
    for middleware in made:
        middleware.close()


def take(middleware: SharedSiteLimitMiddleware, url: str, within: float = 2) -> Request:
    request = Request(url)
    run_async(asyncio.wait_for(middleware.process_request(request), within))
    return request


def test_a_site_gets_at_most_the_limit_across_processes_and_a_token_back_frees_one(limiter):
    one, other = limiter(), limiter()
    first, _ = take(one, "http://127.0.0.1:8000/a"), take(other, "http://127.0.0.1:8000/b")
    take(other, "http://127.0.0.1:9000/a")  # another port is another site
    with pytest.raises(TimeoutError):
        take(other, "http://127.0.0.1:8000/c", within=0.2)
    one.process_response(first, Response(first.url))
    take(other, "http://127.0.0.1:8000/c")


def test_the_tokens_of_a_dead_process_are_freed_when_its_presence_expires(limiter):
    dead, alive = limiter(lease=0.3), limiter()
    take(dead, "http://127.0.0.1:8000/a"), take(dead, "http://127.0.0.1:8000/b")
    dead.stopped.set()  # killed: its presence is no longer renewed, nor deleted
    started = time.monotonic()
    take(alive, "http://127.0.0.1:8000/c")
    assert 0.1 < time.monotonic() - started < 1.5
    assert alive.stats.get_value("politeness/waited") == 1
