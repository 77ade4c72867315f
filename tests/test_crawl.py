"""``newsscrape crawl`` run as cron runs it, against tests/news_site.py, a site that changes.

The clock is pinned (NEWSSCRAPE_NOW): the site dates its articles from it, the output files are
named by it and ``max_age_days`` counts from it, so the tests pass on any day.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlencode
from urllib.request import urlopen

import pytest

from scraper.cli import parse_args
from scraper.commands.crawl import crawl_argv
from scraper.records import problems
from scraper.scheduled.output import OutputLock
from scraper.scheduled.runs import describe, run_record

from .conftest import ROOT, Run, run_cli

NOW = "2026-11-20T12:00:00Z"
LATER, LATER_STILL = "2026-11-20T13:00:00Z", "2026-11-20T14:00:00Z"
DAY = "2026-11-20"
ALLOW = r"'/(articles|mirror)/\d+\.html$'"


@dataclass
class NewsSite:
    base: str

    def control(self, **changes: object) -> None:
        urlopen(f"{self.base}/control?{urlencode(changes)}").read()

    def hits(self) -> Counter:
        hits = Counter(json.loads(urlopen(f"{self.base}/hits").read()))
        del hits["/hits"]
        return hits

    def article_hits(self) -> Counter:
        return Counter({path: n for path, n in self.hits().items()
                        if path.startswith(("/articles/", "/mirror/"))})

    def urls(self, numbers) -> list[str]:
        return [f"{self.base}/articles/{n}.html" for n in numbers]


@pytest.fixture
def news_site() -> Iterator[NewsSite]:
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "news_site.py"), NOW],
                            stdout=subprocess.PIPE, text=True)
    try:
        port = proc.stdout.readline().strip()
        assert port.isdigit(), "the news site did not start"
        yield NewsSite(f"http://127.0.0.1:{port}")
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def config(tmp_path, news_site) -> Path:
    """One source using all three kinds of start points: a feed, a section page, and the
    sitemap its robots.txt names. Its two old articles are in the feed and the sitemap."""
    path = tmp_path / "sources.toml"
    path.write_text(f"""
