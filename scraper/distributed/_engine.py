"""The two things the round's scheduler needs from Scrapy's engine that it has no public
interface for (checked against Scrapy 2.19 by tests/test_distributed_units.py).

- Which requests are still in progress: a request leaves the engine's ``inprogress`` set only
  once it is downloaded, its callback has run and every item it gave has been through the
  pipelines; only then may the shared queue forget it.
- Waking the engine: an idle engine looks at its scheduler again only every 5 seconds
  (its heartbeat); a worker waiting for the others' work asks sooner.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request


def in_progress(crawler: Any) -> set[Request]:
    """The requests the engine is downloading or processing."""
    slot = getattr(crawler.engine, "_slot", None)
    return slot.inprogress if slot is not None else set()


def wake(crawler: Any) -> None:
    """Make the engine ask the scheduler for requests (and check whether it is idle) soon."""
    slot = getattr(crawler.engine, "_slot", None)
    if slot is not None:
        slot.nextcall.schedule()
