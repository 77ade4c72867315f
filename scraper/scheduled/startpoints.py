"""What each start point (feed, sitemap, section page) of a source gave, counted in the crawl's
stats, and read back for ``runs.jsonl``.

Keys, per source and start point number ``n`` (in the order they were requested):
``sources/start_point/<source>/<n>/url`` and ``.../kind`` (set once), ``.../optional``
(True for the sitemaps robots.txt names, which do not fail the source), ``.../read`` (its
response was parsed), ``.../found`` (links in it), ``.../taken`` (article URLs or sitemaps it
gave), ``.../filtered/<why>`` and ``.../failure`` (the error line that failed it).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

PREFIX = "sources/start_point"
# Why a listed link was not taken.
FILTERS = ("allow", "deny", "age", "offsite", "too_long", "not_http")


class StartPoints:
    """The start points of a crawl, numbered per source as they are requested."""

    def __init__(self, crawler: Any) -> None:
        self.crawler = crawler  # its stats are set once the crawl starts
        self.numbers: dict[tuple[str, str], int] = {}

    @property
    def stats(self) -> Any:
        return self.crawler.stats

    def add(self, source: str, url: str, kind: str, optional: bool) -> int | None:
        """Number a new start point; None when the source has it already."""
        if (source, url) in self.numbers:
            return None
        n = self.numbers[(source, url)] = sum(1 for s, _ in self.numbers if s == source)
        self.stats.set_value(f"{PREFIX}/{source}/{n}/url", url)
        self.stats.set_value(f"{PREFIX}/{source}/{n}/kind", kind)
        self.stats.set_value(f"{PREFIX}/{source}/{n}/optional", optional)
        return n

    def number(self, source: str, url: str, kind: str, optional: bool) -> int:
        """The start point's number, numbering it now if another process requested it."""
        if (source, url) not in self.numbers:
            self.add(source, url, kind, optional)
        return self.numbers[(source, url)]

    def count(self, source: str, n: int, what: str, by: int = 1) -> None:
        """Add to a count: ``read``, ``found``, ``taken`` or ``filtered/<why>``."""
        self.stats.inc_value(f"{PREFIX}/{source}/{n}/{what}", by)

    def fail(self, source: str, n: int, line: str) -> None:
        self.stats.set_value(f"{PREFIX}/{source}/{n}/failure", line)


def start_point_summaries(stats: Mapping[str, Any], source: str) -> list[dict[str, Any]]:
    """Each start point of ``source``, in order: kind, url, found, taken, filtered (why ->
    count, only the reasons that occurred), failure (or None), and ``empty`` when it was read
    but gave no article link (or, for a sitemap index, no sitemap)."""
    prefix = f"{PREFIX}/{source}/"
    points: dict[int, dict[str, Any]] = {}
    for key, value in stats.items():
        if key.startswith(prefix):
            number, _, field = key.removeprefix(prefix).partition("/")
            points.setdefault(int(number), {})[field] = value
    summaries = []
    for _, point in sorted(points.items()):
        filtered = {why: point[f"filtered/{why}"] for why in FILTERS if f"filtered/{why}" in point}
        taken = point.get("taken", 0)
        summaries.append({
            "kind": point["kind"], "url": point["url"], "optional": point.get("optional", False),
            "found": point.get("found", 0), "taken": taken, "filtered": filtered,
            "failure": point.get("failure"),
            "empty": bool(point.get("read")) and taken == 0,
        })
    return summaries
