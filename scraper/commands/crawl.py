"""``newsscrape crawl``: scheduled crawls of configured sources, once or every interval."""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from . import _interrupts
from ._crawler import crawl
from ._report import ALL_FAILED, OK, SOME_FAILED, USAGE, UsageError

if TYPE_CHECKING:
    from ..scheduled.sources import Source

NO_SOURCES_HINT = ("; start from the example: cp sources.example.toml sources.toml "
                   "(or name your sources file with --config FILE)")


def run(args: argparse.Namespace, stdin: TextIO) -> int:
    """``newsscrape crawl``: check the sources file, then one run, or one every ``--every``."""
    from ..scheduled.sources import SourcesError, load_sources, select

    try:
        known = load_sources(Path(args.config))  # its messages name the file, source and key
    except SourcesError as exc:
        missing = not Path(args.config).exists()
        raise UsageError(f"{exc}{NO_SOURCES_HINT if missing else ''}") from None
    try:
        sources = select(known, args.names)
    except SourcesError as exc:
        raise UsageError(f"{args.config}: {exc}") from None
    if args.every:
        return repeat(crawl_argv(args), args.every)
    return crawl_once(args, sources)


def crawl_once(args: argparse.Namespace, sources: list[Source]) -> int:
    """One scheduled crawl: lock the output folder, check the seen store, crawl, append the
    run's summary to ``runs.jsonl`` (or say on stderr why it could not be)."""
    from ..clock import timestamp
    from ..scheduled.output import AlreadyRunning, OutputLock
    from ..scheduled.runs import describe, newly_empty, run_record
    from ..scheduled.seen import SeenStoreError

    folder = Path(args.output)
    lock = OutputLock(folder)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        print(f"newsscrape: {exc}: not starting", file=sys.stderr)
        return SOME_FAILED
    except OSError as exc:
        raise UsageError(f"cannot use {folder} as the output folder: {exc.strerror}") from None
    names = [s.name for s in sources]
    try:
        started = timestamp()
        previous = _last_run(folder / "runs.jsonl")
        try:
            if not redis_configured(args):  # else the seen store is in Redis
                check_seen_store(folder / "seen.sqlite", args.refresh)
        except SeenStoreError as exc:
            print(f"newsscrape: error: {exc}", file=sys.stderr)
            _append_run(folder, run_record(started, timestamp(), names, {}, {}, status=USAGE,
                                           error=str(exc)))
            return USAGE
        try:
            run, failures, problem = _crawl(args, sources, folder, started)
        except Exception as exc:  # a bug: the traceback follows; the run still has its line
            _append_run(folder, run_record(started, timestamp(), names, {}, {},
                                           status=ALL_FAILED, error=f"{type(exc).__name__}: {exc}"))
            raise
        _append_run(folder, run)
    finally:
        lock.release()
    if sys.stderr.isatty():
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)  # clear the progress line
    for name, reasons in failures.items():
        for reason in reasons:
            print(f"newsscrape: error: source {name} failed: {reason}", file=sys.stderr)
    for warning in newly_empty(run, previous):
        print(f"newsscrape: warning: {warning}", file=sys.stderr)
    if problem:
        print(f"newsscrape: error: {problem}", file=sys.stderr)
    if sys.stdout.isatty():
        print(describe(run))
    return run["status"]


def _crawl(args: argparse.Namespace, sources: list[Source], folder: Path,
           started: str) -> tuple[dict, dict[str, list[str]], str | None]:
    """Run the crawl; its ``runs.jsonl`` line, why sources failed, and why the crawl failed as
    a whole; all read from the crawl's stats."""
    from ..clock import timestamp
    from ..distributed.rounds import sources_prefix
    from ..outcomes import source_failures
    from ..scheduled.runs import run_record
    from ..spiders.sources import SourcesSpider

    stats = crawl(SourcesSpider, {"sources": sources}, args, settings={
        "FEEDS": {}, "OUTCOMES_PRINT": sys.stderr.isatty(),
        "SEEN_ENABLED": True, "SEEN_DB": str(folder / "seen.sqlite"),
        "SEEN_REFRESH": args.refresh, "CRAWL_OUTPUT_DIR": str(folder),
        "REDIS_KEY_PREFIX": sources_prefix(Path(args.config).read_bytes(), args.names)})
    failures = source_failures(stats)
    failed = bool(failures or stats.get("newsscrape/errors/internal_error"))
    problem = None
    if storage := stats.get("crawl_output/storage_error"):
        problem = (f"{storage}: the crawl stopped there (every line written is whole; the "
                   "next run goes on from there)")
    elif broken := broken_crawl(stats):
        problem = f"the crawl failed: {broken} (see the log above)"
    elif stats.get("finish_reason") == "shutdown":  # Ctrl-C, SIGTERM
        problem = "interrupted: the next run goes on from here"
    status = ALL_FAILED if problem else SOME_FAILED if failed else OK
    run = run_record(started, timestamp(), [s.name for s in sources], stats, failures,
                     status=status, error=problem if storage or broken_crawl(stats) else None)
    return run, failures, problem


