import json
import time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from scraper.scheduled.feeds import FeedEntry, FeedError, parse_feed

FIXTURES = Path(__file__).parent / "fixtures" / "feeds"


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


def test_rss2():
    result = parse_feed(fixture("elpais_rss.xml"), "https://english.elpais.com/rss/")

    assert result.alternates == []
    assert result.entries[0] == FeedEntry(
        url="https://english.elpais.com/spain/2024-11-05/spains-floods-we-have-nothing-left.html"
            "?utm_source=rss&utm_medium=feed",
        published=datetime(2024, 11, 5, 9, 30, tzinfo=UTC),
        updated=None,
        title="Spain’s floods: “We have nothing left”",
    )


def test_rss2_relative_link_and_non_english_day_name():
    entry = parse_feed(fixture("elpais_rss.xml"), "https://english.elpais.com/rss/").entries[1]

    assert entry.url == (
        "https://english.elpais.com/international/2024-11-04/the-us-election-explained.html")
    # feedparser rejects "lun, 04 nov 2024 ..."; the fallback parser ignores the day name.
    assert entry.published == datetime(2024, 11, 4, 22, 15, tzinfo=UTC)


def test_rss2_undated_and_non_http_entries():
    entries = parse_feed(fixture("elpais_rss.xml"), "https://english.elpais.com/rss/").entries

    assert entries[2].published is None and entries[2].updated is None
    # the mailto: item is kept, for the spider to count as not http
    assert [e.url for e in entries if not e.url.startswith("https://")] == [
        "mailto:newsletter@elpais.es"]
    assert len(entries) == 4


def test_rss2_encodings():
    body = ('<?xml version="1.0" encoding="windows-1251"?><rss version="2.0"><channel>'
            '<item><title>Новости дня</title><link>https://ria.example/1</link></item>'
            '</channel></rss>').encode("windows-1251")

    assert parse_feed(body, "https://ria.example/").entries[0].title == "Новости дня"


def test_rss2_multibyte_encoding():
    body = ('<?xml version="1.0" encoding="shift_jis"?><rss version="2.0"><channel>'
            '<item><title>ニュース</title><link>https://nhk.example/1</link></item>'
            '</channel></rss>').encode("shift_jis")

    assert parse_feed(body, "https://nhk.example/").entries[0].title == "ニュース"


def test_rss1_rdf():
    body = b"""<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/"
         xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://ex.example/"><title>Ex</title></channel>
  <item rdf:about="https://ex.example/a"><title>A</title><link>https://ex.example/a</link>
    <dc:date>2024-11-05T10:00:00+09:00</dc:date></item>
</rdf:RDF>"""

    [entry] = parse_feed(body, "https://ex.example/rss").entries

    assert entry.url == "https://ex.example/a"
    # dc:date is what feedparser calls "updated"
    assert entry.updated == datetime(2024, 11, 5, 1, 0, tzinfo=UTC)


def test_atom():
    feed = parse_feed(fixture("atom.xml"), "https://www.tagesschau.de/index~atom.xml")
    first, second = feed.entries

    assert first == FeedEntry(
        url="https://www.tagesschau.de/ausland/amerika/us-wahl-endspurt-100.html",
        published=datetime(2024, 11, 5, 5, 0, tzinfo=UTC),
        updated=datetime(2024, 11, 5, 10, 45, tzinfo=UTC),
        title="Wahl in den USA: Harris und Trump im Endspurt",
    )
    # xml:base is honoured; only <updated> is given, so published stays None
    assert second.url == "https://www.tagesschau.de/inland/haushalt-debatte-102.html"
    assert (second.published, second.updated) == (None, datetime(2024, 11, 5, 9, 30, tzinfo=UTC))


def test_json_feed():
    feed = parse_feed(fixture("jsonfeed.json"), "https://journal.example.fr/feed.json")
    first, second = feed.entries

    assert first == FeedEntry(
        url="https://journal.example.fr/2024/11/05/elections-americaines",
        published=datetime(2024, 11, 5, 7, 0, tzinfo=UTC),
        updated=datetime(2024, 11, 5, 9, 20, tzinfo=UTC),
        title="Élections américaines : la dernière ligne droite",
    )
    assert second == FeedEntry(
        url="https://journal.example.fr/2024/11/04/budget",
        published=datetime(2024, 11, 4, 18, 0, tzinfo=UTC),
    )


def test_json_feed_version_1():
    body = json.dumps({"version": "https://jsonfeed.org/version/1", "title": "x",
                       "items": [{"id": "1", "url": "https://x.example/1"}]}).encode()

    assert [e.url for e in parse_feed(body, "https://x.example/feed.json").entries] == [
        "https://x.example/1"]


@pytest.mark.parametrize("body, message", [
    (b'{"version": "2", "items": []}', "not a JSON Feed"),
    (b'{"version": "https://jsonfeed.org/version/1.1", "items": {}}', "'items' is not a list"),
    (b'{"version": ', "invalid JSON"),
    (b"<?xml version='1.0'?><urlset><url><loc>https://x.example/</loc></url></urlset>",
     "not a feed"),
    (b"", "empty body"),
    (b"\xef\xbb\xbf \n", "empty body"),
    (b"Service Unavailable", "not a feed"),
    (b"<!DOCTYPE html><html><head><title>No feeds</title></head></html>", "without feed links"),
])
def test_not_a_feed(body, message):
    with pytest.raises(FeedError, match=message):
        parse_feed(body, "https://x.example/")


