"""Logs stay small: items named rather than printed, repeated messages counted."""

from __future__ import annotations

import logging

from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from scraper.items import Page
from scraper.scheduled.quietlogs import BodylessLogFormatter, RepeatFilter, describe_item

BODY = b"<html><body><p>" + b"The whole page, which must not reach the log. " * 50 + b"</p>"


def page() -> Page:
    return Page(url="https://news.example/a.html", body=BODY,
                headers=[("Content-Type", "text/html; charset=utf-8")],
                fetched_at="2026-11-20T12:00:00Z")


def test_a_page_is_named_not_printed():
    assert "must not reach" not in repr(page())
    spider = get_crawler().spidercls("s")
    spider.crawler = get_crawler()
    formatter = BodylessLogFormatter()
    for result in (formatter.dropped(page(), DropItem("gone"), None, spider),
                   formatter.item_error(page(), ValueError("x"), None, spider),
                   formatter.scraped(page(), None, spider)):
        message = result["msg"] % result["args"]
        assert "must not reach" not in message
        assert "Page https://news.example/a.html" in message
    assert describe_item(object()) == "object"


def test_a_repeated_message_is_shown_a_few_times_then_counted():
    repeats = RepeatFilter(shown=3)

    def record(msg: str, level: int = logging.WARNING) -> logging.LogRecord:
        return logging.LogRecord("scrapy.x", level, __file__, 1, msg, ("u",), None)

    passed = [repeats.filter(record("Gave up retrying %s")) for _ in range(990)]
    passed += [repeats.filter(record(f"newsscrape: error: https://x.example/{n}: HTTP 404"))
               for n in range(10)]
    assert passed.count(True) == 3 + 3
    assert repeats.filter(record("another %s"))
    twice = record("another %s")  # one record, seen by two handlers, counts once
    assert repeats.filter(twice) and repeats.filter(twice)
    assert all(repeats.filter(record("Gave up retrying %s", logging.INFO)) for _ in range(9))
    assert repeats.seen[("scrapy.x", "another %s")] == 2
    assert repeats.hidden() == [("Gave up retrying %s", 987),
                                ("newsscrape: error: <url> HTTP #", 7)]


def test_a_crawl_makes_no_record_that_its_handlers_would_drop():
    """Scrapy leaves the root logger at NOTSET and LOG_LEVEL on its handler: with the root at
    its handlers' level, a debug line at LOG_LEVEL ERROR is never made into a record; at DEBUG
    it still is."""
    from scraper.commands._crawler import make_no_hidden_records

    root, engine = logging.getLogger(), logging.getLogger("scrapy.core.engine")
    saved = root.handlers[:], root.level
    made: list[int] = []

    def seen(record: logging.LogRecord) -> bool:  # (a logger's filter sees every record made)
        made.append(record.levelno)
        return True

    engine.addFilter(seen)
    try:
        for level in (logging.ERROR, logging.DEBUG):
            handler = logging.NullHandler()  # (as Scrapy's: LOG_LEVEL on the handler)
            handler.setLevel(level)
            root.handlers[:] = [handler]
            root.setLevel(logging.NOTSET)
            make_no_hidden_records()
            engine.debug("Crawled (200) <GET https://news.example/a.html>")
            engine.error("shown")
        assert made == [logging.ERROR, logging.DEBUG, logging.ERROR]
    finally:
        engine.removeFilter(seen)
        root.handlers[:], root.level = saved
