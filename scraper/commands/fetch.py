"""``newsscrape URL ...`` / ``newsscrape fetch``: fetch pages by URL with Scrapy."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ._crawler import check_writable, crawl, feeds
from ._report import Tally, UsageError, report_lost


def read_urls(args: argparse.Namespace, stdin: TextIO) -> list[str]:
    """The URLs to fetch, in order, each once."""
    from ..spiders.urls import url_lines

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
    return list(dict.fromkeys(urls))


def run(args: argparse.Namespace, stdin: TextIO) -> int:
    """Fetch the URLs given (and listed with ``-i``), one record each."""
    from ..spiders.urls import UrlsSpider

    target = args.output or args.overwrite_output
    settings = {"FEEDS": feeds(target, overwrite=bool(args.overwrite_output), errors=args.errors,
                               fields=args.fields),
                "OUTCOMES_PRINT": True}
    if args.redis:
        from ..distributed.consumer import RedisUrlsSpider, round_prefix
        from .enqueue import redis_url

        spider, spider_args, tally = RedisUrlsSpider, {"queue": args.queue}, Tally()
        settings.update(REDIS_URL=redis_url(args), REDIS_KEY_PREFIX=round_prefix(args.queue))
    else:
        urls = read_urls(args, stdin)
        spider, spider_args, tally = UrlsSpider, {"urls": urls}, Tally(inputs=len(urls))
    check_writable(target, args.errors)
    crawl(spider, spider_args, args, tally=tally, settings=settings)
    report_lost(tally)
    if sys.stderr.isatty():
        print(tally.summary(), file=sys.stderr)
    return tally.status()
