"""Property-based tests: generated and mutated feeds, sitemaps, JSON Feeds and HTML pages thrown
at the parsing functions, the sources spider's callbacks and the page-to-record function.
Nothing may raise but the named errors (FeedError, SitemapError).

Profiles (``HYPOTHESIS_PROFILE``): ``ci`` (the default: derandomised, no deadline, about a
minute in all) and ``bench`` (thousands of examples a test):
``HYPOTHESIS_PROFILE=bench python3 run.py test tests/test_hostile_input.py --timeout 0``.
"""

from __future__ import annotations

import gzip
import json
import os

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from scrapy import Request
from scrapy.http import HtmlResponse, Response, XmlResponse
from scrapy.utils.test import get_crawler

from scraper.items import Article, FetchError, Page
from scraper.records import page_to_record
from scraper.scheduled.dates import parse_date
from scraper.scheduled.feeds import FeedError, parse_feed
from scraper.scheduled.sitemaps import (
    SitemapError,
    gunzip,
    parse_sitemap,
    sitemap_urls_from_robots,
)
from scraper.scheduled.sources import Source
from scraper.spiders.sources import SOURCE, START_POINT, START_POINT_ID, SourcesSpider

settings.register_profile("ci", max_examples=60, deadline=None, derandomize=True,
                          suppress_health_check=[HealthCheck.too_slow])
