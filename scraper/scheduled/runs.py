"""The summary of a scheduled crawl: one line of ``runs.jsonl``, and how a terminal shows it.

Its numbers come from the crawl's stats, kept per source name by the sources spider
(``sources/...``), SeenPipeline (``seen/...``) and DatedJsonlPipeline (``crawl_output/...``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# Per source, in the order written.
COUNTS = ("fetched", "articles", "updated", "skipped_seen", "duplicates", "errors", "seconds")


def source_summary(stats: Mapping[str, Any], name: str, failures: list[str]) -> dict[str, Any]:
    """One source's numbers: pages fetched, articles written (``updated`` of them new versions),
    articles skipped as seen (not fetched, or fetched again unchanged), duplicates of articles
    under other URLs, errors (its start points' too), seconds until its last response; ``ok``
    unless a start point failed (``failures`` says why).
    """
    def count(key: str) -> int | float:
        return stats.get(f"{key}/{name}", 0)

    return {
        "fetched": count("sources/fetched"),
        "articles": count("crawl_output/articles"),
        "updated": count("seen/updated"),
        "skipped_seen": count("sources/skipped_seen") + count("seen/unchanged"),
        "duplicates": count("seen/duplicate"),
        "errors": count("crawl_output/errors"),
        "seconds": count("sources/seconds"),
        "ok": not failures,
        "failures": failures,
    }


def run_record(started: str, finished: str, names: Iterable[str], stats: Mapping[str, Any],
               failures: Mapping[str, list[str]], status: int) -> dict[str, Any]:
    """The line of ``runs.jsonl`` for one run: its times, exit status and every source."""
    return {"started": started, "finished": finished, "status": status,
            "sources": {name: source_summary(stats, name, failures.get(name, []))
                        for name in names}}


def describe(run: dict[str, Any]) -> str:
    """The run's summary for a person at a terminal."""
    lines = [f"newsscrape crawl: {run['started']} to {run['finished']}, status {run['status']}"]
    for name, numbers in run["sources"].items():
        counts = ", ".join(f"{key.replace('_', ' ')} {numbers[key]}" for key in COUNTS)
        lines.append(f"  {name}: {'ok' if numbers['ok'] else 'FAILED'}: {counts}")
        lines += [f"    {reason}" for reason in numbers["failures"]]
    return "\n".join(lines)
