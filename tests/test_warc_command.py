"""``newsscrape warc``: WARC files local and remote, CC-NEWS, filters, truncation, resume."""

from __future__ import annotations

import gzip
import json
import os
import pty
import signal
import subprocess
import sys
import time
from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
import requests
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.archives import Checkpoint, Filters, RangeReader, cc_news_urls
from scraper.archives.filters import domain
from scraper.items import Article
from scraper.warc import READERS, WarcSkipped, read_records

from .conftest import FIXTURES, ROOT

PAGES = sorted((FIXTURES / "pages").glob("*.html"))
WARC_DATE = "2026-11-20T10:00:00.123456Z"
UNDATED = ("<html><head><title>Harbour works</title></head><body><article>"
           + "".join(f"<p>Paragraph {n}: the harbour authority said on the radio that the works "
                     f"on the northern pier would go on through the winter months.</p>"
                     for n in range(6)) + "</article></body></html>").encode()


def response(url: str, body: bytes, status: str = "200 OK",
             content_type: str = "text/html; charset=utf-8") -> tuple:
    return ("response", url, body, status, content_type)


def write_warc(path: Path, entries: list[tuple], gzipped: bool = True) -> Path:
    """A WARC written with warcio: response records, and ``("revisit", url)`` entries."""
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        for kind, url, *rest in entries:
            if kind == "revisit":
                http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")],
                                        protocol="HTTP/1.1")
                record = writer.create_revisit_record(
                    url, "sha1:AAAA", url, WARC_DATE, http_headers=http)
            else:
                body, status, content_type = rest
                http = StatusAndHeaders(status, [("Content-Type", content_type),
                                                 ("Content-Length", str(len(body)))],
                                        protocol="HTTP/1.1")
                record = writer.create_warc_record(
                    url, "response", payload=BytesIO(body), length=len(body),
                    http_headers=http, warc_headers_dict={"WARC-Date": WARC_DATE})
            writer.write_record(record)
    return path


def fixture_entries(host: str = "news.example.com") -> list[tuple]:
    return [response(f"https://{host}/{p.stem}.html", p.read_bytes()) for p in PAGES]


def published(page: Path) -> str | None:
    """The publication date the fixture page's expected record has."""
    return json.loads(page.with_suffix(".expected.json").read_text()).get("published")


ARTICLES = [p for p in PAGES if published(p)]  # dated articles, each gives its record


def lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() else []


