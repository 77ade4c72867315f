"""Run by tests/test_distributed_engine.py: a one-page crawl that records what
scraper.distributed._engine reports at each stage; prints it as JSON on stdout.

    python tests/engine_probe.py URL
"""

from __future__ import annotations

import asyncio
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import scrapy  # noqa: E402
from scrapy import signals  # noqa: E402
from scrapy.crawler import CrawlerProcess  # noqa: E402
from scrapy.exceptions import DontCloseSpider  # noqa: E402

from scraper.distributed._engine import in_progress, wake  # noqa: E402

SEEN: dict[str, object] = {}


class SlowPipeline:
    """An item pipeline that takes a while, as extraction does."""

    async def process_item(self, item):
        await asyncio.sleep(0.2)
        SEEN["in_pipeline"] = item["request"] in in_progress(PROBE)
        return item


class ProbeSpider(scrapy.Spider):
    name = "probe"
    custom_settings = {"ITEM_PIPELINES": {f"{__name__}.SlowPipeline": 100},
                       "TELNETCONSOLE_ENABLED": False, "LOG_LEVEL": "ERROR"}

    async def start(self):
        yield scrapy.Request(sys.argv[1])

    def parse(self, response):
        SEEN["in_callback"] = response.request in in_progress(self.crawler)
        yield {"request": response.request}

    def idle(self) -> None:
        if "first_idle" not in SEEN:  # stay once, asking to be woken at once
            SEEN["first_idle"] = time.monotonic()
            SEEN["after_all"] = len(in_progress(self.crawler))
            from twisted.internet import reactor

            reactor.callLater(0.1, wake, self.crawler)
            raise DontCloseSpider
        SEEN["woken_after"] = round(time.monotonic() - SEEN.pop("first_idle"), 2)


process = CrawlerProcess()
PROBE = process.create_crawler(ProbeSpider)
PROBE.signals.connect(lambda spider: spider.idle(), signal=signals.spider_idle, weak=False)
process.crawl(PROBE)
process.start()
print(json.dumps(SEEN))
