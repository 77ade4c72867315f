"""Which rules match a block: an Aho-Corasick prefilter, then only the rules it picks.

Every match of most patterns contains one of a few literal strings (``Rule.literals``). One
pass of an Aho-Corasick automaton over all those literals finds the rules worth running on a
block; a rule whose literals are unknown is always run. A pattern is compiled the first time
the prefilter picks it (``Rule.regex``), so a page pays only for the rules its blocks might hit.
"""

from __future__ import annotations

from functools import lru_cache

import ahocorasick

from .rules import Rule, RuleSet

# Blocks whose prefilter result is kept: the cleaner asks about one block for many languages
# and places in a row, and comes back to it.
SCANNED_BLOCKS = 1024


class RuleIndex:
    """The rules of each language, split by where they apply, behind one prefilter."""

    def __init__(self, rules: RuleSet) -> None:
        self.rules: tuple[Rule, ...] = rules.rules()
        owners: dict[str, list[int]] = {}
        for number, rule in enumerate(self.rules):
            for literal in rule.literals or ():
                owners.setdefault(literal, []).append(number)
        self.automaton = ahocorasick.Automaton()
        for literal, numbers in owners.items():
            self.automaton.add_word(literal, frozenset(numbers))
        self.automaton.make_automaton()
        # Per (language, anywhere only): the rules run on every block, their literals unknown.
        self.unfiltered: dict[tuple[str, bool], tuple[int, ...]] = {}
        self.always: dict[tuple[str, bool], tuple[Rule, ...]] = {}
        self.longest: dict[tuple[str, bool], int] = {}
        for lang in rules.by_language:
            for anywhere_only in (False, True):
                numbers = [n for n, r in enumerate(self.rules) if r.language == lang
                           and (not anywhere_only or "anywhere" in r.where)]
                key = (lang, anywhere_only)
                self.unfiltered[key] = tuple(n for n in numbers if self.rules[n].literals is None)
                self.always[key] = tuple(self.rules[n] for n in self.unfiltered[key])
                self.longest[key] = max((self.rules[n].max_chars for n in numbers), default=0)
        self.candidates = lru_cache(maxsize=SCANNED_BLOCKS)(self._scan)

    def _scan(self, norm: str) -> dict[tuple[str, bool], tuple[Rule, ...]]:
        """The rules worth running on a block, by (language, anywhere only), in file order:
        those one of whose literals the block contains, and those without known literals."""
        found: set[int] = set()
        if len(self.automaton):
            found = found.union(*(numbers for _, numbers in self.automaton.iter(norm)))
        keys: dict[tuple[str, bool], list[int]] = {}
        for n in found:
            rule = self.rules[n]
            keys.setdefault((rule.language, False), []).append(n)
            if "anywhere" in rule.where:
                keys.setdefault((rule.language, True), []).append(n)
        return {key: tuple(self.rules[n] for n in sorted({*numbers, *self.unfiltered[key]}))
                for key, numbers in keys.items()}

    def matches(self, norm: str, lang: str, anywhere_only: bool) -> tuple[Rule, ...]:
        """The rules of ``lang`` (only those that hold anywhere, if asked) matching a block
        with this normalised text, in file order."""
        key = (lang, anywhere_only)
        if len(norm) > self.longest.get(key, 0):
            return ()
        picked = self.candidates(norm).get(key) or self.always.get(key, ())
        return tuple(rule for rule in picked if rule.matches(norm))


_INDEXES: dict[str, RuleIndex] = {}


def rule_index(rules: RuleSet) -> RuleIndex:
    """The index of a rule set, built once per rule set version."""
    if rules.version not in _INDEXES:
        _INDEXES[rules.version] = RuleIndex(rules)
    return _INDEXES[rules.version]