def cli_with_terminal(*args: str, timeout: float = 120) -> tuple[int, str, str]:
    """Run ``newsscrape ARGS`` with stderr on a terminal; (status, stdout, what it showed)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "scraper.cli", *args], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=follower, text=True)
    os.close(follower)
    stdout, _ = proc.communicate(timeout=timeout)
    shown = b""
    while True:
        try:
            chunk = os.read(leader, 1 << 16)
        except OSError:  # EIO: the terminal's other side is closed
            break
        if not chunk:
            break
        shown += chunk
    os.close(leader)
    return proc.returncode, stdout, shown.decode()


@pytest.fixture(scope="module")
def warc_site(tmp_path_factory):
    """(base URL, served folder) of tests/warc_server.py."""
    root = tmp_path_factory.mktemp("cc")
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "warc_server.py"), str(root)],
                            stdout=subprocess.PIPE, text=True)
    try:
        port = proc.stdout.readline().strip()
        assert port.isdigit(), "the WARC server did not start"
        yield f"http://127.0.0.1:{port}/", root
    finally:
        proc.terminate()
        proc.wait(timeout=10)


def test_the_same_records_as_extract_with_progress_and_the_skipped_named(cli, tmp_path):
    entries = [*fixture_entries(), ("revisit", "https://news.example.com/ar-article.html"),
               response("https://news.example.com/gone.html", PAGES[0].read_bytes(),
                        "404 Not Found"),  # (an article page: extract skips it too)
               response("https://news.example.com/moved.html", PAGES[1].read_bytes(),
                        "301 Moved Permanently"),
               response("https://news.example.com/report.pdf", b"%PDF-1.4",
                        content_type="application/pdf")]
    path = write_warc(tmp_path / "pages.warc.gz", entries)
    status, stdout, shown = cli_with_terminal("warc", str(path), "--workers", "2")
    extracted = cli("extract", str(path), "--workers", "0").records()
    records = [json.loads(line) for line in stdout.splitlines()]
    assert status == 1, shown  # broken-html gives no article
    assert len(records) == len(extracted) >= len(PAGES) - 2
    for ours, theirs in zip(records, extracted, strict=True):
        assert ours["warc"]["file"] == str(path) and ours["warc"]["record_id"].startswith("<urn:")
        assert {**ours, "warc": None} == theirs
    assert len({r["warc"]["offset"] for r in records}) == len(records)
    assert {r["fetched_at"] for r in records} == {"2026-11-20T10:00:00Z"}
    assert all(r["published"] and r["published"] < "2026-11" for r in records)  # the page's
    assert "MB/s" in shown and "records," in shown
    assert "skipped: non_200 2, revisit 1, not_html 1" in shown


@pytest.mark.parametrize("reader", READERS)
def test_a_cut_warc_gz_gives_every_record_before_the_cut_then_truncated_record(cli, tmp_path,
                                                                               reader):
    whole = write_warc(tmp_path / "whole.warc.gz", fixture_entries()[:4]).read_bytes()
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[:len(whole) - 300])
    run = cli("warc", str(cut), "--workers", "0", "--errors", str(tmp_path / "errors.jsonl"),
              "--reader", reader)
    assert [r["url"] for r in run.records()] == [e[1] for e in fixture_entries()[:3]]
    assert [e["error"] for e in lines(tmp_path / "errors.jsonl")] == ["truncated_record"]
    assert run.status == 1 and "truncated_record" in run.stderr


def test_domain_and_since_drop_what_they_should_and_nothing_else(cli, tmp_path):
    hosts = ["example.com", "news.example.com", "badexample.com", "example.com.evil.net"]
    pages = [(f"https://{host}/{p.stem}.html", p.read_bytes(), published(p))
             for host, p in zip(hosts * len(ARTICLES), ARTICLES)]
    pages.append(("https://www.example.com/harbour.html", UNDATED, None))
    path = write_warc(tmp_path / "mixed.warc", [response(url, body) for url, body, _ in pages],
                      gzipped=False)
    run = cli("warc", str(path), "--workers", "0", "--domain", "Example.com",
              "--since", "2026-06-01")
    wanted = [url for url, _, day in pages
              if url.split("/")[2] in ("example.com", "news.example.com", "www.example.com")
              and (day is None or day >= "2026-06-01")]
    assert [r["url"] for r in run.records()] == wanted
    assert [r["published"] and r["published"][:10] for r in run.records()] == [
        day for url, _, day in pages if url in wanted]  # the page's date
    assert len({url.split("/")[2] for url in wanted}) == 3  # and the undated page is kept
    assert {day < "2026-06-01" for _, _, day in pages if day} == {True, False}


def test_filters_by_language_and_date_and_undated_only_with_require_date():
    article = Article(id="0" * 16, url=None, canonical_url=None, title=None, description=None,
                      authors=[], published="2026-05-06T08:00:00+02:00", language="es",
                      text="x", removed=[], paywalled=None, site_name=None, image=None, tags=[],
                      fetched_at="2026-11-20T10:00:00Z", source_file=None, extractor={})
    assert Filters(languages=("es",)).article_reason(article) is None
    assert Filters(languages=("en", "fr")).article_reason(article) == "language"
    assert Filters(since=date(2026, 5, 6), until=date(2026, 5, 6)).article_reason(article) is None
    assert Filters(until=date(2026, 5, 5)).article_reason(article) == "date"
    article.published = None
    assert Filters(since=date(2026, 5, 7)).article_reason(article) is None
    assert Filters(since=date(2026, 5, 7), require_date=True).article_reason(article) == "date"


def test_domains_match_whole_labels():
    taken = Filters(domains=(domain("https://Example.COM./"),))
    assert [taken.url_reason(f"https://{host}/a") for host in
            ("example.com", "a.b.example.com", "badexample.com", "example.com.evil.net")] == [
        None, None, "domain", "domain"]
    with pytest.raises(ValueError):
        domain("...")


@pytest.mark.parametrize("reader", READERS)
def test_screened_records_are_skipped_before_their_payload_is_read(tmp_path, reader):
    path = write_warc(tmp_path / "w.warc.gz", fixture_entries()[:3])
    seen = []

    def screen(url, status, content_type):
        seen.append((url, status, content_type))
        return "domain" if url.endswith("ar-article.html") else None

    with path.open("rb") as f:
        items = list(read_records(f, "w", screen, reader))
    assert [type(i).__name__ for i in items] == ["WarcSkipped", "WarcResponse", "WarcResponse"]
    assert isinstance(items[0], WarcSkipped) and items[0].reason == "domain"
    assert seen[0] == (fixture_entries()[0][1], 200, "text/html; charset=utf-8")
    with path.open("rb") as f:  # from a record's offset, as a resumed run reads it
        f.seek(items[2].offset)
        assert [i.offset for i in read_records(f, "w", reader=reader)] == [items[2].offset]


def test_a_broken_connection_is_resumed_with_range(warc_site):
    base, root = warc_site
    data = write_warc(root / "flaky-one.warc.gz", fixture_entries()[:3]).read_bytes()
    with RangeReader(base + "flaky-one.warc.gz", backoff=0) as reader:
        got = b"".join(iter(lambda: reader.read(1000), b""))
    assert got == data
    requests_seen = requests.get(base + "requests", timeout=10).json()
    assert [r for r in requests_seen if r[0] == "/flaky-one.warc.gz"] == [
        ["/flaky-one.warc.gz", None], ["/flaky-one.warc.gz", f"bytes={len(data) // 2}-"]]


def publish_month(root: Path, month: str, files: dict[str, list[tuple]]) -> list[str]:
    """A CC-NEWS month under ``root``: its WARC files and ``warc.paths.gz``."""
    folder = root / "crawl-data" / "CC-NEWS" / month
    folder.mkdir(parents=True)
    paths = []
    for name, entries in files.items():
        write_warc(folder / name, entries)
        paths.append(f"crawl-data/CC-NEWS/{month}/{name}")
    (folder / "warc.paths.gz").write_bytes(gzip.compress("\n".join(paths).encode() + b"\n"))
    return paths


def test_cc_news_listing(warc_site):
    base, root = warc_site
    paths = publish_month(root, "2026/10", {"CC-NEWS-1.warc.gz": fixture_entries()[:1]})
    assert cc_news_urls("2026/10", base.rstrip("/")) == [base + p for p in paths]
    with pytest.raises(ValueError):
        cc_news_urls("2026/13", base)


def test_a_cc_news_month_killed_during_its_second_file_resumes_with_every_record_once(
        cli, warc_site, tmp_path):
    base, root = warc_site
    pages = [response(f"https://news.example.com/{p.stem}.html", p.read_bytes())
             for p in ARTICLES]
    files = {"CC-NEWS-20261101-00000.warc.gz": pages[:5],
             "CC-NEWS-20261101-00001-stall.warc.gz": pages[5:12],  # stalls the first time
             "CC-NEWS-20261101-00002-flaky.warc.gz": pages[12:]}  # drops the first time
    paths = publish_month(root, "2026/11", files)
    out = tmp_path / "out.jsonl"
    state = tmp_path / "out.jsonl.warc-state.json"
    args = [sys.executable, "-m", "scraper.cli", "warc", "--cc-news", "2026/11",
            "--cc-news-base", base, "--workers", "0", "-o", str(out)]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen(args, cwd=ROOT, env=env, stderr=subprocess.DEVNULL)
    second = base + paths[1]
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:  # until it is well into the second file
        if state.exists() and (s := json.loads(state.read_text()))["file"] == second:
            break
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=10)
    first_run = lines(out)
    assert {r["warc"]["file"] for r in first_run} == {base + paths[0], second}
    # as if killed between writing the last line and saving the state, and while writing
    # the next line
    s = json.loads(state.read_text())
    state.write_text(json.dumps({**s, "offset": s["offset"] - 1}))
    with out.open("ab") as f:
        f.write(b'{"id":"0123456789abcdef","url":"https://news.exa')
    run = cli("warc", "--cc-news", "2026/11", "--cc-news-base", base, "--workers", "0",
              "-o", str(out))
    assert run.status in (0, 1), run.stderr
    every = []
    for path in paths:
        with (root / path).open("rb") as f:
            every += [(base + path, r.offset) for r in read_records(f, path)]
    written = lines(out)
    keys = [(r["warc"]["file"], r["warc"]["offset"]) for r in written]
    assert len(every) == len(ARTICLES) and keys == every  # every record, once, in order
    assert json.loads(state.read_text())["done"] == [base + p for p in paths]
    again = cli("warc", "--cc-news", "2026/11", "--cc-news-base", base, "-o", str(out))
    assert (again.status, lines(out)) == (0, written)  # all done: nothing read again


def test_a_run_stopped_with_ctrl_c_resumes_with_every_record_once(cli, tmp_path):
    """Ctrl-C while the workers hold pages (the command waits for the first of them): they are
    written, the state saved behind them, and the next run writes the rest. Every record
    once, in order: the record whose result was being waited for was lost before."""
    # (enough records that the run is still going when Ctrl-C comes: the workers run up to
    # 16 pages each ahead of the writing, and a loaded machine delays the signal)
    entries = [response(f"https://news.example.com/{copy}/{p.stem}.html", p.read_bytes())
               for copy in range(12) for p in ARTICLES]
    path = write_warc(tmp_path / "pages.warc.gz", entries)
    out = tmp_path / "out.jsonl"
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "scraper.cli", "warc", str(path),
                             "--workers", "2", "-o", str(out)], cwd=ROOT, env=env,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not out.exists() or out.read_bytes().count(b"\n") < 3:
        assert time.monotonic() < deadline and proc.poll() is None, "no lines written"
        time.sleep(0.01)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 3 and "interrupted" in stderr, stderr
    assert 3 <= len(lines(out)) < len(entries)  # stopped part-way
    run = cli("warc", str(path), "--workers", "2", "-o", str(out))
    assert run.status == 0, run.stderr
    with path.open("rb") as f:
        every = [(str(path), r.offset) for r in read_records(f, str(path))]
    assert [(r["warc"]["file"], r["warc"]["offset"]) for r in lines(out)] == every


def test_a_run_killed_behind_its_lagging_checkpoint_resumes_with_every_record_once(tmp_path):
    from scraper.cli import main

    path = write_warc(tmp_path / "pages.warc.gz", fixture_entries()[:6])
    whole, out = tmp_path / "whole.jsonl", tmp_path / "out.jsonl"
    assert main(["warc", str(path), "--workers", "0", "-o", str(whole)]) == 0
    written = whole.read_bytes().splitlines(keepends=True)
    # a first run as the command writes it, killed after four lines: the state, saved at the
    # file's first record, is three lines behind the output
    checkpoint = Checkpoint(out)
    with out.open("ab") as f:
        for line in written[:4]:
            f.write(line)
            f.flush()
            checkpoint.advance(str(path), json.loads(line)["warc"]["offset"], "article")
    state = json.loads((tmp_path / "out.jsonl.warc-state.json").read_text())
    assert state == {"done": [], "file": str(path),
                     "offset": json.loads(written[0])["warc"]["offset"]}
    assert main(["warc", str(path), "--workers", "0", "-o", str(out)]) == 0
    assert out.read_bytes().splitlines(keepends=True) == written


@pytest.mark.parametrize(("lines_tell", "line"), [(False, "article"), (True, "error")])
def test_a_line_the_output_cannot_tell_of_is_saved_at_once(tmp_path, lines_tell, line):
    """Lines without ``warc`` (``--fields``), error lines: the last line says nothing of them."""
    checkpoint = Checkpoint(tmp_path / "out.jsonl", lines_tell=lines_tell)
    for offset in (0, 900, 1800):
        checkpoint.advance("a.warc.gz", offset, line)
    assert json.loads((tmp_path / "out.jsonl.warc-state.json").read_text())["offset"] == 1800


def test_a_corrupt_file_and_a_missing_url_are_named_errors_and_the_run_goes_on(
        warc_site, tmp_path):
    from scraper.cli import main

    base, root = warc_site
    good = write_warc(root / "good.warc.gz", fixture_entries()[:1])
    corrupt = tmp_path / "corrupt.warc"
    corrupt.write_bytes(b"<html>an HTML page saved under the wrong name</html>\n" * 3)
    errors, out = tmp_path / "errors.jsonl", tmp_path / "out.jsonl"
    status = main(["warc", str(corrupt), base + "missing.warc.gz", base + good.name,
                   "--workers", "0", "--errors", str(errors), "-o", str(out)])
    assert status == 1
    state = json.loads((tmp_path / "out.jsonl.warc-state.json").read_text())
    assert state["done"] == [str(corrupt), base + good.name]  # the missing one: tried again
    assert [(e["error"], e["source_file"]) for e in lines(errors)] == [
        ("warc_error", str(corrupt)), ("read_error", base + "missing.warc.gz")]
    assert "HTTP 404" in lines(errors)[1]["message"]
    assert [r["url"] for r in lines(out)] == [fixture_entries()[0][1]]


def test_the_cleaners_thresholds_reach_the_warc_commands_workers(cli, tmp_path):
    page = next(p for p in PAGES if p.stem == "en-device-sharing")
    path = write_warc(tmp_path / "pages.warc.gz",
                      [response(f"https://news.example.com/{n}.html", page.read_bytes())
                       for n in range(2)])
    default = cli("warc", str(path), "--workers", "1").records()
    changed = cli("warc", str(path), "--workers", "1", "-s", "CLEANER_SUBSTANTIAL_CHARS=0").records()
    assert [r["extractor"].get("options") for r in changed] == [{"substantial_chars": 0}] * 2
    assert len(changed[0]["removed"]) < len(default[0]["removed"])
