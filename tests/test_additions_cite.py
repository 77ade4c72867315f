"""Every rule or lexicon entry added from now on cites the page it was tuned on (seen_in).

The rules and concept tables that cite none are the base the leave-publisher-out halves are
scored against (``bench/halves.py``): ``fixtures/uncited.txt`` lists each with a digest of
what it matches. A new one without ``seen_in``, or a change to one, fails here: add a rule
with ``seen_in``, or words as an ``[[addition]]`` to the lexicon (which requires it). A
change that narrows a base entry with no tuning page behind it (a word that misfires)
updates its line in the same commit, saying why.
"""

from __future__ import annotations

import hashlib
import json
import tomllib
from pathlib import Path

CLEANERS = Path(__file__).parent.parent / "cleaners"
SNAPSHOT = Path(__file__).parent / "fixtures" / "uncited.txt"


def _digest(value: object) -> str:
    text = json.dumps(value, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


def uncited() -> dict[str, str]:
    """Each rule and concept table without seen_in, by name, with a digest of its matching."""
    entries: dict[str, str] = {}
    for path in sorted((CLEANERS / "rules").glob("*.toml")):
        for rule in tomllib.loads(path.read_text(encoding="utf-8")).get("rule", []):
            if "seen_in" not in rule:
                matching = {k: rule.get(k) for k in ("kind", "pattern", "where", "max_chars")}
                entries[f"rule {rule['id']}"] = _digest(matching)
    for path in sorted((CLEANERS / "lexicon").glob("*.toml")):
        tables = tomllib.loads(path.read_text(encoding="utf-8")).get("concept", {})
        for name, table in tables.items():
            if "seen_in" not in table:
                matching = {k: sorted(table.get(k, [])) for k in ("terms", "patterns")}
                entries[f"concept {path.stem}.{name}"] = _digest(matching)
    return entries


def test_no_entry_without_seen_in_is_added_or_changed():
    listed = dict(line.rsplit(" ", 1) for line in
                  SNAPSHOT.read_text(encoding="utf-8").splitlines() if line)
    found = uncited()
    assert [name for name in found if name not in listed] == [], "new: cite seen_in"
    assert [name for name in found if name in listed and found[name] != listed[name]] == [], \
        "changed: an addition cites seen_in; a narrowing updates its line"
