"""The ``SCHEDULER`` setting: Scrapy's own scheduler, or the round's when ``REDIS_URL`` is set.

One setting serves ``newsscrape`` and ``scrapy crawl`` alike; without ``REDIS_URL`` the crawl
gets exactly Scrapy's scheduler (and its ``DUPEFILTER_CLASS``), and redis is never imported.
"""

from __future__ import annotations

from typing import Any

from scrapy.core.scheduler import Scheduler

from . import enabled


class SchedulerSwitch(Scheduler):
    """Builds Scrapy's ``Scheduler``, or a ``RoundScheduler`` when ``REDIS_URL`` is set."""

    @classmethod
    def from_crawler(cls, crawler: Any) -> Any:
        if not enabled(crawler.settings):
            return Scheduler.from_crawler(crawler)
        from .scheduler import RoundScheduler

        return RoundScheduler.from_crawler(crawler)
