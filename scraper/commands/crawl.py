"""``newsscrape crawl``: scheduled crawls of configured sources, once or every interval."""

from __future__ import annotations

import argparse
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ._crawler import crawl
from ._report import ALL_FAILED, OK, SOME_FAILED, Tally, UsageError

if TYPE_CHECKING:
    from ..scheduled.sources import Source


def run(args: argparse.Namespace, stdin: TextIO) -> int:
    """``newsscrape crawl``: check the sources file, then one run, or one every ``--every``."""
    from ..scheduled.sources import SourcesError, load_sources, select

    try:
        known = load_sources(Path(args.config))  # its messages name the file, source and key
    except SourcesError as exc:
        raise UsageError(str(exc)) from None
    try:
        sources = select(known, args.names)
    except SourcesError as exc:
        raise UsageError(f"{args.config}: {exc}") from None
    if args.every:
        return repeat(crawl_argv(args), args.every)
    return crawl_once(args, sources)


def crawl_once(args: argparse.Namespace, sources: list[Source]) -> int:
    """One scheduled crawl: lock the output folder, crawl, append the run's summary."""
    from ..clock import timestamp
    from ..distributed.rounds import sources_prefix
    from ..scheduled.output import AlreadyRunning, JsonlAppender, OutputLock
    from ..scheduled.runs import describe, run_record
    from ..spiders.sources import SourcesSpider

    folder = Path(args.output)
    lock = OutputLock(folder)
    try:
        lock.acquire()
    except AlreadyRunning as exc:
        print(f"newsscrape: {exc}: not starting", file=sys.stderr)
        return SOME_FAILED
    except OSError as exc:
        raise UsageError(f"cannot use {folder} as the output folder: {exc.strerror}") from None
    try:
        started = timestamp()
        tally = Tally()
        stats = crawl(SourcesSpider, {"sources": sources}, args, tally=tally, settings={
            "FEEDS": {}, "OUTCOMES_PRINT": sys.stderr.isatty(),
            "SEEN_DB": str(folder / "seen.sqlite"), "SEEN_REFRESH": args.refresh,
            "CRAWL_OUTPUT_DIR": str(folder),
            "REDIS_KEY_PREFIX": sources_prefix(Path(args.config).read_bytes(), args.names)})
        failed = bool(tally.failed_sources or tally.errors["internal_error"])
        reason = stats.get("finish_reason")
        interrupted = reason == "shutdown"  # Ctrl-C, SIGTERM
        broken = broken_crawl(stats)
        run = run_record(started, timestamp(), [s.name for s in sources], stats,
                         tally.failed_sources, status=ALL_FAILED if interrupted or broken else
                         SOME_FAILED if failed else OK)
        with JsonlAppender(folder / "runs.jsonl") as runs:
            runs.write(run)
    finally:
        lock.release()
    if sys.stderr.isatty():
        print("\r\x1b[K", end="", file=sys.stderr, flush=True)  # clear the progress line
    for name, reasons in tally.failed_sources.items():
        for reason in reasons:
            print(f"newsscrape: error: source {name} failed: {reason}", file=sys.stderr)
    if broken:
        print(f"newsscrape: error: the crawl failed: {broken} (see the log above)",
              file=sys.stderr)
    elif interrupted:
        print("newsscrape: interrupted: the next run goes on from here", file=sys.stderr)
    if sys.stdout.isatty():
        print(describe(run))
    return run["status"]


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
