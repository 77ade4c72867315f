"""``newsscrape extract``: saved pages and WARC files to records, without Scrapy or the network.

Each page goes through ``scraper.records.page_to_record``, as in a crawl: a WARC response
record with the headers it was served with, a raw ``.html`` file with ``--content-type``
standing for its missing header.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ..outcomes import Counts, count, count_removed, error_line
from . import _interrupts
from ._report import UsageError, exit_status, explain, summary
from ._stdin import STDIN, read_page
from ._thresholds import only_cleaner_options

if TYPE_CHECKING:
    from cleaners.options import CleanerOptions

    from ..items import Article, FetchError, Page
    from ..warc import WarcSkipped

HTML_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")
WARC_SUFFIXES = (".warc", ".warc.gz")
PAGE_SUFFIXES = HTML_SUFFIXES + WARC_SUFFIXES
EXTRACT_TIMEOUT = 120.0  # seconds a page may take (as the crawl's EXTRACT_TIMEOUT)
SKIPPED = "warc/skipped/"  # stats keys: WARC records skipped, by reason (the summary names them)


def page_files(paths: Iterable[str]) -> Iterator[Path]:
    """Saved pages: the files given, and pages found under the folders given, sorted."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.name.lower().endswith(PAGE_SUFFIXES))
        else:
            yield path


def pages(files: Iterable[Path], url: str | None, content_type: str | None,
          stdin: TextIO) -> Iterator[Page | FetchError | WarcSkipped]:
    """Every page of the files, in order: each response record of a WARC file, each HTML
    file (``-``: the page on stdin); a ``read_error`` for what cannot be read (after a WARC
    file's readable records). A WARC's revisits and responses other than 200 (a 404, a
    redirect) are skipped, as ``newsscrape warc`` skips them."""
    from ..clock import timestamp
    from ..items import FetchError, Page

    for path in files:
        name = os.fsencode(path).decode("utf-8", "backslashreplace")  # any file name
        try:
            if path.name.lower().endswith(WARC_SUFFIXES):
                from ..warc import WarcSkipped, read_records

                with path.open("rb") as stream:
                    for record in read_records(stream, name, _only_200):
                        yield record if isinstance(record, WarcSkipped) else record.page
                continue
            if str(path) == STDIN:
                data = read_page(stdin)
            else:
                data = path.read_bytes()
                if path.name.lower().endswith(".gz"):
                    data = gzip.decompress(data)
            headers = [("Content-Type", content_type)] if content_type else []
            yield Page(url=url, body=data, headers=headers, fetched_at=timestamp(),
                       source_file=name)
        except Exception as exc:  # noqa: BLE001 (OSError, bad gzip, a broken WARC record...)
            yield FetchError(url=url, source_file=name, error="read_error",
                             message=str(exc) or type(exc).__name__, fetched_at=timestamp())


def _only_200(url: str | None, status: int | None, content_type: str | None) -> str | None:
    """The reason to skip a WARC response record unread (``scraper.warc.Screen``)."""
    return None if status == 200 else "non_200"


