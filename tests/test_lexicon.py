"""Every lexicon file loads, lists every concept, and its concepts keep their examples."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from cleaners import lexicon
from cleaners.lexicon import (
    COMMON, CONCEPTS, LexiconError, check_examples, concepts, concepts_any, load_language,
    parse_file,
)

LANGUAGES = lexicon.languages()
ENTRIES = [c for code in (COMMON, *LANGUAGES) for c in load_language(code).entries()]
RULE_LANGUAGES = {p.stem for p in (Path(lexicon.__file__).parent / "rules").glob("[a-z][a-z].toml")}
EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"


def test_at_least_42_languages_including_every_rule_language():
    assert len(LANGUAGES) >= 42
    assert RULE_LANGUAGES <= set(LANGUAGES)
    assert {"uk", "cs", "el", "fi", "hu", "ro", "hi", "id", "vi", "th", "he", "fa", "bg", "sr",
            "sk", "sl", "hr", "lt", "lv", "et", "ms", "tl", "sw", "af", "is", "eu", "gl", "bn",
            "ta", "ur"} <= set(LANGUAGES)


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_concept_is_listed_or_explicitly_absent(code):
    language = load_language(code)
    assert set(language.concepts) | language.absent == set(CONCEPTS)
    assert not set(language.concepts) & language.absent
    # the notice core is never absent: every language says subscribe, log in, newsletter...
    assert {"subscribe", "log-in", "newsletter", "consent", "read-also"} <= set(language.concepts)


@pytest.mark.parametrize("concept", ENTRIES, ids=[f"{c.language}-{c.name}" for c in ENTRIES])
def test_concept_keeps_its_examples(concept):
    assert check_examples(concept) == []


def test_seen_in_names_a_page_of_the_tuning_half():
    """seen_in is '<set>:<page id>': a page of the development set, or, with the evaluation
    sets at hand, a page of their half A."""
    cited = {c.seen_in for c in ENTRIES if c.seen_in}
    assert cited, "the concepts seen on tuning pages cite them"
    devset = {c for c in cited if c.startswith("devset:")}
    assert devset, "the additions tuned on the development set cite its pages"
    pages = Path(__file__).parent / "fixtures" / "devset" / "pages"
    assert [c for c in devset if not (pages / f"{c.removeprefix('devset:')}.json").is_file()] == []
    cited -= devset
    if not EVAL.is_dir():
        return
    half_a = set()
    for name in ("aeb", "fundus-dev"):
        for line in (EVAL / name / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            page = json.loads(line)
            digest = int(hashlib.sha256(page["publisher"].encode("utf-8")).hexdigest(), 16)
            if digest % 2 == 0:
                half_a.add(f"{name}:{page['id']}")
    assert cited <= half_a


def test_matching_respects_word_boundaries_and_stems():
    assert "subscribe" in concepts("Subscribers get more", "en")       # a stem goes on
    assert "sign-up" in concepts("Registered readers", "en")
    assert "sign-up" not in concepts("The firm was deregistered.", "en")  # a word starts
    assert "premium" in concepts("Go premium", "en")
    assert "premium" not in concepts("Premiums rose again.", "en")    # a whole word ends
    assert "device" in concepts("Your subscription is being used on ANOTHER device.", "en")
    assert concepts("ご利用には会員登録が必要です", "ja") >= {"sign-up"}   # no spaces: substrings
    assert "messaging" in concepts("E-Mail-NewsletterTelegramWhatsApp", "de")  # an infix
    assert "read-also" in concepts("ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ: η συμφωνία", "el")  # capitals lose accents
    assert "first-month" in concepts("İlk ay 1 TL", "tr")              # dotted capital I


def test_a_language_without_a_file_gets_the_shared_terms_only():
    assert concepts("Download on the App Store for $1", "xx") == {"app-store", "price"}
    assert concepts("Subscribe now", "xx") == frozenset()


def test_concepts_any_names_the_languages_whose_words_occur():
    found = concepts_any("Tu suscripción se está usando en otro dispositivo")
    assert {"subscribe", "device"} <= found["es"]
    assert "en" not in found
    found = concepts_any("Abonnez-vous sur WhatsApp")
    assert "subscribe" in found["fr"] and "messaging" in found["fr"]
    assert found[COMMON] == {"messaging"}
    assert concepts_any("The council met on Tuesday.") == {}


OTHERS = ", ".join(f'"{c}"' for c in CONCEPTS if c != "subscribe")
GOOD = f'''
absent = [{OTHERS}]

[concept.subscribe]
terms = ["subscri*"]
note = "test"
match = ["subscribe"]
no_match = ["a sentence"]
'''


@pytest.mark.parametrize("change, message", [
    (('terms = ["subscri*"]', 'terms = ["subscri*", " "]'), "non-empty strings"),
    (('terms = ["subscri*"]', 'terms = ["*"]'), "is empty"),
    (('terms = ["subscri*"]', 'terms = []'), "needs 'terms'"),
    (('note = "test"', 'note = "test"\ncolour = "red"'), "unknown keys"),
    (('[concept.subscribe]', 'rules = 1\n[concept.subscribe]'), "unknown keys"),
    (('[concept.subscribe]', '[concept.subscription]'), "unknown concept"),
    (('"account"', '"subscribe"'), "both defined"),
    (('"account", ', ''), "neither defined nor listed in 'absent': account"),
    (('note = "test"', 'note = "test"\nseen_in = "web:abc"'), "seen_in 'web:abc'"),
    (('note = "test"', 'note = "test"\nseen_in = "aeb:abc"'), "quotes the example"),
    (('no_match = ["a sentence"]', ''), "missing keys"),
    (('[concept.subscribe]', '[concept.subscribe]\npatterns = ["(x"]'), "does not compile"),
    (('[concept.subscribe]', '[concept.subscribe]\npatterns = ["(x)"]'), "capturing group"),
    (('no_match = ["a sentence"]', 'no_match = ["a sentence"]\n[concept.subscribe]'), "xx.toml"),
])
def test_malformed_files_are_rejected_naming_the_file(change, message):
    assert parse_file(GOOD, "xx", "xx.toml")
    with pytest.raises(LexiconError, match="xx.toml") as error:
        parse_file(GOOD.replace(*change), "xx", "xx.toml")
    assert message in str(error.value)


def test_additions_seen_on_a_page_can_be_left_out():
    """Leave-publisher-out scoring turns off the concepts tuned on the half being scored."""
    cited = next(c for c in lexicon.additions() if c.language == "fr" and c.name == "members-only")
    example = cited.match[0]
    assert "members-only" in concepts(example, "fr")
    assert "members-only" not in concepts(example, "fr", exclude=frozenset({cited.seen_in}))
    assert "members-only" not in concepts_any(example, exclude=frozenset({cited.seen_in})).get(
        "fr", frozenset())
    assert "members-only" in concepts(example, "fr", exclude=frozenset({"aeb:another-page"}))


def test_ordinary_news_sentences_name_no_concept_at_all():
    """Every no_match example is article prose: no concept of its language may fire on it."""
    fired = {(c.language, c.name, s): concepts(s, c.language) for c in ENTRIES
             if c.language != COMMON for s in c.no_match}
    assert {key: hit for key, hit in fired.items() if hit} == {}


ADDITION = '''
absent = ["subscribe", "account", "log-in", "sign-up", "premium", "free-trial", "first-month",
          "price", "newsletter", "app", "app-store", "consent", "privacy-settings",
          "external-content", "read-also", "device", "session", "password", "donate",
          "members-only", "end-of-preview", "rights"]

[concept.messaging]
terms = ["our channel"]
note = "channels"
match = ["Join our channel"]
no_match = ["The Channel tunnel reopened."]

[[addition]]
concept = "messaging"
terms = ["google news"]
seen_in = "devset:id-teasers-wa-banjir"
note = "Google News follow prompts; seen as \\"Mari bergabung di Google News\\""
match = ["Follow us on Google News"]
no_match = ["The council met on Tuesday."]
'''


def test_an_addition_adds_words_to_a_concept_and_must_cite_its_page():
    language = parse_file(ADDITION, "xx", "xx.toml")
    assert [a.seen_in for a in language.additions] == ["devset:id-teasers-wa-banjir"]
    assert {c.name for c in language.entries()} == {"messaging"}
    with pytest.raises(LexiconError, match="cites the page"):
        parse_file(ADDITION.replace('seen_in = "devset:id-teasers-wa-banjir"\n', ""), "xx",
                   "xx.toml")
    with pytest.raises(LexiconError, match="unknown concept"):
        parse_file(ADDITION.replace('concept = "messaging"', 'concept = "spam"'), "xx", "xx.toml")


def test_leaving_out_a_devset_page_leaves_out_its_additions():
    text = "Google News"  # only the shared terms apply to a language without a file
    assert "messaging" in concepts(text, "xx")
    assert "messaging" not in concepts(text, "xx", frozenset({"devset:id-teasers-wa-banjir"}))


@pytest.mark.parametrize(("text", "expected"), [
    # overlapping terms all count, and a term inside a longer one
    ("please sign up now", {"sign up", "sign", "up*", "*gn u*", "up now"}),
    # a whole word needs a word's end, a stem or bounded term a word's start
    ("signup", set()),
    ("design updates", {"*gn u*", "up*"}),
    ("sign-ups", {"sign", "up*"}),
    ("upnow", {"up*"}),
    # a term starting or ending with a character that is not a word's needs no boundary there
    ("x€5", {"€5"}),
])
def test_the_matcher_finds_every_occurrence_at_word_boundaries(text, expected):
    terms = ["sign up", "sign", "up*", "*gn u*", "up now", "€5"]
    assert lexicon.Matcher([(t, t) for t in terms], []).find(text) == expected


@pytest.fixture
def cache_dir(tmp_path, monkeypatch):
    """An empty user cache, and matchers built afresh from it (and again after the test)."""
    monkeypatch.setenv("NEWSSCRAPE_CACHE_DIR", str(tmp_path))

    def clear():
        for built in (lexicon._all_entries, lexicon._matcher, lexicon._matcher_any):
            built.cache_clear()

    clear()
    yield tmp_path
    clear()


SAMPLES = ["Tu suscripción se está usando en otro dispositivo", "Abonnez-vous sur WhatsApp",
           "Subscribe now for full access", "The council met on Tuesday.", "Only 1,99 €"]


def test_the_cached_entries_give_the_concepts_the_files_give(cache_dir, monkeypatch):
    parsed = [(concepts(t, "es"), concepts_any(t)) for t in SAMPLES]
    [written] = cache_dir.glob("lexicon-entries-*.json")
    for built in (lexicon._all_entries, lexicon._matcher, lexicon._matcher_any):
        built.cache_clear()
    monkeypatch.setattr(lexicon, "load_language", lambda code: pytest.fail("parsed again"))
    assert [(concepts(t, "es"), concepts_any(t)) for t in SAMPLES] == parsed
    assert written.stat().st_size > 0


@pytest.mark.parametrize("content", ["{not json", "[[], []]", '[[["a", "b", "c"]], []]',
                                     '[[["a", "es", "subscribe", 3]], []]'])
def test_a_cache_file_that_is_not_the_entries_is_parsed_again(cache_dir, content):
    parsed = [(concepts(t, "es"), concepts_any(t)) for t in SAMPLES]
    [written] = cache_dir.glob("lexicon-entries-*.json")
    written.write_text(content, encoding="utf-8")
    for built in (lexicon._all_entries, lexicon._matcher, lexicon._matcher_any):
        built.cache_clear()
    again = [(concepts(t, "es"), concepts_any(t)) for t in SAMPLES]
    assert again == parsed
    assert json.loads(written.read_text(encoding="utf-8"))[0]  # written again, whole
