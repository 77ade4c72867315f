"""``newsscrape crawl`` against broken and hostile sources (tests/fault_site.py), as cron runs it.

Every case asserts the exit status, the source's verdict in ``runs.jsonl``, the articles and
errors written, that every line of every output file parses, and that nothing was asked of
another host or port (a second server, the trap, counts what reaches it). The cases that only
concern one source share one crawl, a source each; the others get their own runs. The table
of outcomes is ``bench/results/crawl-faults.md``, and the README shows the same table.
"""

from __future__ import annotations

import json
import os
import random
import resource
import signal
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.request import urlopen

import pytest

from .conftest import ROOT

NOW, LATER = "2026-11-20T12:00:00Z", "2026-11-20T13:00:00Z"
DAY = "2026-11-20"
RESULTS = ROOT / "bench" / "results" / "crawl-faults.md"
# Several crawls a test, on a machine that may be shared: more than the suite's 120 s.
pytestmark = pytest.mark.timeout(600)

# case -> (what it is, how it is configured, exit status, verdict, articles, errors). The
# cases sharing the "sources" run have its status; each alone gives 1 if it fails, else 0.
CASES: dict[str, tuple[str, str, int, str, int, int]] = {
    "healthy": ("5 articles in a feed and a section page", "feed, section", 1, "ok", 5, 0),
    "port": ("section page on 127.0.0.1:PORT; links without the port, or to another port",
             "section", 1, "ok", 5, 0),
    "jsonurl": ('JSON Feed item `{"url": "http://[::1/x"}` beside 3 good ones', "feed", 1, "ok",
                3, 1),
    "alternate": ("HTML page as feed: one alternate `http://[::1/x`, one good feed", "feed", 1,
                  "ok", 2, 1),
    "deep": ("JSON nested 100,000 deep", "feed", 1, "bad_feed", 0, 1),
    "truncfeed": ("RSS cut after 6 of 10 items", "feed", 1, "bad_feed", 6, 1),
    "gzgarbage": ("`.xml.gz`: gzip's magic bytes, then garbage", "sitemap", 1, "bad_sitemap",
                  0, 1),
    "gztrunc": ("`.xml.gz` of 200 URLs cut inside the 21st", "sitemap", 1, "bad_sitemap", 20, 1),
    "laughs": ('sitemap with a "billion laughs" DTD', "sitemap", 1, "bad_sitemap", 0, 1),
    "xxe": ("sitemap with an external entity (`file:///etc/passwd`)", "sitemap", 1,
            "bad_sitemap", 0, 1),
    "bomb": ("gzip bomb: `.xml.gz` of 20 MB unzipped (limit 1 MiB)", "sitemap", 1,
             "bad_sitemap", 0, 1),
    "loop": ("sitemap index loop: A names B, B names A and 3 articles", "sitemap", 1, "ok", 3,
             0),
    "redirect": ("feed entries redirected to `file:`, `data:` and an article", "feed", 1, "ok",
                 1, 2),
    "longloc": ("`<loc>` of 3,000 characters beside 2 good ones", "sitemap", 1, "ok", 2, 0),
    "dead": ("2,000 URLs that answer 404: first run", "sitemap", 0, "ok", 0, 2000),
    "dead again": ("the same, next run: none fetched again", "sitemap", 0, "ok", 0, 0),
    "emptying": ("section that gave 3 articles and now none: warned once", "section", 0, "ok",
                 0, 0),
    "corrupt store": ("`seen.sqlite` of garbage bytes: one line, nothing fetched", "section",
                      2, "-", 0, 0),
    "store is a folder": ("`seen.sqlite` is a folder", "section", 2, "-", 0, 0),
    "corrupt, --refresh": ("the garbage store moved aside, a new one started", "section", 0,
                           "ok", 40, 0),
    "disk full": ("`RLIMIT_FSIZE` 40 kB: the first failed write stops the run", "section", 3,
                  "ok", 4, 0),
    "after disk full": ("the next run, with room: every article once", "section", 0, "ok", 36,
                        0),
    "killed": ("SIGKILL twice at random moments (seed 14), then a whole run", "section", 0,
               "ok", 40, 0),
}
SHARED = ("healthy", "port", "jsonurl", "alternate", "deep", "truncfeed", "gzgarbage", "gztrunc",
          "laughs", "xxe", "bomb", "loop", "redirect", "longloc")
