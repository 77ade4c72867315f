"""scraper.records.page_to_record, the one path from page to record: what it takes and gives
pickles, every command goes through it, and the same bytes give the same record whichever way
they come (a crawl, its saved WARC, the raw file with its header)."""

from __future__ import annotations

import json
import pickle
from io import BytesIO

import pytest
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

import scraper.records
from cleaners import clean_page
from scraper.cli import main
from scraper.commands._crawler import feeds
from scraper.exporters import JsonLinesExporter
from scraper.items import Article, FetchError, Page
from scraper.pipelines import ExtractPipeline

from .charset_cases import CASES, PAGES
from .conftest import run_cli
from .test_pipelines import extracted

NOW = "2026-11-20T10:00:00Z"
URL = "https://news.example/2026/11/20/story.html"


def page(name: str = "es-newsletter", **fields) -> Page:
    return Page(url=URL, body=(PAGES / f"{name}.html").read_bytes(),
                headers=[("Content-Type", "text/html; charset=utf-8")], fetched_at=NOW,
                status=200, **fields)


def test_inputs_and_outputs_pickle():
    given = page(source="news", language_hint="es", requested_url=URL + "?from=rss")
    again = pickle.loads(pickle.dumps(given))
    assert again == given
    result = scraper.records.page_to_record(again)
    assert isinstance(result, Article) and result.language == "es"
    assert (result.source, result.requested_url) == ("news", URL + "?from=rss")
    assert pickle.loads(pickle.dumps(result)) == result
    error = scraper.records.page_to_record(page("not-an-article"))
    assert isinstance(error, FetchError) and pickle.loads(pickle.dumps(error)) == error


def test_the_pipeline_and_extract_both_go_through_it(monkeypatch, tmp_path):
    seen: list[Page] = []
    real = scraper.records.page_to_record

    def spy(item: Page, *options):
        seen.append(pickle.loads(pickle.dumps(item)))  # what reaches it pickles
        return real(item, *options)

    monkeypatch.setattr(scraper.records, "page_to_record", spy)
    pipeline = ExtractPipeline.from_crawler(get_crawler(settings_dict={"EXTRACT_WORKERS": 0}))
    assert isinstance(extracted(pipeline, page()), Article)
    out = tmp_path / "out.jsonl"
    assert main(["extract", str(PAGES / "fr-paywall.html"), "-O", str(out)]) == 0
    assert [p.url for p in seen] == [URL, None]
    assert seen[1].source_file.endswith("fr-paywall.html")


def test_the_schema_check_is_inside_it(monkeypatch):
    monkeypatch.setattr(scraper.records, "problems", lambda data: ["title: not a title"])
    result = scraper.records.page_to_record(page())
    assert isinstance(result, FetchError) and result.error == "invalid_record"
    assert "not a title" in result.message


def test_a_page_that_is_not_html_is_a_named_error():
    pdf = Page(url=URL, body=b"%PDF-1.4", headers=[("Content-Type", "application/pdf")],
               fetched_at=NOW, status=200)
    result = scraper.records.page_to_record(pdf)
    assert (result.error, result.status) == ("not_html", 200)


@pytest.mark.parametrize(("start", "html"), [
    (b"<!-- auth - false --><!DOCTYPE html><html>", True),  # a comment before the doctype
    (b"\xef\xbb\xbf\n  <html lang='de'>", True),
    (b"<!doctype html>", True),
    (b"<div class='page'>", True),
    (b"%PDF-1.4", False),
    (b'{"article": "<p>"}', False),
    (b"<htmlx>", False),
])
def test_a_page_without_a_content_type_is_told_by_its_first_bytes(start, html):
    assert Page(url=URL, body=start, headers=[], fetched_at=NOW).is_html() is html


def expected_text(name: str) -> str:
    return clean_page((PAGES / f"{name}.html").read_bytes()).text


