import gzip
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from scraper.scheduled.dates import is_recent, parse_date
from scraper.scheduled.sitemaps import (
    SitemapEntry,
    SitemapError,
    parse_sitemap,
    sitemap_urls_from_robots,
)

ELPAIS = "https://english.elpais.com"
FIXTURES = Path(__file__).parent / "fixtures" / "feeds"
NOW = datetime(2024, 11, 5, 12, 0, tzinfo=UTC)


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_news_sitemap_prefers_publication_date_over_lastmod():
    result = parse_sitemap(fixture("news_sitemap.xml"))

    assert result.kind == "urlset"
    assert result.entries == [
        SitemapEntry(
            loc=f"{ELPAIS}/spain/2024-11-05/spains-floods-we-have-nothing-left.html",
            date=datetime(2024, 11, 5, 9, 30, tzinfo=UTC),  # not lastmod's 11:00 UTC
        ),
        SitemapEntry(
            loc=f"{ELPAIS}/international/2024-11-04/the-us-election-explained.html",
            date=datetime(2024, 11, 4, 23, 30, tzinfo=UTC),
        ),
        SitemapEntry(loc="https://english.elpais.com/economy-and-business/briefing.html"),
    ]


def test_sitemap_index():
    result = parse_sitemap(fixture("sitemap_index.xml"))

    assert result.kind == "sitemapindex"
    assert [(e.loc, e.date) for e in result.entries] == [
        ("https://english.elpais.com/sitemaps/2024/11/sitemap_5.xml.gz",
         datetime(2024, 11, 5, tzinfo=UTC)),
        ("https://english.elpais.com/sitemap_news.xml",
         datetime(2024, 11, 5, 10, 47, 9, tzinfo=UTC)),
        ("https://english.elpais.com/sitemaps/sections.xml", None),
    ]


def test_gunzipped_body_by_caller():
    body = gzip.decompress(gzip.compress(fixture("sitemap_index.xml")))
    assert len(parse_sitemap(body).entries) == 3


def test_unparseable_dates_and_empty_locs():
    body = b"""<?xml version="1.0"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://x.example/a</loc><lastmod>yesterday</lastmod></url>
  <url><loc> </loc></url>
  <url><lastmod>2024-11-05</lastmod></url>
</urlset>"""

    assert parse_sitemap(body).entries == [SitemapEntry(loc="https://x.example/a", date=None)]


def test_truncated_sitemap_keeps_complete_entries():
    body = fixture("news_sitemap.xml")
    cut = body[: body.index(b"<loc>https://english.elpais.com/economy")]

    result = parse_sitemap(cut)
    assert len(result.entries) == 2
    assert result.problem == "cut short: no closing </urlset> (2 entries read)"
    assert parse_sitemap(body).problem is None


@pytest.mark.parametrize("body, message", [
    (b"", "not XML"),
    (b"<html><body>Not found</body></html>", "root element 'html'"),
    (b'<?xml version="1.0"?><rss version="2.0"><channel/></rss>', "root element 'rss'"),
])
def test_not_a_sitemap(body, message):
    with pytest.raises(SitemapError, match=message):
        parse_sitemap(body)


def test_entities_are_not_expanded():
    laughs = fixture("billion_laughs.xml")
    dtd = laughs[: laughs.index(b"<rss")]
    body = dtd + b"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://x.example/&lol9;</loc></url>
  <url><loc>https://x.example/plain</loc></url>
</urlset>"""

    start = time.perf_counter()
    with pytest.raises(SitemapError, match="XML declares entity 'lol'; refused"):
        parse_sitemap(body)
    assert time.perf_counter() - start < 0.5


def test_external_entities_are_not_read(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file://{secret}">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <url><loc>https://x.example/&xxe;</loc></url>
</urlset>""".encode()

    with pytest.raises(SitemapError, match="XML declares entity 'xxe'"):
        parse_sitemap(body)


