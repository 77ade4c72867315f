"""Claims: one writer per article across workers, and a killed run's claims settled."""

from __future__ import annotations

from pathlib import Path

import pytest
import redis
from scrapy import signals
from scrapy.exceptions import DropItem
from scrapy.utils.test import get_crawler

from scraper.distributed.claims import ClaimPipeline
from scraper.distributed.seen import RedisSeenStore
from scraper.items import Article, record
from scraper.scheduled.output import JsonlAppender

from .redis_server import redis_server, redis_url  # noqa: F401 (fixtures)

BASE = "http://127.0.0.1:8000/articles"


def article(n: int) -> Article:
    url = f"{BASE}/{n}.html"
    return Article(id=f"{n:016x}", url=url, canonical_url=url, title=f"Story {n}",
                   description=None, authors=[], published=None, language="en",
                   text=f"The text of story {n}.", removed=[], paywalled=None, site_name=None,
                   image=None, tags=[], fetched_at="2026-11-20T12:00:00Z", source_file=None,
                   extractor={}, source="news")


def pipeline(redis_url: str, folder: Path) -> ClaimPipeline:
    crawler = get_crawler(settings_dict={"REDIS_URL": redis_url, "CRAWL_OUTPUT_DIR": str(folder),
                                         "SEEN_DB": str(folder / "seen.sqlite")})
    crawler._apply_settings()
    claims = ClaimPipeline.from_crawler(crawler)
    claims.open_spider()
    return claims


def written(claims: ClaimPipeline, item: Article) -> None:
    """What DatedJsonlPipeline and the engine do after the claim: the line, then the signal."""
    with JsonlAppender(claims.folder / "news" / "2026-11-20.jsonl") as out:
        out.write(record(item))
    claims.crawler.signals.send_catch_log(signals.item_scraped, item=item, response=None,
                                          spider=None)


def test_an_article_claimed_by_one_worker_is_not_written_by_another(
        redis_url, tmp_path):  # noqa: F811
    one, other = pipeline(redis_url, tmp_path / "one"), pipeline(redis_url, tmp_path / "other")
    assert one.process_item(article(1)) is not None
    with pytest.raises(DropItem):
        other.process_item(article(1))
    written(one, article(1))  # written and recorded: the claim goes
    assert other.process_item(article(1)) is not None


def test_a_killed_runs_claims_are_settled_by_its_next_run(redis_url, tmp_path):  # noqa: F811
    folder = tmp_path / "victim"
    killed = pipeline(redis_url, folder)
    for n in (1, 2):
        killed.process_item(article(n))
    with JsonlAppender(folder / "news" / "2026-11-20.jsonl") as out:
        out.write(record(article(1)))  # killed after writing 1, before recording it; 2 unwritten
    other = pipeline(redis_url, tmp_path / "other")
    for n in (1, 2):
        with pytest.raises(DropItem):
            other.process_item(article(n))

    next_run = pipeline(redis_url, folder)  # open_spider settles them
    store = RedisSeenStore(redis.Redis.from_url(redis_url))
    assert store.should_fetch(f"{BASE}/1.html", None) is False  # its line is there: recorded
    assert store.should_fetch(f"{BASE}/2.html", None) is True  # not written: to fetch again
    assert next_run.stats.get_value("claims/settled") == 2
    assert other.process_item(article(2)) is not None
    assert redis.Redis.from_url(redis_url).keys("newsscrape:claims:writer:*") == [
        f"newsscrape:claims:writer:{other.writer}".encode()]
