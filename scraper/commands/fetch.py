"""``newsscrape URL ...`` / ``newsscrape fetch``: fetch pages by URL with Scrapy."""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path
from typing import TextIO

from . import _interrupts
from ._crawler import check_folder, check_writable, crawl, feeds, start_workers_early
from ._report import UsageError, exit_status, report_lost, summary


# host.name[:port] then / or the end: someone's address without its http(s)://
HOST_FIRST = re.compile(r"[\w-]+(\.[\w-]+)+(:\d+)?(/|$)")


def not_a_url_hint(given: str) -> str | None:
    """What a command-line argument that is not a URL probably meant, or None."""
    if "://" in given:
        return None
    if Path(given).exists():
        return (f"{given} is a file, not a URL: to clean a saved page, run "
                f"'newsscrape extract {given}'")
    if HOST_FIRST.match(given):
        return f"{given} is not a URL: did you mean https://{given} ?"
    return None


def read_urls(args: argparse.Namespace, stdin: TextIO) -> list[str]:
    """The URLs to fetch, in order, each once."""
    from ..canonical import canonical_url
    from ..url_list import url_lines

    for given in args.urls:
        if hint := not_a_url_hint(given):
            raise UsageError(hint)
    urls = list(args.urls)
    if args.input:
        try:
            stream = stdin if args.input == "-" else open(args.input, encoding="utf-8-sig")
            with stream:
                urls += url_lines(stream)
        except OSError as exc:
            raise UsageError(f"cannot read {args.input}: {exc.strerror}") from None
        except UnicodeDecodeError as exc:
            raise UsageError(f"{args.input} is not UTF-8 text: {exc.reason} at byte "
                             f"{exc.start}") from None
    if not urls:
        raise UsageError(f"{args.input}: no URLs")
    firsts: dict[str, str] = {}  # the article's identity -> the first URL given for it
    for url in urls:
        try:
            key = canonical_url(url)
        except ValueError:  # (not a URL: its own error line, later)
            key = url
        firsts.setdefault(key, url)
    if again := len(urls) - len(firsts):
        print(f"newsscrape: {again} URL(s) given again, fetched once", file=sys.stderr)
    return list(firsts.values())


def run(args: argparse.Namespace, stdin: TextIO) -> int:
    """Fetch the URLs given (and listed with ``-i``), one record each."""
    target = args.output or args.overwrite_output
    if target and args.errors and Path(target).resolve() == Path(args.errors).resolve():
        # (Scrapy's feeds are one a file: the errors' feed would replace the articles')
        raise UsageError(f"--errors {args.errors} is the output file; give it a file of its own")
    settings = {"FEEDS": feeds(target, overwrite=bool(args.overwrite_output), errors=args.errors,
                               fields=args.fields),
                "OUTCOMES_PRINT": True}
    if args.redis:
        from .enqueue import redis_url

        settings["REDIS_URL"] = redis_url(args)  # (none given: a usage error, before anything)
        start_workers_early(args)
        from ..distributed.consumer import RedisUrlsSpider, round_prefix

        spider, spider_args, inputs = RedisUrlsSpider, {"queue": args.queue}, None
        settings["REDIS_KEY_PREFIX"] = round_prefix(args.queue)
    else:
        with _interrupts.released():  # (waiting for a pipe or a terminal: Ctrl-C stops it)
            urls = read_urls(args, stdin)
        if len(urls) == 1:  # one page: starting worker processes would cost more than it saves
            settings["EXTRACT_WORKERS"] = 0
        else:
            start_workers_early(args)
        from ..spiders.urls import UrlsSpider

        spider, spider_args, inputs = UrlsSpider, {"urls": urls}, len(urls)
    check_writable(target, args.errors)
    check_folder(args.save_html)
    stats = crawl(spider, spider_args, args, inputs=inputs, settings=settings)
    report_lost(stats)
    if sys.stderr.isatty():
        print(summary(stats), file=sys.stderr)
    return exit_status(stats)
