"""The newsscrape command, run as users run it: a subprocess against the local test site.

What the crawl itself does (error codes, retries, charsets) is tested in this process, in
tests/test_urls_spider.py."""

from __future__ import annotations

import gzip
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from scraper.cli import UsageError, parse_args
from scraper.records import problems

from .conftest import FIXTURES, ROOT, Run

PAGES = FIXTURES / "pages"
SEED = FIXTURES / "cases" / "elpais-device-sharing.reconstructed.html"


@pytest.fixture
def extract(capsys):
    """``newsscrape extract ARGS`` in this process (it starts no crawler)."""
    from scraper.cli import main

    def run(*args: str) -> Run:
        status = main(["extract", *args])
        out, err = capsys.readouterr()
        return Run(status, out, err)

    return run


def test_parse_args_implies_fetch_and_reads_every_option():
    args = parse_args(["https://a.example/1", "-o", "out.jsonl", "--errors", "e.jsonl",
                       "-s", "DOWNLOAD_TIMEOUT=5", "--save-html", "pages", "--explain"])
    assert args.command == "fetch"
    assert args.urls == ["https://a.example/1"]
    assert (args.output, args.errors, args.save_html, args.explain) == (
        "out.jsonl", "e.jsonl", "pages", True)
    assert args.set == [("DOWNLOAD_TIMEOUT", "5")]


def test_parse_args_rejects_fetch_without_urls_and_url_with_a_folder():
    with pytest.raises(UsageError):
        parse_args(["fetch"])
    with pytest.raises(UsageError):
        parse_args(["extract", str(PAGES), "--url", "https://a.example/"])


def test_no_arguments_prints_the_help(cli):
    run = cli()
    assert run.status == 0
    for command in ("extract", "demo", "-i"):
        assert command in run.stdout


def test_bad_option_is_a_usage_error(cli):
    run = cli("fetch", "--no-such-option")
    assert run.status == 2
    assert "--no-such-option" in run.stderr


def test_one_good_url_and_one_404_each_on_its_way(cli, site, tmp_path):
    """The article on stdout, the error on stderr and in --errors FILE, status 1.
    (Every error code, crawled in this process: tests/test_urls_spider.py.)"""
    good, missing = f"{site}/pages/en-device-sharing.html", f"{site}/status/404"
    errors = tmp_path / "errors.jsonl"
    run = cli(good, missing, "--errors", str(errors))
    records = run.records()
    assert run.status == 1
    assert [r["url"] for r in records] == [good]
    assert f"newsscrape: error: {missing}: http_error: HTTP 404" in run.stderr
    assert problems(records[0]) == []
    [error] = [json.loads(line) for line in errors.read_text().splitlines()]
    assert (error["url"], error["error"], error["status"]) == (missing, "http_error", 404)


def test_urls_from_stdin(cli, site):
    url = f"{site}/pages/es-newsletter.html"
    run = cli(f"{url}#comments", "-i", "-",
              stdin=f"# a comment\n{url}\n\n  {url}?  \n{url}?utm_source=feed\n")
    assert run.status == 0
    [record] = run.records()
    assert record["url"] == url
    assert record["language"] == "es"
    assert "3 URL(s) given again, fetched once" in run.stderr


def test_an_empty_page_is_no_article_and_errors_into_stderr_is_refused(cli, site, tmp_path):
    errors = tmp_path / "errors.jsonl"
    run = cli(f"{site}/empty.html", "--errors", str(errors))
    [line] = errors.read_text().splitlines()
    assert (json.loads(line)["error"], json.loads(line)["message"]) == (
        "no_article", "the page is empty (0 bytes)")
    assert run.status == 3 and "no_article: the page is empty" in run.stderr
    refused = cli(f"{site}/empty.html", "--errors", "-", cwd=tmp_path)
    assert refused.status == 2 and "give a file" in refused.stderr
    assert not (tmp_path / "-").exists()


