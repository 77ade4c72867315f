"""The ``newsscrape`` command: fetch URLs, clean saved pages, run the demo.

``parse_args(argv)`` is testable without a process; ``main()`` owns the exit status:

    0  every input gave an article
    1  some inputs failed
    2  bad usage or configuration (nothing fetched)
    3  nothing succeeded, or a fatal error
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from . import __version__

OK, SOME_FAILED, USAGE, ALL_FAILED = 0, 1, 2, 3
COMMANDS = ("fetch", "extract", "demo")
PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")

DESCRIPTION = """\
Fetch news pages and write their clean article text as JSON lines.

  newsscrape URL [URL ...]            fetch these pages (same as 'newsscrape fetch ...')
  newsscrape -i urls.txt              one URL a line; '-i -' reads standard input
  newsscrape extract PATH [PATH ...]  clean saved pages (.html, .htm, .html.gz, folders)
  newsscrape demo                     serve the bundled demo site and scrape it

'newsscrape COMMAND --help' lists each command's options.
"""
EXIT_STATUS = """\
exit status: 0 every input gave an article; 1 some inputs failed; 2 bad usage or
configuration (nothing fetched); 3 nothing succeeded, or a fatal error.
"""


class UsageError(Exception):
    """Bad usage or configuration: exit status 2, nothing fetched."""


def _setting(text: str) -> tuple[str, str]:
    name, sep, value = text.partition("=")
    if not sep or not name:
        raise argparse.ArgumentTypeError(f"expected NAME=VALUE, got {text!r}")
    return name, value


def _common(parser: argparse.ArgumentParser, scrapy: bool) -> None:
    out = parser.add_argument_group("output")
    out.add_argument("-o", "--output", metavar="FILE",
                     help="append the JSON lines to FILE instead of writing them to stdout")
    out.add_argument("-O", "--overwrite-output", metavar="FILE",
                     help="like -o, but replace FILE")
    out.add_argument("--errors", metavar="FILE",
                     help="also write one JSON line per failed input to FILE "
                          "(url or source_file, error, message)")
    out.add_argument("--explain", action="store_true",
                     help="print on stderr what the cleaner removed from each page, and why")
    if scrapy:
        out.add_argument("--save-html", metavar="DIR",
                         help="keep every fetched page as DIR/<record id>.html.gz, to clean it "
                              "again later with 'newsscrape extract DIR'")
        parser.add_argument("-s", "--set", metavar="NAME=VALUE", type=_setting, action="append",
                            default=[], help="override a Scrapy setting (repeatable)")


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
    _common(fetch, scrapy=True)

    extract = commands.add_parser(
        "extract", help="clean saved pages, without the network", epilog=EXIT_STATUS,
        description="Run saved pages through the same extract -> detect -> clean path. "
                    "Folders are searched recursively for .html, .htm and .html.gz files.")
    extract.add_argument("paths", nargs="+", metavar="PATH", help="files or folders")
    extract.add_argument("--url", help="the address the page was fetched from "
                                       "(one file only; otherwise url is null)")
    _common(extract, scrapy=False)

    demo = commands.add_parser(
        "demo", help="serve the bundled demo news site on 127.0.0.1 and scrape it",
        epilog=EXIT_STATUS,
        description="Serve the bundled demo site on 127.0.0.1, scrape its articles into "
                    "output/demo.jsonl (or -O FILE) and print a summary.")
    _common(demo, scrapy=True)
    return parser


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Parse a command line; ``fetch`` is implied when the first word is not a command."""
    if argv and argv[0] not in COMMANDS and argv[0] not in ("-h", "--help", "--version"):
        argv = ["fetch", *argv]
    args = build_parser().parse_args(argv)
    if args.command == "fetch" and not args.urls and not args.input:
        raise UsageError("give at least one URL, or -i FILE")
    if args.command == "extract" and args.url and (len(args.paths) > 1 or Path(args.paths[0]).is_dir()):
        raise UsageError("--url names the address of a single file")
    if args.output and args.overwrite_output:
        raise UsageError("-o and -O exclude each other")
    return args


# Reading inputs ---------------------------------------------------------------------------

def read_urls(args: argparse.Namespace, stdin: TextIO) -> list[str]:
    """The URLs to fetch, in order, each once."""
    urls = list(args.urls)
    if args.input:
        try:
            stream = stdin if args.input == "-" else open(args.input, encoding="utf-8")
        except OSError as exc:
            raise UsageError(f"cannot read {args.input}: {exc.strerror}") from None
        with stream:
            urls += [line.strip() for line in stream if line.strip() and not line.startswith("#")]
    if not urls:
        raise UsageError(f"{args.input}: no URLs")
    return list(dict.fromkeys(urls))