START_POINTS = {
    "healthy": "feeds = ['{b}/healthy/feed.xml']\nstart_urls = ['{b}/healthy/section/']",
    "port": "start_urls = ['{b}/port/section/']",
    "jsonurl": "feeds = ['{b}/jsonurl/feed.json']",
    "alternate": "feeds = ['{b}/alternate/']",
    "deep": "feeds = ['{b}/deep/feed.json']",
    "truncfeed": "feeds = ['{b}/truncfeed/feed.xml']",
    "gzgarbage": "sitemaps = ['{b}/gzgarbage/sitemap.xml.gz']",
    "gztrunc": "sitemaps = ['{b}/gztrunc/sitemap.xml.gz']",
    "laughs": "sitemaps = ['{b}/laughs/sitemap.xml']",
    "xxe": "sitemaps = ['{b}/xxe/sitemap.xml']",
    "bomb": "sitemaps = ['{b}/bomb/sitemap.xml.gz']",
    "loop": "sitemaps = ['{b}/loop/index-a.xml']",
    "redirect": "feeds = ['{b}/redirect/feed.xml']",
    "longloc": "sitemaps = ['{b}/longloc/sitemap.xml']",
    "dead": "sitemaps = ['{b}/dead/sitemap.xml']",
    "emptying": "start_urls = ['{b}/emptying/section/']",
    "slow": "start_urls = ['{b}/slow/section/']",
}


@dataclass
class Server:
    base: str
    proc: subprocess.Popen

    def hits(self) -> Counter:
        hits = Counter(json.loads(urlopen(f"{self.base}/hits").read()))
        hits.pop("/robots.txt", None)
        return hits


def start_server(*args: str) -> Server:
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "fault_site.py"), *args],
                            stdout=subprocess.PIPE, text=True)
    port = proc.stdout.readline().strip()
    assert port.isdigit(), "the fault site did not start"
    return Server(f"http://127.0.0.1:{port}", proc)


@pytest.fixture(scope="module")
def trap() -> Iterator[Server]:
    server = start_server("trap")
    yield server
    server.proc.terminate()
    server.proc.wait(timeout=10)


@pytest.fixture(scope="module")
def site(trap) -> Iterator[Server]:
    server = start_server(trap.base.rsplit(":", 1)[1])
    yield server
    server.proc.terminate()
    server.proc.wait(timeout=10)


@dataclass
class Crawl:
    status: int
    stderr: str
    out: Path

    def lines(self, name: str, suffix: str = ".jsonl") -> list[dict]:
        path = self.out / name / f"{DAY}{suffix}"
        return [json.loads(line) for line in path.read_text().splitlines()] if path.exists() \
            else []

    def run(self) -> dict:
        return json.loads((self.out / "runs.jsonl").read_text().splitlines()[-1])

    def verdict(self, name: str) -> str:
        source = self.run()["sources"][name]
        if source["ok"]:
            return "ok"
        [failure] = source["failures"]
        return failure.split(": ")[1]

    def row(self, name: str) -> tuple[int, str, int, int]:
        return (self.status, self.verdict(name), len(self.lines(name)),
                len(self.lines(name, ".errors.jsonl")))


def sources_file(tmp_path: Path, site: Server, names: tuple[str, ...]) -> Path:
    config = tmp_path / "sources.toml"
    config.write_text("".join(
        f"[sources.{name}]\n{START_POINTS[name].format(b=site.base)}\nallow = ['/a/']\n\n"
        for name in names))
    return config