def run(args: argparse.Namespace, stdin: TextIO) -> int:
    """``newsscrape extract``: saved pages, no Scrapy and no network."""
    from ..items import FetchError, Page

    options = only_cleaner_options(args.set, "extract")
    files = list(page_files(args.paths))
    if not files:
        raise UsageError(f"no pages ({', '.join(PAGE_SUFFIXES)}) in {', '.join(args.paths)}")
    started = time.monotonic()
    stats = Counts({"newsscrape/inputs": 0})
    try:
        out = _open_output(args)
        errors = _append(args.errors) if args.errors else None
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename}: {exc.strerror}") from None
    extractor = _Extractor(_workers(args, files), options)
    pending: deque[Future] = deque()
    # what reading the pages imports, imported before a Ctrl-C can raise (in an import it
    # could leave the module lock held: scraper/commands/_interrupts.py)
    from .. import clock, items  # noqa: F401
    if any(path.name.lower().endswith(WARC_SUFFIXES) for path in files):
        from .. import warc  # noqa: F401
    try:
        _interrupts.release()  # Ctrl-C from here: the pages in hand are written, then it stops
        for item in pages(files, args.url, args.content_type, stdin):
            if not isinstance(item, (Page, FetchError)):  # a WarcSkipped
                stats.inc_value(SKIPPED + item.reason)
                continue
            stats.inc_value("newsscrape/inputs")
            pending.append(extractor.submit(item))
            while pending and (len(pending) > extractor.window or pending[0].done()):
                _emit(_next(pending), out, errors, stats, args.explain, args.fields)
    finally:  # Ctrl-C included: the pages the workers hold are written too
        while pending:
            _emit(_next(pending), out, errors, stats, args.explain, args.fields)
        extractor.close()
        if out is not sys.stdout.buffer:
            out.close()
        if errors:
            errors.close()
    stats["elapsed_time_seconds"] = time.monotonic() - started
    if sys.stderr.isatty():
        print(summary(stats), file=sys.stderr)
    return exit_status(stats)


def _next(pending: deque[Future]) -> Article | FetchError:
    """The first page's result, taken off the queue only once it is in hand: a Ctrl-C while
    waiting for it leaves the page queued, to be written before those behind it."""
    result = pending[0].result()
    pending.popleft()
    return result


def _workers(args: argparse.Namespace, files: list[Path]) -> int:
    """Worker processes for this run: none for one HTML file (start-up would cost more than
    the page), else ``--workers`` (default one per core)."""
    if len(files) == 1 and not files[0].name.lower().endswith(WARC_SUFFIXES):
        return 0
    if args.workers is not None:
        return args.workers
    from ..workers import default_workers

    return default_workers()


class _Extractor:
    """Pages to records, in worker processes or (``workers`` 0) in this one, with the
    cleaner's ``options``; ``window`` pages in flight at most, so memory stays flat however
    many files there are."""

    def __init__(self, workers: int, options: CleanerOptions) -> None:
        # Results are written in order: a slow page at the head (2 s among pages of 55 ms in
        # aeb + fundus-dev) holds the window, and with 4 pages a worker the others ran dry
        # behind it (a replay of those pages' costs: 1.88x one worker with 2; 2.0x with 16).
        self.window = 16 * workers
        self.pool = None
        if workers:
            from ..workers import ExtractPool

            self.pool = ExtractPool(workers, EXTRACT_TIMEOUT, options)
            self.pool.start()  # the workers warm up while the first file is opened and read
        else:
            from ..records import page_to_record

            self.page_to_record, self.options = page_to_record, options

    def submit(self, item: Page | FetchError) -> Future:
        from ..items import Page

        if self.pool and isinstance(item, Page):
            return self.pool.submit(item)
        done: Future = Future()
        done.set_result(self.page_to_record(item, self.options) if isinstance(item, Page)
                        else item)
        return done

    def close(self) -> None:
        if self.pool:
            self.pool.close()


def _open_output(args: argparse.Namespace) -> BinaryIO:
    if args.overwrite_output:
        return open(args.overwrite_output, "wb")
    if args.output:
        return _append(args.output)
    return sys.stdout.buffer


def _append(path: str) -> BinaryIO:
    """A JSON Lines file opened to append to, the torn last line a killed run left cut
    first (the next line would be joined to it)."""
    from ..scheduled.output import repair_torn_tail

    repair_torn_tail(Path(path))
    return open(path, "ab")


def _emit(result: Article | FetchError, out: BinaryIO, errors: BinaryIO | None, stats: Counts,
          show: bool, fields: list[str] | None) -> None:
    from ..items import Article, json_line, record

    data = record(result)
    chosen = fields if fields and isinstance(result, Article) else data
    line = json_line({name: data[name] for name in chosen})
    count(stats, result)
    if isinstance(result, Article):
        count_removed(stats, result)
        out.write(line)
        out.flush()
        if show:
            explain(data, sys.stderr)
    else:
        print(error_line(result), file=sys.stderr)
        if errors:
            errors.write(line)
            errors.flush()
