"""A pool of worker processes for the page-to-record function, built on pebble.

pebble rather than ``concurrent.futures.ProcessPoolExecutor``: when a worker dies, the
executor fails every pending page and cannot say which one killed it; pebble fails only the
page that worker held (``ProcessExpired``), replaces the worker, and enforces a per-page
timeout by killing the worker. Workers come from a forkserver (never a fork of the crawl
process, whose reactor and threads a fork would copy), preloaded with the cleaner.
"""

from __future__ import annotations

import fcntl
import logging
import multiprocessing
import os
import signal
import threading
from concurrent.futures import Future, TimeoutError
from typing import Any

from pebble import ProcessExpired, ProcessPool

from cleaners.options import DEFAULT, CleanerOptions

from ..items import Article, FetchError, Page

logger = logging.getLogger(__name__)

WORKER_MODULE = "scraper.workers._worker"
CLOSE_TIMEOUT = 10.0  # seconds to wait for the workers at the end
PIPE_BYTES = 1 << 20  # each channel's buffer: Linux's pipe-max-size by default


def default_workers() -> int:
    """One worker per core this process may run on."""
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (
        os.cpu_count() or 1)


class _PipedContext(multiprocessing.context.ForkServerContext):
    """The forkserver context whose one-way pipes (pebble's channels to and from the workers)
    hold PIPE_BYTES: a page goes over in one write and one read, not one per 64 KiB (Linux's
    default), each of them a wait, a wake-up and the GIL taken back from the reactor's thread.
    """

    def Pipe(self, duplex: bool = True):  # noqa: N802 (multiprocessing's name)
        """``multiprocessing.Pipe``, its buffer enlarged when one-way (a socket pair else)."""
        reader, writer = super().Pipe(duplex)
        if not duplex and hasattr(fcntl, "F_SETPIPE_SZ"):
            try:  # (at most /proc/sys/fs/pipe-max-size; the default stands if refused)
                fcntl.fcntl(writer.fileno(), fcntl.F_SETPIPE_SZ, PIPE_BYTES)
            except OSError:
                pass
        return reader, writer


_CONTEXT = _PipedContext()


def forkserver_context() -> multiprocessing.context.ForkServerContext:
    """The forkserver the workers are forked from, preloading the worker module."""
    _CONTEXT.set_forkserver_preload([WORKER_MODULE])
    return _CONTEXT


def start_forkserver() -> None:
    """Start the workers' forkserver now, without waiting for it: it imports the cleaner and
    warms it up (0.7 s of CPU) on another core while this process goes on (builds the crawl,
    opens the first file). A pool made later forks its workers from it. It ignores Ctrl-C
    from its start (it would only after loading): a Ctrl-C meanwhile is the command's. It is
    blocked here meanwhile, so Linux keeps it pending rather than drop it as ignored, and it
    is delivered once this process's own handler is back; but for one in the instant between
    blocking and ignoring (setting SIG_IGN drops a pending signal), or one taken by another
    thread that does not block it (the demo's site server starts its thread with it
    blocked)."""
    from multiprocessing import forkserver, resource_tracker

    forkserver_context()
    # The resource tracker first, as itself: started inside the forkserver's start, it would
    # unblock SIGINT while it is ignored there, and a Ctrl-C pending would be lost.
    resource_tracker.ensure_running()
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)  # what the forkserver inherits
    try:
        forkserver.ensure_running()
    finally:
        signal.signal(signal.SIGINT, previous)
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)


def shown_level() -> int:
    """The lowest level this process's log shows: the root logger's, raised to its handlers'
    lowest (Scrapy sets the root to NOTSET and LOG_LEVEL on its handler; with no handler,
    logging's last resort shows WARNING). The workers record nothing below it."""
    root = logging.getLogger()
    handlers = [handler.level for handler in root.handlers]
    return max(root.getEffectiveLevel(), min(handlers, default=logging.WARNING))


class ExtractPool:
    """``workers`` processes running ``page_to_record``; ``submit`` never raises: a page whose
    worker died gets ``worker_crashed``, one that ran past ``timeout`` seconds
    ``worker_timeout``, and the worker is replaced. ``start`` starts the workers at once;
    otherwise they start at the first page."""

    def __init__(self, workers: int, timeout: float | None,
                 options: CleanerOptions = DEFAULT) -> None:
        """``options``: the cleaner's thresholds, sent once to each worker."""
        self.timeout = timeout
        level = shown_level()
        self._pool = ProcessPool(max_workers=workers, initializer=_start,
                                 initargs=(level, options), context=forkserver_context())
        self._starting: threading.Thread | None = None

    def start(self) -> None:
        """Start the workers now, from a thread of its own, while the caller goes on (the
        crawl opens, the reader opens its first file): pebble starts them at the first page,
        in the thread that sends it, which would wait there while the forkserver loads the
        cleaner. A way out that never reaches ``close`` (Ctrl-C twice, an error as the crawl
        starts) still stops them: pebble's exit handler does, before multiprocessing's, which
        would wait for ever for workers left alive."""
        self._starting = threading.Thread(target=lambda: self._pool.active, daemon=True,
                                          name="newsscrape-pool-start")
        self._starting.start()

    def submit(self, page: Page) -> Future[Article | FetchError]:
        """The page's record, when a worker has made it."""
        done: Future[Article | FetchError] = Future()
        task = self._pool.schedule(_record, args=(page,), timeout=self.timeout)
        task.add_done_callback(lambda finished: done.set_result(self._outcome(finished, page)))
        return done

    def _outcome(self, task: Future, page: Page) -> Article | FetchError:
        try:
            result, logged = task.result()
        except ProcessExpired as exc:
            how = (signal.Signals(-exc.exitcode).name if exc.exitcode and exc.exitcode < 0
                   else f"exit status {exc.exitcode}")
            logger.error("%s: the worker extracting it died (%s)", page.url, how)
            return page.error("worker_crashed", f"the worker extracting the page died ({how})")
        except TimeoutError:
            logger.error("%s: extraction ran past %s s; worker stopped", page.url, self.timeout)
            return page.error("worker_timeout",
                              f"extracting the page took longer than {self.timeout:g} s")
        except Exception as exc:  # noqa: BLE001 (a page that cannot be sent or returned)
            logger.exception("%s: the worker could not extract it", page.url)
            return page.error("extraction_error", f"{type(exc).__name__}: {exc}")
        for record in logged:  # the worker's log lines, in this process's log
            logging.getLogger(record.name).handle(record)
        return result

    def close(self) -> None:
        """Let the workers finish what they hold, then stop them; never wait for ever (a
        worker killed while it held a lock of the pool would make waiting for it hang)."""
        if self._starting:  # (a pool closed as it starts would be running after)
            self._starting.join(CLOSE_TIMEOUT)
        self._pool.close()
        try:
            self._pool.join(timeout=CLOSE_TIMEOUT)
        except TimeoutError:
            logger.warning("the extraction workers did not stop in %s s; stopping them",
                           CLOSE_TIMEOUT)
            self._pool.stop()
            self._pool.join(timeout=CLOSE_TIMEOUT)


# The worker's side, named here so that this process never imports the cleaner itself.
def _start(*args: Any) -> None:
    from ._worker import start

    start(*args)


def _record(page: Page) -> tuple[Article | FetchError, list[logging.LogRecord]]:
    from ._worker import record

    return record(page)