def crawl(config: Path, *args: str, now: str = NOW, fsize: int | None = None,
          background: bool = False) -> Crawl | subprocess.Popen:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT),
           "NEWSSCRAPE_NOW": now}

    def limit() -> None:  # the child's files may grow to fsize bytes: a full disk
        resource.setrlimit(resource.RLIMIT_FSIZE, (fsize, fsize))

    out = config.parent / "out"
    # The site answers at once; a longer timeout than the test profile's 3 s keeps a loaded
    # machine from turning answers into timeouts.
    command = [sys.executable, "-m", "scraper.cli", "crawl", "--config", str(config),
               "--output", str(out), "-s", "DOWNLOAD_TIMEOUT=30", *args]
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True,
                            preexec_fn=limit if fsize else None)
    if background:
        return proc
    _, stderr = proc.communicate(timeout=300)
    check_output_files(out)
    return Crawl(proc.returncode, stderr, out)


def check_output_files(out: Path) -> None:
    """Every line of every file written parses (0 unparseable lines)."""
    for path in out.rglob("*.jsonl"):
        for line in path.read_text().splitlines():
            json.loads(line)


def test_broken_and_hostile_sources_fail_alone_and_keep_what_they_gave(tmp_path, site, trap):
    run = crawl(sources_file(tmp_path, site, SHARED))
    for name in SHARED:
        assert run.row(name) == CASES[name][2:], name
    failed = {name for name in SHARED if CASES[name][3] != "ok"}
    assert {line.split(" failed: ")[0].removeprefix("newsscrape: error: source ")
            for line in run.stderr.splitlines()} == failed  # one line each, nothing else
    assert trap.hits() == Counter()
    errors = [e for name in SHARED for e in run.lines(name, ".errors.jsonl")]
    assert not [e for e in errors if e["url"].startswith("http://127.0.0.1/")]  # port 80

    sources = run.run()["sources"]
    [section] = sources["port"]["start_points"]
    assert section["filtered"] == {"offsite": 2}
    assert sources["longloc"]["start_points"][0]["filtered"] == {"too_long": 1}
    assert [e["error"] for e in run.lines("jsonurl", ".errors.jsonl")] == ["bad_url"]
    # Scrapy does not follow a redirect out of http(s): the 302 stands as the error
    assert [(e["error"], e["status"]) for e in run.lines("redirect", ".errors.jsonl")] == [
        ("http_error", 302)] * 2
    assert "over the size limit" in sources["bomb"]["failures"][0]
    assert "refused" in sources["laughs"]["failures"][0] + sources["xxe"]["failures"][0]
    [cut] = sources["gztrunc"]["start_points"]
    assert cut["taken"] == CASES["gztrunc"][4] and "cut short" in cut["failure"]
    hits = site.hits()
    assert not [path for path in hits if path.startswith("/a/gztrunc/")
                and not path.removeprefix("/a/gztrunc/").removesuffix(".html").isdigit()]
    assert hits["/loop/index-a.xml"] == hits["/loop/index-b.xml"] == 1


def test_dead_links_are_remembered_and_an_emptied_section_is_told_once(tmp_path, site, trap):
    config = sources_file(tmp_path, site, ("dead", "emptying"))
    first = crawl(config, "-s", "LOG_LEVEL=WARNING")  # each error is a warning in the log
    assert first.row("dead") == CASES["dead"][2:]
    *shown, counted = first.stderr.splitlines()
    assert len(shown) == 5 and all("http_error: HTTP 404" in line for line in shown)
    assert counted.endswith("1995 more messages like 'newsscrape: error: <url> http_error: "
                            "HTTP #' were not shown")
    assert {e["status"] for e in first.lines("dead", ".errors.jsonl")} == {404}
    before = site.hits()

    urlopen(f"{site.base}/control?empty=1").read()
    try:
        second = crawl(config, now=LATER)
    finally:
        urlopen(f"{site.base}/control?empty=0").read()
    assert (second.status, second.verdict("dead")) == CASES["dead again"][2:4]
    new_hits = site.hits() - before
    assert not [path for path in new_hits if path.startswith("/a/dead/")]
    assert len(second.lines("dead", ".errors.jsonl")) == CASES["dead"][5]  # none added
    assert second.row("emptying")[:2] == CASES["emptying"][2:4]
    assert second.stderr.splitlines() == [
        f"newsscrape: warning: source emptying: start_url {site.base}/emptying/section/ gave "
        "no article links (the previous run took 3)"]
    assert second.run()["sources"]["emptying"]["start_points"][0]["empty"] is True
    assert trap.hits() == Counter()


