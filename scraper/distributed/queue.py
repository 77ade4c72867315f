"""A reliable request queue: scrapy-redis' FIFO list, where a taken request waits in the
worker's own ``processing`` list until it is finished.

scrapy-redis pops a request and forgets it: a worker killed in between loses it. Here ``pop``
moves it (``LMOVE``, atomic) to the worker's processing list, and ``ack`` removes it from there
once the request, its callback and the items it gave are all done. A dead worker's list is
given back to the queue when its lease expires (scraper.distributed.rounds).
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.queue import Base

# KEYS = dupefilter, queue; ARGV = fingerprint ('' for a request not to filter), request.
# Filter and push in one step, so no other process sees a request filtered but not queued.
PUSH_NEW = """
if ARGV[1] ~= '' and redis.call('SADD', KEYS[1], ARGV[1]) == 0 then return 0 end
redis.call('LPUSH', KEYS[2], ARGV[2])
return 1
"""


class ReliableQueue(Base):
    """FIFO queue of one round; ``processing_key`` is this worker's list of taken requests."""

    def __init__(self, server: Any, spider: Any, key: str, processing_key: str,
                 dupefilter_key: str, serializer: Any = None) -> None:
        super().__init__(server, spider, key, serializer)
        self.processing_key = processing_key
        self.dupefilter_key = dupefilter_key
        self._push_new = server.register_script(PUSH_NEW)

    def __len__(self) -> int:
        return self.server.llen(self.key)

    def push_new(self, request: Request, fingerprint: str | None) -> bool:
        """Queue ``request`` unless ``fingerprint`` was queued before in this round (None:
        always queue it); True if queued."""
        return bool(self._push_new(keys=[self.dupefilter_key, self.key],
                                   args=[fingerprint or "", self._encode_request(request)]))

    def take(self) -> tuple[Request, bytes] | None:
        """The next request, moved to this worker's processing list, and the bytes to ``ack``
        it with; None if the queue is empty."""
        data = self.server.lmove(self.key, self.processing_key, "RIGHT", "LEFT")
        return (self._decode_request(data), data) if data else None

    def ack(self, data: bytes) -> None:
        """The request taken as ``data`` is finished."""
        self.server.lrem(self.processing_key, 1, data)
