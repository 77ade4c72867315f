"""Run one Scrapy crawl in this process, as the ``newsscrape`` commands do."""

from __future__ import annotations

import argparse
import logging
import os
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cleaners.options import PREFIX

from . import _interrupts
from ._report import UsageError, explain
from ._thresholds import cleaner_options

if TYPE_CHECKING:
    from collections.abc import Callable

    from scrapy.settings import BaseSettings
    from twisted.python.failure import Failure


def _robots_download_error(record: logging.LogRecord) -> bool:
    """Logging filter: False (drop) for the robots.txt middleware's download errors."""
    return not (record.levelno >= logging.ERROR and record.msg.startswith("Error downloading"))


FEED_FORMAT = "newsscrape_jsonlines"  # scraper.exporters.JsonLinesExporter, the one serialiser


def feeds(target: str | None, overwrite: bool, errors: str | None,
          fields: list[str] | None) -> dict[str, Any]:
    """Scrapy FEEDS: articles to ``target`` (stdout when None), errors to ``errors``."""
    from ..items import ARTICLE_FIELDS, ERROR_FIELDS, Article, FetchError

    chosen = {(target or "stdout:"): {"format": FEED_FORMAT, "item_classes": [Article],
                                       "fields": fields or list(ARTICLE_FIELDS),
                                       "overwrite": overwrite}}
    if errors:
        chosen[errors] = {"format": FEED_FORMAT, "item_classes": [FetchError],
                          "fields": list(ERROR_FIELDS)}
    return chosen


def crawl(spider: type, spider_args: dict[str, Any], args: argparse.Namespace,
          settings: dict[str, Any], inputs: int | None = None) -> dict[str, Any]:
    """Run one Scrapy crawl in this process: the project settings, then ``settings``, then the
    command line's. Returns the crawl's stats, where ``scraper.outcomes`` counted every outcome
    (and ``newsscrape/inputs`` is ``inputs``, when given).
    """
    os.environ.setdefault("SCRAPY_SETTINGS_MODULE", "scraper.settings")
    from scrapy import signals
    from scrapy.utils.project import get_project_settings
    from scrapy.utils.reactor import install_reactor

    from ..items import Article, record

    project = get_project_settings()
    project.set("LOG_LEVEL", "ERROR", priority="cmdline")  # -s LOG_LEVEL=INFO for more
    project.set("RETRY_GIVE_UP_LOG_LEVEL", "WARNING", priority="cmdline")
    project.set("OUTCOMES_EXPORT_ERRORS", True, priority="cmdline")  # counted here, --errors FILE
    if getattr(args, "save_html", None):
        project.set("SAVE_HTML_ENABLED", True, priority="cmdline")
        project.set("SAVE_HTML_DIR", args.save_html, priority="cmdline")
    check_values(project, args.set)
    for name, value in [*settings.items(), *args.set]:
        project.set(name, value, priority="cmdline")
    # The spider class is given: no spider modules to import (the sources spider's feed and
    # sitemap parsers, for one URL): finding spiders by name is for ``scrapy crawl NAME``.
    project.set("SPIDER_LOADER_CLASS", "scrapy.spiderloader.DummySpiderLoader",
                priority="cmdline")
    # Nothing listens for commands, whatever settings module the environment names.
    project.set("TELNETCONSOLE_ENABLED", False, priority="cmdline")
    project.set("REMOTE_CONTROL_ENABLED", False, priority="cmdline")

    if project.get("REDIS_URL"):  # several machines: fail before anything is fetched
        from ..distributed import unreachable

        with _interrupts.released():  # (a Redis that does not answer: up to its timeouts)
            problem = unreachable(project)
        if problem:
            raise UsageError(problem)
    _start_forkserver(project)
    process = _interrupt_noting_process()(project)
    # A robots.txt that cannot be downloaded is logged with a traceback; the page's own request
    # then fails the same way and is reported as one error line, which is all a user needs.
    logging.getLogger("scrapy.downloadermiddlewares.robotstxt").addFilter(_robots_download_error)
    crawler = process.create_crawler(spider)
    # The crawl's reactor, installed now as Scrapy would as it builds the crawl (Scrapy's way
    # for a script), so that Ctrl-C from here on, and one noted during start-up
    # (scraper.commands._interrupts), stop the crawl as Scrapy's handler does once it runs.
    install_reactor(crawler.settings["TWISTED_REACTOR"], crawler.settings["ASYNCIO_EVENT_LOOP"])
    _interrupts.hand_to(process._signal_shutdown)

    def opened() -> None:
        if inputs is not None:
            crawler.stats.set_value("newsscrape/inputs", inputs)
        make_no_hidden_records()  # (after Scrapy's last set-up of the root logger)

    def scraped(item) -> None:
        if isinstance(item, Article):
            explain(record(item), sys.stderr)

    crawler.signals.connect(opened, signal=signals.spider_opened)
    if getattr(args, "explain", False):
        crawler.signals.connect(scraped, signal=signals.item_scraped)
    failures: list[Failure] = []
    # Scrapy leaves a crawl that fails as it is built (a bad EXTENSIONS entry) to a Deferred
    # nobody reads: kept here, it is raised, not lost.
    process.crawl(crawler, **spider_args).addErrback(failures.append)
    process.start()
    if failures:
        failures[0].raiseException()
    stats = crawler.stats.get_stats()
    if process.interrupted:  # (one as the engine opened stopped it with no finish reason)
        stats.setdefault("finish_reason", "shutdown")
    return stats


