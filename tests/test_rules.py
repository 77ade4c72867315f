"""Every rule of every language file loads, compiles and keeps its examples."""

from __future__ import annotations

import pytest

from cleaners.normalise import normalise
from cleaners.rules import COMMON, KINDS, RuleError, check_examples, load_rules, parse_file

RULES = load_rules()
LANGUAGES = {"en", "es", "fr", "de", "it", "pt", "nl", "ca", "pl", "sv", "da", "no", "ru", "tr",
             "ja", "ko", "zh", "ar"}
ALL = RULES.rules()


def test_every_language_has_a_rule_file():
    assert LANGUAGES | {COMMON} <= set(RULES.by_language)
    assert all(RULES.by_language[lang] for lang in LANGUAGES)


@pytest.mark.parametrize("rule", ALL, ids=[r.id for r in ALL])
def test_rule_keeps_its_examples(rule):
    assert rule.kind in KINDS
    assert rule.note.strip()
    assert check_examples(rule) == []


@pytest.mark.parametrize("rule", ALL, ids=[r.id for r in ALL])
def test_no_anywhere_rule_eats_an_article_sentence_of_its_language(rule):
    """The no_match examples are article prose: no rule that fires in the body may take one."""
    body_rules = [r for r in (*RULES.by_language.get(rule.language, ()), *RULES.by_language[COMMON])
                  if "anywhere" in r.where]
    for sentence in rule.no_match:
        eaters = [r.id for r in body_rules if r.applies(normalise(sentence), "anywhere")]
        assert eaters == [], f"{sentence!r} would be removed by {eaters}"


GOOD = '''
[[rule]]
id = "xx-test"
kind = "newsletter"
pattern = 'sign up'
note = "test"
match = ["sign up now"]
no_match = ["a sentence"]
'''


@pytest.mark.parametrize("change, message", [
    (("pattern = 'sign up'", "pattern = 'sign (up)'"), "capturing groups"),
    (("pattern = 'sign up'", "pattern = 'sign ('"), "does not compile"),
    (('kind = "newsletter"', 'kind = "spam"'), "kind 'spam'"),
    (('note = "test"', 'note = "test"\ncolour = "red"'), "unknown keys"),
    (('no_match = ["a sentence"]', ''), "missing keys"),
    (('id = "xx-test"', 'id = "en-test"'), "start with 'xx-'"),
    (("[[rule]]", "[[rule]"), "xx.toml"),
    (('note = "test"', 'note = "test"\nseen_in = "frozen:p1"'), "seen_in must read"),
    (('note = "test"', 'note = "test"\nseen_in = "aeb:"'), "seen_in must read"),
])
def test_malformed_rules_are_rejected_naming_file_and_rule(change, message):
    assert parse_file(GOOD, "xx", "xx.toml")
    with pytest.raises(RuleError, match="xx.toml") as error:
        parse_file(GOOD.replace(*change), "xx", "xx.toml")
    assert message in str(error.value)


def test_examples_that_a_rule_gets_wrong_are_reported():
    [rule] = parse_file(GOOD.replace('"a sentence"', '"please sign up"'), "xx", "xx.toml")
    assert check_examples(rule) == ["should not match: 'please sign up'"]


def test_version_is_a_hash_of_the_rule_files():
    assert len(RULES.version) == 12 and int(RULES.version, 16) >= 0


def test_an_addition_names_its_page_and_can_be_left_out():
    addition = GOOD.replace('note = "test"', 'note = "test"\nseen_in = "aeb:0a1b_c.d-e"')
    extra = addition.replace("xx-test", "xx-other").replace("seen_in", "# seen_in")
    rules = parse_file(addition + extra, "xx", "xx.toml")
    assert [r.seen_in for r in rules] == ["aeb:0a1b_c.d-e", None]
    full = type(RULES)({"xx": rules}, "v")
    assert full.without(lambda page: False) is full
    fewer = full.without(lambda page: page == "aeb:0a1b_c.d-e")
    assert [r.id for r in fewer.rules()] == ["xx-other"] and fewer.version != full.version