def test_sitemap_urls_from_robots():
    robots = """User-agent: *
Disallow: /search
Sitemap: https://english.elpais.com/sitemap_news.xml
sitemap: /sitemaps/index.xml.gz
"""

    assert sitemap_urls_from_robots(robots, "https://english.elpais.com/robots.txt") == [
        "https://english.elpais.com/sitemap_news.xml",
        "https://english.elpais.com/sitemaps/index.xml.gz",
    ]
    assert sitemap_urls_from_robots(robots.encode(), "https://english.elpais.com/robots.txt")[1] \
        == "https://english.elpais.com/sitemaps/index.xml.gz"


# scraper.scheduled.dates: shared by feeds and sitemaps

@pytest.mark.parametrize("text, expected", [
    ("2024-11-05", datetime(2024, 11, 5, tzinfo=UTC)),
    ("2024-11-05T10:30:00+01:00", datetime(2024, 11, 5, 9, 30, tzinfo=UTC)),
    ("2024-11-05T10:30Z", datetime(2024, 11, 5, 10, 30, tzinfo=UTC)),
    ("2024-11-05T10:30:00.123456789-05:00", datetime(2024, 11, 5, 15, 30, 0, 123456, tzinfo=UTC)),
    (" 2024-11-05 10:30:00 ", datetime(2024, 11, 5, 10, 30, tzinfo=UTC)),
    ("Tue, 05 Nov 2024 10:30:00 GMT", datetime(2024, 11, 5, 10, 30, tzinfo=UTC)),
    ("mar, 05 nov 2024 10:30:00 +0100", datetime(2024, 11, 5, 9, 30, tzinfo=UTC)),
    ("", None),
    (None, None),
    ("last tuesday", None),
])
def test_parse_date(text, expected):
    parsed = parse_date(text)
    assert parsed == expected
    if parsed is not None:
        assert parsed.tzinfo == UTC


def test_is_recent():
    assert is_recent(NOW - timedelta(days=2, hours=23), 3, NOW)
    assert is_recent(NOW - timedelta(days=3), 3, NOW)
    assert not is_recent(NOW - timedelta(days=3, seconds=1), 3, NOW)
    assert not is_recent(NOW - timedelta(hours=13), 0.5, NOW)
    assert is_recent(NOW + timedelta(hours=1), 3, NOW)  # clocks ahead: still recent


def test_is_recent_without_date_or_limit():
    assert is_recent(None, 3, NOW)
    assert is_recent(datetime(2001, 1, 1, tzinfo=UTC), None, NOW)


def test_is_recent_compares_across_timezones():
    tokyo = timezone(timedelta(hours=9))
    # 2024-11-02 20:00 in Tokyo is 11:00 UTC, 3 days and 1 hour before NOW
    assert not is_recent(datetime(2024, 11, 2, 20, 0, tzinfo=tokyo), 3, NOW)
    assert is_recent(datetime(2024, 11, 2, 22, 0, tzinfo=tokyo), 3, NOW)


def test_gunzip_reads_to_the_end_of_the_stream_and_refuses_bombs():
    import gzip

    from scraper.scheduled.sitemaps import gunzip

    xml = b"<urlset>" + b"<url><loc>https://x.example/a</loc></url>" * 500 + b"</urlset>"
    packed = gzip.compress(xml)
    assert gunzip(packed, 0) == (xml, None)
    assert gunzip(xml, 0) == (xml, None)  # not gzip: as it is
    body, problem = gunzip(packed[: len(packed) // 2], 0)
    assert xml.startswith(body) and problem.startswith("gzip stream cut short")
    with pytest.raises(SitemapError, match="broken gzip stream"):
        gunzip(b"\x1f\x8b\x08" + b"garbage" * 10, 0)
    with pytest.raises(SitemapError, match="over the size limit"):
        gunzip(gzip.compress(b"\0" * 10_000_000), 1_000_000)
