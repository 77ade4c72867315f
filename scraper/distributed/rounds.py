"""A round: one shared crawl that any number of processes join, each holding a lease.

Under the prefix ``P`` (``REDIS_KEY_PREFIX``: one per sources file, or per URL list):

    P:round                       the current round's number
    P:rounds                      the last number given
    P:round:<n>:workers           sorted set: worker -> lease expiry (ms, the server's clock)
    P:round:<n>:requests          the request queue
    P:round:<n>:dupefilter        the fingerprints of every request scheduled in the round
    P:round:<n>:processing:<w>    requests worker w took and has not finished

The first process finds no round and creates one; the others join it. Each renews its lease;
a worker whose lease expired is dead: its ``processing`` list goes back to the queue. The last
live worker to leave a round with nothing left to do deletes it, so the next process starts a
new round (a new duplicate filter: updated articles can come back). A round whose workers all
died with work left is resumed by the next process. Every step is one Lua script, so no two
processes see a half-done change. The times are the Redis server's (``TIME``), so machines'
clocks need not agree.
"""

from __future__ import annotations

import hashlib
import logging
import os
import socket
import uuid
from typing import Any

logger = logging.getLogger(__name__)

# Shared by the scripts: the server's time in ms, a round's keys, dead workers' work given back.
_COMMON = """
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end
local function give_back_dead(r, now)
  local moved = 0
  for _, w in ipairs(redis.call('ZRANGEBYSCORE', r .. ':workers', '-inf', '(' .. now)) do
    while redis.call('LMOVE', r .. ':processing:' .. w, r .. ':requests', 'RIGHT', 'RIGHT') do
      moved = moved + 1
    end
    redis.call('ZREM', r .. ':workers', w)
  end
  return moved
end
local function pending(r, except)
  local n = redis.call('LLEN', r .. ':requests')
  for _, w in ipairs(redis.call('ZRANGE', r .. ':workers', 0, -1)) do
    if w ~= except then n = n + redis.call('LLEN', r .. ':processing:' .. w) end
  end
  return n
end
local function delete_round(p, r, id)
  for _, w in ipairs(redis.call('ZRANGE', r .. ':workers', 0, -1)) do
    redis.call('DEL', r .. ':processing:' .. w)
  end
  redis.call('DEL', r .. ':workers', r .. ':requests', r .. ':dupefilter')
  if redis.call('GET', p .. ':round') == id then redis.call('DEL', p .. ':round') end
end
"""

# KEYS[1] = prefix; ARGV = worker, lease ms. Returns {round number, 1 if created}.
JOIN = _COMMON + """
local p, worker, lease = KEYS[1], ARGV[1], tonumber(ARGV[2])
local now = now_ms()
local id = redis.call('GET', p .. ':round')
if id then
  local r = p .. ':round:' .. id
  if redis.call('ZCOUNT', r .. ':workers', now, '+inf') == 0 then
    give_back_dead(r, now)
    if pending(r, '') == 0 then delete_round(p, r, id); id = false end
  end
end
local created = 0
if not id then
  id = tostring(redis.call('INCR', p .. ':rounds'))
  redis.call('SET', p .. ':round', id)
  created = 1
end
redis.call('ZADD', p .. ':round:' .. id .. ':workers', now + lease, worker)
return {id, created}
"""

# KEYS[1] = round key; ARGV = worker, lease ms. Renews the lease, gives dead workers' work
# back; returns the requests waiting or taken by other live workers.
RENEW = _COMMON + """
local r, worker, lease = KEYS[1], ARGV[1], tonumber(ARGV[2])
local now = now_ms()
redis.call('ZADD', r .. ':workers', now + lease, worker)
give_back_dead(r, now)
return pending(r, worker)
"""

# KEYS[1] = prefix, KEYS[2] = round key; ARGV = worker, round number. Puts back what the
# worker took and did not finish, leaves, and deletes the round when it was the last live
# worker and nothing is left. Returns 1 if it deleted the round.
LEAVE = _COMMON + """
local p, r, worker, id = KEYS[1], KEYS[2], ARGV[1], ARGV[2]
local now = now_ms()
while redis.call('LMOVE', r .. ':processing:' .. worker, r .. ':requests', 'RIGHT', 'RIGHT') do end
redis.call('ZREM', r .. ':workers', worker)
give_back_dead(r, now)
if redis.call('ZCOUNT', r .. ':workers', now, '+inf') == 0 and pending(r, '') == 0 then
  delete_round(p, r, id)
  return 1
end
return 0
"""


def sources_prefix(config: bytes, names: list[str]) -> str:
    """The key prefix of the rounds of one sources file (its bytes) and choice of sources."""
    digest = hashlib.sha256(config + "\0".join(sorted(names)).encode("utf-8")).hexdigest()
    return f"newsscrape:crawl:{digest[:16]}"


def worker_name() -> str:
    """A name no other process of this round has: host, pid and a random part."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class Round:
    """This process's membership of its prefix's current round."""

    def __init__(self, server: Any, prefix: str, lease_seconds: float,
                 worker: str | None = None) -> None:
        self.server = server
        self.prefix = prefix
        self.lease_ms = int(lease_seconds * 1000)
        self.worker = worker or worker_name()
        self.number = ""
        self.created = False
        self._join = server.register_script(JOIN)
        self._renew = server.register_script(RENEW)
        self._leave = server.register_script(LEAVE)

    @property
    def round_key(self) -> str:
        return f"{self.prefix}:round:{self.number}"

    def key(self, name: str) -> str:
        """The key of one of the round's structures (``requests``, ``dupefilter``...)."""
        return f"{self.round_key}:{name}"

    @property
    def processing_key(self) -> str:
        return self.key(f"processing:{self.worker}")

    def join(self) -> None:
        """Join the current round, or create one; takes a lease."""
        number, created = self._join(keys=[self.prefix], args=[self.worker, self.lease_ms])
        self.number, self.created = _text(number), bool(created)
        logger.info("%s round %s of %s as %s", "created" if self.created else "joined",
                    self.number, self.prefix, self.worker)

    def renew(self) -> int:
        """Renew the lease, give dead workers' requests back to the queue; returns how many
        requests the round still has (queued, or taken by other live workers)."""
        return int(self._renew(keys=[self.round_key], args=[self.worker, self.lease_ms]))

    def leave(self) -> bool:
        """Leave the round, giving back what this worker took and did not finish; True when
        this was the last worker and the round is deleted."""
        ended = bool(self._leave(keys=[self.prefix, self.round_key],
                                 args=[self.worker, self.number]))
        logger.info("left round %s of %s%s", self.number, self.prefix,
                    " (its last worker: round deleted)" if ended else "")
        return ended


def _text(value: bytes | str | int) -> str:
    return value.decode() if isinstance(value, bytes) else str(value)