def test_autodiscovery():
    html = b"""<!DOCTYPE html>
<html lang="es"><head>
  <meta charset="utf-8"><title>EL PA\xc3\x8dS</title>
  <link rel="alternate" type="application/rss+xml" title="Portada" href="/rss/elpais/portada.xml">
  <link rel="Alternate" type="application/atom+xml; charset=utf-8" href="https://elpais.com/atom.xml">
  <link rel="alternate" type="application/feed+json" href="feed.json">
  <link rel="alternate" type="application/rss+xml" href="/rss/elpais/portada.xml">
  <link rel="alternate" hreflang="en" href="https://english.elpais.com/">
  <link rel="stylesheet" type="text/css" href="/style.css">
</head><body><a href="/rss/other.xml">RSS</a></body></html>"""

    result = parse_feed(html, "https://elpais.com/espana/")

    assert result.entries == []
    assert result.alternates == [
        "https://elpais.com/rss/elpais/portada.xml",
        "https://elpais.com/atom.xml",
        "https://elpais.com/espana/feed.json",
    ]


def test_autodiscovery_in_xhtml_with_base():
    xhtml = b"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">
<html xmlns="http://www.w3.org/1999/xhtml"><head><base href="https://cdn.example/site/"/>
<link rel="alternate" type="application/rss+xml" href="feed/"/></head><body/></html>"""

    result = parse_feed(xhtml, "https://example.com/")
    assert result.alternates == ["https://cdn.example/site/feed/"]


def test_billion_laughs_is_rejected_quickly():
    start = time.perf_counter()
    with pytest.raises(FeedError, match="declares entity"):
        parse_feed(fixture("billion_laughs.xml"), "https://example.com/")
    assert time.perf_counter() - start < 0.5


def test_billion_laughs_in_multibyte_encoding_is_rejected():
    body = fixture("billion_laughs.xml").replace(
        b'<?xml version="1.0"?>', b'<?xml version="1.0" encoding="gb2312"?>')

    with pytest.raises(FeedError, match="declares entities"):
        parse_feed(body, "https://example.com/")


def test_billion_laughs_in_utf16_is_rejected():
    body = fixture("billion_laughs.xml").decode().replace("<?xml version=\"1.0\"?>", "")
    with pytest.raises(FeedError, match="declares entit"):
        parse_feed(body.encode("utf-16"), "https://example.com/")


def test_external_entity_is_rejected(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("TOP-SECRET")
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file://{secret}">]>
<rss version="2.0"><channel><item><title>&xxe;</title><link>https://x.example/a</link></item>
</channel></rss>""".encode()

    with pytest.raises(FeedError, match="'xxe'"):
        parse_feed(body, "https://x.example/")


def test_external_dtd_is_not_fetched(tmp_path):
    # A DOCTYPE with only an external DTD (as RSS 0.91 feeds have) is allowed,
    # but the DTD must not be read: its entity stays undefined.
    dtd = tmp_path / "evil.dtd"
    dtd.write_text('<!ENTITY secret "TOP-SECRET">')
    body = f"""<?xml version="1.0"?>
<!DOCTYPE rss SYSTEM "file://{dtd}">
<rss version="0.91"><channel><title>x</title>
<item><title>A &secret; B</title><link>https://x.example/a</link></item>
</channel></rss>""".encode()

    entries = parse_feed(body, "https://x.example/").entries

    assert [e.url for e in entries] == ["https://x.example/a"]
    assert "TOP-SECRET" not in (entries[0].title or "")


def test_netscape_rss091_doctype_is_accepted():
    body = b"""<?xml version="1.0" encoding="ISO-8859-1"?>
<!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"
  "http://my.netscape.com/publish/formats/rss-0.91.dtd">
<rss version="0.91"><channel><title>Old</title><link>https://old.example/</link>
<item><title>Caf\xe9</title><link>https://old.example/cafe</link></item></channel></rss>"""

    [entry] = parse_feed(body, "https://old.example/rss").entries

    assert (entry.url, entry.title) == ("https://old.example/cafe", "Café")


def test_a_feed_cut_short_keeps_its_whole_entries_and_says_so():
    items = "".join(f"<item><title>{n}</title><link>https://x.example/{n}.html</link></item>"
                    for n in range(10))
    body = f'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>{items}' \
           '</channel></rss>'.encode()
    assert parse_feed(body, "https://x.example/").problem is None
    cut = body[: body.index(b"<link>https://x.example/7.html")]
    result = parse_feed(cut, "https://x.example/")
    assert [e.url for e in result.entries] == [f"https://x.example/{n}.html" for n in range(7)]
    assert result.problem == "cut short: no closing root tag (7 entries read)"


def test_deep_json_and_malformed_urls_are_named_not_raised():
    with pytest.raises(FeedError, match="nested too deeply"):
        parse_feed(b"[" * 100_000 + b"]" * 100_000, "https://x.example/")
    body = b'{"version": "https://jsonfeed.org/version/1", "items": [{"url": "http://[::1/x"}]}'
    assert [e.url for e in parse_feed(body, "https://x.example/").entries] == ["http://[::1/x"]
    page = b'<html><head><link rel="alternate" type="application/rss+xml" href="http://[::1/x">'
    assert parse_feed(page, "https://x.example/").alternates == ["http://[::1/x"]