def test_a_fetch_explains_its_removals_only_when_asked(cli, site):
    url = f"{site}/pages/en-device-sharing.html"
    quiet, explained = cli(url), cli(url, "--explain")
    [record], [same] = explained.records(), quiet.records()
    assert record["removed"] and (same["text"], same["removed"]) == (record["text"],
                                                                     record["removed"])
    for removal in record["removed"]:
        assert removal["rule"] in explained.stderr and removal["rule"] not in quiet.stderr


def test_errors_into_the_output_file_is_a_usage_error(cli, site, tmp_path):
    out = tmp_path / "same.jsonl"
    run = cli(f"{site}/pages/es-newsletter.html", "-o", str(out), "--errors",
              str(tmp_path / "." / "same.jsonl"))
    assert run.status == 2 and "is the output file" in run.stderr
    assert not out.exists() or out.read_text() == ""


def test_output_file_is_appended_with_o_and_replaced_with_big_o(cli, site, tmp_path):
    out = tmp_path / "out.jsonl"
    url = f"{site}/pages/fr-paywall.html"
    cli(url, "-o", str(out))
    cli(url, "-o", str(out))
    assert len(out.read_text().splitlines()) == 2
    cli(url, "-O", str(out))
    assert len(out.read_text().splitlines()) == 1


def test_a_torn_last_line_is_cut_before_lines_are_appended(cli, site, extract, tmp_path):
    """A run killed while writing leaves a line without its end. The next ``-o`` run, fetch or
    extract, cuts it (and its ``--errors`` file's), so that its first line is not joined to it."""
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"not gzip at all")

    def tear() -> None:
        for path in (out, errors):
            with path.open("ab") as f:
                f.write(b'{"id":"0123456789abcdef","url":"https://news.exa')

    out.write_bytes(b'{"kept":1}\n')
    errors.write_bytes(b'{"kept":1}\n')
    tear()
    cli(f"{site}/pages/fr-paywall.html", f"{site}/status/404", "-o", str(out), "--errors",
        str(errors))
    tear()
    extract(str(PAGES / "ru-article.html"), str(broken), "-o", str(out), "--errors", str(errors))
    written = [[json.loads(line) for line in path.read_text().splitlines()]
               for path in (out, errors)]
    assert [[r.get("language") or r.get("error") or r.get("kept") for r in lines]
            for lines in written] == [[1, "fr", "ru"], [1, "http_error", "read_error"]]


def test_a_fetch_stopped_with_ctrl_c_says_so_and_what_it_did_not_fetch(site, tmp_path):
    """Ctrl-C while two slow pages download: Scrapy lets them finish (here, time out), and the
    run says it was interrupted, with status 3, not that inputs gave nothing."""
    from urllib.request import urlopen

    urls = [f"{site}/slow?n={n}" for n in range(40)]
    before = json.loads(urlopen(f"{site}/hits").read()).get("/slow", 0)
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "scraper.cli", *urls, "-o",
                             str(tmp_path / "out.jsonl"), "-s", "CONCURRENT_REQUESTS=2"],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while json.loads(urlopen(f"{site}/hits").read()).get("/slow", 0) < before + 2:
        assert time.monotonic() < deadline and proc.poll() is None, "nothing was requested"
        time.sleep(0.02)
    proc.send_signal(signal.SIGINT)
    _, stderr = proc.communicate(timeout=60)
    assert proc.returncode == 3, stderr
    missing = re.search(r"newsscrape: interrupted: (\d+) inputs were not fetched", stderr)
    assert missing and 30 <= int(missing[1]) <= 40, stderr
    assert "neither an article nor an error" not in stderr


@pytest.mark.parametrize("command", [["-i", "{input}", "-o", "{out}"],
                                     ["extract", "{input}", "-o", "{out}"],
                                     ["enqueue", "-i", "{input}"]])
