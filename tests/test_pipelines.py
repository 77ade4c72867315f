"""The item pipelines: SeenPipeline and DatedJsonlPipeline (only new or changed articles, in
dated files), and Extract, Validate and DropErrors, which every crawl runs."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest
from scrapy.exceptions import DropItem, NotConfigured
from scrapy.utils.test import get_crawler

from scraper.canonical import stable_id
from scraper.items import Article, FetchError, Page, record
from scraper.pipelines import DropErrorsPipeline, ExtractPipeline
from scraper.records import problems
from scraper.scheduled.output import JsonlAppender
from scraper.scheduled.pipelines import DatedJsonlPipeline, SeenPipeline
from scraper.scheduled.seen import SqliteSeenStore, fingerprint

NOW = "2026-11-20T23:59:00Z"
URL = "https://news.example/2026/11/20/a.html"


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setenv("NEWSSCRAPE_NOW", NOW)


def article(url: str = URL, text: str = "First paragraph.\n\nSecond.",
            fetched_at: str = NOW) -> Article:
    return Article(id=stable_id(url), url=url, canonical_url=url, title="A", description=None,
                   authors=[], published=None, language="en", text=text, removed=[],
                   paywalled=None, site_name=None, image=None, tags=[], fetched_at=fetched_at,
                   source_file=None, extractor={"newsscrape": "0", "trafilatura": "0",
                                                "rules": "0"},
                   source="news", source_date=datetime(2026, 11, 20, 9, tzinfo=UTC))


@pytest.fixture
def pipelines(tmp_path):
    crawler = get_crawler(settings_dict={"SEEN_ENABLED": True, "SEEN_DB": str(tmp_path / "seen.sqlite"),
                                         "CRAWL_OUTPUT_DIR": str(tmp_path)})
    seen, dated = SeenPipeline.from_crawler(crawler), DatedJsonlPipeline.from_crawler(crawler)
    seen.open_spider()
    dated.open_spider()

    def run(item):
        return dated.process_item(seen.process_item(item))

    yield run, crawler.stats
    dated.close_spider()  # the store is the crawl's, closed when its engine stops


def lines(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()]


def test_both_are_off_without_their_settings():
    crawler = get_crawler()
    for pipeline in (SeenPipeline, DatedJsonlPipeline):
        with pytest.raises(NotConfigured):
            pipeline.from_crawler(crawler)


def test_new_updated_unchanged_and_duplicate(pipelines, tmp_path, monkeypatch):
    run, stats = pipelines
    monkeypatch.setenv("NEWSSCRAPE_NOW", "2026-11-21T00:01:00Z")  # the run began the day before
    corrected = "First paragraph, corrected.\n\nSecond."
    run(article())
    with pytest.raises(DropItem):
        run(article(fetched_at="2026-11-20T23:59:30Z"))  # unchanged
    run(article(text=corrected, fetched_at="2026-11-20T23:59:40Z"))
    with pytest.raises(DropItem):
        run(article(url="https://news.example/mirror/a.html", text=corrected))
    written = lines(tmp_path / "news" / "2026-11-20.jsonl")  # the date the run began
    assert [(r["text"][:24], r["updated"]) for r in written] == [
        ("First paragraph.\n\nSecond", None),
        ("First paragraph, correct", "2026-11-20T23:59:40Z")]
    assert all(problems(r) == [] for r in written)
    assert {key: stats.get_value(key) for key in ("seen/new", "seen/unchanged", "seen/updated",
                                                  "seen/duplicate/news")} == {
        "seen/new": 1, "seen/unchanged": 1, "seen/updated": 1, "seen/duplicate/news": 1}
    assert stats.get_value("crawl_output/articles/news") == 2


def test_errors_go_to_their_own_file(pipelines, tmp_path):
    run, stats = pipelines
    run(FetchError(url="https://news.example/feed", error="http_error", message="HTTP 404",
                   status=404, fetched_at=NOW, source="news", start_point="feed"))
    [error] = lines(tmp_path / "news" / "2026-11-20.errors.jsonl")
    assert (error["error"], error["source"], error["start_point"]) == (
        "http_error", "news", "feed")
    assert stats.get_value("crawl_output/errors/news") == 1


def start_and_stop(folder: Path) -> None:
    """Open and close a run's dated output in ``folder``, as a crawl starting up does."""
    crawler = get_crawler(settings_dict={"SEEN_ENABLED": True,
                                         "SEEN_DB": str(folder / "seen.sqlite"),
                                         "CRAWL_OUTPUT_DIR": str(folder)})
    dated = DatedJsonlPipeline.from_crawler(crawler)
    dated.open_spider()
    dated.close_spider()


def test_a_line_written_but_not_recorded_before_a_kill_is_recorded_at_start(tmp_path):
    lost = article(text="Written, then the process was killed.")
    with JsonlAppender(tmp_path / "news" / "2026-11-19.jsonl") as out:
        out.write(record(article(url="https://news.example/older.html")))
    with JsonlAppender(tmp_path / "news" / "2026-11-20.jsonl") as out:
        out.write(record(lost))
    start_and_stop(tmp_path)
    with SqliteSeenStore(tmp_path / "seen.sqlite") as store:
        assert store.classify(URL, fingerprint(lost.text)) == "unchanged"
        assert store.classify("https://news.example/older.html", "x") == "new"


