"""Shared fixtures: the local test news site, running the CLI as users do, and running a
crawl in this process (the in-process tier: no subprocess, items from ``item_scraped``)."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
from collections.abc import Coroutine, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")
ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """Base URL of tests/site_server.py, running in a subprocess on 127.0.0.1, port 0."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "site_server.py")],
                            stdout=subprocess.PIPE, text=True)
    try:
        port = proc.stdout.readline().strip()
        assert port.isdigit(), "the test site did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


def run_cli(*args: str, stdin: str | None = None, cwd: Path = ROOT, timeout: float = 120,
            env: dict[str, str] | None = None) -> Run:
    """Run ``newsscrape ARGS`` in a subprocess with the test settings profile."""
    environ = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings",
               "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "scraper.cli", *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd, timeout=timeout, env=environ)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli


def run_async(coroutine: Coroutine[Any, Any, T]) -> T:
    """``asyncio.run(coroutine)`` in a thread of its own: pytest-twisted runs every test inside
    the reactor's event loop, where ``asyncio.run`` refuses to start another."""
    with ThreadPoolExecutor(max_workers=1) as thread:
        return thread.submit(asyncio.run, coroutine).result()


@dataclass
class Crawl:
    """What one in-process crawl gave: the items scraped, in order, and the crawl's stats."""

    items: list[Any]
    stats: dict[str, Any]
    # (event, URL, status or None, time.monotonic()), in order: every request reaching the
    # downloader, every response downloaded (before the downloader middlewares: retried too).
    events: list[tuple[str, str, int | None, float]]

    def by_url(self) -> dict[str, Any]:
        return {item.url: item for item in self.items}


def in_process_settings(**overrides: Any) -> dict[str, Any]:
    """``tests/settings.py`` as a dict, with errors sent on to ``item_scraped``."""
    from tests import settings

    return {**{name: getattr(settings, name) for name in dir(settings) if name.isupper()},
            "OUTCOMES_EXPORT_ERRORS": True, **overrides}


def crawl_in_process(spider: type, settings: dict[str, Any] | None = None, **spider_args: Any):
    """Run one crawl on the test reactor (a Deferred firing with a ``Crawl``); use it from a
    test decorated with ``pytest_twisted.inlineCallbacks``."""
    import time

    from scrapy import signals
    from scrapy.utils.test import get_crawler
    from twisted.internet import defer

    crawler = get_crawler(spider, in_process_settings(**(settings or {})))
    done = Crawl(items=[], stats={}, events=[])

    def scraped(item) -> None:
        done.items.append(item)

    def received(response, request) -> None:
        done.events.append(("response", request.url, response.status, time.monotonic()))

    def reached(request) -> None:
        done.events.append(("request", request.url, None, time.monotonic()))

    # weak=False: the receivers must outlive this function, which returns before the crawl runs
    crawler.signals.connect(scraped, signal=signals.item_scraped, weak=False)
    crawler.signals.connect(received, signal=signals.response_downloaded, weak=False)
    crawler.signals.connect(reached, signal=signals.request_reached_downloader, weak=False)

    @defer.inlineCallbacks
    def run():
        yield crawler.crawl(**spider_args)
        done.stats.update(crawler.stats.get_stats())
        return done

    return run()
