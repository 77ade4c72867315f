"""scrapy-redis' duplicate filter, fingerprinting requests as the crawler does.

``RFPDupeFilter.request_fingerprint`` hashes ``canonicalize_url`` itself and ignores
``REQUEST_FINGERPRINTER_CLASS``, so a ``utm_`` variant of an article would count as a new
request. This one asks the crawler's request fingerprinter, the same one Scrapy's own filter
uses, so the shared filter treats two URLs as one exactly when a single process would.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy_redis.dupefilter import RFPDupeFilter


class RoundDupeFilter(RFPDupeFilter):
    """The round's set of request fingerprints (hex), from the crawler's fingerprinter; built
    by the round's scheduler, which knows the key."""

    def __init__(self, server: Any, key: str, fingerprinter: Any, debug: bool = False) -> None:
        super().__init__(server, key, debug)
        self.fingerprinter = fingerprinter

    def request_fingerprint(self, request: Request) -> str:
        return self.fingerprinter.fingerprint(request).hex()