@pytest.mark.parametrize("case", ["corrupt store", "store is a folder"])
def test_an_unreadable_seen_store_is_one_line_and_nothing_is_fetched(tmp_path, site, case):
    config = sources_file(tmp_path, site, ("slow",))
    store = tmp_path / "out" / "seen.sqlite"
    store.parent.mkdir()
    if case == "corrupt store":
        store.write_bytes(b"this is not a database, " * 100)
    else:
        store.mkdir()
    before = site.hits()
    run = crawl(config)
    [line] = run.stderr.splitlines()
    assert line.startswith(f"newsscrape: error: the seen store {store} cannot be read")
    assert "move it aside" in line and "--refresh" in line
    assert (run.status, run.run()["status"]) == (CASES[case][2], 2)
    assert run.run()["error"] in line
    assert site.hits() == before
    if case == "corrupt store":
        again = crawl(config, "--refresh")
        assert (again.status, again.verdict("slow"), len(again.lines("slow"))) == \
            CASES["corrupt, --refresh"][2:5]
        assert f"moved to {store}.unreadable" in again.stderr


def test_a_full_disk_stops_the_run_at_the_first_failed_write(tmp_path, site):
    config = sources_file(tmp_path, site, ("slow",))
    before = site.hits()
    full = crawl(config, "-s", "CONCURRENT_REQUESTS=2", fsize=40_000)
    [line] = full.stderr.splitlines()
    assert line.startswith("newsscrape: error: ") and "the crawl stopped there" in line
    assert str(tmp_path / "out") in line
    assert (full.status, full.run()["status"]) == (CASES["disk full"][2], 3)
    assert full.run()["error"] in line
    written = len(full.lines("slow"))
    assert (full.status, full.verdict("slow"), written, 0) == CASES["disk full"][2:]
    fetched = sum(n for path, n in (site.hits() - before).items() if path.startswith("/a/"))
    assert fetched < 20  # it stopped: 40 were listed

    after = crawl(config)
    articles = after.lines("slow")
    assert (after.status, after.verdict("slow"), len(articles) - written, 0) == \
        CASES["after disk full"][2:]
    assert sorted(a["url"] for a in articles) == sorted(
        f"{site.base}/a/slow/{n}.html" for n in range(1, 41))


def test_killed_at_random_moments_loses_and_repeats_nothing(tmp_path, site):
    config = sources_file(tmp_path, site, ("slow",))
    moments = random.Random(14)
    output = tmp_path / "out" / "slow" / f"{DAY}.jsonl"
    for _ in range(2):
        written = output.read_bytes().count(b"\n") if output.exists() else 0
        proc = crawl(config, "-s", "CONCURRENT_REQUESTS=2", background=True)
        deadline = time.monotonic() + 120  # once it writes, a random moment of its crawl
        while not (output.exists() and output.read_bytes().count(b"\n") > written):
            assert time.monotonic() < deadline and proc.poll() is None, "it wrote nothing"
            time.sleep(0.02)
        time.sleep(moments.uniform(0, 0.8))
        proc.send_signal(signal.SIGKILL)
        proc.communicate(timeout=10)
    assert len(output.read_bytes().splitlines()) < 40  # the kills left work to do
    run = crawl(config)
    articles = run.lines("slow")
    assert (run.status, run.verdict("slow"), len(articles), 0) == CASES["killed"][2:]
    assert sorted(a["url"] for a in articles) == sorted(
        f"{site.base}/a/slow/{n}.html" for n in range(1, 41))


def table() -> str:
    """The table of CASES, as bench/results/crawl-faults.md and the README show it."""
    rows = ["| case | source | start point | exit status | verdict | articles | errors |",
            "|---|---|---|---|---|---|---|"]
    rows += [f"| {what} | `{name}` | {kind} | {status} | {verdict} | {articles} | {errors} |"
             for name, (what, kind, status, verdict, articles, errors) in CASES.items()]
    return "\n".join(rows) + "\n"


def test_the_results_file_and_the_readme_show_the_table():
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(table())
    assert table() in (ROOT / "README.md").read_text()
