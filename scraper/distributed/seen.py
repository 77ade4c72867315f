"""The seen-article store in Redis: what ``SqliteSeenStore`` holds, shared by every machine.

One hash per article, ``P:article:<canonical URL>`` (``url``, ``first_fetched_at``,
``fetched_at``, ``fingerprint``, ``source_date``), and ``P:fingerprints``, the number of
articles stored with each text fingerprint (for duplicates under other URLs). ``P`` is
``REDIS_SEEN_PREFIX`` (default ``newsscrape:seen``): one store for every crawl on that Redis,
as one output folder has one ``seen.sqlite``; it outlives rounds. Dates are kept as the SQLite
store keeps them (fixed-width UTC ISO 8601 text), and each change is one Lua script. A Redis
that fails mid-crawl raises SeenStoreError, as a bad SQLite file does: the crawl stops cleanly.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import Any

from redis import RedisError

from ..scheduled._closing import Closing
from ..scheduled.seen import FAILED, SeenStoreError, Status, _to_text, fetch_again

logger = logging.getLogger(__name__)

# KEYS = article, fingerprints; ARGV = fingerprint. The status `record` would give.
_CLASSIFY = """
local function classify(article, counts, fp)
  local old = redis.call('HGET', article, 'fingerprint')
  if old and string.sub(old, 1, 7) ~= 'failed:' then
    if old == fp then return 'unchanged' end
    return 'updated'
  end
  if tonumber(redis.call('HGET', counts, fp) or '0') > 0 then return 'duplicate' end
  return 'new'
end
"""
CLASSIFY = _CLASSIFY + "return classify(KEYS[1], KEYS[2], ARGV[1])"

# KEYS = article, fingerprints; ARGV = url, fingerprint, fetched_at, source_date ('' = none).
RECORD = _CLASSIFY + """
local article, counts = KEYS[1], KEYS[2]
local url, fp, fetched, date = ARGV[1], ARGV[2], ARGV[3], ARGV[4]
local old = redis.call('HGET', article, 'fingerprint')
local status = classify(article, counts, fp)
redis.call('HSETNX', article, 'first_fetched_at', fetched)
redis.call('HSET', article, 'url', url, 'fetched_at', fetched, 'fingerprint', fp)
if status == 'new' or status == 'duplicate' then
  if date == '' then redis.call('HDEL', article, 'source_date')
  else redis.call('HSET', article, 'source_date', date) end
elseif date ~= '' then
  local stored = redis.call('HGET', article, 'source_date')
  if not stored or date > stored then redis.call('HSET', article, 'source_date', date) end
end
if old ~= fp then
  if old and string.sub(old, 1, 7) ~= 'failed:' then
    if redis.call('HINCRBY', counts, old, -1) <= 0 then redis.call('HDEL', counts, old) end
  end
  redis.call('HINCRBY', counts, fp, 1)
end
return status
"""

# KEYS = article; ARGV = url, failure fingerprint, fetched_at, source_date ('' = none).
# An article stored there stays; a failure stored there is replaced.
RECORD_FAILURE = """
local old = redis.call('HGET', KEYS[1], 'fingerprint')
if old and string.sub(old, 1, 7) ~= 'failed:' then return 0 end
if not old then redis.call('HSET', KEYS[1], 'url', ARGV[1], 'first_fetched_at', ARGV[3]) end
redis.call('HSET', KEYS[1], 'fetched_at', ARGV[3], 'fingerprint', ARGV[2])
if ARGV[4] == '' then redis.call('HDEL', KEYS[1], 'source_date')
else redis.call('HSET', KEYS[1], 'source_date', ARGV[4]) end
return 1
"""


class RedisSeenStore(Closing):
    """The ``SeenStore`` interface (scraper.scheduled.seen) on a Redis server."""

    def __init__(self, server: Any, prefix: str = "newsscrape:seen") -> None:
        self.server = server
        self.prefix = prefix
        self._classify = server.register_script(CLASSIFY)
        self._record = server.register_script(RECORD)
        self._record_failure = server.register_script(RECORD_FAILURE)

    def _key(self, canonical_url: str) -> str:
        return f"{self.prefix}:article:{canonical_url}"

    @property
    def _counts(self) -> str:
        return f"{self.prefix}:fingerprints"

    def should_fetch(self, canonical_url: str, source_date: datetime | None, *,
                     failed_before: datetime | None = None) -> bool:
        """True if the article is unknown, or ``source_date`` is later than the stored one
        (or than the last fetch, when none is stored), or it is a remembered failure last
        fetched before ``failed_before``."""
        with self._failing():
            found = self.server.hmget(self._key(canonical_url),
                                      "fingerprint", "fetched_at", "source_date")
        stored, fetched_at, stored_date = (_text(v) for v in found)
        row = None if stored is None else (stored, fetched_at, stored_date)
        return fetch_again(row, source_date, failed_before)

    def classify(self, canonical_url: str, fingerprint: str) -> Status:
        with self._failing():
            return _text(self._classify(keys=[self._key(canonical_url), self._counts],
                                        args=[fingerprint]))

    def record(self, canonical_url: str, url: str, fingerprint: str, fetched_at: datetime,
               source_date: datetime | None) -> Status:
        """Remember a fetched article; "new", "updated", "unchanged" or "duplicate", as
        ``SqliteSeenStore.record``."""
        with self._failing():
            status = _text(self._record(
                keys=[self._key(canonical_url), self._counts],
                args=[url, fingerprint, _to_text(fetched_at),
                      _to_text(source_date) if source_date else ""]))
        logger.debug("%s: %s", canonical_url, status)
        return status

    def record_failure(self, canonical_url: str, url: str, error: str, fetched_at: datetime,
                       source_date: datetime | None = None) -> None:
        """Remember an article page that failed for a lasting reason (``error``)."""
        with self._failing():
            self._record_failure(keys=[self._key(canonical_url)],
                                 args=[url, f"{FAILED}{error}", _to_text(fetched_at),
                                       _to_text(source_date) if source_date else ""])

    def close(self) -> None:
        self.server.close()

    @contextmanager
    def _failing(self) -> Iterator[None]:
        """Redis' errors as SeenStoreError, naming the store."""
        try:
            yield
        except RedisError as exc:
            raise SeenStoreError(f"the seen store in Redis ({self.prefix}) failed: {exc}") from None


def _text(value: bytes | str | None) -> Any:
    return value.decode() if isinstance(value, bytes) else value
