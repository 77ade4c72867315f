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


DEVSET = Path(__file__).resolve().parent.parent / "tests" / "fixtures" / "devset"


def seen_in_half(eval_root: Path, devset: Path = DEVSET) -> Callable[[str], str]:
    """A function from ``"<set>:<page>"`` to the half of that page's publisher. Pages of an
    evaluation set are read from its manifest under ``eval_root`` (``../shared/eval``), named
    by their id or, for ids holding a "/" (fundus-dev's ``es/ElPais_2024_10_15``), by their
    HTML file's name (``es__ElPais_2024_10_15``); pages of the development set (``devset:``)
    from ``devset/pages/<id>.json``. An unknown page is an error."""
    publishers: dict[str, dict[str, str]] = {}

    def load(name: str) -> dict[str, str]:
        found: dict[str, str] = {}
        if name == "devset":
            for path in (devset / "pages").glob("*.json"):
                found[path.stem] = json.loads(path.read_text(encoding="utf-8"))["publisher"]
            return found
        for line in (eval_root / name / "manifest.jsonl").open(encoding="utf-8"):
            record = json.loads(line)
            stem = Path(record["html"]).name.split(".")[0]
            found[record["id"]] = found[stem] = record["publisher"]
        return found

    def lookup(seen_in: str) -> str:
        name, page = seen_in.split(":", 1)
        if name not in publishers:
            publishers[name] = load(name)
        if page not in publishers[name]:
            where = "pages/*.json" if name == "devset" else "manifest.jsonl"
            raise KeyError(f"seen_in {seen_in!r}: no such page in {name}/{where}")
        return half(publishers[name][page])

    return lookup
