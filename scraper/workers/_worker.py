"""What runs inside a worker process: set up once, then one page to one record per task.

No Scrapy here. The forkserver preloads this module, so every worker forked from it starts
with the cleaner imported and shares those pages of memory.
"""

from __future__ import annotations

import gc
import logging
import logging.handlers
import signal

from cleaners.options import DEFAULT, CleanerOptions
from cleaners.preload import preload

from ..items import Article, FetchError, Page
from ..records import page_to_record

_OPTIONS: CleanerOptions = DEFAULT


class _Logged(list):
    """The log records of the page being extracted, made ready to travel (a ``QueueHandler``'s
    queue): they go back to the crawl with the page's record, not through a queue shared by
    every worker, whose lock a worker killed mid-write would hold for ever."""

    def put_nowait(self, record: logging.LogRecord) -> None:
        self.append(record)


_LOGGED = _Logged()


def start(log_level: int, options: CleanerOptions) -> None:
    """The pool's initializer: Ctrl-C is for the crawl alone; log records are kept for the
    page being extracted; the cleaner's options arrive once, here, not with every page
    (the rules are loaded already, when the forkserver imported this module)."""
    global _OPTIONS
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    root = logging.getLogger()
    root.handlers[:] = [logging.handlers.QueueHandler(_LOGGED)]
    root.setLevel(log_level)
    _OPTIONS = options


def record(page: Page) -> tuple[Article | FetchError, list[logging.LogRecord]]:
    """One task: the page's record, and what was logged while it was made."""
    _LOGGED.clear()
    try:
        return page_to_record(page, _OPTIONS), list(_LOGGED)
    finally:
        _LOGGED.clear()


# A page through the whole path once, when the forkserver imports this module, and the
# biggest tables built for every language (``preload``): the rules, the language profiles,
# the schema, the lexicons and the stop words are loaded there, once, and shared by every
# worker forked from it, a replacement included, instead of built again in each on its first
# pages; what is loaded stays out of the garbage collector's passes (gc.freeze), so the
# workers keep sharing those pages of memory instead of copying them.
_WARM_UP = ("<html><head><title>Warm-up</title></head><body><article><p>"
            + "The council met on Monday to discuss the budget for the coming year. " * 6
            + "</p></article></body></html>").encode()
page_to_record(Page(url="https://warm-up.invalid/a.html", body=_WARM_UP,
                    headers=[("Content-Type", "text/html; charset=utf-8")],
                    fetched_at="2026-01-01T00:00:00Z"))
preload()
gc.freeze()
