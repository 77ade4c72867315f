import hashlib

import pytest

from scraper.canonical import canonical_url, stable_id


@pytest.mark.parametrize("url, expected", [
    # scheme and host lowercased, default port dropped, "www." kept
    ("HTTPS://WWW.Example.COM:443/News/Story.html", "https://www.example.com/News/Story.html"),
    ("http://example.com:80/a", "http://example.com/a"),
    ("http://example.com:8080/a", "http://example.com:8080/a"),
    # fragment dropped, query sorted (w3lib)
    ("https://example.com/a?b=2&a=1#comments", "https://example.com/a?a=1&b=2"),
    # tracking parameters dropped, others kept
    ("https://example.com/a?utm_source=rss&utm_medium=feed&id=7", "https://example.com/a?id=7"),
    ("https://example.com/a?UTM_Campaign=x&page=2", "https://example.com/a?page=2"),
    ("https://example.com/a?fbclid=IwAR0&gclid=x&mc_cid=1&mc_eid=2", "https://example.com/a"),
    ("https://www.theguardian.com/world/2024/nov/05/x?CMP=share_btn_tw",
     "https://www.theguardian.com/world/2024/nov/05/x"),
    ("https://www.lemonde.fr/a.html?xtor=RSS-3208", "https://www.lemonde.fr/a.html"),
    ("https://example.com/a?ref=homepage&smid=tw-share&s_cid=x&pk_campaign=y",
     "https://example.com/a"),
    # empty query left over: no trailing "?"
    ("https://example.com/a?", "https://example.com/a"),
    ("https://example.com/a?utm_source=x", "https://example.com/a"),
    # AMP variants
    ("https://example.com/2024/11/05/story/amp/", "https://example.com/2024/11/05/story/"),
    ("https://example.com/news/story-123/amp", "https://example.com/news/story-123"),
    ("https://example.com/amp/news/story-123", "https://example.com/news/story-123"),
    ("https://example.com/news/story.amp.html", "https://example.com/news/story.html"),
    ("https://www.bbc.co.uk/news/uk-12345678.amp", "https://www.bbc.co.uk/news/uk-12345678"),
    ("https://example.com/story?amp", "https://example.com/story"),
    ("https://example.com/story?amp=1&id=3", "https://example.com/story?id=3"),
    ("https://example.com/story?outputType=amp", "https://example.com/story"),
    ("https://example.com/amp", "https://example.com/"),
    # "amp" not as a whole segment is content
    ("https://example.com/news/camp", "https://example.com/news/camp"),
    ("https://example.com/amplifiers/review", "https://example.com/amplifiers/review"),
    ("https://example.com/story?amp=0", "https://example.com/story?amp=0"),
    # non-ASCII paths are percent-encoded, IDN hosts punycoded
    ("https://bücher.de/straße?q=ü", "https://xn--bcher-kva.de/stra%C3%9Fe?q=%C3%BC"),
])
def test_canonical_url(url, expected):
    assert canonical_url(url) == expected


def test_canonical_url_is_idempotent():
    url = "HTTPS://Example.com:443/amp/a/b.amp.html?utm_source=x&z=1&a=%C3%BC#top"
    once = canonical_url(url)
    assert canonical_url(once) == once


def test_variants_share_a_canonical_form():
    variants = [
        "https://english.elpais.com/spain/2024-11-05/floods.html",
        "https://english.elpais.com/spain/2024-11-05/floods.html?utm_source=rss#comments",
        "HTTPS://ENGLISH.ELPAIS.COM:443/spain/2024-11-05/floods.html?outputType=amp",
        "https://english.elpais.com/spain/2024-11-05/floods.amp.html",
    ]
    assert len({canonical_url(u) for u in variants}) == 1


def test_stable_id():
    expected = hashlib.sha256(b"https://example.com/a").hexdigest()[:16]
    assert stable_id("https://example.com/a") == expected
    assert stable_id(b"https://example.com/a") == expected
    assert stable_id("ü") == hashlib.sha256("ü".encode()).hexdigest()[:16]
    assert stable_id("a") != stable_id("b")
    assert len(stable_id("")) == 16


@pytest.mark.parametrize("url, problem", [
    ("https://news.example/a.html", None),
    ("http://127.0.0.1:8080/x", None),
    ("news.example/a.html", "not an absolute http(s) URL"),
    ("ftp://news.example/a.html", "not an absolute http(s) URL"),
    ("http://", "no host"),
    ("http://127.0.0.1:99999/x", "not a URL: Port out of range"),
    ("http://news.example/a b.html", "no host, or blanks"),
])
def test_http_url_problem(url, problem):
    from scraper.canonical import http_url_problem

    found = http_url_problem(url)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_requests_are_fingerprinted_on_the_canonical_url():
    from scrapy import Request

    from scraper.canonical import CanonicalRequestFingerprinter

    fingerprint = CanonicalRequestFingerprinter().fingerprint
    story = "https://news.example/2026/11/20/story.html"
    assert fingerprint(Request(story)) == fingerprint(Request(f"{story}?utm_source=rss"))
    assert fingerprint(Request(story)) == fingerprint(
        Request("https://news.example:443/2026/11/20/story.amp.html"))
    assert fingerprint(Request(story)) != fingerprint(Request(story.replace("story", "other")))
