"""One crawl over several machines: scrapy-redis' shared queue and duplicate filter, in rounds.

Everything here is off unless ``REDIS_URL`` is set (a setting, or the environment variable of
that name): without it no module here imports ``redis``, and nothing contacts a server.

    rounds.py      the round a process joins, its lease, and the round's keys
    queue.py       a reliable request queue: taken requests wait in a per-worker list
    dupefilter.py  scrapy-redis' duplicate filter, on the crawler's request fingerprinter
    scheduler.py   scrapy-redis' scheduler, keyed by the round, giving back a dead worker's work
    switch.py      the SCHEDULER setting: Scrapy's own scheduler, or the round's
    _engine.py     the two places where we read Scrapy's engine (tested adapter)
    filtering.py   every request a spider yields goes through the shared duplicate filter
    politeness.py  a per-site concurrency limit shared by every process
    seen.py        the seen-article store in Redis (the SeenStore interface)
    claims.py      an article is written by one worker only, even when one dies mid-write
    consumer.py    ``newsscrape fetch --redis``: fetch the URLs ``newsscrape enqueue`` pushed
"""

from __future__ import annotations

from typing import Any

__all__ = ["enabled", "redis_from_settings", "unreachable"]


def enabled(settings: Any) -> bool:
    """True when ``REDIS_URL`` is set: the one switch of the distributed parts."""
    return bool(settings.get("REDIS_URL"))


def redis_from_settings(settings: Any) -> Any:
    """A Redis client for ``REDIS_URL`` (scrapy-redis' connection settings apply)."""
    from scrapy_redis.connection import get_redis_from_settings

    return get_redis_from_settings(settings)


def unreachable(settings: Any) -> str | None:
    """Why the Redis at ``REDIS_URL`` cannot be used (the URL without its password), or None."""
    from urllib.parse import urlsplit

    from redis import RedisError

    url = urlsplit(settings.get("REDIS_URL"))
    shown = url._replace(netloc=url.netloc.rpartition("@")[2]).geturl()
    try:
        server = redis_from_settings(settings)
        try:
            server.ping()
        finally:
            server.close()
    except (RedisError, ValueError) as exc:
        return f"cannot use the Redis at {shown} (REDIS_URL): {exc}"
    return None