def page_files(paths: Iterable[str]) -> Iterator[Path]:
    """Saved pages: the files given, and pages found under the folders given, sorted."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.name.lower().endswith(PAGE_SUFFIXES))
        else:
            yield path


# Writing outputs --------------------------------------------------------------------------

@dataclass
class Tally:
    """Outcomes of a run, for the summary and the exit status."""

    inputs: int = 0
    articles: int = 0
    errors: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    started: float = field(default_factory=time.monotonic)

    def status(self) -> int:
        failed = sum(self.errors.values())
        lost = self.inputs - self.articles - failed
        if self.articles == 0:
            return ALL_FAILED
        return SOME_FAILED if failed or lost > 0 else OK

    def summary(self) -> str:
        errors = sum(self.errors.values())
        detail = ", ".join(f"{code} {n}" for code, n in self.errors.most_common())
        lines = [f"newsscrape: {self.articles} articles, {errors} errors"
                 f"{f' ({detail})' if detail else ''} from {self.inputs} inputs "
                 f"in {time.monotonic() - self.started:.1f} s"]
        if self.languages:
            lines.append("  languages: " + ", ".join(f"{k} {v}" for k, v in
                                                     self.languages.most_common()))
        if self.removed:
            lines.append("  removed: " + ", ".join(f"{k} {v}" for k, v in
                                                   self.removed.most_common()))
        return "\n".join(lines)


def explain(record: dict[str, Any], stream: TextIO) -> None:
    """Print what the cleaner removed from one article, readably."""
    where = record.get("url") or record.get("source_file")
    print(f"{where}: {len(record['removed'])} removed, language {record['language']}",
          file=stream)
    for r in record["removed"]:
        text = r["text"].replace("\n", " ")
        print(f"  - {r['kind']:<14} {r['rule']:<32} {text[:90]}{'…' if len(text) > 90 else ''}",
              file=stream)


# Commands ---------------------------------------------------------------------------------

def run_extract(args: argparse.Namespace) -> int:
    """``newsscrape extract``: saved pages, no Scrapy and no network."""
    from .clock import timestamp
    from .extraction import article_or_error
    from .items import Article, FetchError, record
    from .validate import problems

    tally = Tally()
    out = _open_output(args)
    errors = open(args.errors, "a", encoding="utf-8") if args.errors else None
    try:
        for path in page_files(args.paths):
            tally.inputs += 1
            try:
                data = path.read_bytes()
                if path.name.lower().endswith(".gz"):
                    data = gzip.decompress(data)
                result = article_or_error(data, url=args.url, fetched_at=timestamp(),
                                          source_file=str(path))
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                result = FetchError(url=None, source_file=str(path), error="read_error",
                                    message=str(exc), fetched_at=timestamp())
            if isinstance(result, Article) and (found := problems(record(result))):
                result = FetchError(url=args.url, source_file=str(path), error="invalid_record",
                                    message="; ".join(found), fetched_at=result.fetched_at)
            _emit(result, out, errors, tally, args.explain)
    finally:
        if out is not sys.stdout:
            out.close()
        if errors:
            errors.close()
    if sys.stderr.isatty():
        print(tally.summary(), file=sys.stderr)
    return tally.status()


def _open_output(args: argparse.Namespace) -> TextIO:
    if args.overwrite_output:
        return open(args.overwrite_output, "w", encoding="utf-8")
    if args.output:
        return open(args.output, "a", encoding="utf-8")
    return sys.stdout


def _emit(result, out: TextIO, errors: TextIO | None, tally: Tally, show: bool) -> None:
    from .items import Article, record
    from .outcomes import error_line

    data = record(result)
    line = json.dumps(data, ensure_ascii=False) + "\n"
    if isinstance(result, Article):
        tally.articles += 1
        tally.languages[result.language or "?"] += 1
        tally.removed.update(r["kind"] for r in result.removed)
        out.write(line)
        out.flush()
        if show:
            explain(data, sys.stderr)
    else:
        tally.errors[result.error] += 1
        print(error_line(result), file=sys.stderr)
        if errors:
            errors.write(line)
            errors.flush()


def crawl(spider: type, spider_args: dict[str, Any], args: argparse.Namespace,
          feed: str | None, overwrite: bool, tally: Tally) -> None:
    """Run one Scrapy crawl in this process, with the command line's settings and feeds."""
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from .items import ARTICLE_FIELDS, ERROR_FIELDS, Article, FetchError, record

    settings = get_project_settings()
    feeds = {(feed or "stdout:"): {"format": "jsonlines", "item_classes": [Article],
                                    "fields": list(ARTICLE_FIELDS), "overwrite": overwrite}}
    if args.errors:
        feeds[args.errors] = {"format": "jsonlines", "item_classes": [FetchError],
                              "fields": list(ERROR_FIELDS)}
    settings.set("FEEDS", feeds, priority="cmdline")
    settings.set("OUTCOMES_PRINT", True, priority="cmdline")
    settings.set("LOG_LEVEL", "ERROR", priority="cmdline")  # -s LOG_LEVEL=INFO for more
    settings.set("RETRY_GIVE_UP_LOG_LEVEL", "WARNING", priority="cmdline")
    if getattr(args, "save_html", None):
        settings.set("SAVE_HTML_DIR", args.save_html, priority="cmdline")
    for name, value in args.set:
        settings.set(name, value, priority="cmdline")

    process = CrawlerProcess(settings)
    crawler = process.create_crawler(spider)

    def scraped(item) -> None:
        if isinstance(item, Article):
            tally.articles += 1
            tally.languages[item.language or "?"] += 1
            tally.removed.update(r["kind"] for r in item.removed)
            if args.explain:
                explain(record(item), sys.stderr)
        elif isinstance(item, FetchError):
            tally.errors[item.error] += 1

    def failed(item, response, exception) -> None:
        tally.errors["internal_error"] += 1
        print(f"newsscrape: error: {getattr(item, 'url', None)}: internal_error: {exception!r}",
              file=sys.stderr)

    crawler.signals.connect(scraped, signal=signals.item_scraped)
    crawler.signals.connect(failed, signal=signals.item_error)
    process.crawl(crawler, **spider_args)
    process.start()


