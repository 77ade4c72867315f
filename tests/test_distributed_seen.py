"""The Redis seen store answers as the SQLite one does, and is shared by its clients."""

from __future__ import annotations

import socket
from datetime import UTC, datetime, timedelta

import pytest
import redis

from scraper.distributed.seen import RedisSeenStore
from scraper.scheduled.seen import SeenStoreError, SqliteSeenStore

from .redis_server import redis_server, redis_url  # noqa: F401 (fixtures)

T0 = datetime(2026, 11, 20, 12, 0, tzinfo=UTC)
A, B, C = ("http://127.0.0.1:8000/articles/a.html", "http://127.0.0.1:8000/articles/b.html",
           "http://127.0.0.1:8000/articles/c.html")


def story(store) -> list:
    """Every answer of the store along one history of three articles."""
    answers = [store.should_fetch(A, None)]
    answers.append(store.record(A, A, "text-1", T0, T0 - timedelta(hours=1)))
    answers += [store.should_fetch(A, None), store.should_fetch(A, T0 - timedelta(hours=2)),
                store.should_fetch(A, T0 + timedelta(hours=1))]
    answers.append(store.classify(A, "text-1"))
    answers.append(store.record(A, A, "text-1", T0 + timedelta(hours=1), None))
    answers.append(store.record(A, A, "text-2", T0 + timedelta(hours=2), T0))
    answers.append(store.classify(B, "text-2"))  # A's text under another URL
    answers.append(store.record(B, B, "text-2", T0, None))
    answers.append(store.classify(C, "text-1"))  # A's old text is no longer stored
    store.record_failure(C, C, "no_article", T0)
    answers += [store.should_fetch(C, None), store.should_fetch(C, T0 + timedelta(minutes=1)),
                store.classify(C, "text-3")]
    store.record_failure(A, A, "no_article", T0 + timedelta(hours=3))  # an article stays one
    answers.append(store.classify(A, "text-2"))
    answers.append(store.record(C, C, "text-3", T0 + timedelta(hours=4), None))
    answers.append(store.classify(C, "text-3"))
    return answers


def test_the_redis_store_answers_as_the_sqlite_store_does(redis_url, tmp_path):  # noqa: F811
    with SqliteSeenStore(tmp_path / "seen.sqlite") as sqlite:
        expected = story(sqlite)
    with RedisSeenStore(redis.Redis.from_url(redis_url)) as shared:
        assert story(shared) == expected
    assert expected[1:2] + expected[6:11] == [
        "new", "unchanged", "updated", "duplicate", "duplicate", "new"]


def test_what_one_machine_records_another_sees(redis_url):  # noqa: F811
    one = RedisSeenStore(redis.Redis.from_url(redis_url))
    other = RedisSeenStore(redis.Redis.from_url(redis_url))
    one.record(A, A, "text-1", T0, T0)
    assert other.should_fetch(A, T0) is False
    assert other.should_fetch(A, T0 + timedelta(seconds=1)) is True
    assert other.classify(B, "text-1") == "duplicate"
    assert RedisSeenStore(redis.Redis.from_url(redis_url), "elsewhere").should_fetch(A, T0)


def test_a_failure_is_fetched_again_after_failed_before(redis_url):  # noqa: F811
    store = RedisSeenStore(redis.Redis.from_url(redis_url))
    store.record_failure(A, A, "http_404", T0)
    assert store.should_fetch(A, None, failed_before=T0) is False
    assert store.should_fetch(A, None, failed_before=T0 + timedelta(days=1)) is True
    store.record(B, B, "text-1", T0, None)
    assert store.should_fetch(B, None, failed_before=T0 + timedelta(days=1)) is False


def test_a_redis_that_fails_is_a_seen_store_error(tmp_path):
    """What the scheduled pipelines catch to stop the crawl cleanly, as for a bad SQLite file."""
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    store = RedisSeenStore(redis.Redis(port=port, socket_connect_timeout=1))
    for call in (lambda: store.should_fetch(A, None), lambda: store.classify(A, "text-1"),
                 lambda: store.record(A, A, "text-1", T0, None),
                 lambda: store.record_failure(A, A, "no_article", T0)):
        with pytest.raises(SeenStoreError, match="seen store in Redis"):
            call()
