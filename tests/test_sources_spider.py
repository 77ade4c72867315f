"""SourcesSpider and the seen-check middleware, callback by callback, on responses built in
memory (no reactor, no network)."""

from __future__ import annotations

import gzip
import re
from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.utils.test import get_crawler

from scraper.items import FetchError, Page
from scraper.scheduled.seen import SqliteSeenStore
from scraper.scheduled.seencheck import SeenCheckMiddleware
from scraper.scheduled.sources import Source
from scraper.scheduled.startpoints import start_point_summaries
from scraper.spiders.sources import (
    INPUT_URL,
    SOURCE,
    SOURCE_DATE,
    START_POINT,
    START_POINT_ID,
    SourcesSpider,
    is_article_page,
)

from .conftest import run_async

NOW = "2026-11-20T12:00:00Z"
SITE = "https://news.example"
FEED = f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title><id>{SITE}/</id>
 <updated>2026-11-20T10:00:00Z</updated>
 <entry><title>a</title><link href="{SITE}/2026/11/20/a.html?utm_source=rss"/><id>1</id>
  <published>2026-11-20T09:00:00Z</published><updated>2026-11-20T10:00:00Z</updated></entry>
 <entry><title>b</title><link href="{SITE}/2026/11/19/b.html"/><id>2</id>
  <published>2026-11-19T09:00:00Z</published></entry>
 <entry><title>old</title><link href="{SITE}/2026/11/01/old.html"/><id>3</id>
  <published>2026-11-01T09:00:00Z</published></entry>
 <entry><title>video</title><link href="{SITE}/video/2026/11/20/v.html"/><id>4</id>
  <published>2026-11-20T09:00:00Z</published></entry>
