"""Several ``newsscrape crawl`` processes sharing one real Redis, against tests/news_site.py.

The site has 200 articles (and two old ones) in its feed, its news sitemap and its section
page, each article page delayed a little so that work spreads; it counts every request, and
the most article pages it served at once.
"""

from __future__ import annotations

import json
import os
import re
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
import redis

from scraper.cli import UsageError, parse_args

from .conftest import ROOT
from .redis_server import redis_server, redis_url  # noqa: F401 (fixtures)
from .test_crawl import ALLOW, DAY, NOW, NewsSite, news_site, wait_for  # noqa: F401

LIMIT = 4  # CONCURRENT_REQUESTS_PER_DOMAIN: for the whole round
ARTICLES = 200


@pytest.fixture
def site(news_site: NewsSite) -> NewsSite:  # noqa: F811
    # Every article dated before NOW, the fetch time: else one first requested from the
    # section page (no date) would count as changed since when its feed lists it next round.
    news_site.control(articles=ARTICLES, delay=0.02, spacing=5)
    return news_site


@pytest.fixture
def config(tmp_path: Path, site: NewsSite) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(f"""
[sources.news]
feeds = ["{site.base}/feed.xml"]
start_urls = ["{site.base}/section/"]
allow = [{ALLOW}]
""")
    return path