def test_a_command_waiting_for_its_input_stops_on_ctrl_c(command, tmp_path):
    """Its input is a named pipe opened for writing and never written: the command is past its
    start-up, waiting to read. Ctrl-C stops it there, with status 3, and nothing written (nor
    pushed: the Redis named is never reached)."""
    fifo, out = tmp_path / "input", tmp_path / "out.jsonl"
    os.mkfifo(fifo)
    env = {**os.environ, "PYTHONPATH": str(ROOT), "REDIS_URL": "redis://127.0.0.1:1/0"}
    proc = subprocess.Popen([sys.executable, "-m", "scraper.cli",
                             *[arg.format(input=fifo, out=out) for arg in command]],
                            cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
    writer = None
    try:
        deadline = time.monotonic() + 60
        while writer is None:  # (opening fails while no reader has the pipe open)
            assert time.monotonic() < deadline and proc.poll() is None, "never read its input"
            try:
                writer = os.open(fifo, os.O_WRONLY | os.O_NONBLOCK)
            except OSError:
                time.sleep(0.02)
        proc.send_signal(signal.SIGINT)
        _, stderr = proc.communicate(timeout=30)
    finally:
        proc.kill()
        if writer is not None:
            os.close(writer)
    assert proc.returncode == 3 and stderr.strip().splitlines()[-1] == "newsscrape: interrupted", \
        stderr
    assert not out.exists() or out.read_bytes() == b""


def test_a_crawl_that_fails_or_is_stopped_before_it_starts_says_so(cli, site, tmp_path):
    """A component that cannot load stops the crawl before anything is fetched, and so does a
    Ctrl-C while Scrapy builds it or opens the spider (held there by tests/gated_settings.py):
    each says so, with status 3, the Ctrl-Cs with what they did not fetch. Scrapy leaves the
    first to a Deferred nobody reads (the run ended silent), and the crawl stopped while it
    opens with no finish reason (a crawl that lost pages)."""
    url = f"{site}/pages/en-device-sharing.html"
    broken = cli(url, "-o", str(tmp_path / "broken.jsonl"), "-s",
                 'EXTENSIONS={"tests.no_such_module.Extension": 0}')
    assert broken.status == 3, broken.stderr
    assert "newsscrape: fatal error: ModuleNotFoundError: No module named 'tests.no_such_module'" \
        in broken.stderr
    stages = ("build", "open")
    for at in stages:
        gate = tmp_path / f"gate-{at}"
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.gated_settings",
               "PYTHONPATH": str(ROOT), "NEWSSCRAPE_TEST_GATE": str(gate),
               "NEWSSCRAPE_TEST_GATE_AT": at}
        proc = subprocess.Popen([sys.executable, "-m", "scraper.cli", url, "-o",
                                 str(tmp_path / f"{at}.jsonl")],
                                cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
        try:
            deadline = time.monotonic() + 60
            while not gate.with_suffix(".held").exists():
                assert time.monotonic() < deadline and proc.poll() is None, "never held"
                time.sleep(0.02)
            proc.send_signal(signal.SIGINT)
            time.sleep(0.2)  # (Scrapy's handler, once installed, waits for the engine)
            gate.touch()
            _, stderr = proc.communicate(timeout=60)
        finally:
            proc.kill()
        assert proc.returncode == 3 and stderr.strip().splitlines()[-1] \
            == "newsscrape: interrupted: 1 inputs were not fetched", stderr
    assert [(tmp_path / f"{name}.jsonl").read_bytes() for name in ("broken", *stages)] \
        == [b"", b"", b""]


def test_save_html_writes_a_warc_that_extract_reads_again(cli, site, tmp_path):
    """One .warc.gz, one gzip member per response record, readable by warcio itself; the
    body is stored as Scrapy decoded it, so the length sent is kept as X-Crawler-Content-Length
    (Scrapy drops the Content-Encoding it undid)."""
    from warcio.archiveiterator import ArchiveIterator

    saved = tmp_path / "pages"
    url = f"{site}/gzip/it-cookie.html"  # sent gzipped: Scrapy decompresses it
    fetched = cli(url, f"{site}/pages/de-related.html", "--save-html", str(saved),
                  env={"NEWSSCRAPE_NOW": "2026-11-20T10:00:00Z"}).records()
    [warc] = saved.iterdir()
    data = warc.read_bytes()
    assert data.count(b"\x1f\x8b\x08") == 2  # a gzip member a record
    with warc.open("rb") as f:
        records = {r.rec_headers.get_header("WARC-Target-URI"): (r.http_headers,
                                                                 r.content_stream().read())
                   for r in ArchiveIterator(f)}
    headers, body = records[url]
    sent = gzip.compress((PAGES / "it-cookie.html").read_bytes())
    assert headers.get_header("X-Crawler-Content-Length") == str(len(sent))
    assert headers.get_header("Content-Encoding") is None
    assert headers.get_header("Content-Length") == str(len(body))
    assert body == (PAGES / "it-cookie.html").read_bytes()
    again = cli("extract", str(saved)).records()
    assert [{**r, "source_file": None} for r in again] == fetched


def test_extract_reads_files_and_folders_recursively(extract, tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "page.html.gz").write_bytes(gzip.compress((PAGES / "ja-article.html").read_bytes()))
    (tmp_path / "notes.txt").write_text("not a page")
    run = extract(str(tmp_path), str(PAGES / "ru-article.html"))
    records = run.records()
    assert [Path(r["source_file"]).name for r in records] == ["page.html.gz", "ru-article.html"]
    assert [r["language"] for r in records] == ["ja", "ru"]
    assert all(r["url"] is None for r in records)
    assert run.status == 0


def test_extract_with_url_and_explain(extract):
    run = extract(str(PAGES / "en-device-sharing.html"), "--url",
              "https://news.example/2026/03/12/water.html", "--explain")
    [record] = run.records()
    assert record["url"] == "https://news.example/2026/03/12/water.html"
    for removal in record["removed"]:
        assert removal["rule"] in run.stderr


def test_extract_names_unreadable_files(extract, tmp_path):
    broken = tmp_path / "broken.html.gz"
    broken.write_bytes(b"not gzip at all")
    errors = tmp_path / "errors.jsonl"
    run = extract(str(broken), str(PAGES / "es-newsletter.html"), "--errors", str(errors))
    assert run.status == 1
    [error] = [json.loads(line) for line in errors.read_text().splitlines()]
    assert error["source_file"] == str(broken) and error["error"] == "read_error"


def test_scrapy_crawl_runs_the_same_spider(site, tmp_path):
    import os
    import subprocess
    import sys

    out = tmp_path / "crawl.jsonl"
    proc = subprocess.run(
        [sys.executable, "-m", "scrapy.cmdline", "crawl", "urls",
         "-a", f"urls={site}/pages/es-newsletter.html,{site}/status/404", "-O", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120,
        env={**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 0, proc.stderr
    [record] = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["language"] == "es"
    assert "html" not in record


def test_demo_scrapes_the_bundled_site(cli, tmp_path):
    out = tmp_path / "demo.jsonl"
    run = cli("demo", "-O", str(out))
    records = [json.loads(line) for line in out.read_text().splitlines()]
    assert run.status == 0, run.stderr
    assert len(records) >= 10
    assert {"en", "es", "fr", "de", "ja", "ru", "ar", "zh"} <= {r["language"] for r in records}
    assert all(problems(r) == [] for r in records)
    assert "articles" in run.stderr


def test_fields_chooses_what_each_line_holds(extract):
    run = extract(str(PAGES / "es-newsletter.html"), "--fields", "source_file,language,text")
    [record] = run.records()
    assert list(record) == ["source_file", "language", "text"]
    assert record["language"] == "es"
    assert extract(str(PAGES), "--fields", "nonsense").status == 2


def test_dash_as_the_output_is_standard_output(cli, site, extract, monkeypatch, tmp_path):
    for option in ("-o", "-O"):
        run = cli(f"{site}/pages/es-newsletter.html", option, "-", cwd=tmp_path)
        assert run.status == 0 and json.loads(run.stdout)["language"] == "es"
    monkeypatch.chdir(tmp_path)
    assert json.loads(extract(str(PAGES / "es-newsletter.html"), "-o", "-").stdout)["text"]
    assert not (tmp_path / "-").exists()


def test_nothing_listens_for_commands(cli, site, tmp_path):
    """Scrapy's telnet console and remote-control server (which runs any Python sent to it)
    are not among the extensions a crawl enables."""
    run = cli(f"{site}/pages/es-newsletter.html", "-s", "LOG_LEVEL=INFO")
    enabled = run.stderr.split("Enabled extensions:", 1)[1].split("]", 1)[0]
    assert "scraper.outcomes.Outcomes" in enabled
    assert "Telnet" not in enabled and "RemoteControl" not in enabled
    assert "listening" not in run.stderr.lower()
    # not even imported (the remote control's aiohttp server, the console's twisted.conch)
    probe = ("import sys; from scraper.cli import main; "
             f"status = main([{site + '/pages/es-newsletter.html'!r}, '-o', "
             f"{str(tmp_path / 'out.jsonl')!r}]); "
             "print(status, sorted(m for m in sys.modules if m.startswith(("
             "'aiohttp', 'twisted.conch', 'scrapy.extensions.telnet', "
             "'scrapy.extensions.remote_control'))), file=sys.stderr)")
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.stderr.strip().splitlines()[-1] == "0 []", proc.stderr


def test_the_command_leaves_its_garbage_to_the_exit(tmp_path):
    """Run as the process's command (no argv given), main() freezes what it made, so that the
    exit does not collect it (0.1-0.2 s); called with argv (tests, callers), it does not."""
    page = tmp_path / "page.html"
    page.write_bytes(SEED.read_bytes())
    probe = ("import gc, sys; from scraper.cli import main; "
             "given = main(['extract', sys.argv[1], '-o', sys.argv[2]]); "
             "frozen = gc.get_freeze_count(); "
             "sys.argv = ['newsscrape', 'extract', sys.argv[1], '-O', sys.argv[2]]; "
             "own = main(); print(given, frozen, own, gc.get_freeze_count() > 0, file=sys.stderr)")
    proc = subprocess.run([sys.executable, "-c", probe, str(page), str(tmp_path / "out.jsonl")],
                          cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                          capture_output=True, text=True, timeout=120)
    assert proc.stderr.strip().splitlines()[-1] == "0 0 0 True", proc.stderr
    [record] = (tmp_path / "out.jsonl").read_text(encoding="utf-8").splitlines()
    assert json.loads(record)["text"]


def test_a_page_that_breaks_the_extractor_does_not_stop_the_others(monkeypatch, tmp_path):
    import scraper.records
    from scraper.cli import main

    def fragile(html, url=None, language_hint=None, **options):
        if b"Valencia" in (html if isinstance(html, bytes) else html.encode()):
            raise RecursionError("maximum recursion depth exceeded")
        return clean_page(html, url, language_hint, **options)

    from cleaners import clean_page
    monkeypatch.setattr(scraper.records, "clean_page", fragile)
    out, errors = tmp_path / "out.jsonl", tmp_path / "errors.jsonl"
    status = main(["extract", str(PAGES / "es-newsletter.html"), str(PAGES / "fr-paywall.html"),
                   "-o", str(out), "--errors", str(errors), "--workers", "0"])
    assert status == 1
    assert [json.loads(line)["language"] for line in out.read_text().splitlines()] == ["fr"]
    [error] = [json.loads(line) for line in errors.read_text().splitlines()]
    assert error["error"] == "extraction_error" and "RecursionError" in error["message"]


def test_url_lists_with_a_bom_indented_comments_or_bad_bytes(cli, site, tmp_path):
    listing = tmp_path / "urls.txt"
    listing.write_bytes(f"\ufeff{site}/pages/es-newsletter.html\n   # later\n".encode())
    run = cli("-i", str(listing))
    assert run.status == 0 and len(run.records()) == 1
    listing.write_bytes(b"http://news.example/caf\xe9.html\n")
    run = cli("-i", str(listing))
    assert run.status == 2 and "not UTF-8" in run.stderr


def test_an_unwritable_output_or_an_empty_folder_is_a_usage_error(cli, site, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    run = cli(f"{site}/pages/es-newsletter.html", "-o", str(blocked / "out.jsonl"))
    assert run.status == 2 and "cannot write" in run.stderr
    (tmp_path / "empty").mkdir()
    run = cli("extract", str(tmp_path / "empty"))
    assert run.status == 2 and "no pages" in run.stderr


@pytest.mark.parametrize("setting", ["DOWNLOAD_TIMEOUT=abc", "CONCURRENT_REQUESTS=x",
                                     "DOWNLOAD_MAXSIZE=1M", "DOWNLOAD_MAXSIZE=1e9",
                                     "CONCURRENT_REQUESTS=0.5", "LOG_LEVEL=LOUD",
                                     "ROBOTSTXT_OBEY=maybe", "EXTENSIONS=notjson",
                                     "EXTENSIONS=[1]"])
def test_a_setting_of_the_wrong_kind_is_one_line_and_status_2(setting, site, tmp_path, capsys):
    from scraper.cli import main

    out = tmp_path / "out.jsonl"
    status = main([f"{site}/pages/fr-paywall.html", "-o", str(out), "-s", setting])
    err = capsys.readouterr().err
    assert status == 2 and err.startswith(f"newsscrape: error: -s {setting}: "), err
    assert len(err.splitlines()) == 1 and not (out.exists() and out.read_bytes())


def test_an_unreachable_host_is_one_error_line_and_no_traceback(cli):
    run = cli("http://127.0.0.1:1/story.html")  # nothing listens on port 1
    assert run.status == 3
    assert run.stderr.strip().splitlines() == [
        line for line in run.stderr.strip().splitlines() if line.startswith("newsscrape: error:")]
    assert "connection_error" in run.stderr and "Traceback" not in run.stderr


@pytest.fixture
def newsscrape(capsys):
    """``newsscrape ARGS`` in this process, for what fails before any crawl starts."""
    from scraper.cli import main

    def run(*args: str) -> Run:
        status = main(list(args))
        out, err = capsys.readouterr()
        return Run(status, out, err)

    return run


def test_a_file_or_an_address_without_scheme_where_a_url_belongs_gets_a_hint(newsscrape):
    run = newsscrape(str(SEED))
    assert run.status == 2
    assert f"run 'newsscrape extract {SEED}'" in run.stderr
    run = newsscrape("example.com/a.html")
    assert run.status == 2
    assert "did you mean https://example.com/a.html" in run.stderr
    from scraper.commands.fetch import not_a_url_hint

    assert not_a_url_hint("https://example.com/a.html") is None
    assert not_a_url_hint("not a url") is None  # a bad_url of its own, fetched with the others


def test_an_unwritable_save_html_folder_is_one_line_and_status_2(newsscrape, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("")
    run = newsscrape("https://news.example/a.html", "--save-html", str(blocked / "pages"))
    assert run.status == 2
    assert run.stderr.splitlines() == [
        f"newsscrape: error: cannot write to the folder {blocked / 'pages'}: Not a directory"]


def test_demo_help_says_where_the_articles_go(newsscrape):
    run = newsscrape("demo", "--help")
    assert run.status == 0
    text = " ".join(run.stdout.split())
    assert "append the JSON lines to FILE (default: write them to output/demo.jsonl, " \
           "replacing it)" in text


def test_crawl_without_a_sources_file_points_to_the_example(newsscrape, tmp_path):
    run = newsscrape("crawl", "--config", str(tmp_path / "sources.toml"))
    assert run.status == 2
    assert "cp sources.example.toml sources.toml" in run.stderr


def test_extract_dash_reads_one_page_from_stdin():
    import io

    from scraper.commands._stdin import read_page

    assert parse_args(["extract", "-", "--url", "https://a.example/"]).paths == ["-"]
    with pytest.raises(UsageError):
        parse_args(["extract", "-", str(PAGES / "es-newsletter.html")])
    html = (PAGES / "es-newsletter.html").read_bytes()
    assert read_page(io.TextIOWrapper(io.BytesIO(html))) == html
    assert read_page(io.TextIOWrapper(io.BytesIO(gzip.compress(html)))) == html


@pytest.mark.parametrize("workers", ["0", "1"])
def test_extract_hands_the_cleaners_thresholds_to_its_workers(extract, workers):
    pages = [str(PAGES / "en-device-sharing.html"), str(PAGES / "en-device-sharing.html")]
    default = extract(*pages, "--workers", workers).records()
    # no block is short of substantial: a removal of the head and tail zones' goes
    changed = extract(*pages, "--workers", workers, "-s", "CLEANER_SUBSTANTIAL_CHARS=0").records()
    assert [r["removed"] for r in changed] == [changed[0]["removed"]] * 2
    assert len(changed[0]["removed"]) < len(default[0]["removed"])
    # the record says which thresholds made it
    assert changed[0]["extractor"]["options"] == {"substantial_chars": 0}
    assert "options" not in default[0]["extractor"]


@pytest.mark.parametrize(("args", "message"), [
    (["extract", "-s", "CLEANER_SUBSTANTIAL_CHARS=many"], "CLEANER_SUBSTANTIAL_CHARS: expected int"),
    (["extract", "-s", "CLEANER_SUBSTANTAL_CHARS=1"], "did you mean CLEANER_SUBSTANTIAL_CHARS"),
    (["extract", "-s", "DOWNLOAD_TIMEOUT=5"], "runs no crawl"),
    (["warc", "-s", "CLEANER_LINK_SHARE=-1"], "CLEANER_LINK_SHARE: must be a finite number"),
    (["extract", "-s", "CLEANER_LINK_SHARE=nan"], "CLEANER_LINK_SHARE: must be a finite number"),
    (["-s", "CLEANER_LINK_SHARE=-1", "-s", "EXTRACT_WORKERS=0"], "not negative"),
])
def test_a_bad_cleaner_threshold_is_a_usage_error_before_anything_is_read(args, message,
                                                                         capsys):
    from scraper.cli import main

    page = str(PAGES / "en-device-sharing.html")
    status = main([*args, "http://127.0.0.1:9/a" if args[0] == "-s" else page])
    out, err = capsys.readouterr()
    assert status == 2 and not out
    assert message in err


def test_a_bad_cleaner_threshold_of_the_settings_module_is_a_usage_error(cli, tmp_path):
    (tmp_path / "bad_cleaner_settings.py").write_text(
        "from tests.settings import *  # noqa: F403\nCLEANER_SUBSTANTIAL_CHARS = 'many'\n")
    run = cli("http://127.0.0.1:9/a", "http://127.0.0.1:9/b",
              env={"SCRAPY_SETTINGS_MODULE": "bad_cleaner_settings",
                   "PYTHONPATH": f"{tmp_path}{os.pathsep}{ROOT}"})
    assert run.status == 2 and not run.stdout
    assert "bad_cleaner_settings: CLEANER_SUBSTANTIAL_CHARS: expected int" in run.stderr
