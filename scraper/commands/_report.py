"""What a run reports: its outcomes counted, a summary, the removals explained, and the exit
status (the same table for every command, see the README)."""

from __future__ import annotations

import sys
import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any, TextIO

OK, SOME_FAILED, USAGE, ALL_FAILED = 0, 1, 2, 3


class UsageError(Exception):
    """Bad usage or configuration: exit status 2, nothing fetched."""


@dataclass
class Tally:
    """Outcomes of a run, for the summary and the exit status."""

    inputs: int = 0
    articles: int = 0
    errors: Counter = field(default_factory=Counter)
    removed: Counter = field(default_factory=Counter)
    languages: Counter = field(default_factory=Counter)
    # Scheduled crawls: source name -> why its start points failed (error lines).
    failed_sources: defaultdict[str, list[str]] = field(default_factory=lambda: defaultdict(list))
    started: float = field(default_factory=time.monotonic)

    def add(self, item) -> None:
        """Count an Article or a FetchError."""
        from ..items import Article

        if isinstance(item, Article):
            self.articles += 1
            self.languages[item.language or "?"] += 1
            self.removed.update(r["kind"] for r in item.removed)
        else:
            self.errors[item.error] += 1
            if item.start_point:
                self.failed_sources[item.source].append(
                    f"{item.start_point} {item.url}: {item.error}: {item.message}")

    def status(self) -> int:
        failed = sum(self.errors.values())
        lost = self.inputs - self.articles - failed
        if self.articles == 0:
            return ALL_FAILED
        return SOME_FAILED if failed or lost > 0 else OK

    def summary(self) -> str:
        errors = sum(self.errors.values())
        detail = ", ".join(f"{code} {n}" for code, n in self.errors.most_common())
        lines = [f"newsscrape: {self.articles} articles, {errors} errors"
                 f"{f' ({detail})' if detail else ''} from {self.inputs} inputs "
                 f"in {time.monotonic() - self.started:.1f} s"]
        if self.languages:
            lines.append("  languages: " + ", ".join(f"{k} {v}" for k, v in
                                                     self.languages.most_common()))
        if self.removed:
            lines.append("  removed: " + ", ".join(f"{k} {v}" for k, v in
                                                   self.removed.most_common()))
        return "\n".join(lines)


def explain(record: dict[str, Any], stream: TextIO) -> None:
    """Print what the cleaner removed from one article, readably."""
    where = record.get("url") or record.get("source_file")
    print(f"{where}: {len(record['removed'])} removed, language {record['language']}",
          file=stream)
    for r in record["removed"]:
        text = r["text"].replace("\n", " ")
        print(f"  - {r['kind']:<14} {r['rule']:<32} {text[:90]}{'…' if len(text) > 90 else ''}",
              file=stream)


def report_lost(tally: Tally) -> None:
    lost = tally.inputs - tally.articles - sum(tally.errors.values())
    if lost > 0:
        print(f"newsscrape: error: {lost} inputs gave neither an article nor an error "
              "(see the log above)", file=sys.stderr)
