"""Rounds, leases, the reliable queue and the round's duplicate filter, on a real Redis."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import redis
from scrapy import Request, Spider
from scrapy.utils.test import get_crawler
from scrapy_redis.dupefilter import RFPDupeFilter

from scraper.canonical import canonical_url
from scraper.distributed.dupefilter import RoundDupeFilter
from scraper.distributed.queue import ReliableQueue
from scraper.distributed.rounds import Round, sources_prefix

from .conftest import ROOT
from .redis_server import redis_server, redis_url  # noqa: F401 (fixtures)

PREFIX = "newsscrape:test"


def worker(url: str, name: str, lease: float = 30) -> Round:
    member = Round(redis.Redis.from_url(url), PREFIX, lease, worker=name)
    member.join()
    return member


def queue_of(member: Round) -> ReliableQueue:
    return ReliableQueue(member.server, Spider("test"), member.key("requests"),
                         member.processing_key, member.key("dupefilter"))


def test_the_first_process_creates_the_round_the_others_join_and_the_last_ends_it(
        redis_url):  # noqa: F811
    first, second = worker(redis_url, "a"), worker(redis_url, "b")
    assert (first.created, second.created, first.number) == (True, False, second.number)
    queue_of(first).push_new(Request("http://127.0.0.1:8000/a.html"), "fingerprint-a")

    assert first.leave() is False  # b is still in it
    assert second.renew() == 1  # the request is still queued
    queue_of(second).take()
    assert second.leave() is False  # it gave back what it had not finished: the round stays
    third = worker(redis_url, "c")
    assert third.number == first.number  # the next process resumes it
    queue = queue_of(third)
    _, data = queue.take()
    queue.ack(data)  # done: nothing is left
    assert third.leave() is True  # the last worker ends the round
    assert redis.Redis.from_url(redis_url).keys(f"{PREFIX}:round:{first.number}*") == []
    assert worker(redis_url, "d").number != first.number  # a new round, a new filter


def test_a_dead_workers_requests_go_back_to_the_queue_when_its_lease_expires(
        redis_url):  # noqa: F811
    dead, alive = worker(redis_url, "dead", lease=0.3), worker(redis_url, "alive")
    queue = queue_of(dead)
    for n in range(3):
        queue.push_new(Request(f"http://127.0.0.1:8000/{n}.html"), f"fingerprint-{n}")
    taken = [queue.take()[0].url for _ in range(2)]
    assert alive.renew() == 3  # one queued, two taken by a live worker: wait for them
    time.sleep(0.4)  # the lease runs out without a renewal
    assert alive.renew() == 3  # all three queued again
    given_back = {queue_of(alive).take()[0].url for _ in range(3)}
    assert set(taken) < given_back


def test_acknowledged_requests_are_not_given_back(redis_url):  # noqa: F811
    dead, alive = worker(redis_url, "dead", lease=0.3), worker(redis_url, "alive")
    queue = queue_of(dead)
    queue.push_new(Request("http://127.0.0.1:8000/done.html"), "fingerprint-done")
    _, data = queue.take()
    queue.ack(data)
    time.sleep(0.4)
    assert alive.renew() == 0
    assert queue_of(alive).take() is None


def test_a_round_whose_workers_all_died_with_nothing_left_is_replaced(redis_url):  # noqa: F811
    gone = worker(redis_url, "gone", lease=0.2)
    time.sleep(0.3)
    assert worker(redis_url, "next").number != gone.number


def test_a_request_is_queued_once_per_round_unless_it_asks_not_to_be_filtered(
        redis_url):  # noqa: F811
    queue = queue_of(worker(redis_url, "a"))
    request = Request("http://127.0.0.1:8000/a.html")
    assert queue.push_new(request, "fp") is True
    assert queue.push_new(request, "fp") is False
    assert queue.push_new(request, None) is True  # dont_filter: a retry, say
    assert len(queue) == 2


class CanonicalFingerprinter:
    """A request fingerprinter on the canonical article URL, as a crawl may configure."""

    def fingerprint(self, request: Request) -> bytes:
        return canonical_url(request.url).encode("utf-8")


def test_the_round_filter_uses_the_crawlers_fingerprinter_not_its_own(redis_url):  # noqa: F811
    crawler = get_crawler(settings_dict={
        "REQUEST_FINGERPRINTER_CLASS": f"{__name__}.CanonicalFingerprinter"})
    crawler._apply_settings()
    server = redis.Redis.from_url(redis_url)
    article = Request("http://127.0.0.1:8000/articles/1.html")
    shared = Request("http://127.0.0.1:8000/articles/1.html?utm_source=newsletter&utm_medium=x")

    ours = RoundDupeFilter(server, "ours", crawler.request_fingerprinter)
    assert ours.request_seen(article) is False
    assert ours.request_seen(shared) is True

    theirs = RFPDupeFilter(server, "theirs")  # why the subclass: a utm_ variant is new to it
    assert theirs.request_seen(article) is False
    assert theirs.request_seen(shared) is False


def test_a_sources_file_and_its_choice_of_sources_name_the_rounds():
    assert sources_prefix(b"a", ["x"]) == sources_prefix(b"a", ["x"])
    assert len({sources_prefix(b"a", []), sources_prefix(b"b", []),
                sources_prefix(b"a", ["x"])}) == 3


def test_without_redis_server_the_redis_tests_fail_in_ci_and_are_skipped_elsewhere():
    env = {**os.environ, "PATH": str(Path(sys.executable).parent)}  # no redis-server there
    outcomes = {}
    for ci in ("true", ""):
        proc = subprocess.run(
            [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-rs",
             "tests/test_distributed_seen.py::test_what_one_machine_records_another_sees"],
            cwd=ROOT, env={**env, "CI": ci}, capture_output=True, text=True, timeout=120)
        assert "redis-server is not on PATH" in proc.stdout
        outcomes[ci] = proc.returncode
    assert outcomes == {"true": 1, "": 0}  # CI: an error, not a skip; elsewhere: skipped