def test_the_same_bytes_give_the_same_record_by_every_path(site, tmp_path, monkeypatch):
    """Each charset case three ways: crawled, extracted from the crawl's WARC, extracted from
    the raw bytes with the Content-Type they were served with. They agree field for field
    (but ``source_file``), and the text is the page's own."""
    monkeypatch.setenv("NEWSSCRAPE_NOW", NOW)
    urls = {name: f"{site}/charset/{name}" for name in CASES}
    saved = tmp_path / "saved"
    crawl = run_cli(*urls.values(), "--save-html", str(saved), env={"NEWSSCRAPE_NOW": NOW})
    assert crawl.status == 0, crawl.stderr
    crawled = {r["url"]: r for r in crawl.records()}
    assert [p.name for p in saved.iterdir()] == ["2026-11-20T10-00-00Z.warc.gz"]

    out = tmp_path / "warc.jsonl"
    assert main(["extract", str(saved), "-O", str(out)]) == 0
    from_warc = {r["url"]: r for r in map(json.loads, out.read_text().splitlines())}

    for name, case in CASES.items():
        raw = tmp_path / f"{name}.html"
        raw.write_bytes(case.body())
        out = tmp_path / f"{name}.jsonl"
        assert main(["extract", str(raw), "--url", urls[name], "--content-type",
                     case.content_type, "-O", str(out)]) == 0
        [from_raw] = map(json.loads, out.read_text().splitlines())
        records = [crawled[urls[name]], from_warc[urls[name]], from_raw]
        assert records[1]["source_file"] == str(saved / "2026-11-20T10-00-00Z.warc.gz")
        for record in records:
            record.pop("source_file")
        assert records[0] == records[1] == records[2], name
        assert records[0]["text"] == expected_text(case.page), name


def test_every_output_escapes_line_separators(site, tmp_path):
    """U+2028 and U+2029 are valid raw JSON, but split lines for str.splitlines() and
    JavaScript: the feeds (fetch, demo, crawl -o), the dated files and extract escape them."""
    def unsplit(text: str) -> list[dict]:
        assert "\u2028" not in text and "\u2029" not in text and "\\u2028" in text
        return [json.loads(line) for line in text.splitlines()]

    odd = "http://bad\u2028host\u2029/"
    errors = tmp_path / "errors.jsonl"
    fetch = run_cli(f"{site}/pages/fr-paywall.html", odd, "--errors", str(errors))
    assert fetch.status == 1 and len(fetch.records()) == 1
    assert [e["url"] for e in unsplit(errors.read_text())] == [odd]

    named = tmp_path / "a\u2028b\u2029.html"
    named.write_bytes((PAGES / "fr-paywall.html").read_bytes())
    extract = run_cli("extract", str(named), "--fields", "source_file,language")
    assert unsplit(extract.stdout) == [{"source_file": str(named), "language": "fr"}]

    article = scraper.records.page_to_record(page())
    article.text = "a\u2028b\u2029c"
    exported = BytesIO()
    JsonLinesExporter(exported, fields_to_export=["text"]).export_item(article)
    assert unsplit(exported.getvalue().decode()) == [{"text": "a\u2028b\u2029c"}]
    # Every feed of every command (fetch, demo; scrapy crawl -o FILE.jsonl) is written by it.
    settings = Settings()
    settings.setmodule("scraper.settings")
    for name in ("newsscrape_jsonlines", "jsonl", "jsonlines"):
        assert settings.getdict("FEED_EXPORTERS")[name] == "scraper.exporters.JsonLinesExporter"
    assert {feed["format"] for feed in feeds("out.jsonl", False, "e.jsonl", None).values()} == {
        "newsscrape_jsonlines"}


@pytest.mark.parametrize("name", sorted(CASES))
def test_each_charset_case_decodes_to_the_pages_text(name):
    case = CASES[name]
    served = Page(url=URL, body=case.body(), headers=[("Content-Type", case.content_type)],
                  fetched_at=NOW, status=200)
    assert scraper.records.page_to_record(served).text == expected_text(case.page)