settings.register_profile("bench", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

BASE = "https://news.example/feed"
RSS = b"""<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>T</title>
<item><title>a</title><link>https://news.example/a.html</link>
<pubDate>Tue, 05 Nov 2024 10:00:00 GMT</pubDate></item>
<item><title>b</title><link>/b.html</link></item></channel></rss>"""
ATOM = b"""<?xml version="1.0"?><feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>a</title><link href="https://news.example/a.html"/><id>1</id>
<updated>2024-11-05T10:00:00Z</updated></entry></feed>"""
JSON_FEED = json.dumps({"version": "https://jsonfeed.org/version/1.1", "title": "T", "items": [
    {"id": "1", "url": "https://news.example/a.html", "date_published": "2024-11-05T10:00:00Z"},
    {"id": "2", "url": "/b.html", "title": "b"}]}).encode()
URLSET = b"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
<url><loc>https://news.example/a.html</loc><lastmod>2024-11-05</lastmod></url>
<url><loc>https://news.example/b.html</loc><news:news>
<news:publication_date>2024-11-05T10:00:00Z</news:publication_date></news:news></url>
</urlset>"""
INDEX = b"""<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<sitemap><loc>https://news.example/s1.xml.gz</loc><lastmod>2024-11-05</lastmod></sitemap>
</sitemapindex>"""
PAGE = b"""<!doctype html><html lang="en"><head><meta charset="utf-8"><title>A story</title>
<link rel="alternate" type="application/rss+xml" href="/rss">
<meta property="og:type" content="article">
<script type="application/ld+json">{"@type": "NewsArticle", "headline": "A story"}</script>
</head><body><nav><a href="/">Home</a> <a href="/world/">World</a></nav><article><h1>A story</h1>
<p>The council of Graz voted on Tuesday to spend nine million euros on the tram network, after
a debate that lasted well into the evening and drew a crowd to the public gallery.</p>
<p>Work is expected to begin in the spring and to last about two years, the mayor said.</p>
<a href="/2024/11/05/other.html">Other story</a></article></body></html>"""
SEEDS = (RSS, ATOM, JSON_FEED, URLSET, INDEX, PAGE)
# Fragments a hostile or broken source sends.
HOSTILE = (
    b"<!DOCTYPE x [<!ENTITY a \"&a;&a;\">]>", b'<!ENTITY xxe SYSTEM "file:///etc/passwd">',
    b"http://[::1/x", b"https://news.example:99999/", b"javascript:alert(1)", b"file:///etc/passwd",
    b"\x00", b"\xff\xfe", b"\xef\xbb\xbf", b"]]>", b"<![CDATA[", b"&#xD800;", b"&#0;", b"&bogus;",
    b"[" * 5000, b"{" * 5000, b"<a>" * 3000, b"<loc>", b"</loc>", b"<link>", b'"url": 12',
    b'"items": {}', b'"version": null', b"\x1f\x8b\x08", b"9" * 400, b"-99999-99-99T99:99:99Z",
    b"<?xml version='1.0' encoding='shift_jis'?>", b"<?xml version=\"1.0\" encoding=\"utf-16\"?>",
    b"<html><head><base href=\"http://[::1\">", b'<link rel="alternate" type="application/'
    b'rss+xml" href="http://[::1/x">', b"\r\n" * 10, "é漢字".encode(),
)

HOSTILE_URLS = ("http://[::1/x", "https://news.example:99999/", "javascript:alert(1)",
                "file:///etc/passwd", "//[::1]:x/", "http://a b/", "", " ", "http://", "h" * 3000)
# The faults issue 14 saw, always tried.
DEEP_JSON = b"[" * 100_000 + b"]" * 100_000
BAD_ITEM = b'{"version": "https://jsonfeed.org/version/1", "items": [{"url": "http://[::1/x"}]}'
BAD_ALTERNATE = (b'<html><head><link rel="alternate" type="application/rss+xml" '
                 b'href="http://[::1/x">')
BAD_BASE = b'<html><head><base href="http://[::1"></head><body><a href="/a.html">a</a></body>'


@st.composite
def mutated(draw, seeds=SEEDS) -> bytes:
    """A seed body, cut, spliced with hostile fragments or random bytes, a few times over."""
    body = bytearray(draw(st.sampled_from(seeds)))
    for _ in range(draw(st.integers(0, 4))):
        at = draw(st.integers(0, len(body)))
        action = draw(st.sampled_from(("cut", "insert", "hostile", "delete", "repeat")))
        if action == "cut":
            del body[at:]
        elif action == "insert":
            body[at:at] = draw(st.binary(max_size=40))
        elif action == "hostile":
            body[at:at] = draw(st.sampled_from(HOSTILE))
        elif action == "delete":
            del body[at:at + draw(st.integers(1, 200))]
        else:
            body[at:at] = body[at:at + draw(st.integers(1, 200))] * draw(st.integers(1, 20))
    return bytes(body)


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=30),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner,
                                                                max_size=4),
    max_leaves=20)


@st.composite
def json_feeds(draw) -> bytes:
    """A JSON Feed whose items and fields are of any JSON type, URLs any text."""
    url = st.sampled_from(HOSTILE_URLS) | st.text(max_size=40)
    item = st.fixed_dictionaries({}, optional={
        "url": url | json_values, "title": json_values, "date_published": st.text(max_size=30)
        | json_values, "date_modified": json_values})
    feed = {"version": draw(st.sampled_from(["https://jsonfeed.org/version/1.1",
                                             "https://jsonfeed.org/version/1", None, 1])),
            "items": draw(st.lists(item, max_size=6) | json_values)}
    return json.dumps(feed).encode()


@st.composite
def xml_feeds(draw) -> bytes:
    """RSS with entries whose links and dates are any text."""
    text = st.text(alphabet=st.characters(blacklist_categories=("Cs",), blacklist_characters="<&"),
                   max_size=40)
    items = "".join(f"<item><title>{draw(text)}</title><link>{draw(text)}</link>"
                    f"<pubDate>{draw(text)}</pubDate></item>"
                    for _ in range(draw(st.integers(0, 5))))
    return f'<?xml version="1.0"?><rss version="2.0"><channel>{items}</channel></rss>'.encode()


feeds = mutated() | json_feeds() | xml_feeds() | st.binary(max_size=200)


@given(feeds)
@example(RSS.replace(b'encoding="utf-8"', b'encoding="\x80utf-8"'))
@example(RSS.replace(b'encoding="utf-8"', b'encoding="\x00utf-8"'))
@example(RSS.replace(b'encoding="utf-8"', b'encoding="Autf-8"'))
@example(DEEP_JSON)
@example(BAD_ITEM)
@example(BAD_ALTERNATE)
def test_feeds_raise_only_feed_error(body):
    try:
        result = parse_feed(body, BASE)
    except FeedError:
        return
    assert all(isinstance(e.url, str) for e in result.entries)


@given(mutated() | st.binary(max_size=200))
@example(URLSET.replace(b'encoding="UTF-8"', b'encoding="Autf-8"'))
@example(ATOM.replace(b'xmlns="', b'xmlns="&#xD800;'))
def test_sitemaps_raise_only_sitemap_error(body):
    try:
        result = parse_sitemap(body)
    except SitemapError:
        return
    assert result.kind in ("urlset", "sitemapindex")


@given(mutated(seeds=(gzip.compress(URLSET), gzip.compress(INDEX))), st.integers(0, 5000))
@example(b"\x1f\x8b\x08\x00garbage", 0)
def test_gunzip_raises_only_sitemap_error(body, max_size):
    try:
        data, problem = gunzip(body, max_size)
    except SitemapError:
        return
    assert isinstance(data, bytes) and (problem is None or isinstance(problem, str))


@given(st.binary(max_size=300) | mutated(), st.text(max_size=40))
def test_robots_txt_and_dates_never_raise(body, text):
    assert isinstance(sitemap_urls_from_robots(body, "https://news.example/robots.txt"), list)
    assert parse_date(text) is None or parse_date(text).tzinfo is not None


def spider() -> SourcesSpider:
    source = Source(name="news", allow=(), max_age_days=3)
    return SourcesSpider.from_crawler(get_crawler(SourcesSpider), sources=[source])


@given(feeds | mutated(), st.sampled_from(["parse_feed", "parse_sitemap", "parse_section"]),
       st.sampled_from([Response, XmlResponse, HtmlResponse]))
@example(BAD_BASE, "parse_section", HtmlResponse)
@example(gzip.compress(URLSET)[:100], "parse_sitemap", Response)
def test_the_spider_callbacks_yield_requests_or_named_errors(body, callback, kind):
    crawl = spider()
    url = "https://news.example/start"
    n = crawl.points.add("news", url, "feed", optional=False)
    request = Request(url, meta={SOURCE: "news", START_POINT: "feed", START_POINT_ID: n})
    headers = {"Content-Type": "text/html"} if kind is HtmlResponse else None
    response = kind(url, body=body, request=request, headers=headers)
    for output in getattr(crawl, callback)(response):
        assert isinstance(output, Request) or (
            isinstance(output, FetchError) and output.error in (
                "bad_feed", "bad_sitemap", "bad_url", "not_html"))


@settings(max_examples=max(10, settings().max_examples // 3))
@given(mutated(seeds=(PAGE,)) | st.binary(max_size=300) | st.text(max_size=300))
def test_the_page_to_record_function_gives_an_article_or_a_named_error(html):
    body = html.encode("utf-8", "surrogatepass") if isinstance(html, str) else html
    record = page_to_record(Page(url="https://news.example/a.html", body=body,
                                 headers=[("Content-Type", "text/html")],
                                 fetched_at="2026-11-20T12:00:00Z", status=200))
    assert isinstance(record, Article) or (
        isinstance(record, FetchError) and record.error in (
            "broken_html", "no_article", "consent_wall", "login_wall"))
