"""What every match of a pattern must hold: a digit (the lexicon's gate on its price patterns)."""

from __future__ import annotations

import pytest

from cleaners import lexicon
from cleaners.patterns import requires_digit


@pytest.mark.parametrize(("pattern", "needs"), [
    (r"\d", True),
    (r"[0-9]+ ?€", True),
    (r"(?:usd|eur) ?\d+(?:[.,]\d{1,2})?", True),
    (r"\b(?:rm|rs\.?) ?\d+", True),
    (r"(?:1|2)", True),
    (r"(?>\d+)", True),
    (r"\d{1,3}", True),
    (r"usd\d?", False),        # the digit is optional
    (r"\d{0,3}", False),
    (r"(?:free|\d+)", False),  # one branch holds none
    (r"[\d,]", False),         # a comma alone matches
    (r"[^\d]", False),
    (r"\w+", False),
])
def test_a_pattern_needs_a_digit_only_when_every_match_holds_one(pattern, needs):
    assert requires_digit(pattern) is needs


@pytest.mark.parametrize(("patterns", "text", "found"), [
    ([r"\d+ ?€"], "only 5 € a month", {0}),
    ([r"\d+ ?€"], "only five euros a month", set()),
    # a pattern that may match without a digit is searched in text holding none
    ([r"\d+ ?€", r"usd\d?"], "paid in usd", {1}),
    ([r"(?:free|\d+) trial"], "start your free trial", {0}),
])
def test_the_matcher_finds_its_patterns_with_or_without_a_digit_to_gate_them(patterns, text,
                                                                            found):
    matcher = lexicon.Matcher([], [(p, n) for n, p in enumerate(patterns)])
    assert matcher.find(text) == found
