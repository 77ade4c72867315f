"""The ``newsscrape`` command: fetch URLs, clean saved pages, crawl sources, run the demo.

``parse_args(argv)`` is testable without a process; ``main()`` owns the exit status:

    0  every input gave an article (crawl: every source ran)
    1  some inputs failed (crawl: a source failed, or another crawl holds the output folder)
    2  bad usage or configuration (nothing fetched)
    3  nothing succeeded, or a fatal error
"""

from __future__ import annotations

import argparse
import gc
import importlib
import re
import sys
import traceback
from datetime import date
from pathlib import Path
from typing import TextIO

from . import __version__
from .commands import _interrupts
from .commands._report import ALL_FAILED, OK, USAGE, UsageError
from .commands._stdin import STDIN

__all__ = ["UsageError", "build_parser", "main", "parse_args"]

COMMANDS = ("fetch", "extract", "warc", "crawl", "demo", "enqueue")
INTERVAL_UNITS = {"s": 1, "m": 60, "h": 3600}

DESCRIPTION = """\
Fetch news pages and write their clean article text as JSON lines.

  newsscrape URL [URL ...]            fetch these pages (same as 'newsscrape fetch ...')
  newsscrape -i urls.txt              one URL a line; '-i -' reads standard input
  newsscrape extract PATH [PATH ...]  clean saved pages (.html, .html.gz, .warc.gz, folders)
  newsscrape warc PATH_OR_URL [...]   read WARC files, local, remote or CC-NEWS (--cc-news)
  newsscrape crawl [NAME ...]         crawl the sources of sources.toml, only what is new,
                                      into dated files (for cron or a systemd timer)
  newsscrape demo                     serve the bundled demo site and crawl it
  newsscrape enqueue -i urls.txt      push URLs to Redis (REDIS_URL) for 'fetch --redis'

'newsscrape COMMAND --help' lists each command's options.
"""
EXIT_STATUS = """\
exit status: 0 every input gave an article; 1 some inputs failed; 2 bad usage or
configuration (nothing fetched); 3 nothing succeeded, or a fatal error.
"""
CRAWL_DESCRIPTION = """\
Crawl the sources of a sources file (TOML, see sources.example.toml): their feeds, sitemaps
(also those named in robots.txt) and section pages, fetching only the articles not fetched
before, or updated since by their feed or sitemap date.

  DIR/<source>/<YYYY-MM-DD>.jsonl         articles, appended (UTC date of the run's start)
  DIR/<source>/<YYYY-MM-DD>.errors.jsonl  what failed, and why
  DIR/runs.jsonl                          one summary line per run
  DIR/seen.sqlite                         every article fetched: URL, date, fingerprint

A run prints nothing when all is well (its summary only when stdout is a terminal), and holds
a lock on DIR: a second run started meanwhile says so and exits without touching anything.
"""
CRAWL_EXIT_STATUS = """\
exit status: 0 every source ran; 1 a source failed (the reason is on stderr), or another
crawl holds DIR; 2 bad usage or sources file (nothing fetched); 3 interrupted, or a
fatal error.
"""


def _setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def _interval(text: str) -> float:
    """Seconds in ``30s``, ``15m``, ``2h``."""
    match = re.fullmatch(r"(\d+)([smh])", text.strip())
    if not match or int(match[1]) == 0:
        raise argparse.ArgumentTypeError(f"expected a positive interval like 30s, 15m or 2h, "
                                         f"got {text!r}")
    return int(match[1]) * INTERVAL_UNITS[match[2]]


def _field_list(text: str) -> list[str]:
    from .items import ARTICLE_FIELDS

    names = [name.strip() for name in text.split(",") if name.strip()]
    if unknown := [name for name in names if name not in ARTICLE_FIELDS]:
        raise argparse.ArgumentTypeError(f"unknown fields {', '.join(unknown)}; the record has "
                                         f"{', '.join(ARTICLE_FIELDS)}")
    return names