[sources.news]
feeds = ["{news_site.base}/feed.xml"]
start_urls = ["{news_site.base}/section/"]
allow = [{ALLOW}]
max_age_days = 3
""")
    return path


def crawl(config: Path, *args: str, now: str = NOW) -> Run:
    return run_cli("crawl", "--config", str(config), "--output", str(config.parent / "out"),
                   *args, env={"NEWSSCRAPE_NOW": now})


def crawl_process(config: Path, *args: str) -> subprocess.Popen:
    """``newsscrape crawl`` started in the background, as run_cli would run it."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT),
           "NEWSSCRAPE_NOW": NOW}
    return subprocess.Popen([sys.executable, "-m", "scraper.cli", "crawl", "--config",
                             str(config), "--output", str(config.parent / "out"), *args],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def wait_for(condition, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.05)


def articles(config: Path, source: str = "news") -> Path:
    return config.parent / "out" / source / f"{DAY}.jsonl"


def records(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def runs(config: Path) -> list[dict]:
    return records(config.parent / "out" / "runs.jsonl")


def test_first_run_writes_every_article_once_and_the_next_only_the_new_ones(news_site, config):
    first = crawl(config)
    assert (first.status, first.stdout, first.stderr) == (0, "", "")  # cron mails nothing
    written = records(articles(config))
    assert sorted(r["url"] for r in written) == sorted(news_site.urls(range(1, 31)))
    assert all(problems(r) == [] and r["source"] == "news" and r["updated"] is None
               and r["language"] == "en" for r in written)
    # found by the feed, the section page and the sitemap, each fetched once; too old: never
    assert news_site.article_hits() == Counter(
        {f"/articles/{n}.html": 1 for n in range(1, 31)})
    before = articles(config).read_bytes()

    news_site.control(articles=35)
    second = crawl(config, now=LATER)
    assert (second.status, second.stdout, second.stderr) == (0, "", "")
    assert news_site.article_hits() == Counter(
        {f"/articles/{n}.html": 1 for n in range(1, 36)})  # 31..35 only, this time
    after = articles(config).read_bytes()
    assert after.startswith(before)
    assert sorted(r["url"] for r in records(articles(config))[30:]) == sorted(
        news_site.urls(range(31, 36)))

    first_run, second_run = runs(config)
    assert first_run["status"] == second_run["status"] == 0
    assert (first_run["started"], second_run["started"]) == (NOW, LATER)
    assert {key: second_run["sources"]["news"][key] for key in (
        "fetched", "articles", "updated", "skipped_seen", "duplicates", "errors", "ok")} == {
        "fetched": 5, "articles": 5, "updated": 0, "skipped_seen": 30, "duplicates": 0,
        "errors": 0, "ok": True}


def test_updated_article_is_written_again_and_a_second_url_is_not(news_site, config):
    crawl(config)
    news_site.control(update=3, mirror=1)  # a new text of 3, dated after the first run

    run = crawl(config, now=LATER)
    assert run.status == 0, run.stderr
    written = records(articles(config))
    assert len(written) == 31
    old, new = [r for r in written if r["url"] == news_site.urls([3])[0]]
    assert (old["updated"], new["updated"], new["fetched_at"]) == (None, LATER, LATER)
    assert "Update:" in new["text"] and "Update:" not in old["text"]
    assert new["id"] == old["id"]
    assert news_site.article_hits()["/articles/3.html"] == 2
    assert news_site.article_hits()["/mirror/1.html"] == 1  # fetched, seen to be article 1
    summary = runs(config)[-1]["sources"]["news"]
    assert (summary["updated"], summary["duplicates"]) == (1, 1)

    hits = news_site.article_hits()
    crawl(config, now=LATER_STILL)
    assert news_site.article_hits() == hits  # neither is fetched again
    assert len(records(articles(config))) == 31


def test_refresh_fetches_everything_again_and_writes_only_changes(news_site, config):
    crawl(config)
    news_site.control(update=7)
    run = crawl(config, "--refresh", now=LATER)
    assert run.status == 0, run.stderr
    assert set(news_site.article_hits().values()) == {2}
    assert [r["url"] for r in records(articles(config))[30:]] == news_site.urls([7])


def test_killed_run_resumes_without_losing_or_repeating_articles(news_site, config):
    news_site.control(delay=0.2)
    proc = crawl_process(config, "-s", "CONCURRENT_REQUESTS=1")
    output = articles(config)
    wait_for(lambda: output.exists() and output.read_bytes().count(b"\n") >= 8)
    proc.send_signal(signal.SIGKILL)
    proc.communicate(timeout=10)
    assert len(output.read_bytes().splitlines()) < 30

    news_site.control(delay=0)
    run = crawl(config)
    assert run.status == 0, run.stderr
    written = records(output)  # every line parses
    assert sorted(r["url"] for r in written) == sorted(news_site.urls(range(1, 31)))
    assert len(runs(config)) == 1  # the killed run wrote no summary


@pytest.mark.parametrize("body, key", [
    ("feeds = ['{base}/feed.xml']\nmax_dept = 2\n", "max_dept"),
    ("start_urls = ['{base}/section/']\nallow = ['(unclosed']\n", "allow"),
    ("feeds = ['{base}/feed.xml']\nmax_age_days = 'three'\n", "max_age_days"),
])
def test_bad_sources_file_is_named_and_nothing_is_fetched(news_site, tmp_path, body, key):
    config = tmp_path / "sources.toml"
    config.write_text(f"[sources.good]\nfeeds = ['{news_site.base}/feed.xml']\n\n"
                      f"[sources.news]\n{body.format(base=news_site.base)}")
    run = crawl(config)
    assert run.status == 2
    assert f"{config}: source 'news', key '{key}'" in run.stderr
    assert not (tmp_path / "out").exists()
    assert news_site.hits() == Counter()


def test_second_run_while_the_lock_is_held_touches_nothing(news_site, config):
    crawl(config)
    out = config.parent / "out"

    def snapshot() -> dict[str, tuple[int, int]]:
        return {str(p): (p.stat().st_size, p.stat().st_mtime_ns) for p in out.rglob("*")}

    with OutputLock(out):  # as a run in progress holds it
        before, hits = snapshot(), news_site.hits()
        run = crawl(config, now=LATER)
        assert snapshot() == before
    assert run.status == 1
    assert f"{out} is in use by another crawl (pid {os.getpid()})" in run.stderr
    assert news_site.hits() == hits


def test_a_failed_source_is_named_and_the_others_still_run(news_site, config):
    with config.open("a") as f:
        f.write(f"\n[sources.gone]\nfeeds = ['{news_site.base}/no-such-feed.xml']\n"
                "allow = ['/nothing-matches/']\n")
    run = crawl(config)
    assert run.status == 1
    assert (f"newsscrape: error: source gone failed: feed {news_site.base}/no-such-feed.xml: "
            "http_error: HTTP 404") in run.stderr
    assert len(records(articles(config))) == 30
    [error] = records(config.parent / "out" / "gone" / f"{DAY}.errors.jsonl")
    assert (error["error"], error["status"], error["start_point"]) == ("http_error", 404, "feed")
    [summary] = runs(config)
    assert summary["status"] == 1
    assert (summary["sources"]["news"]["ok"], summary["sources"]["gone"]["ok"]) == (True, False)


def test_every_runs_rounds_in_fresh_processes_until_ctrl_c(news_site, config):
    proc = crawl_process(config, "--every", "1s")
    runs_file = config.parent / "out" / "runs.jsonl"
    wait_for(lambda: runs_file.exists() and runs_file.read_bytes().count(b"\n") >= 2)
    proc.send_signal(signal.SIGINT)
    try:
        _, stderr = proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        proc.kill()
        pytest.fail(f"still running 60 s after Ctrl-C: {proc.communicate()[1][-3000:]}")
    assert proc.returncode == 0, stderr
    assert "stopped" in stderr
    first, second = runs(config)[:2]
    assert (first["status"], second["status"]) == (0, 0)
    assert (first["sources"]["news"]["articles"], second["sources"]["news"]["articles"]) == (30, 0)


def test_parse_args_reads_every_crawl_option_and_a_round_drops_every():
    args = parse_args(["crawl", "a", "b", "--config", "s.toml", "--output", "out",
                       "--every", "15m", "--refresh", "-s", "LOG_LEVEL=INFO"])
    assert (args.names, args.config, args.output, args.every, args.refresh) == (
        ["a", "b"], "s.toml", "out", 900, True)
    assert crawl_argv(args) == ["crawl", "a", "b", "--config", "s.toml", "--output", "out",
                                "--refresh", "-s", "LOG_LEVEL=INFO"]
    assert parse_args(["crawl"]).config == "sources.toml"
    assert [parse_args(["crawl", "--every", e]).every for e in ("30s", "2h")] == [30, 7200]
    with pytest.raises(SystemExit):
        parse_args(["crawl", "--every", "15 minutes"])


def test_run_summary_from_the_crawl_stats():
    point = "sources/start_point/a/0"
    stats = {"sources/fetched/a": 7, "crawl_output/articles/a": 5, "seen/updated/a": 1,
             "seen/skipped/a": 30, "seen/unchanged/a": 1, "seen/duplicate/a": 1,
             "crawl_output/errors/b": 1, "sources/seconds/a": 1.5, "sources/seconds/b": 0.1,
             f"{point}/url": "http://a/feed", f"{point}/kind": "feed", f"{point}/read": 1,
             f"{point}/optional": False, f"{point}/found": 3, f"{point}/filtered/deny": 2,
             f"{point}/filtered/age": 1}
    run = run_record(NOW, LATER, ["a", "b"], stats, {"b": ["feed http://b/: dns_error: ..."]},
                     status=1)
    feed = {"kind": "feed", "url": "http://a/feed", "optional": False, "found": 3, "taken": 0,
            "filtered": {"deny": 2, "age": 1}, "failure": None, "empty": True}
    assert run["sources"]["a"] == {"fetched": 7, "articles": 5, "updated": 1,
                                   "skipped_seen": 31, "duplicates": 1, "errors": 0,
                                   "seconds": 1.5, "ok": True, "failures": [],
                                   "start_points": [feed]}
    assert run["sources"]["b"]["ok"] is False
    assert describe(run).splitlines()[1:] == [
        "  a: ok: fetched 7, articles 5, updated 1, skipped seen 31, duplicates 1, errors 0, "
        "seconds 1.5",
        "    empty: feed http://a/feed",
        "  b: FAILED: fetched 0, articles 0, updated 0, skipped seen 0, duplicates 0, errors 1, "
        "seconds 0.1",
        "    feed http://b/: dns_error: ...",
    ]


def test_an_empty_start_point_is_told_once_when_it_gave_links_the_run_before():
    from scraper.scheduled.runs import newly_empty

    def run(taken: int) -> dict:
        return {"sources": {"a": {"start_points": [
            {"kind": "feed", "url": "http://a/feed", "taken": taken, "empty": taken == 0}]}}}

    assert newly_empty(run(0), run(12)) == [
        "source a: feed http://a/feed gave no article links (the previous run took 12)"]
    assert newly_empty(run(0), run(0)) == []  # still empty: already told
    assert newly_empty(run(0), None) == []
    assert newly_empty(run(5), run(12)) == []


def test_a_crawl_that_raised_or_did_not_finish_is_not_called_healthy():
    from scraper.commands.crawl import broken_crawl

    assert broken_crawl({"finish_reason": "finished"}) is None
    assert broken_crawl({"finish_reason": "shutdown"}) is None
    assert "no finish reason" in broken_crawl({})
    assert "2 exceptions" in broken_crawl({"finish_reason": "finished",
                                            "spider_exceptions/KeyError": 2})
    assert "critical" in broken_crawl({"finish_reason": "finished", "log_count/CRITICAL": 1})
