"""What a run reports, read from its stats (``scraper.outcomes`` counts them): a summary, the
inputs that gave nothing, the removals explained, and the exit status (the same table for
every command, see the README)."""

from __future__ import annotations

import sys
from collections.abc import Mapping
from typing import Any, TextIO

OK, SOME_FAILED, USAGE, ALL_FAILED = 0, 1, 2, 3


class UsageError(Exception):
    """Bad usage or configuration: exit status 2, nothing fetched."""


def _counts(stats: Mapping[str, Any], prefix: str) -> dict[str, int]:
    """``{detail: n}`` of the stats keys ``prefix<detail>``, most first."""
    found = {key.removeprefix(prefix): n for key, n in stats.items() if key.startswith(prefix)}
    return dict(sorted(found.items(), key=lambda pair: -pair[1]))


def errors(stats: Mapping[str, Any]) -> dict[str, int]:
    """Error code -> inputs that failed with it."""
    return _counts(stats, "newsscrape/errors/")


def lost(stats: Mapping[str, Any]) -> int:
    """Inputs that gave neither an article nor an error (a bug, or a crawl cut short)."""
    return (stats.get("newsscrape/inputs", 0) - stats.get("newsscrape/articles", 0)
            - sum(errors(stats).values()))


def interrupted(stats: Mapping[str, Any]) -> bool:
    """The crawl was stopped by Ctrl-C or SIGTERM (Scrapy's finish reason)."""
    return stats.get("finish_reason") == "shutdown"


def exit_status(stats: Mapping[str, Any]) -> int:
    """0 every input gave an article; 1 some failed or gave nothing; 3 no article at all, or
    interrupted."""
    if not stats.get("newsscrape/articles") or interrupted(stats):
        return ALL_FAILED
    return SOME_FAILED if errors(stats) or lost(stats) > 0 else OK


def summary(stats: Mapping[str, Any]) -> str:
    """The run's summary for a person at a terminal."""
    failed = errors(stats)
    detail = ", ".join(f"{code} {n}" for code, n in failed.items())
    source = (f"{stats['url_queue/taken']} taken from the queue" if "url_queue/taken" in stats
              else f"{stats.get('newsscrape/inputs', 0)} inputs")
    lines = [f"newsscrape: {stats.get('newsscrape/articles', 0)} articles, "
             f"{sum(failed.values())} errors{f' ({detail})' if detail else ''} from "
             f"{source} in {stats.get('elapsed_time_seconds', 0.0):.1f} s"]
    for label, prefix in (("languages", "newsscrape/language/"), ("removed", "cleaner/removed/"),
                          ("skipped", "warc/skipped/")):
        if found := _counts(stats, prefix):
            lines.append(f"  {label}: " + ", ".join(f"{k} {v}" for k, v in found.items()))
    return "\n".join(lines)


def report_lost(stats: Mapping[str, Any]) -> None:
    """Say on stderr that the run was interrupted, or how many inputs gave nothing at all,
    if any did."""
    missing = lost(stats)
    if interrupted(stats):
        left = f": {missing} inputs were not fetched" if missing > 0 else ""
        print(f"newsscrape: interrupted{left}", file=sys.stderr)
    elif missing > 0:
        print(f"newsscrape: error: {missing} inputs gave neither an article nor an error "
              "(see the log above)", file=sys.stderr)


def explain(record: dict[str, Any], stream: TextIO) -> None:
    """Print what the cleaner removed from one article, readably."""
    where = record.get("url") or record.get("source_file")
    print(f"{where}: {len(record['removed'])} removed, language {record['language']}",
          file=stream)
    for r in record["removed"]:
        text = r["text"].replace("\n", " ")
        print(f"  - {r['kind']:<14} {r['rule']:<32} {text[:90]}{'…' if len(text) > 90 else ''}",
              file=stream)