def _interrupt_noting_process() -> type:
    """Scrapy's ``CrawlerProcess``, remembering a Ctrl-C or SIGTERM: Scrapy records one as the
    finish reason ``shutdown`` only once the engine runs, and one that comes as it opens the
    spider stops the crawl with no finish reason at all."""

    from scrapy.crawler import CrawlerProcess

    class Process(CrawlerProcess):
        interrupted = False

        def _signal_shutdown(self, signum: int, frame: Any) -> None:
            self.interrupted = True
            super()._signal_shutdown(signum, frame)

    return Process


# The settings Scrapy and this project read as whole numbers (``getint``), where "1e9" or
# "0.5" would stop the crawl with a traceback; the other numbers are read as floats.
# tests/test_settings.py checks the list against Scrapy's sources and the project's.
WHOLE_NUMBERS = frozenset({
    "AWS_MAX_POOL_CONNECTIONS", "CLOSESPIDER_ERRORCOUNT", "CLOSESPIDER_ITEMCOUNT",
    "CLOSESPIDER_PAGECOUNT", "CLOSESPIDER_PAGECOUNT_NO_ITEM", "CLOSESPIDER_TIMEOUT_NO_ITEM",
    "CONCURRENT_ITEMS", "CONCURRENT_REQUESTS", "CONCURRENT_REQUESTS_PER_DOMAIN",
    "CONCURRENT_REQUESTS_PER_IP", "DEPTH_LIMIT", "DEPTH_PRIORITY", "DNSCACHE_SIZE",
    "DOWNLOAD_MAXSIZE", "DOWNLOAD_WARNSIZE", "FEED_EXPORT_BATCH_ITEM_COUNT",
    "FEED_EXPORT_INDENT", "HTTP2_MAX_FRAME_SIZE", "HTTPCACHE_EXPIRATION_SECS",
    "LOG_REPEATS_SHOWN", "MAIL_PORT", "MEMUSAGE_LIMIT_MB", "MEMUSAGE_WARNING_MB",
    "METAREFRESH_MAXDELAY", "REACTOR_THREADPOOL_MAXSIZE", "REDIRECT_MAX_TIMES",
    "REDIRECT_PRIORITY_ADJUST", "REDIS_CLAIM_TTL", "REMOTE_CONTROL_OUTPUT_MAX_BYTES",
    "REMOTE_CONTROL_TRACEBACK_MAX_BYTES", "RETRY_PRIORITY_ADJUST", "RETRY_TIMES",
    "SCRAPER_SLOT_MAX_ACTIVE_SIZE", "URLLENGTH_LIMIT",
})


def check_values(project: BaseSettings, given: list[tuple[str, str]]) -> None:
    """Fail before fetching anything when a ``-s`` value is not of its setting's kind (a whole
    number, a number, yes or no, a JSON object, a log level), read as the crawl reads it: the
    crawl would stop on it later, with a traceback; the cleaner's thresholds as the cleaner
    reads them (``CLEANER_*``)."""
    from scrapy.settings import BaseSettings

    cleaner_options([(name, project[name]) for name in project if name.startswith(PREFIX)],
                    f"{project.get('SETTINGS_MODULE') or 'the settings'}: ")
    cleaner_options(given)
    for name, value in given:
        kind, read = value_kind(name, project.get(name))
        try:
            read(BaseSettings({name: value}), name)
        except (ValueError, TypeError, KeyError):
            raise UsageError(f"-s {name}={value}: {name} takes {kind}") from None


