"""The feeds' JSON Lines exporter: the one serialiser (``scraper.items.json_line``) behind
Scrapy's feed exports, registered in ``FEED_EXPORTERS`` as ``newsscrape_jsonlines`` (and for
``jsonl`` and ``jsonlines``, so ``scrapy crawl -o FILE.jsonl`` writes the same lines)."""

from __future__ import annotations

from typing import Any

from scrapy.exporters import JsonLinesItemExporter

from .items import json_line


class JsonLinesExporter(JsonLinesItemExporter):
    """JSON Lines as every newsscrape output writes them: UTF-8, U+2028/U+2029 escaped."""

    def export_item(self, item: Any) -> None:
        self.file.write(json_line(dict(self.get_serialized_fields(item))))