def start(config: Path, out: str, redis: str, lease: float = 10) -> subprocess.Popen:
    """``newsscrape crawl`` into ``DIR/out``, sharing ``redis``."""
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT),
           "NEWSSCRAPE_NOW": NOW, "REDIS_URL": redis}
    return subprocess.Popen(
        [sys.executable, "-m", "scraper.cli", "crawl", "--config", str(config), "--output",
         str(config.parent / out), "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={LIMIT}",
         "-s", f"REDIS_LEASE_SECONDS={lease}", "-s", "DOWNLOAD_TIMEOUT=30"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def finish(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        out, err = proc.communicate(timeout=120)
        assert (proc.returncode, out, err) == (0, "", ""), err


def round_of(config: Path, redis: str, outs: list[str]) -> None:
    finish([start(config, out, redis) for out in outs])


def written(config: Path, out: str) -> list[str]:
    path = config.parent / out / "news" / f"{DAY}.jsonl"
    if not path.exists():
        return []
    return [json.loads(line)["url"] for line in path.read_text(encoding="utf-8").splitlines()]


def union(config: Path, outs: list[str]) -> Counter:
    return Counter(url for out in outs for url in written(config, out))


def every_article(site: NewsSite, last: int = ARTICLES) -> Counter:
    urls = site.urls([*range(1, last + 1), 901, 902])
    return Counter(urls)


def peak(site: NewsSite) -> int:
    from urllib.request import urlopen

    return json.loads(urlopen(f"{site.base}/peak").read())["peak"]


def test_two_processes_share_the_round_and_later_rounds_fetch_only_what_is_new(
        site, config, redis_url):  # noqa: F811
    outs = ["one", "two"]
    round_of(config, redis_url, outs)
    assert site.article_hits() == Counter(
        {f"/articles/{n}.html": 1 for n in [*range(1, ARTICLES + 1), 901, 902]})
    assert all(written(config, out) for out in outs)  # every process fetched some
    assert union(config, outs) == every_article(site)
    assert peak(site) <= LIMIT

    round_of(config, redis_url, outs[:1])  # a new round: the shared seen store knows them all
    assert site.article_hits() == Counter(
        {f"/articles/{n}.html": 1 for n in [*range(1, ARTICLES + 1), 901, 902]})

    site.control(articles=ARTICLES + 20, update=3)  # and article 3 has a new text, dated later
    round_of(config, redis_url, outs)
    assert site.article_hits() == Counter(
        {f"/articles/{n}.html": 2 if n == 3 else 1
         for n in [*range(1, ARTICLES + 21), 901, 902]})  # a new round, a new filter
    assert union(config, outs) == every_article(site, ARTICLES + 20) + Counter(site.urls([3]))


def test_three_processes_fetch_each_article_once_and_all_fetch_some(
        site, config, redis_url):  # noqa: F811
    outs = ["one", "two", "three"]
    round_of(config, redis_url, outs)
    assert set(site.article_hits().values()) == {1}
    assert len(site.article_hits()) == ARTICLES + 2
    assert all(written(config, out) for out in outs)
    assert union(config, outs) == every_article(site)
    assert peak(site) <= LIMIT
    assert not any((config.parent / out / "seen.sqlite").exists() for out in outs)  # in Redis


def test_a_worker_killed_mid_crawl_loses_nothing_and_duplicates_nothing(
        site, config, redis_url):  # noqa: F811
    outs = ["one", "two", "victim"]
    victim = start(config, "victim", redis_url, lease=2)
    wait_for(lambda: len(written(config, "victim")) >= 5)  # so that it holds work when killed
    survivors = [start(config, out, redis_url, lease=2) for out in outs[:2]]
    wait_for(lambda: len(written(config, "victim")) >= 20)
    victim.send_signal(signal.SIGKILL)
    victim.wait()
    finish(survivors)  # they wait for its lease to expire, then do its share
    claims = redis.Redis.from_url(redis_url).keys("newsscrape:claims:claim:*")
    if claims:  # killed between writing an article and recording it: its next run settles it
        round_of(config, redis_url, ["victim"])
    assert union(config, outs) == every_article(site)
    assert redis.Redis.from_url(redis_url).keys("newsscrape:claims:*") == []


def consumer(redis: str, out: Path) -> subprocess.Popen:
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT),
           "REDIS_URL": redis}
    return subprocess.Popen(
        [sys.executable, "-m", "scraper.cli", "fetch", "--redis", "-o", str(out / "articles.jsonl"),
         "--errors", str(out / "errors.jsonl"), "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={LIMIT}",
         "-s", "DOWNLOAD_TIMEOUT=30", "-s", "LOG_LEVEL=INFO"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_enqueue_and_two_consumers_give_each_url_one_article_or_one_error(
        news_site, redis_url, tmp_path, cli):  # noqa: F811
    news_site.control(articles=150, delay=0.01)
    urls = [*news_site.urls(range(1, 151)),
            *(f"{news_site.base}/articles/{5000 + n}.html" for n in range(130)),  # 404
            *(f"{news_site.base}/feed.xml?page={n}" for n in range(20))]  # not HTML
    (tmp_path / "urls.txt").write_text("\n".join([*urls, "example.com/no-scheme"]) + "\n")
    queued = cli("enqueue", "-i", str(tmp_path / "urls.txt"), env={"REDIS_URL": redis_url})
    assert queued.status == 1  # the URL without a scheme is refused, and named
    assert queued.stderr.strip() == ("newsscrape: error: example.com/no-scheme: bad_url: "
                                     + queued.stderr.split("bad_url: ", 1)[1].strip())

    outs = [tmp_path / "a", tmp_path / "b"]
    procs = [consumer(redis_url, out) for out in outs]
    summaries = []
    for proc in procs:
        _, stderr = proc.communicate(timeout=120)
        assert proc.returncode in (0, 1)  # 1: some of its URLs were errors
        summaries.append({key: int(n) for key, n in re.findall(
            r"'(url_queue/taken|newsscrape/articles|newsscrape/errors)': (\d+)", stderr)})  # Scrapy's stats dump
    lines = {out: [json.loads(line) for name in ("articles.jsonl", "errors.jsonl")
                   if (out / name).exists()
                   for line in (out / name).read_text(encoding="utf-8").splitlines()]
             for out in outs}
    assert all(lines.values())  # both consumers fetched some
    outcomes = Counter(record["url"] for records in lines.values() for record in records)
    assert outcomes == Counter(urls)
    errors = Counter(record["error"] for records in lines.values() for record in records
                     if "error" in record)
    assert errors == Counter({"http_error": 130, "not_html": 20})
    # each consumer counts the entries it took from the list (they share what they take, so
    # its own outcomes need not add up to them); together, every entry once
    assert all(s["url_queue/taken"] for s in summaries), summaries
    assert sum(s["url_queue/taken"] for s in summaries) == len(urls)
    assert sum(s["newsscrape/articles"] + s["newsscrape/errors"] for s in summaries) == len(urls)


def test_without_redis_url_nothing_imports_redis(news_site, tmp_path):  # noqa: F811
    """The whole crawl path, REDIS_URL unset: the redis client is never even imported."""
    news_site.control(articles=5)
    config = tmp_path / "sources.toml"
    config.write_text(f'[sources.news]\nfeeds = ["{news_site.base}/feed.xml"]\n'
                      f'allow = [{ALLOW}]\n')
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    env.update(SCRAPY_SETTINGS_MODULE="tests.settings", PYTHONPATH=str(ROOT),
               NEWSSCRAPE_NOW=NOW)
    probe = ("import sys; from scraper.cli import main; "
             f"status = main(['crawl', '--config', {str(config)!r}, '--output', "
             f"{str(tmp_path / 'out')!r}]); "
             "print(status, sorted(m for m in sys.modules if m.split('.')[0] in "
             "('redis', 'scrapy_redis')))")
    proc = subprocess.run([sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=120)
    assert proc.stdout.strip() == "0 []", proc.stderr
    assert len(written(config, "out")) == 7


def test_an_unreachable_redis_is_named_before_anything_is_fetched(tmp_path, cli):
    config = tmp_path / "sources.toml"
    config.write_text('[sources.news]\nfeeds = ["http://127.0.0.1:9/feed.xml"]\n')
    run = cli("crawl", "--config", str(config), "--output", str(tmp_path / "out"),
              env={"REDIS_URL": "redis://:secret@127.0.0.1:9/0"})
    assert run.status == 2
    assert run.stderr.startswith("newsscrape: error: cannot use the Redis at "
                                 "redis://127.0.0.1:9/0 (REDIS_URL): ")
    assert "secret" not in run.stderr and len(run.stderr.splitlines()) == 1


def test_the_url_queue_commands_say_what_they_need():
    with pytest.raises(UsageError, match="--redis fetches the queue's URLs"):
        parse_args(["fetch", "--redis", "http://127.0.0.1:8000/a.html"])
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    refused = subprocess.run([sys.executable, "-m", "scraper.cli", "enqueue",
                              "http://127.0.0.1:8000/a.html"], cwd=ROOT, env=env,
                             capture_output=True, text=True, timeout=60)
    assert refused.returncode == 2
    assert "set REDIS_URL" in refused.stderr
