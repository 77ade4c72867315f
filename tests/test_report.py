"""The exit status table and the summary, read from the stats that scraper.outcomes counts."""

from __future__ import annotations

import io

import pytest

from scraper.cli import main
from scraper.commands._report import ALL_FAILED, OK, SOME_FAILED, USAGE, exit_status, summary
from scraper.items import FetchError
from scraper.outcomes import Counts, count, source_failures


def stats(inputs: int, articles: int, **errors: int) -> dict:
    return {"newsscrape/inputs": inputs, "newsscrape/articles": articles,
            **{f"newsscrape/errors/{code}": n for code, n in errors.items()}}


@pytest.mark.parametrize("counted, status", [
    (stats(2, 2), OK),
    (stats(2, 1, http_error=1), SOME_FAILED),
    (stats(3, 2), SOME_FAILED),  # an input lost without an error is a failure too
    (stats(2, 0, http_error=2), ALL_FAILED),
    (stats(0, 0), ALL_FAILED),
    ({}, ALL_FAILED),
])
def test_exit_status_table(counted, status):
    assert exit_status(counted) == status


def test_bad_usage_is_status_2(capsys):
    assert main(["extract", "page.html", "-o", "a.jsonl", "-O", "b.jsonl"]) == USAGE
    assert "newsscrape: error:" in capsys.readouterr().err


def test_counting_without_a_crawler_gives_the_keys_a_crawl_gives():
    counts = Counts({"newsscrape/inputs": 3})
    for code in ("http_error", "http_error"):
        count(counts, FetchError(url="https://a.example/", error=code, message="HTTP 404",
                                 fetched_at="2026-11-20T00:00:00Z"))
    count(counts, FetchError(url="https://a.example/feed", error="bad_feed", message="not XML",
                             fetched_at="2026-11-20T00:00:00Z", source="a", start_point="feed"))
    assert counts == {"newsscrape/inputs": 3, "newsscrape/errors": 3,
                      "newsscrape/errors/http_error": 2, "newsscrape/errors/bad_feed": 1,
                      "newsscrape/source_failures/a": [
                          "feed https://a.example/feed: bad_feed: not XML"]}
    assert source_failures(counts) == {"a": ["feed https://a.example/feed: bad_feed: not XML"]}
    assert exit_status(counts) == ALL_FAILED


def test_summary_reads_every_count():
    text = summary({**stats(4, 2, http_error=1, timeout=1), "newsscrape/language/es": 2,
                    "cleaner/removed/newsletter": 3, "elapsed_time_seconds": 1.25})
    assert text.splitlines() == [
        "newsscrape: 2 articles, 2 errors (http_error 1, timeout 1) from 4 inputs in 1.2 s",
        "  languages: es 2",
        "  removed: newsletter 3"]


def test_a_queue_consumers_summary_says_what_it_took_from_the_queue():
    counts = {"url_queue/taken": 7, "newsscrape/articles": 4, "newsscrape/errors": 1,
              "newsscrape/errors/http_error": 1, "elapsed_time_seconds": 2.0}
    assert summary(counts).splitlines()[0] == (
        "newsscrape: 4 articles, 1 errors (http_error 1) from 7 taken from the queue in 2.0 s")
    assert exit_status(counts) == SOME_FAILED  # the error, not the entries others fetched


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_on_a_terminal_the_progress_line_is_cleared_before_the_summary(monkeypatch):
    from scrapy.utils.test import get_crawler

    from scraper.outcomes import CLEAR_LINE, Outcomes

    terminal = Terminal()
    monkeypatch.setattr("sys.stderr", terminal)
    outcomes = Outcomes.from_crawler(get_crawler(settings_dict={"OUTCOMES_PRINT": True}))
    outcomes.item_scraped(FetchError(url="https://a.example/", error="timeout", message="late",
                                     fetched_at="2026-11-20T00:00:00Z"))
    assert terminal.getvalue().startswith(
        f"{CLEAR_LINE}newsscrape: error: https://a.example/: timeout: late\n")
    assert terminal.getvalue().endswith(" s")  # the progress line, left open
    outcomes.spider_closed()
    assert terminal.getvalue().endswith(CLEAR_LINE)
