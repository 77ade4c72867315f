"""UrlsSpider and the pipelines, crawled in this process against the local test site: a crawler
from ``get_crawler``, items from ``item_scraped``, the outcomes from the crawl's stats."""

from __future__ import annotations

import pytest_twisted

from scraper.commands._report import ALL_FAILED, SOME_FAILED, errors, exit_status
from scraper.items import Article, record
from scraper.records import problems
from scraper.spiders.urls import UrlsSpider

from .conftest import crawl_in_process


def fetch(*urls: str, **settings):
    return crawl_in_process(UrlsSpider, settings, urls=list(urls))


@pytest_twisted.inlineCallbacks
def test_one_good_url_and_one_404_and_the_stats_agree(site):
    good, missing = f"{site}/pages/en-device-sharing.html", f"{site}/status/404"
    crawl = yield fetch(good, missing)
    found = crawl.by_url()
    assert isinstance(found[good], Article) and problems(record(found[good])) == []
    assert (found[missing].error, found[missing].status) == ("http_error", 404)
    assert crawl.stats["newsscrape/articles"] == 1
    assert errors(crawl.stats) == {"http_error": 1}


@pytest_twisted.inlineCallbacks
def test_every_bad_input_gets_its_named_error(site):
    urls = {
        "http_error": f"{site}/status/500",
        "timeout": f"{site}/slow",
        "not_html": f"{site}/file.pdf",
        "too_large": f"{site}/huge.html",
        "bad_url": "not a url",
        "robots_denied": f"{site}/private/page.html",
        "no_article": f"{site}/pages/not-an-article.html",
        "connection_error": "http://127.0.0.1:1/story.html",  # nothing listens on port 1
    }
    crawl = yield fetch(f"{site}/pages/de-related.html", *urls.values())
    found = crawl.by_url()
    assert {code: found[url].error for code, url in urls.items()} == {code: code for code in urls}
    assert crawl.stats["newsscrape/articles"] == 1
    assert errors(crawl.stats) == {code: 1 for code in urls}
    assert exit_status({**crawl.stats, "newsscrape/inputs": 9}) == SOME_FAILED
    assert all(found[url].message for url in urls.values())


@pytest_twisted.inlineCallbacks
def test_a_gzip_bomb_is_too_large_and_a_cut_response_a_connection_error_each_saying_why(site):
    bomb, cut = f"{site}/gzip-bomb.html", f"{site}/cut-short.html"
    crawl = yield fetch(bomb, cut, RETRY_ENABLED=False)
    found = crawl.by_url()
    assert (found[bomb].error, found[cut].error) == ("too_large", "connection_error")
    assert "DOWNLOAD_MAXSIZE" in found[bomb].message
    assert "closed before the whole response" in found[cut].message


@pytest_twisted.inlineCallbacks
def test_a_redirect_gives_the_final_url(site):
    crawl = yield fetch(f"{site}/redirect/es-newsletter.html")
    [article] = crawl.items
    assert article.url == f"{site}/pages/es-newsletter.html"
    assert article.language == "es"


@pytest_twisted.inlineCallbacks
def test_nothing_succeeded_is_status_3(site):
    crawl = yield fetch(f"{site}/status/404", f"{site}/status/410")
    assert [item.error for item in crawl.items] == ["http_error", "http_error"]
    assert exit_status({**crawl.stats, "newsscrape/inputs": 2}) == ALL_FAILED


@pytest_twisted.inlineCallbacks
def test_retry_after_is_waited_for(site):
    url = f"{site}/retry-after/waits"
    crawl = yield fetch(url)
    [article] = crawl.items
    assert isinstance(article, Article)
    answers = [(status, when) for event, u, status, when in crawl.events
               if event == "response" and u == url]
    assert [status for status, _ in answers] == [503, 200]
    assert answers[1][1] - answers[0][1] >= 0.95  # the site asks for Retry-After: 1
    assert crawl.stats["retry/count"] == 1


@pytest_twisted.inlineCallbacks
def test_a_retry_after_over_the_maximum_is_not_waited_for(site):
    url = f"{site}/retry-after/too-long"
    crawl = yield fetch(url, RETRY_AFTER_MAX=0.5)
    [error] = crawl.items
    assert (error.error, error.status) == ("http_error", 503)
    assert "retry/count" not in crawl.stats


@pytest_twisted.inlineCallbacks
def test_a_wrong_charset_is_decoded_and_counted(site):
    crawl = yield fetch(f"{site}/cp1252/latin1-declared-utf8.html")
    [article] = crawl.items
    assert "año" in article.text and "\ufffd" not in article.text
    assert crawl.stats["newsscrape/charset_mismatch"] == 1


@pytest_twisted.inlineCallbacks
def test_odd_urls_are_bad_urls_before_any_request():
    crawl = yield fetch("ftp://news.example/a.html", "http://", "http://127.0.0.1:99999/x")
    assert [item.error for item in crawl.items] == ["bad_url"] * 3
    assert not [event for event in crawl.events if event[0] == "request"]
    assert exit_status({**crawl.stats, "newsscrape/inputs": 3}) == ALL_FAILED


@pytest_twisted.inlineCallbacks
def test_errors_are_counted_even_when_dropped_before_the_feeds(site):
    crawl = yield fetch(f"{site}/status/404", OUTCOMES_EXPORT_ERRORS=False)
    assert crawl.items == []
    assert errors(crawl.stats) == {"http_error": 1}
    assert crawl.stats["item_dropped_count"] == 1


class RaisingPipeline:
    """A pipeline with a bug: it raises on every article."""

    def process_item(self, item):
        if isinstance(item, Article):
            raise RuntimeError("a bug")
        return item


@pytest_twisted.inlineCallbacks
def test_a_pipeline_that_raises_is_an_internal_error_counted_with_the_others(site):
    from scraper.settings import ITEM_PIPELINES

    crawl = yield fetch(f"{site}/pages/es-newsletter.html", f"{site}/status/404", ITEM_PIPELINES={
        **ITEM_PIPELINES, "tests.test_urls_spider.RaisingPipeline": 350})
    assert [item.error for item in crawl.items] == ["http_error"]
    assert errors(crawl.stats) == {"http_error": 1, "internal_error": 1}
    assert exit_status({**crawl.stats, "newsscrape/inputs": 2}) == ALL_FAILED


@pytest_twisted.inlineCallbacks
def test_robots_txt_does_not_hold_back_the_first_page_and_the_delay_still_spaces_pages(site):
    first, second = f"{site}/pages/en-device-sharing.html", f"{site}/pages/fr-paywall.html"
    crawl = yield fetch(first, second, AUTOTHROTTLE_ENABLED=True, AUTOTHROTTLE_START_DELAY=2.0,
                        DOWNLOAD_DELAY_JITTER=0, CONCURRENT_REQUESTS_PER_DOMAIN=1)
    answered = {url: at for event, url, _, at in crawl.events if event == "response"}
    robots = answered[f"{site}/robots.txt"]
    pages = sorted(answered[url] for url in (first, second))
    assert pages[0] - robots < 1.0  # was the whole start delay: 2 s
    assert pages[1] - pages[0] >= 1.9