@pytest.mark.parametrize("missing, recorded", [("warc", True), ("text", False)])
def test_a_last_line_written_before_a_field_existed_is_still_recorded(tmp_path, missing,
                                                                      recorded):
    """``warc`` came later: a line without it is an article; one without its text is not."""
    lost = {**record(article()), "warc": None}
    del lost[missing]
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "2026-11-20.jsonl").write_text(json.dumps(lost) + "\n")
    start_and_stop(tmp_path)
    with SqliteSeenStore(tmp_path / "seen.sqlite") as store:
        assert (store.classify(URL, fingerprint(article().text)) == "unchanged") is recorded


def test_an_article_is_remembered_under_the_url_its_feed_listed_too(tmp_path):
    """The spider asks the store about the listed URL; the page may name another canonical."""
    from scraper.canonical import canonical_url
    from scraper.scheduled.pipelines import remember

    listed = "https://feeds.example/news/a.html?from=rss"
    item = article()
    item.requested_url = listed
    with SqliteSeenStore(tmp_path / "seen.sqlite") as store:
        remember(store, item)
        assert not store.should_fetch(canonical_url(URL), None)
        assert not store.should_fetch(canonical_url(listed), None)
        assert store.should_fetch(canonical_url("https://feeds.example/news/b.html"), None)


def test_a_walled_article_page_is_remembered_and_a_failed_feed_is_not(pipelines, tmp_path):
    run, _ = pipelines
    wall = FetchError(url="https://news.example/w.html", error="login_wall", message="wall",
                      fetched_at=NOW, source="news")
    feed = FetchError(url="https://news.example/feed.xml", error="http_error", message="404",
                      fetched_at=NOW, source="news", start_point="feed", status=404)
    run(wall)
    run(feed)
    with SqliteSeenStore(tmp_path / "seen.sqlite") as store:
        assert not store.should_fetch("https://news.example/w.html", None)
        assert store.should_fetch("https://news.example/feed.xml", None)


# The pipelines every crawl runs (scraper/pipelines.py): extract (in this process here; the
# workers: tests/test_workers.py), drop errors. The schema check: tests/test_records.py.

PAGE_HTML = (Path(__file__).parent / "fixtures" / "pages" / "en-device-sharing.html").read_bytes()


def page(body: bytes = PAGE_HTML, **fields) -> Page:
    return Page(url="https://news.example/2026/03/12/water.html", body=body,
                headers=[("Content-Type", "text/html; charset=utf-8")], fetched_at=NOW,
                status=200, **fields)


def extracted(extract: ExtractPipeline, item):
    """``process_item`` run to its end: in this process, it awaits nothing."""
    coroutine = extract.process_item(item)
    try:
        coroutine.send(None)
    except StopIteration as done:
        return done.value
    raise AssertionError("in-process extraction awaited something")


def test_extract_turns_a_page_into_an_article_and_counts_its_removals():
    crawler = get_crawler(settings_dict={"EXTRACT_WORKERS": 0})
    extract = ExtractPipeline.from_crawler(crawler)
    listed = "https://news.example/water?utm_source=rss"
    result = extracted(extract, page(source="news", requested_url=listed))
    assert isinstance(result, Article) and problems(record(result)) == []
    assert (result.source, result.requested_url) == ("news", listed)
    kinds = Counter(removal["kind"] for removal in result.removed)
    assert kinds and {kind: crawler.stats.get_value(f"cleaner/removed/{kind}")
                      for kind in kinds} == dict(kinds)
    other = FetchError(url=URL, error="timeout", message="t", fetched_at=NOW)
    assert extracted(extract, other) is other


def test_extract_names_a_page_without_an_article_by_the_url_it_was_given():
    extract = ExtractPipeline.from_crawler(get_crawler(settings_dict={"EXTRACT_WORKERS": 0}))
    empty = b"<html><body><nav><a href='/'>Home</a></nav></body></html>"
    result = extracted(extract, page(empty, requested_url="https://news.example/short"))
    assert isinstance(result, FetchError)
    assert (result.url, result.error) == ("https://news.example/short", "no_article")


def test_drop_errors_drops_only_errors_and_is_off_when_errors_are_exported():
    drop = DropErrorsPipeline.from_crawler(get_crawler())
    good = article()
    assert drop.process_item(good) is good
    with pytest.raises(DropItem):
        drop.process_item(FetchError(url=URL, error="timeout", message="t", fetched_at=NOW))
    with pytest.raises(NotConfigured):
        DropErrorsPipeline.from_crawler(get_crawler(settings_dict={"OUTCOMES_EXPORT_ERRORS": True}))


def test_a_404_or_410_article_page_is_remembered_and_a_503_is_not(pipelines, tmp_path):
    run, _ = pipelines
    for n, status in enumerate((404, 410, 503)):
        run(FetchError(url=f"https://news.example/{n}.html", error="http_error",
                       message=f"HTTP {status}", status=status, fetched_at=NOW, source="news"))
    with SqliteSeenStore(tmp_path / "seen.sqlite") as store:
        assert [store.should_fetch(f"https://news.example/{n}.html", None)
                for n in range(3)] == [False, False, True]
