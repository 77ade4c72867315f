"""scrapy-redis' scheduler, for rounds: the queue and filter of the round this process joined.

On top of scrapy-redis' ``Scheduler`` (``SCHEDULER_PERSIST`` and flushing are replaced by the
round's life, scraper.distributed.rounds):

- filtering and queueing a request are one step (``ReliableQueue.push_new``);
- a request taken is acknowledged only once the engine is done with it and every item it gave
  has been through the pipelines, so a killed worker's requests go back to the queue;
- an idle worker stays while the round has requests queued or taken by live workers (their
  responses may yield more), and leaves when it has none: the last one ends the round.

Settings: ``REDIS_KEY_PREFIX`` (default ``newsscrape:<spider name>``; ``newsscrape crawl`` sets
one per sources file), ``REDIS_LEASE_SECONDS`` (default 60: how long a silent worker is waited
for), and scrapy-redis' ``REDIS_*`` connection settings and ``SCHEDULER_SERIALIZER``.
Stats: ``round/created`` or ``round/joined``, ``round/filtered``, ``scheduler/*/redis``.
"""

from __future__ import annotations

import importlib
import logging
import threading
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.exceptions import DontCloseSpider
from scrapy_redis.scheduler import Scheduler
from twisted.internet.task import LoopingCall

from . import redis_from_settings
from ._engine import in_progress, wake
from .dupefilter import RoundDupeFilter
from .queue import ReliableQueue
from .rounds import Round

logger = logging.getLogger(__name__)

TICK = 0.25  # seconds between looks at the round while waiting for other workers


class RoundScheduler(Scheduler):
    """The round's shared queue and duplicate filter, with acknowledged requests."""

    def __init__(self, server: Any, crawler: Any, prefix: str, lease_seconds: float,
                 serializer: Any = None) -> None:
        super().__init__(server, persist=True, serializer=serializer)
        self.crawler = crawler
        self.stats = crawler.stats
        self.round = Round(server, prefix, lease_seconds)
        self.lease_seconds = lease_seconds
        self.taken: dict[Request, bytes] = {}
        self.waiting = False
        self.loop = LoopingCall(self._tick)
        self.stopped = threading.Event()
        self.heartbeat = threading.Thread(target=self._keep_lease, daemon=True,
                                          name="newsscrape-lease")

    @classmethod
    def from_crawler(cls, crawler: Any) -> RoundScheduler:
        settings = crawler.settings
        server = redis_from_settings(settings)
        server.ping()  # a wrong REDIS_URL fails here, before anything is fetched
        serializer = settings.get("SCHEDULER_SERIALIZER")
        if isinstance(serializer, str):
            serializer = importlib.import_module(serializer)
        prefix = settings.get("REDIS_KEY_PREFIX") or f"newsscrape:{crawler.spidercls.name}"
        return cls(server, crawler, prefix, settings.getfloat("REDIS_LEASE_SECONDS", 60.0),
                   serializer=serializer)

    def open(self, spider: Spider) -> None:
        self.spider = spider
        self.round.join()
        self.stats.set_value("round/created" if self.round.created else "round/joined", 1)
        filter_key = self.round.key("dupefilter")
        self.queue = ReliableQueue(self.server, spider, self.round.key("requests"),
                                   self.round.processing_key, filter_key, self.serializer)
        self.df = RoundDupeFilter(self.server, filter_key, self.crawler.request_fingerprinter,
                                  debug=self.crawler.settings.getbool("DUPEFILTER_DEBUG"))
        self.crawler.signals.connect(self._idle, signal=signals.spider_idle)
        self.loop.start(TICK, now=False)
        self.heartbeat.start()

    def close(self, reason: str) -> None:
        self.stopped.set()
        self.heartbeat.join()
        if self.loop.running:
            self.loop.stop()
        self._ack_finished()
        self.round.leave()

    def enqueue_request(self, request: Request) -> bool:
        fingerprint = None if request.dont_filter else self.df.request_fingerprint(request)
        if not self.queue.push_new(request, fingerprint):
            self.df.log(request, self.spider)
            self.stats.inc_value("round/filtered")
            return False
        self.stats.inc_value("scheduler/enqueued/redis")
        return True

    def next_request(self) -> Request | None:
        self._ack_finished()
        taken = self.queue.take()
        if taken is None:
            return None
        request, data = taken
        self.taken[request] = data
        self.stats.inc_value("scheduler/dequeued/redis")
        return request

    def _ack_finished(self) -> None:
        """Acknowledge the requests taken that the engine is done with."""
        busy = in_progress(self.crawler)
        for request, data in list(self.taken.items()):
            if request not in busy:
                self.queue.ack(data)
                del self.taken[request]

    def _keep_lease(self) -> None:
        """Renew the lease every third of it, in a thread of its own, so that a reactor busy
        extracting pages for a while does not pass for a dead worker."""
        while not self.stopped.wait(self.lease_seconds / 3):
            try:
                self.round.renew()
            except Exception:  # noqa: BLE001 (Redis away for a moment: try again, log it)
                logger.warning("could not renew the lease of round %s", self.round.number,
                               exc_info=True)

    def _tick(self) -> None:
        """While waiting for other workers, wake the engine to look at the queue again."""
        if self.waiting:
            wake(self.crawler)

    def _idle(self) -> None:
        """Nothing to do here: stay while the round has work queued or taken elsewhere."""
        self._ack_finished()
        self.waiting = self.round.renew() > 0
        if self.waiting:
            raise DontCloseSpider
