"""Run one Scrapy crawl in this process, as the ``newsscrape`` commands do."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path
from typing import Any

from ._report import Tally, UsageError, explain


def _robots_download_error(record: logging.LogRecord) -> bool:
    """Logging filter: False (drop) for the robots.txt middleware's download errors."""
    return not (record.levelno >= logging.ERROR and record.msg.startswith("Error downloading"))


def feeds(target: str | None, overwrite: bool, errors: str | None,
          fields: list[str] | None) -> dict[str, Any]:
    """Scrapy FEEDS: articles to ``target`` (stdout when None), errors to ``errors``."""
    from ..items import ARTICLE_FIELDS, ERROR_FIELDS, Article, FetchError

    chosen = {(target or "stdout:"): {"format": "jsonlines", "item_classes": [Article],
                                       "fields": fields or list(ARTICLE_FIELDS),
                                       "overwrite": overwrite}}
    if errors:
        chosen[errors] = {"format": "jsonlines", "item_classes": [FetchError],
                          "fields": list(ERROR_FIELDS)}
    return chosen


def crawl(spider: type, spider_args: dict[str, Any], args: argparse.Namespace,
          settings: dict[str, Any], tally: Tally) -> dict[str, Any]:
    """Run one Scrapy crawl in this process: the project settings, then ``settings``, then the
    command line's; every item scraped is counted in ``tally``. Returns the crawl's stats.
    """
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    from scrapy import signals
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.project import get_project_settings

    from ..items import Article, FetchError, record

    project = get_project_settings()
    project.set("LOG_LEVEL", "ERROR", priority="cmdline")  # -s LOG_LEVEL=INFO for more
    project.set("RETRY_GIVE_UP_LOG_LEVEL", "WARNING", priority="cmdline")
    project.set("FETCH_ERRORS_EXPORT", True, priority="cmdline")  # counted here, --errors FILE
    if getattr(args, "save_html", None):
        project.set("SAVE_HTML_DIR", args.save_html, priority="cmdline")
    for name, value in [*settings.items(), *args.set]:
        project.set(name, value, priority="cmdline")
    # Nothing listens for commands, whatever settings module the environment names.
    project.set("TELNETCONSOLE_ENABLED", False, priority="cmdline")
    project.set("REMOTE_CONTROL_ENABLED", False, priority="cmdline")

    if project.get("REDIS_URL"):  # several machines: fail before anything is fetched
        from ..distributed import unreachable

        if problem := unreachable(project):
            raise UsageError(problem)
    process = CrawlerProcess(project)
    # A robots.txt that cannot be downloaded is logged with a traceback; the page's own request
    # then fails the same way and is reported as one error line, which is all a user needs.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_robots_download_error)
    crawler = process.create_crawler(spider)

    def scraped(item) -> None:
        if isinstance(item, (Article, FetchError)):
            tally.add(item)
        if isinstance(item, Article) and getattr(args, "explain", False):
            explain(record(item), sys.stderr)

    def failed(item, response, failure, **_) -> None:
        tally.errors["internal_error"] += 1
        print(f"newsscrape: error: {getattr(item, 'url', None)}: internal_error: "
              f"{failure.value!r}", file=sys.stderr)

    crawler.signals.connect(scraped, signal=signals.item_scraped)
    crawler.signals.connect(failed, signal=signals.item_error)
    process.crawl(crawler, **spider_args)
    process.start()
    return crawler.stats.get_stats()


def check_writable(*paths: str | None) -> None:
    """Fail before fetching anything when an output file cannot be written."""
    for path in paths:
        if path:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                with open(path, "a", encoding="utf-8"):
                    pass
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror}") from None
