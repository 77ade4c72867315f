"""What runs inside a worker process: set up once, then one page to one record per task.

No Scrapy here. The forkserver preloads this module, so every worker forked from it starts
with the cleaner imported and shares those pages of memory.
"""

from __future__ import annotations

import logging
import logging.handlers
import signal
from multiprocessing.queues import Queue
from typing import Any

from cleaners import load_rules

from ..items import Article, FetchError, Page
from ..records import page_to_record

_OPTIONS: Any = None


def start(log_queue: Queue, log_level: int, options: Any) -> None:
    """The pool's initializer: Ctrl-C is for the crawl alone; log records go to the crawl's
    log through ``log_queue``; the cleaner's options arrive once, here; the rules load now,
    not on the first page."""
    global _OPTIONS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(log_queue)]
    root.setLevel(log_level)
    _OPTIONS = options
    load_rules()


def record(page: Page) -> Article | FetchError:
    """One task: the page's record."""
    return page_to_record(page, _OPTIONS)
