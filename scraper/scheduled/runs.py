"""The summary of a scheduled crawl: one line of ``runs.jsonl``, and how a terminal shows it.

Its numbers come from the crawl's stats, kept per source name by the sources spider
(``sources/...``, and per start point: scraper/scheduled/startpoints.py), the seen check and
SeenPipeline (``seen/...``) and DatedJsonlPipeline (``crawl_output/...``).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from .startpoints import start_point_summaries

# Per source, in the order written.
COUNTS = ("fetched", "articles", "updated", "skipped_seen", "duplicates", "errors", "seconds")


def source_summary(stats: Mapping[str, Any], name: str, failures: list[str]) -> dict[str, Any]:
    """One source's numbers: pages fetched, articles written (``updated`` of them new versions),
    articles skipped as seen (not fetched, or fetched again unchanged), duplicates of articles
    under other URLs, errors (its start points' too), seconds until its last response; ``ok``
    unless a start point failed (``failures`` says why); and what each start point gave.
    """
    def count(key: str) -> int | float:
        return stats.get(f"{key}/{name}", 0)

    return {
        "fetched": count("sources/fetched"),
        "articles": count("crawl_output/articles"),
        "updated": count("seen/updated"),
        "skipped_seen": count("seen/skipped") + count("seen/unchanged"),
        "duplicates": count("seen/duplicate"),
        "errors": count("crawl_output/errors"),
        "seconds": count("sources/seconds"),
        "ok": not failures,
        "failures": failures,
        "start_points": start_point_summaries(stats, name),
    }


def run_record(started: str, finished: str, names: Iterable[str], stats: Mapping[str, Any],
               failures: Mapping[str, list[str]], status: int,
               error: str | None = None) -> dict[str, Any]:
    """The line of ``runs.jsonl`` for one run: its times, exit status, why the run as a whole
    failed (``error``: a seen store that cannot be read, a full disk; null otherwise) and
    every source."""
    return {"started": started, "finished": finished, "status": status, "error": error,
            "sources": {name: source_summary(stats, name, failures.get(name, []))
                        for name in names}}


def newly_empty(run: Mapping[str, Any], previous: Mapping[str, Any] | None) -> list[str]:
    """Warnings for the start points this run read without an article link that gave some in
    the previous run (an empty one stays quiet run after run: the change is told once)."""
    before = {(name, point["url"]): point["taken"]
              for name, numbers in (previous or {}).get("sources", {}).items()
              for point in numbers.get("start_points", [])}
    return [f"source {name}: {point['kind']} {point['url']} gave no article links "
            f"(the previous run took {before[(name, point['url'])]})"
            for name, numbers in run["sources"].items()
            for point in numbers["start_points"]
            if point["empty"] and before.get((name, point["url"]), 0) > 0]


def describe(run: dict[str, Any]) -> str:
    """The run's summary for a person at a terminal."""
    lines = [f"newsscrape crawl: {run['started']} to {run['finished']}, status {run['status']}"]
    if run.get("error"):
        lines.append(f"  {run['error']}")
    for name, numbers in run["sources"].items():
        counts = ", ".join(f"{key.replace('_', ' ')} {numbers[key]}" for key in COUNTS)
        lines.append(f"  {name}: {'ok' if numbers['ok'] else 'FAILED'}: {counts}")
        lines += [f"    {reason}" for reason in numbers["failures"]]
        lines += [f"    empty: {point['kind']} {point['url']}"
                  for point in numbers.get("start_points", []) if point["empty"]]
    return "\n".join(lines)
