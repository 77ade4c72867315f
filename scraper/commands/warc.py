"""``newsscrape warc``: WARC files, local or remote, and CC-NEWS months, to records.

Each HTML response record goes through ``scraper.records.page_to_record`` with its HTTP
headers, in the worker pool, exactly as ``newsscrape extract`` reads it; revisits, non-200
responses, non-HTML records and pages outside ``--domain`` are counted and skipped before
their payload is read. With ``-o FILE`` a stopped run goes on where it stopped.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, TextIO

from ..outcomes import Counts
from . import _interrupts
from ._report import OK, UsageError, exit_status, summary
from ._thresholds import only_cleaner_options
from .extract import SKIPPED, _append, _emit, _Extractor, _open_output

if TYPE_CHECKING:
    from ..archives import Checkpoint, Filters
    from ..items import FetchError
    from ..warc import WarcResponse, WarcSkipped

_END = object()  # a file's last entry in the queue of results


def run(args: argparse.Namespace, stdin: TextIO) -> int:
    """``newsscrape warc``: every record of the files given (and of a CC-NEWS month)."""
    from ..workers import default_workers, start_forkserver

    options = only_cleaner_options(args.set, "warc")
    workers = default_workers() if args.workers is None else args.workers
    names = list(args.paths)
    if workers > 0 and (names or args.cc_news):
        start_forkserver()  # the workers' forkserver loads the cleaner while the run opens
    from ..archives import CC_NEWS_BASE, Checkpoint, Filters, RemoteError, cc_news_urls

    if args.cc_news:
        try:
            with _interrupts.released():  # (a slow server: Ctrl-C stops it, nothing written)
                names += cc_news_urls(args.cc_news, args.cc_news_base or CC_NEWS_BASE)
        except (ValueError, RemoteError) as exc:
            raise UsageError(f"--cc-news: {exc}") from None
    if not names:
        raise UsageError("give WARC files or URLs, or --cc-news YYYY/MM")
    filters = Filters(tuple(args.domain), tuple(code.lower() for code in args.language),
                      args.since, args.until, args.require_date)
    output = args.overwrite_output or args.output
    started = time.monotonic()
    try:
        out = _open_output(args)
        errors = _append(args.errors) if args.errors else None
        checkpoint = Checkpoint(Path(output) if output else None,
                                fresh=bool(args.overwrite_output),
                                lines_tell=not args.fields or "warc" in args.fields)
    except (OSError, ValueError, KeyError, TypeError) as exc:  # (a state file not ours)
        raise UsageError(f"cannot write or resume {output}: {exc}") from None
    run_ = _Run(args, filters, checkpoint, out, errors,
                _Extractor(workers, options))
    # what reading the archives imports, imported before a Ctrl-C can raise (in an import it
    # could leave the module lock held: scraper/commands/_interrupts.py)
    from .. import clock, items, warc  # noqa: F401
    from ..archives import progress  # noqa: F401

    try:
        _interrupts.release()  # Ctrl-C from here: the records in hand are written, then it stops
        for name in names:
            run_.read(name)
    finally:  # Ctrl-C included: the pages the workers hold are written too
        run_.close()
        if out is not sys.stdout.buffer:
            out.close()
        if errors:
            errors.close()
    stats = run_.stats
    stats["elapsed_time_seconds"] = time.monotonic() - started
    if sys.stderr.isatty():
        print(summary(stats), file=sys.stderr)
    # Nothing to read (everything skipped, or done by an earlier run) is no failure.
    return exit_status(stats) if stats["newsscrape/inputs"] else OK


class _Run:
    """One run: records read in order, results written in the same order, the checkpoint
    advanced behind them (saved now and then: the output's last line tells the rest)."""

    def __init__(self, args: argparse.Namespace, filters: Filters, checkpoint: Checkpoint,
                 out: BinaryIO, errors: BinaryIO | None, extractor: _Extractor) -> None:
        from ..archives.progress import Progress

        self.args, self.filters, self.checkpoint = args, filters, checkpoint
        self.out, self.errors, self.extractor = out, errors, extractor
        self.stats = Counts({"newsscrape/inputs": 0})
        self.pending: deque[tuple[str, int, Future | object | None]] = deque()
        self.progress = Progress(sys.stderr) if sys.stderr.isatty() else None
        self.records = self.read_bytes = 0
        self.unfinished = False  # the file being read could not be read to its end

    def read(self, name: str) -> None:
        """Queue every record of ``name`` not done before, then its end."""
        from ..items import FetchError

        start = self.checkpoint.start_at(name)
        if start is None:
            return
        position, self.unfinished = start, False
        for item in self._records(name, start):
            if not isinstance(item, FetchError):
                self.read_bytes += max(0, item.offset - position)
                position = item.offset
                if self.checkpoint.is_past(name, position):
                    continue
                self.records += 1
            self.pending.append((name, position, self._submit(name, item)))
            self._drain(self.extractor.window)
        if not self.unfinished:  # (a file not opened, or not served to its end, is not done)
            self.pending.append((name, position, _END))
        self._drain(self.extractor.window)

    def _submit(self, name: str, item: WarcResponse | WarcSkipped | FetchError) -> Future | None:
        from ..items import FetchError
        from ..warc import WarcSkipped

        if isinstance(item, WarcSkipped):
            self.stats.inc_value(SKIPPED + item.reason)
            return None
        self.stats.inc_value("newsscrape/inputs")
        if isinstance(item, FetchError):
            return self.extractor.submit(item)
        item.page.warc = {"file": name, "offset": item.offset, "record_id": item.record_id}
        return self.extractor.submit(item.page)

    def _records(self, name: str, start: int) -> Iterator[WarcResponse | WarcSkipped | FetchError]:
        """The records of ``name`` from ``start``; a last FetchError when it cannot be read
        to its end (``truncated_record``, ``read_error``)."""
        from ..archives import RangeReader
        from ..clock import timestamp
        from ..items import FetchError
        from ..warc import TruncatedRecord, WarcError, read_records

        remote = name.startswith(("http://", "https://"))
        try:
            with (RangeReader(name, start) if remote else open(name, "rb")) as stream:
                if not remote:
                    stream.seek(start)
                yield from read_records(stream, name, self._screen, self.args.reader)
        except (WarcError, OSError) as exc:  # (RemoteError is an OSError)
            code = ("truncated_record" if isinstance(exc, TruncatedRecord) else
                    "warc_error" if isinstance(exc, WarcError) else "read_error")
            self.unfinished = not isinstance(exc, WarcError)  # a later run tries it again
            yield FetchError(url=name, source_file=name, error=code,
                             message=str(exc) or type(exc).__name__, fetched_at=timestamp())

    def _screen(self, url: str | None, status: int | None, content_type: str | None) -> str | None:
        from ..items import HTML_TYPES

        if reason := self.filters.url_reason(url):
            return reason
        if status != 200:
            return "non_200"
        kind = (content_type or "").split(";")[0].strip().lower()
        return "not_html" if kind and kind not in HTML_TYPES else None

    def _drain(self, window: int) -> None:
        """Write the results at the head of the queue that are ready (all beyond ``window``)."""
        from ..items import Article

        while self.pending:
            name, offset, result = self.pending[0]
            if isinstance(result, Future) and len(self.pending) <= window and not result.done():
                return
            # The result is taken before the head leaves the queue: a Ctrl-C while waiting
            # for it leaves the record queued, for ``close`` to write before those behind it.
            record = result.result() if isinstance(result, Future) else None
            self.pending.popleft()
            if result is _END:
                self.checkpoint.finish(name)
                continue
            line = None
            if isinstance(result, Future):
                reason = isinstance(record, Article) and self.filters.article_reason(record)
                if reason:
                    self.stats.inc_value(SKIPPED + reason)
                    self.stats.inc_value("newsscrape/inputs", -1)
                else:
                    if self.progress and not isinstance(record, Article):
                        self.progress.clear()
                    _emit(record, self.out, self.errors, self.stats, self.args.explain,
                          self.args.fields)
                    line = "article" if isinstance(record, Article) else "error"
            self.checkpoint.advance(name, offset, line)
            self._show_progress()

    def close(self) -> None:
        self._drain(0)
        self.checkpoint.close()
        self.extractor.close()
        if self.progress:
            self._show_progress(force=True)
            self.progress.done()

    def _show_progress(self, force: bool = False) -> None:
        if self.progress:
            self.progress.show(self.records, self.stats.get("newsscrape/articles", 0),
                               self.stats.get("newsscrape/errors", 0), self.read_bytes,
                               force=force)
