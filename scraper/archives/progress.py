"""The progress line ``newsscrape warc`` keeps on a terminal: records, articles, errors, MB/s."""

from __future__ import annotations

import time
from typing import TextIO

from ..outcomes import CLEAR_LINE

EVERY = 0.5  # seconds between two updates


class Progress:
    """Rewrite one line of ``stream`` at most every EVERY seconds; ``done()`` ends it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.started = self._shown = time.monotonic()

    def show(self, records: int, articles: int, errors: int, read_bytes: int,
             force: bool = False) -> None:
        now = time.monotonic()
        if not force and now - self._shown < EVERY:
            return
        self._shown = now
        rate = read_bytes / 1e6 / max(now - self.started, 1e-9)
        self.stream.write(f"\r{records} records, {articles} articles, {errors} errors, "
                          f"{read_bytes / 1e6:.1f} MB at {rate:.1f} MB/s ")
        self.stream.flush()

    def clear(self) -> None:
        """Blank the line, so that an error line printed next starts at its beginning."""
        self.stream.write(CLEAR_LINE)

    def done(self) -> None:
        self.stream.write("\n")
        self.stream.flush()