</feed>""".encode()


@pytest.fixture(autouse=True)
def pinned_clock(monkeypatch):
    monkeypatch.setenv("NEWSSCRAPE_NOW", NOW)


def make_spider(source: Source, **settings) -> SourcesSpider:
    return SourcesSpider.from_crawler(get_crawler(SourcesSpider, settings), sources=[source])


def source(**keys) -> Source:
    return Source(name="news", max_age_days=3, deny=(re.compile("/video/"),), **keys)


def response(cls: type[Response], url: str, body: bytes, **meta) -> Response:
    return cls(url, body=body, request=Request(url, meta={SOURCE: "news", **meta}),
               headers={"Content-Type": "text/html"} if cls is HtmlResponse else None)


def start_point(spider: SourcesSpider, cls: type[Response], url: str, body: bytes,
                kind: str | None, **meta) -> Response:
    """The response of a start point the spider requested (numbered as it numbers them)."""
    n = spider.points.add("news", url, kind or "sitemap", optional=kind is None)
    return response(cls, url, body, **{START_POINT: kind, START_POINT_ID: n}, **meta)


def test_start_requests_every_feed_sitemap_robots_txt_and_section_once():
    spider = make_spider(source(feeds=(f"{SITE}/feed", f"{SITE}/feed"),
                                sitemaps=("https://cdn.example/sitemap.xml",),
                                start_urls=(f"{SITE}/world/",)))

    async def collect():
        return [request async for request in spider.start()]

    requests = run_async(collect())
    assert [(r.url, r.callback.__name__, r.meta.get(START_POINT)) for r in requests] == [
        (f"{SITE}/feed", "parse_feed", "feed"),
        ("https://cdn.example/sitemap.xml", "parse_sitemap", "sitemap"),
        (f"{SITE}/robots.txt", "parse_robots", None),
        ("https://cdn.example/robots.txt", "parse_robots", None),
        (f"{SITE}/world/", "parse_section", "start_url"),
    ]


def test_feed_entries_become_article_requests_counting_old_and_denied_ones():
    spider = make_spider(source(feeds=(f"{SITE}/feed",)))
    feed = start_point(spider, XmlResponse, f"{SITE}/feed", FEED, "feed")
    requests = list(spider.parse_feed(feed))
    assert [r.url for r in requests] == [f"{SITE}/2026/11/20/a.html?utm_source=rss",
                                         f"{SITE}/2026/11/19/b.html"]
    assert requests[0].meta == {SOURCE: "news", INPUT_URL: requests[0].url,
                                SOURCE_DATE: datetime(2026, 11, 20, 10, tzinfo=UTC)}
    assert requests[0].callback == spider.parse_article
    assert not requests[0].dont_filter  # the same article twice: the duplicate filter's job
    [point] = start_point_summaries(spider.crawler.stats.get_stats(), "news")
    assert point == {"kind": "feed", "url": f"{SITE}/feed", "optional": False, "found": 4,
                     "taken": 2, "filtered": {"deny": 1, "age": 1}, "failure": None,
                     "empty": False}


def middleware(spider: SourcesSpider) -> SeenCheckMiddleware:
    return SeenCheckMiddleware.from_crawler(spider.crawler)


def test_seen_articles_are_fetched_again_only_when_their_date_is_newer(tmp_path):
    db = tmp_path / "seen.sqlite"
    with SqliteSeenStore(db) as store:
        for name in ("a", "b"):
            url = f"{SITE}/2026/11/{20 if name == 'a' else 19}/{name}.html"
            store.record(url, url, name, fetched_at=datetime(2026, 11, 20, 9, 30, tzinfo=UTC),
                         source_date=datetime(2026, 11, 19, 9, tzinfo=UTC))

    spider = make_spider(source(), SEEN_ENABLED=True, SEEN_DB=str(db))
    check = middleware(spider)
    feed = start_point(spider, XmlResponse, f"{SITE}/feed", FEED, "feed")
    output = list(check.process_spider_output(feed, spider.parse_feed(feed)))
    assert [r.url for r in output] == [
        f"{SITE}/2026/11/20/a.html?utm_source=rss"]  # updated 10:00, after the stored date
    list(check.process_spider_output(feed, spider.parse_feed(feed)))  # listed again
    assert spider.crawler.stats.get_value("seen/skipped/news") == 1  # counted once

    refresh = make_spider(source(), SEEN_ENABLED=True, SEEN_DB=str(db), SEEN_REFRESH=True)
    feed = start_point(refresh, XmlResponse, f"{SITE}/feed", FEED, "feed")
    assert len(list(middleware(refresh).process_spider_output(
        feed, refresh.parse_feed(feed)))) == 2


def test_the_seen_check_is_off_without_seen_enabled(tmp_path):
    from scrapy.exceptions import NotConfigured

    with pytest.raises(NotConfigured):
        middleware(make_spider(source(), SEEN_DB=str(tmp_path / "seen.sqlite")))


def test_a_remembered_404_is_fetched_again_after_seen_retry_days(tmp_path):
    db = tmp_path / "seen.sqlite"
    url = f"{SITE}/2026/11/19/b.html"
    with SqliteSeenStore(db) as store:
        store.record_failure(url, url, "http_404", datetime(2026, 11, 10, tzinfo=UTC))
    request = Request(url, meta={SOURCE: "news", INPUT_URL: url, SOURCE_DATE: None})

    def kept(days: float) -> bool:
        spider = make_spider(source(), SEEN_ENABLED=True, SEEN_DB=str(db), SEEN_RETRY_DAYS=days)
        return middleware(spider).get_processed_request(request, None) is not None

    assert not kept(30)  # tried 10 days ago
    assert kept(7)


def test_html_page_given_as_feed_leads_to_its_feeds():
    page = b"""<html><head><link rel="alternate" type="application/rss+xml" href="/rss">
        </head><body>Home</body></html>"""
    spider = make_spider(source())
    [request] = spider.parse_feed(start_point(spider, HtmlResponse, f"{SITE}/", page, "feed"))
    assert (request.url, request.callback, request.meta[START_POINT]) == (
        f"{SITE}/rss", spider.parse_feed, "feed")


@pytest.mark.parametrize("callback, body, error", [
    ("parse_feed", b"<html><body>no feed here</body></html>", "bad_feed"),
    ("parse_sitemap", b"<html><body>no sitemap here</body></html>", "bad_sitemap"),
])
def test_unreadable_start_point_fails_the_source(callback, body, error):
    spider = make_spider(source())
    page = start_point(spider, HtmlResponse, f"{SITE}/start", body, "feed")
    [item] = getattr(spider, callback)(page)
    assert isinstance(item, FetchError)
    assert (item.error, item.source, item.start_point) == (error, "news", "feed")
    assert spider.crawler.stats.get_value("sources/failed/news") == 1


def test_sitemap_index_and_gzipped_news_sitemap():
    index = f"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>{SITE}/news.xml.gz</loc><lastmod>2026-11-20</lastmod></sitemap>
 <sitemap><loc>{SITE}/2019.xml</loc><lastmod>2019-12-31</lastmod></sitemap>
</sitemapindex>""".encode()
    news = f"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
 <url><loc>{SITE}/2026/11/20/a.html</loc><news:news>
  <news:publication_date>2026-11-20T08:00:00Z</news:publication_date></news:news></url>
 <url><loc>{SITE}/2026/11/01/old.html</loc><lastmod>2026-11-01</lastmod></url>
