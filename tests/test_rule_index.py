"""The prefilter picks every rule that matches, patterns compile when first picked, and the
cache of literals gives the rules that parsing gives."""

from __future__ import annotations

import pytest

from cleaners import rules as rules_module
from cleaners.normalise import normalise
from cleaners.rule_index import RuleIndex
from cleaners.rules import load_rules, parse_file

RULES = load_rules()
INDEX = RuleIndex(RULES)
# Every example of every rule, and the article sentences they must leave alone.
TEXTS = sorted({normalise(t) for r in RULES.rules() for t in (*r.match, *r.no_match)})


@pytest.mark.parametrize("anywhere_only", [False, True])
def test_the_prefilter_keeps_every_rule_that_matches(anywhere_only):
    for lang, group in RULES.by_language.items():
        rules = [r for r in group if not anywhere_only or "anywhere" in r.where]
        for text in TEXTS:
            expected = tuple(r for r in rules if r.matches(text))
            assert INDEX.matches(text, lang, anywhere_only) == expected, (lang, text)


def test_the_prefilter_rules_out_most_rules():
    text = normalise("Subscribe to our newsletter for the latest news")
    picked = {r.id for rules in INDEX.candidates(text).values() for r in rules}
    assert 0 < len(picked) < len(RULES.rules()) / 10


TWO = '''
[[rule]]
id = "xx-newsletter"
kind = "newsletter"
pattern = 'sign up (?:now|today)'
note = "test"
match = ["sign up now"]
no_match = ["a sentence"]

[[rule]]
id = "xx-cookie"
kind = "cookie"
pattern = '(?:we|this site) uses? cookies'
note = "test"
match = ["we use cookies"]
no_match = ["a sentence"]
'''


def _ruleset(text: str, known=None) -> rules_module.RuleSet:
    return rules_module.RuleSet({"xx": parse_file(text, "xx", "xx.toml", known)}, "test")


def test_a_pattern_compiles_only_when_the_prefilter_first_picks_it():
    ruleset = _ruleset(TWO)
    newsletter, cookie = ruleset.rules()
    index = RuleIndex(ruleset)
    assert index.matches("please sign up now", "xx", False) == (newsletter,)
    assert "regex" in vars(newsletter) and "regex" not in vars(cookie)


def test_a_rule_without_known_literals_is_always_a_candidate():
    [rule] = parse_file(TWO.split("\n\n[[rule]]")[0].replace("'sign up (?:now|today)'",
                                                              "'[a-z]+ ?[u-v]p?'"), "xx", "xx.toml")
    assert rule.literals is None
    ruleset = rules_module.RuleSet({"xx": (rule,)}, "test-unknown")
    assert RuleIndex(ruleset).matches("cheer u", "xx", False) == (rule,)


def test_cached_literals_give_the_rules_parsing_gives(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSSCRAPE_CACHE_DIR", str(tmp_path))
    load_rules.cache_clear()
    try:
        parsed = load_rules()
        [written] = tmp_path.glob("rule-literals-*.json")
        load_rules.cache_clear()
        cached = load_rules()
    finally:
        load_rules.cache_clear()
    assert cached.rules() == parsed.rules()
    assert [r.literals for r in cached.rules()] == [r.literals for r in parsed.rules()]
    assert written.stat().st_size > 0


def test_a_cache_entry_that_is_not_a_list_of_literals_is_parsed_again():
    known = {"xx-newsletter": ["sign up "], "xx-cookie": "garbage"}
    newsletter, cookie = _ruleset(TWO, known).rules()
    assert newsletter.literals == {"sign up "}  # trusted: the digest names identical files
    assert cookie.literals == {" cookies"}


def test_a_corrupt_cache_file_is_ignored(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSSCRAPE_CACHE_DIR", str(tmp_path))
    load_rules.cache_clear()
    try:
        load_rules()
        [written] = tmp_path.glob("rule-literals-*.json")
        written.write_text("{not json", encoding="utf-8")
        load_rules.cache_clear()
        again = load_rules()
    finally:
        load_rules.cache_clear()
    assert again.rules() == RULES.rules()
    assert [r.literals for r in again.rules()] == [r.literals for r in RULES.rules()]
