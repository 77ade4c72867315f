"""Every fixture page through the page entry point: article kept in order, notices gone.

Pages live in tests/fixtures/pages (and the demo site); each has an ``.expected.json`` naming
a sentence of every article paragraph, in order, and every line of notice text.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners import clean_page
from cleaners.normalise import normalise
from scraper.demo import SITE
from scraper.demo.server import PARTS, render

from .conftest import FIXTURES

PAGES = sorted((FIXTURES / "pages").glob("*.expected.json"))
DEMO = sorted((FIXTURES / "demo-expected").glob("*.json"))


def _load(expected: Path) -> tuple[dict, bytes]:
    spec = json.loads(expected.read_text(encoding="utf-8"))
    if "path" in spec:
        return spec, render(SITE / spec["path"].lstrip("/"), "https://news.example")
    return spec, expected.with_name(expected.name.replace(".expected.json", ".html")).read_bytes()


def assert_article(spec: dict, html: bytes) -> None:
    article = clean_page(html, "https://news.example/article.html")
    if spec.get("article") is False:
        assert article is None or not article.text
        return
    assert article is not None and article.text
    text = normalise(article.text)
    position = 0
    for sentence in spec["body_must_contain"]:
        found = text.find(normalise(sentence), position)
        assert found >= 0, f"article sentence lost or out of order: {sentence!r}"
        position = found
    for notice in spec["must_not_contain"]:
        assert normalise(notice) not in text, f"notice left in: {notice!r}"
    assert article.language == spec["language"]
    if "title" in spec:
        assert article.meta.title == spec["title"]
    if spec.get("authors"):
        assert article.meta.authors == spec["authors"]
    if "paywalled" in spec:
        assert article.paywalled is spec["paywalled"]


@pytest.mark.parametrize("expected", PAGES, ids=[p.name.split(".")[0] for p in PAGES])
def test_fixture_page(expected: Path):
    assert_article(*_load(expected))


@pytest.mark.parametrize("expected", DEMO, ids=[p.stem for p in DEMO])
def test_demo_page(expected: Path):
    assert_article(*_load(expected))


def test_every_demo_page_is_served_whole_with_the_sites_shared_parts():
    pages = sorted(SITE.rglob("*.html"))
    assert len(pages) >= 16
    for page in pages:
        placeholders = [b"{%s}" % name.upper().encode() for name in PARTS]
        assert [page.read_bytes().count(p) for p in placeholders] == [1, 1, 1], page
        served = render(page, "https://news.example").decode()
        assert not any(p.decode() in served for p in placeholders), page
        assert served.index('<meta charset="utf-8">') < served.index("</head>")
        assert served.count('<header class="mp-header">') == 1
        assert served.count('<footer class="mp-footer">') == 1


def test_seed_case_keeps_exactly_the_eight_paragraphs():
    case = json.loads((FIXTURES / "cases" / "elpais-device-sharing.expected.json").read_text())
    html = (FIXTURES / "cases" / "elpais-device-sharing.reconstructed.html").read_bytes()
    article = clean_page(html)
    paragraphs = article.text.split("\n\n")
    if paragraphs[0] != case["body"][0]:
        assert normalise(paragraphs.pop(0)).startswith(normalise(case["description"])[:60])
    assert paragraphs == case["body"]
    for line in case["must_not_appear_in_text"]:
        assert line not in article.text
    assert article.language == "en"
    assert article.meta.title == case["title"]
    assert article.meta.authors == case["authors"]