def redis_configured(args: argparse.Namespace) -> bool:
    """True when ``REDIS_URL`` is set (``-s``, or the environment variable settings.py reads)."""
    return bool(dict(args.set).get("REDIS_URL") or os.environ.get("REDIS_URL"))


def check_seen_store(path: Path, refresh: bool) -> None:
    """Raise SeenStoreError when the seen store cannot be read; with ``refresh``, move it
    aside instead (saying so), for the crawl to start a new one."""
    from ..scheduled.seen import SeenStoreError, SqliteSeenStore

    try:
        SqliteSeenStore(path).close()
    except SeenStoreError as exc:
        if not refresh or not path.is_file():
            raise
        aside = path.with_name(f"{path.name}.unreadable")
        path.replace(aside)
        print(f"newsscrape: warning: {exc.args[0].split(':')[0]} was unreadable: moved to "
              f"{aside}; a new one is started", file=sys.stderr)


def _last_run(path: Path) -> dict | None:
    """The previous run's line of ``runs.jsonl``, if it can be read."""
    import json

    from ..scheduled.output import last_line

    try:
        line = last_line(path)
        return json.loads(line) if line else None
    except (OSError, ValueError):
        return None


def _append_run(folder: Path, run: dict) -> None:
    from ..scheduled.output import JsonlAppender

    path = folder / "runs.jsonl"
    try:
        with JsonlAppender(path) as runs:
            runs.write(run)
    except OSError as exc:
        print(f"newsscrape: error: cannot write {path}: {exc.strerror}; this run's summary "
              f"(status {run['status']}) is lost", file=sys.stderr)


def broken_crawl(stats: dict) -> str | None:
    """Why a crawl cannot be trusted to have done its work, from its stats; None if it can.

    A spider or pipeline that raised, a critical log line, or a crawl that did not finish:
    these lose articles without an error record, so the run fails (status 3)."""
    reason = stats.get("finish_reason")
    if reason not in ("finished", "shutdown"):
        return f"it ended with {reason or 'no finish reason'}"
    if exceptions := sum(v for k, v in stats.items() if k.startswith("spider_exceptions/")):
        return f"{exceptions} exceptions in the spider"
    if critical := stats.get("log_count/CRITICAL"):
        return f"{critical} critical errors"
    return None


def crawl_argv(args: argparse.Namespace) -> list[str]:
    """The command line of one round of ``crawl --every``: the same, without ``--every``."""
    argv = ["crawl", *args.names, "--config", args.config, "--output", args.output]
    if args.refresh:
        argv.append("--refresh")
    for name, value in args.set:
        argv += ["-s", f"{name}={value}"]
    return argv


def repeat(argv: list[str], every: float) -> int:
    """Run ``python -m scraper.cli ARGV`` every ``every`` seconds, until Ctrl-C or SIGTERM.

    Each round is a fresh process (Twisted's reactor cannot be restarted), in a session of its
    own so that Ctrl-C reaches it once, from here: it then finishes what is in flight.
    """
    signal.signal(signal.SIGTERM, signal.default_int_handler)  # stop as on Ctrl-C
    _interrupts.release()
    while True:
        started = time.monotonic()
        child = subprocess.Popen([sys.executable, "-m", "scraper.cli", *argv],
                                 start_new_session=True)
        try:
            child.wait()
            time.sleep(max(0.0, started + every - time.monotonic()))
        except KeyboardInterrupt:
            _stop(child)
            print("newsscrape: stopped", file=sys.stderr)
            return OK


def _stop(child: subprocess.Popen) -> None:
    if child.poll() is not None:
        return
    child.send_signal(signal.SIGINT)
    try:
        child.wait()
    except KeyboardInterrupt:  # asked twice: stop at once (every line written is whole)
        child.kill()
        child.wait()