def value_kind(name: str, default: Any) -> tuple[str, Callable[[BaseSettings, str], Any]]:
    """What a value of the setting ``name`` (whose project value is ``default``) must be, and
    how the crawl reads it."""
    from scrapy.settings import BaseSettings

    if name == "LOG_LEVEL":  # (as the log handler takes it)
        return ("a log level (DEBUG, INFO, WARNING, ERROR or CRITICAL)",
                lambda settings, key: logging.getLevelNamesMapping()[settings[key]])
    if name in WHOLE_NUMBERS:
        return "a whole number", BaseSettings.getint
    if isinstance(default, bool):
        return "True or False", BaseSettings.getbool
    if isinstance(default, (int, float)):
        return "a number", BaseSettings.getfloat
    if isinstance(default, (dict, BaseSettings)):
        return 'a JSON object ({"name": value, ...})', BaseSettings.getdict
    return "any text", BaseSettings.get


def make_no_hidden_records() -> None:
    """Raise the root logger to its handlers' lowest level. Scrapy leaves it at NOTSET and
    sets ``LOG_LEVEL`` on its handler, so each debug line (a "Crawled" and a "Scraped from"
    a page) is made into a record, 12 µs each, that no handler shows."""
    root = logging.getLogger()
    if root.handlers:
        root.setLevel(min(handler.level for handler in root.handlers))


def start_workers_early(args: argparse.Namespace) -> None:
    """Start the extraction workers' forkserver before Scrapy is imported, unless the command
    line turns the workers off (``-s EXTRACT_WORKERS=0``) or gives them no number (a usage
    error, said once the settings are read): importing Scrapy to read the settings takes
    0.2 s, which the forkserver's loading then overlaps too. The settings still decide
    (``_start_forkserver``); a forkserver started for a crawl whose settings module wants no
    workers stays idle until the command exits."""
    cleaner_options(args.set)  # (a bad threshold: a usage error before any worker loads)
    try:
        wanted = int(dict(args.set).get("EXTRACT_WORKERS", "").strip() or 1) > 0
    except ValueError:
        wanted = False
    if wanted:
        from ..workers import start_forkserver

        start_forkserver()


def _start_forkserver(project: BaseSettings) -> None:
    """Start the extraction workers' forkserver now when the pipeline will have workers: it
    loads the cleaner on another core while Scrapy builds the crawl, where the pipeline, built
    last, would start it only after."""
    from scrapy.utils.conf import build_component_list
    from scrapy.utils.misc import load_object

    from ..pipelines import ExtractPipeline

    try:
        workers = ExtractPipeline.workers(project)
    except ValueError:
        raise UsageError(f"EXTRACT_WORKERS must be a whole number, or empty for one per core "
                         f"(got {project.get('EXTRACT_WORKERS')!r})") from None
    pipelines = build_component_list(project.getwithbase("ITEM_PIPELINES"))
    if workers > 0 and ExtractPipeline in map(load_object, pipelines):
        from ..workers import start_forkserver

        start_forkserver()


def check_folder(path: str | None) -> None:
    """Fail before fetching anything when a folder to write in cannot be made or written to."""
    if path:
        try:
            Path(path).mkdir(parents=True, exist_ok=True)
            with tempfile.TemporaryFile(dir=path):
                pass
        except OSError as exc:
            raise UsageError(f"cannot write to the folder {path}: {exc.strerror}") from None


def check_writable(*paths: str | None) -> None:
    """Fail before fetching anything when an output file cannot be written; cut the torn
    last line a killed run left (the feed's first line would be joined to it)."""
    from ..scheduled.output import repair_torn_tail

    for path in paths:
        if path:
            try:
                Path(path).parent.mkdir(parents=True, exist_ok=True)
                repair_torn_tail(Path(path))
                with open(path, "a", encoding="utf-8"):
                    pass
            except OSError as exc:
                raise UsageError(f"cannot write {path}: {exc.strerror}") from None
