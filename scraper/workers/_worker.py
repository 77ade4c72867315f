"""What runs inside a worker process: set up once, then one page to one record per task.

No Scrapy here. The forkserver preloads this module, so every worker forked from it starts
with the cleaner imported and shares those pages of memory.
"""

from __future__ import annotations

import gc
import logging
import logging.handlers
import signal
from multiprocessing.queues import Queue
from typing import Any

from cleaners.options import DEFAULT, CleanerOptions

from ..items import Article, FetchError, Page
from ..records import page_to_record

_OPTIONS: CleanerOptions = DEFAULT


def start(log_queue: Queue, log_level: int, cleaner_settings: dict[str, Any]) -> None:
    """The pool's initializer: Ctrl-C is for the crawl alone; log records go to the crawl's
    log through ``log_queue``; the cleaner's settings arrive once, here, not with every page
    (the rules are loaded already, when the forkserver imported this module)."""
    global _OPTIONS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(log_queue)]
    root.setLevel(log_level)
    _OPTIONS = CleanerOptions.from_settings(cleaner_settings)


def record(page: Page) -> Article | FetchError:
    """One task: the page's record."""
    return page_to_record(page, _OPTIONS)


# A page through the whole path once, when the forkserver imports this module: the rules,
# the language profiles and the schema are loaded there, once, and shared by every worker
# forked from it; what is loaded stays out of the garbage collector's passes (gc.freeze), so
# the workers keep sharing those pages of memory instead of copying them.
_WARM_UP = ("<html><head><title>Warm-up</title></head><body><article><p>"
            + "The council met on Monday to discuss the budget for the coming year. " * 6
            + "</p></article></body></html>").encode()
page_to_record(Page(url="https://warm-up.invalid/a.html", body=_WARM_UP,
                    headers=[("Content-Type", "text/html; charset=utf-8")],
                    fetched_at="2026-01-01T00:00:00Z"))
gc.freeze()