</urlset>""".encode()
    spider = make_spider(source())
    [child] = spider.parse_sitemap(start_point(spider, XmlResponse, f"{SITE}/sitemap.xml", index,
                                               "sitemap"))
    assert (child.url, child.meta[START_POINT]) == (f"{SITE}/news.xml.gz", "sitemap")
    [article] = spider.parse_sitemap(response(Response, child.url, gzip.compress(news),
                                              **{k: child.meta[k] for k in child.meta}))
    assert article.url == f"{SITE}/2026/11/20/a.html"
    assert article.meta[SOURCE_DATE] == datetime(2026, 11, 20, 8, tzinfo=UTC)
    index_point, news_point = start_point_summaries(spider.crawler.stats.get_stats(), "news")
    assert (index_point["taken"], index_point["filtered"]) == (1, {"age": 1})
    assert (news_point["url"], news_point["taken"], news_point["filtered"]) == (
        f"{SITE}/news.xml.gz", 1, {"age": 1})


def test_a_sitemap_another_process_numbered_is_counted_under_this_ones_own_number():
    """In a round (REDIS_URL), the child of an index read by one process may be fetched by
    another, which never numbered it: it counts it as a start point of its own."""
    index = f"""<?xml version="1.0"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <sitemap><loc>{SITE}/news.xml</loc></sitemap>
</sitemapindex>""".encode()
    news = f"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
 <url><loc>{SITE}/2026/11/20/a.html</loc><lastmod>2026-11-20</lastmod></url>
</urlset>""".encode()
    one, other = make_spider(source()), make_spider(source())
    [child] = one.parse_sitemap(start_point(one, XmlResponse, f"{SITE}/sitemap.xml", index,
                                            "sitemap"))
    other.points.add("news", f"{SITE}/feed", "feed", optional=False)  # its own number 0
    [article] = other.parse_sitemap(response(XmlResponse, child.url, news,
                                             **{k: child.meta[k] for k in child.meta}))
    assert article.url == f"{SITE}/2026/11/20/a.html"
    feed, sitemap = start_point_summaries(other.crawler.stats.get_stats(), "news")
    assert (feed["url"], feed["taken"]) == (f"{SITE}/feed", 0)
    assert (sitemap["kind"], sitemap["url"], sitemap["taken"]) == ("sitemap", child.url, 1)


