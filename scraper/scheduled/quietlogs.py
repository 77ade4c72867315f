"""Logs that stay small: no page bodies above DEBUG, and a message repeated thousands of times
shown a few times, then counted.

``LOG_FORMATTER = "scraper.scheduled.quietlogs.BodylessLogFormatter"``: Scrapy's formatter logs
``repr(item)`` for dropped items and item errors, which for a Page or an Article is the whole
page; this one names the item by its class and URL.

The ``RepeatedLogs`` extension (``EXTENSIONS``) lets the first ``LOG_REPEATS_SHOWN`` (5) records
of each message (its URLs and numbers aside) at WARNING or above through the root log handlers,
counts the rest, and logs one line per message with the count when the spider closes.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import Any

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.logformatter import LogFormatter, LogFormatterResult

logger = logging.getLogger(__name__)

_URL = re.compile(r"\w+://\S+")
_NUMBER = re.compile(r"\d+")


def describe_item(item: Any) -> str:
    """An item named without its contents: ``Page https://...``."""
    url = getattr(item, "url", None) or getattr(item, "source_file", None)
    return f"{type(item).__name__} {url}" if url else type(item).__name__


class BodylessLogFormatter(LogFormatter):
    """Scrapy's messages about items, with the item named rather than printed."""

    def scraped(self, item: Any, *args: Any, **kwargs: Any) -> LogFormatterResult:
        return _named(super().scraped(item, *args, **kwargs), item)

    def dropped(self, item: Any, *args: Any, **kwargs: Any) -> LogFormatterResult:
        return _named(super().dropped(item, *args, **kwargs), item)

    def item_error(self, item: Any, *args: Any, **kwargs: Any) -> LogFormatterResult:
        return _named(super().item_error(item, *args, **kwargs), item)


def _named(result: LogFormatterResult, item: Any) -> LogFormatterResult:
    result["args"] = {**result["args"], "item": describe_item(item)}
    return result


class RepeatFilter(logging.Filter):
    """Pass the first ``shown`` records of each (logger, message template) at WARNING or above;
    count the others."""

    def __init__(self, shown: int) -> None:
        super().__init__()
        self.shown = shown
        self.seen: Counter[tuple[str, str]] = Counter()

    def filter(self, record: logging.LogRecord) -> bool:
        if record.levelno < logging.WARNING or record.name == __name__:
            return True
        decided = getattr(record, "newsscrape_shown", None)  # by another handler's copy
        if decided is None:
            key = (record.name, _template(str(record.msg)))
            self.seen[key] += 1
            decided = record.newsscrape_shown = self.seen[key] <= self.shown
        return decided

    def hidden(self) -> list[tuple[str, int]]:
        """(template, records not shown), most repeated first."""
        return [(template, n - self.shown) for (_, template), n in self.seen.most_common()
                if n > self.shown]


def _template(message: str) -> str:
    """A message with its URLs and numbers blanked: what repeats of it have in common."""
    return _NUMBER.sub("#", _URL.sub("<url>", message))


class RepeatedLogs:
    """Extension: a RepeatFilter on the root log handlers while the spider runs."""

    def __init__(self, crawler: Crawler) -> None:
        self.filter = RepeatFilter(crawler.settings.getint("LOG_REPEATS_SHOWN", 5))
        self.handlers: list[logging.Handler] = []
        crawler.signals.connect(self.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(self.spider_closed, signal=signals.spider_closed)

    def spider_opened(self) -> None:
        """Filter the handlers in place now (Scrapy replaces its own as the crawl starts)."""
        self.handlers = list(logging.root.handlers)
        for handler in self.handlers:
            handler.addFilter(self.filter)

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RepeatedLogs:
        return cls(crawler)

    def spider_closed(self) -> None:
        for template, count in self.filter.hidden():
            first_line = template.splitlines()[0] if template else ""
            logger.warning("%d more messages like %r were not shown", count, first_line[:120])
        for handler in self.handlers:
            handler.removeFilter(self.filter)
