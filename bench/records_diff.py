"""Compare two ``newsscrape`` outputs record by record, field by field.

    python3 run.py bench bench.records_diff BEFORE.jsonl AFTER.jsonl

Records are paired by ``source_file`` (by ``url``, then by line number, when it is null).
``fetched_at`` and ``extractor.newsscrape`` (the clock and the package version) are ignored;
every other field must be equal. Prints each difference and exits 1 when there is one.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

IGNORED = {("fetched_at",), ("extractor", "newsscrape")}


def load(path: Path) -> dict[str, dict]:
    """The records of a JSON-lines file, keyed by the input they came from."""
    records: dict[str, dict] = {}
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            record = json.loads(line)
            key = record.get("source_file") or record.get("url") or f"line {number}"
            records[key] = record
    return records


def differences(before: object, after: object, path: tuple[str, ...] = ()) -> list[str]:
    """Where two decoded records differ, as ``field.sub: before != after`` lines."""
    if path in IGNORED:
        return []
    if isinstance(before, dict) and isinstance(after, dict):
        return [line for key in sorted(before.keys() | after.keys(), key=str)
                for line in differences(before.get(key), after.get(key), (*path, str(key)))]
    if before != after:
        return [f"{'.'.join(path)}: {json.dumps(before, ensure_ascii=False)[:200]} != "
                f"{json.dumps(after, ensure_ascii=False)[:200]}"]
    return []


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args(argv)
    before, after = load(args.before), load(args.after)
    found = 0
    for key in sorted(before.keys() | after.keys()):
        if key not in after or key not in before:
            print(f"{key}: only in {'before' if key in before else 'after'}")
            found += 1
            continue
        for line in differences(before[key], after[key]):
            print(f"{key}: {line}")
            found += 1
    print(f"{len(before)} records before, {len(after)} after, {found} differences")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