def _domain(text: str) -> str:
    from .archives.filters import domain

    try:
        return domain(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def _errors_file(value: str) -> str:
    """``--errors``' file: a file, since errors are on stderr already."""
    if value == "-":
        raise argparse.ArgumentTypeError("errors are printed on stderr already: give a file")
    return value


def _set_option(parser: argparse.ArgumentParser, scrapy: bool = True) -> None:
    parser.add_argument("-s", "--set", metavar="NAME=VALUE", type=_setting, action="append",
                        default=[], help="override a Scrapy setting (repeatable)" if scrapy
                        else "set a cleaner's threshold, CLEANER_<FIELD>=VALUE (repeatable)")


def _redis_queue(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--queue", metavar="NAME", default="urls",
                        help="the Redis URL queue's name (default: urls)")


def _common(parser: argparse.ArgumentParser, scrapy: bool, default: str = "stdout") -> None:
    """The output options; ``default`` says where articles go without -o or -O."""
    out = parser.add_argument_group("output")
    out.add_argument("-o", "--output", metavar="FILE",
                     help="append the JSON lines to FILE" + (
                         ", or '-' for stdout (the default)" if default == "stdout"
                         else f" (default: write them to {default})"))
    out.add_argument("-O", "--overwrite-output", metavar="FILE",
                     help="like -o, but replace FILE")
    out.add_argument("--errors", metavar="FILE", type=_errors_file,
                     help="also write one JSON line per failed input to FILE "
                          "(url or source_file, error, message)")
    out.add_argument("--explain", action="store_true",
                     help="print on stderr what the cleaner removed from each page, and why")
    out.add_argument("--fields", metavar="NAME,...", type=_field_list,
                     help="write only these fields of each article, in this order (as Scrapy's "
                          "FEED_EXPORT_FIELDS); e.g. source_file,text for an evaluation scorer "
                          "that identifies pages by file")
    if scrapy:
        out.add_argument("--save-html", metavar="DIR",
                         help="keep every fetched page, with its headers, in "
                              "DIR/<run start>.warc.gz, to clean it again later with "
                              "'newsscrape extract DIR'")
    _set_option(parser, scrapy)


def build_parser() -> argparse.ArgumentParser:
    """The whole command line, one subparser per command."""
    parser = argparse.ArgumentParser(
        prog="newsscrape", description=DESCRIPTION, epilog=EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"newsscrape {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    fetch = commands.add_parser(
        "fetch", help="fetch pages by URL (the default command)", epilog=EXIT_STATUS,
        description="Fetch pages with Scrapy and write one JSON line per article.")
    fetch.add_argument("urls", nargs="*", metavar="URL", help="pages to fetch")
    fetch.add_argument("-i", "--input", metavar="FILE",
                       help="read URLs from FILE, one a line ('-' for stdin; # comments)")
    _redis_queue(fetch)
    fetch.add_argument("--redis", action="store_true",
                       help="fetch the URLs 'newsscrape enqueue' pushed to REDIS_URL's queue, "
                            "with any number of other consumers, until it is empty")
    _common(fetch, scrapy=True)

    enqueue = commands.add_parser(
        "enqueue", help="push URLs to a Redis queue for 'newsscrape fetch --redis'",
        description="Push URLs to the Redis at REDIS_URL (-s REDIS_URL=... or the environment "
                    "variable), for any number of 'newsscrape fetch --redis' to fetch.")
    enqueue.add_argument("urls", nargs="*", metavar="URL", help="pages to fetch")
    enqueue.add_argument("-i", "--input", metavar="FILE",
                         help="read URLs from FILE, one a line ('-' for stdin; # comments)")
    _redis_queue(enqueue)
    _set_option(enqueue)

    extract = commands.add_parser(
        "extract", help="clean saved pages, without the network", epilog=EXIT_STATUS,
        description="Run saved pages through the same extract -> detect -> clean path. "
                    "Folders are searched recursively for .html, .htm, .html.gz, .warc and "
                    ".warc.gz files (a WARC's response records, with their headers).")
    extract.add_argument("paths", nargs="+", metavar="PATH",
                         help="files or folders; '-' reads one page from stdin")
    extract.add_argument("--url", help="the address the page was fetched from "
                                       "(one file only; otherwise url is null)")
    extract.add_argument("--content-type", metavar="VALUE",
                         help="the Content-Type header an .html file was served with "
                              "('text/html; charset=iso-8859-1'): its charset decides the "
                              "decoding as in a crawl")
    extract.add_argument("--workers", metavar="N", type=int,
                         help="extract in N worker processes (default: one per core; 0: in "
                              "this process); a single .html file is always read in-process")
    _common(extract, scrapy=False)

    warc = commands.add_parser(
        "warc", help="read WARC files (local, http(s), CC-NEWS) into records",
        epilog=EXIT_STATUS,
        description="Run the HTML response records of WARC files (.warc, .warc.gz; paths or "
                    "http(s) URLs, streamed) through the same extract -> detect -> clean path "
                    "as a crawl, on every core. Revisits, non-200 and non-HTML records are "
                    "counted and skipped. With -o FILE, a run stopped and started again goes "
                    "on where it stopped (FILE.warc-state.json).")
    warc.add_argument("paths", nargs="*", metavar="PATH_OR_URL", help="WARC files or URLs")
    warc.add_argument("--cc-news", metavar="YYYY/MM",
                      help="also read every CC-NEWS file of that month (from its warc.paths.gz)")
    warc.add_argument("--cc-news-base", metavar="URL",
                      help="a CC-NEWS mirror with the same layout "
                           "(default https://data.commoncrawl.org/)")
    warc.add_argument("--domain", metavar="DOMAIN", type=_domain, action="append", default=[],
                      help="only pages of this host and its subdomains, by whole labels "
                           "(repeatable)")
    warc.add_argument("--language", metavar="CODE", action="append", default=[],
                      help="only articles detected in this language, ISO 639-1 (repeatable)")
    warc.add_argument("--since", metavar="YYYY-MM-DD", type=date.fromisoformat,
                      help="only articles published on or after this day (by the page's date, "
                           "never the WARC's)")
    warc.add_argument("--until", metavar="YYYY-MM-DD", type=date.fromisoformat,
                      help="only articles published on or before this day")
    warc.add_argument("--require-date", action="store_true",
                      help="with --since/--until, leave out undated articles (kept by default)")
    warc.add_argument("--workers", metavar="N", type=int,
                      help="extract in N worker processes (default: one per core; 0: in "
                           "this process)")
    warc.add_argument("--reader", choices=("fastwarc", "warcio"), default="fastwarc",
                      help="the WARC library that reads the files (scraper.warc.READERS): "
                           "FastWARC, about twice as fast (default), or warcio, the reference; "
                           "both give the same records")
    _common(warc, scrapy=False)

    crawl = commands.add_parser(
        "crawl", help="crawl the sources of a sources file, fetching only what is new",
        description=CRAWL_DESCRIPTION, epilog=CRAWL_EXIT_STATUS,
        formatter_class=argparse.RawDescriptionHelpFormatter)
    crawl.add_argument("names", nargs="*", metavar="NAME",
                       help="the sources to crawl (default: all of them)")
    crawl.add_argument("--config", metavar="FILE", default="sources.toml",
                       help="the sources file (default: sources.toml)")
    crawl.add_argument("--output", metavar="DIR", default="output",
                       help="the output folder (default: output)")
    crawl.add_argument("--every", metavar="INTERVAL", type=_interval,
                       help="keep running, crawling again every INTERVAL (30s, 15m, 2h), each "
                            "round in a fresh process; Ctrl-C or SIGTERM stops it")
    crawl.add_argument("--refresh", action="store_true",
                       help="fetch every article listed again, even those fetched before "
                            "(texts that changed are written again, as updated)")
    _set_option(crawl)

    demo = commands.add_parser(
        "demo", help="serve the bundled demo news site on 127.0.0.1 and crawl it",
        epilog=EXIT_STATUS,
        description="Serve the bundled demo site on 127.0.0.1, crawl its feed and sitemap "
                    "into output/demo.jsonl, replacing it (or into -o FILE, appending), and "
                    "print a summary.")
    _common(demo, scrapy=True, default="output/demo.jsonl, replacing it")
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse a command line; ``fetch`` is implied when the first word is not a command."""
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv = ["fetch", *argv]
    args = build_parser().parse_args(argv)
    if args.command == "fetch" and args.redis and (args.urls or args.input):
        raise UsageError("--redis fetches the queue's URLs: give no URL nor -i")
    if args.command in ("fetch", "enqueue") and not getattr(args, "redis", False) and (
            not args.urls and not args.input):
        raise UsageError("give at least one URL, or -i FILE")
    if args.command == "extract" and STDIN in args.paths and len(args.paths) > 1:
        raise UsageError(f"'{STDIN}' reads one page from stdin: give it alone")
    if args.command == "extract" and args.url and (
            len(args.paths) > 1 or Path(args.paths[0]).is_dir()):
        raise UsageError("--url names the address of a single file")
    if args.command not in ("crawl", "enqueue") and args.output and args.overwrite_output:
        raise UsageError("-o and -O exclude each other")
    if args.command in ("fetch", "extract", "warc") and "-" in (args.output,
                                                                args.overwrite_output):
        args.output = args.overwrite_output = None  # "-o -": standard output, as in Scrapy
    return args


def main(argv: list[str] | None = None, stdin: TextIO | None = None) -> int:
    """Entry point of the ``newsscrape`` console script (``argv`` None: this process's own
    command line, which then exits without collecting its garbage; see ``_run``)."""
    if argv is not None:
        return _run(argv, stdin)
    status = _run(sys.argv[1:], stdin)
    # Everything the command made is left to the exit: the interpreter's last collections
    # over it cost 0.1-0.2 s of CPU (a fifth of a one-page run). Files and outputs are
    # closed by the command itself; atexit handlers and the streams' flush still run.
    gc.freeze()
    return status


def _run(argv: list[str], stdin: TextIO | None) -> int:
    if not argv:
        build_parser().print_help()
        return OK
    try:
        with _interrupts.held():  # until the command can stop cleanly on a Ctrl-C
            args = parse_args(argv)
            command = importlib.import_module(f".commands.{args.command}", __package__)
            return command.run(args, stdin or sys.stdin)
    except UsageError as exc:
        print(f"newsscrape: error: {exc}", file=sys.stderr)
        return USAGE
    except SystemExit as exc:  # argparse: --help exits 0, bad usage exits 2
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print("newsscrape: interrupted", file=sys.stderr)
        return ALL_FAILED
    except Exception as exc:  # noqa: BLE001 (a bug, or a broken store: fatal, status 3)
        traceback.print_exc()
        print(f"newsscrape: fatal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        return ALL_FAILED


if __name__ == "__main__":
    sys.exit(main())
