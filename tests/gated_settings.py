"""tests.settings, with a gate: the crawl is held as Scrapy builds it (in one of its
extensions, built before the engine and its pipelines) until the file
``NEWSSCRAPE_TEST_GATE`` names exists, so a test sees what the crawl started before it was
built. The gate writes ``<gate>.held`` when it starts holding. With
``NEWSSCRAPE_TEST_GATE_AT=open`` it holds later, as the engine opens the spider (the reactor
runs, the crawl has not started)."""

from __future__ import annotations

import os
import time
from pathlib import Path

from scrapy import signals
from scrapy.crawler import Crawler

from tests.settings import *  # noqa: F403

EXTENSIONS = {**EXTENSIONS, "tests.gated_settings.Gate": 0}  # noqa: F405
HOLD = 120  # seconds at most: far beyond any test's own wait


class Gate:
    """Holds the crawl in ``from_crawler`` until the gate opens (or HOLD seconds pass)."""

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Gate:
        if os.environ.get("NEWSSCRAPE_TEST_GATE_AT") == "open":
            crawler.signals.connect(cls.hold, signal=signals.spider_opened)
        else:
            cls.hold()
        return cls()

    @staticmethod
    def hold() -> None:
        """Wait for the gate to open."""
        gate = Path(os.environ["NEWSSCRAPE_TEST_GATE"])
        gate.with_suffix(".held").touch()
        deadline = time.monotonic() + HOLD
        while not gate.exists() and time.monotonic() < deadline:
            time.sleep(0.02)