def test_a_cut_gzip_sitemap_keeps_what_was_read_and_fails_the_source():
    urls = "".join(f"<url><loc>{SITE}/2026/11/20/{n}.html</loc></url>" for n in range(200))
    body = gzip.compress(f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/'
                         f'schemas/sitemap/0.9">{urls}</urlset>'.encode())
    spider = make_spider(source())
    cut = start_point(spider, Response, f"{SITE}/news.xml.gz", body[: len(body) // 2], "sitemap")
    *requests, error = spider.parse_sitemap(cut)
    assert 10 < len(requests) < 200
    assert all(r.url.endswith(".html") for r in requests)  # no cut URL is fetched
    assert (error.error, error.start_point) == ("bad_sitemap", "sitemap")
    assert "gzip stream cut short" in error.message
    garbage = start_point(spider, Response, f"{SITE}/g.xml.gz", b"\x1f\x8b\x08garbage", "sitemap")
    [error] = spider.parse_sitemap(garbage)
    assert (error.error, error.message[:17]) == ("bad_sitemap", "broken gzip strea")


def test_a_malformed_entry_url_is_an_error_of_its_own():
    body = b'{"version": "https://jsonfeed.org/version/1.1", "items": [' \
           b'{"url": "http://[::1/x"}, {"url": "mailto:a@b.example"}, ' \
           b'{"url": "https://news.example/2026/11/20/ok.html"}]}'
    spider = make_spider(source())
    error, request = spider.parse_feed(start_point(spider, Response, f"{SITE}/feed.json", body,
                                                   "feed"))
    assert (error.error, error.url, error.start_point) == ("bad_url", "http://[::1/x", None)
    assert request.url == "https://news.example/2026/11/20/ok.html"
    [point] = start_point_summaries(spider.crawler.stats.get_stats(), "news")
    assert (point["found"], point["taken"], point["filtered"]) == (3, 1, {"not_http": 1})


def test_robots_txt_sitemaps_do_not_fail_the_source():
    spider = make_spider(source())
    robots = response(Response, f"{SITE}/robots.txt", b"Sitemap: /news.xml\n")
    [request] = spider.parse_robots(robots)
    assert (request.url, request.meta[START_POINT]) == (f"{SITE}/news.xml", None)


SECTION = b"""<html><body><a href="/2026/11/20/a.html">a</a> <a href="/about/">about</a>
<a href="/video/2026/11/20/v.html">video</a> <a href="https://other.example/2026/11/20/x.html">x</a>
</body></html>"""


@pytest.mark.parametrize("allow, max_depth, expected", [
    # allow names the articles: other links only when they can lead to one
    (("/2026/",), 1, [("/2026/11/20/a.html", "parse_article")]),
    (("/2026/",), 2, [("/2026/11/20/a.html", "parse_article"), ("/about/", "parse_linked")]),
    # no allow: every link of the site is fetched, the page itself says if it is an article
    ((), 1, [("/2026/11/20/a.html", "parse_linked"), ("/about/", "parse_linked")]),
])
def test_section_links(allow, max_depth, expected):
    spider = make_spider(source(allow=tuple(re.compile(a) for a in allow), max_depth=max_depth))
    page = start_point(spider, HtmlResponse, f"{SITE}/world/", SECTION, "start_url", depth=0)
    assert [(r.url.removeprefix(SITE), r.callback.__name__)
            for r in spider.parse_section(page)] == expected
    [point] = start_point_summaries(spider.crawler.stats.get_stats(), "news")
    assert (point["found"], point["filtered"].get("offsite"), point["filtered"]["deny"]) == (
        4, 1, 1)


@pytest.mark.parametrize("section, link, followed", [
    ("http://127.0.0.1:8765/world/", "http://127.0.0.1:8765/2026/11/20/a.html", True),
    ("http://127.0.0.1:8765/world/", "http://127.0.0.1:8766/2026/11/20/a.html", False),
    ("http://127.0.0.1:8765/world/", "http://127.0.0.1/2026/11/20/a.html", False),
    ("http://news.example/world/", "http://news.example:80/2026/11/20/a.html", True),
    ("https://news.example/world/", "http://news.example/2026/11/20/a.html", True),
    ("http://news.example/world/", "http://www.news.example/2026/11/20/a.html", True),
    ("http://news.example/world/", "http://news.example:8080/2026/11/20/a.html", False),
])
def test_section_links_are_on_the_site_by_host_and_port(section, link, followed):
    spider = make_spider(source(allow=(re.compile("/2026/"),)))
    body = f'<html><body><a href="{link}">a</a></body></html>'.encode()
    page = start_point(spider, HtmlResponse, section, body, "start_url", depth=0)
    assert [r.url for r in spider.parse_section(page)] == ([link] if followed else [])


@pytest.mark.parametrize("head, article", [
    ('<meta property="og:type" content="article">', True),
    ('<script type="application/ld+json">{"@type": ["ReportageNewsArticle"]}</script>', True),
    ('<script type="application/ld+json">{"@graph": [{"@type": "WebPage"}, '
     '{"@type": "NewsArticle"}]}</script>', True),
    ('<script type="application/ld+json">[{"@type": "Organization"}]</script>', False),
    ('<script type="application/ld+json">{not json</script>', False),
    ('<meta property="og:type" content="website">', False),
])
def test_is_article_page(head, article):
    page = HtmlResponse(f"{SITE}/p", body=f"<html><head>{head}</head><body></body></html>".encode())
    assert is_article_page(page) is article


def test_linked_page_is_an_article_by_its_markup_or_followed_as_a_section():
    spider = make_spider(source(max_depth=2))
    meta = {SOURCE_DATE: None, INPUT_URL: f"{SITE}/p", "depth": 1}
    article = b'<html><head><meta property="og:type" content="article"></head></html>'
    [page] = spider.parse_linked(response(HtmlResponse, f"{SITE}/p", article, **meta))
    assert isinstance(page, Page) and (page.source, page.requested_url) == ("news", f"{SITE}/p")
    links = list(spider.parse_linked(response(HtmlResponse, f"{SITE}/q", SECTION, **meta)))
    assert [r.url for r in links] == [f"{SITE}/2026/11/20/a.html", f"{SITE}/about/"]


def test_start_url_that_is_not_html_fails_the_source():
    spider = make_spider(source())
    pdf = Response(f"{SITE}/world/", body=b"%PDF-1.4", headers={"Content-Type": "application/pdf"},
                   request=Request(f"{SITE}/world/",
                                   meta={SOURCE: "news", START_POINT: "start_url"}))
    [error] = spider.parse_section(pdf)
    assert (error.error, error.start_point) == ("not_html", "start_url")
    assert "application/pdf" in error.message
