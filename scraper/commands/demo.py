"""``newsscrape demo``: serve the bundled demo site on 127.0.0.1 and crawl it."""

from __future__ import annotations

import argparse
import sys
from typing import TextIO

from ..outcomes import source_failures
from ._crawler import check_folder, check_writable, crawl, feeds
from ._report import SOME_FAILED, exit_status, report_lost, summary


def run(args: argparse.Namespace, stdin: TextIO) -> int:
    """``newsscrape demo``: serve the bundled site and crawl its feed and sitemap."""
    from ..demo import SITE
    from ..demo.server import start
    from ..scheduled.sources import Source
    from ..spiders.sources import SourcesSpider

    server, base = start(SITE)
    try:
        source = Source(name="demo", feeds=(f"{base}/feed.xml",),
                        sitemaps=(f"{base}/sitemap.xml",))
        target = args.overwrite_output or args.output or "output/demo.jsonl"
        check_writable(target, args.errors)
        check_folder(args.save_html)
        stats = crawl(SourcesSpider, {"sources": [source]}, args, settings={
            "FEEDS": feeds(target, overwrite=not args.output, errors=args.errors,
                            fields=args.fields),
            "OUTCOMES_PRINT": True})
    finally:
        server.shutdown()
    stats["newsscrape/inputs"] = stats.get("sources/fetched/demo", 0)  # the pages it listed
    report_lost(stats)
    print(summary(stats), file=sys.stderr)
    print(f"newsscrape: wrote {stats.get('newsscrape/articles', 0)} articles to {target}",
          file=sys.stderr)
    return SOME_FAILED if source_failures(stats) else exit_status(stats)