def run_fetch(args: argparse.Namespace, stdin: TextIO) -> int:
    from .spiders.urls import UrlsSpider

    urls = read_urls(args, stdin)
    tally = Tally(inputs=len(urls))
    crawl(UrlsSpider, {"urls": urls}, args, args.output or args.overwrite_output,
          overwrite=bool(args.overwrite_output), tally=tally)
    _report_lost(tally)
    if sys.stderr.isatty():
        print(tally.summary(), file=sys.stderr)
    return tally.status()


def run_demo(args: argparse.Namespace) -> int:
    from .demo import SITE
    from .demo.server import start
    from .spiders.urls import UrlsSpider

    server, base = start(SITE)
    try:
        pages = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
                       if any(part.isdigit() and len(part) == 4 for part in p.parts))
        urls = [f"{base}/{page}" for page in pages]
        target = args.overwrite_output or args.output or "output/demo.jsonl"
        Path(target).parent.mkdir(parents=True, exist_ok=True)
        tally = Tally(inputs=len(urls))
        crawl(UrlsSpider, {"urls": urls}, args, target, overwrite=not args.output, tally=tally)
    finally:
        server.shutdown()
    _report_lost(tally)
    print(tally.summary(), file=sys.stderr)
    print(f"newsscrape: wrote {tally.articles} articles to {target}", file=sys.stderr)
    return tally.status()


def _report_lost(tally: Tally) -> None:
    lost = tally.inputs - tally.articles - sum(tally.errors.values())
    if lost > 0:
        print(f"newsscrape: error: {lost} inputs gave neither an article nor an error "
              "(see the log above)", file=sys.stderr)


def main(argv: list[str] | None = None, stdin: TextIO | None = None) -> int:
    """Entry point of the ``newsscrape`` console script."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv:
        build_parser().print_help()
        return OK
    try:
        args = parse_args(argv)
        if args.command == "extract":
            return run_extract(args)
        if args.command == "demo":
            return run_demo(args)
        return run_fetch(args, stdin or sys.stdin)
    except UsageError as exc:
        print(f"newsscrape: error: {exc}", file=sys.stderr)
        return USAGE
    except SystemExit as exc:  # argparse: --help exits 0, bad usage exits 2
        return int(exc.code or 0)
    except KeyboardInterrupt:
        print("newsscrape: interrupted", file=sys.stderr)
        return ALL_FAILED


if __name__ == "__main__":
    sys.exit(main())
