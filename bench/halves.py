"""Leave-publisher-out halves of the evaluation sets, and the additions each half may use.

A page's half follows from its publisher alone (``shared-defs``: the sha256 of the publisher
name, even -> "A", odd -> "B"), so one publisher falls in the same half in every set. A rule
with ``seen_in = "<set>:<page id>"`` was tuned on that page: scoring half H uses only the
additions tuned on pages of the other half.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

HALVES = ("A", "B")


def half(publisher: str) -> str:
    """"A" or "B": the leave-publisher-out half of a publisher."""
    return "A" if int(hashlib.sha256(publisher.encode("utf-8")).hexdigest(), 16) % 2 == 0 else "B"


def seen_in_half(eval_root: Path) -> Callable[[str], str]:
    """A function from ``"<set>:<page>"`` to the half of that page's publisher, reading the
    set's manifest under ``eval_root`` (``../shared/eval``); the page is named by its id or,
    for ids holding a "/" (fundus-dev's ``es/ElPais_2024_10_15``), by its HTML file's name
    (``es__ElPais_2024_10_15``); an unknown page is an error."""
    publishers: dict[str, dict[str, str]] = {}

    def lookup(seen_in: str) -> str:
        name, page = seen_in.split(":", 1)
        if name not in publishers:
            publishers[name] = {}
            for line in (eval_root / name / "manifest.jsonl").open(encoding="utf-8"):
                record = json.loads(line)
                stem = Path(record["html"]).name.split(".")[0]
                publishers[name][record["id"]] = publishers[name][stem] = record["publisher"]
        if page not in publishers[name]:
            raise KeyError(f"seen_in {seen_in!r}: no such page in {name}/manifest.jsonl")
        return half(publishers[name][page])

    return lookup
