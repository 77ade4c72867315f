"""The notice-concept lexicon: which notice concepts a block's words name, in 40+ languages.

Data only, in ``cleaners/lexicon/<code>.toml`` (ISO 639-1) plus ``_common.toml`` for words that
are the same in every language (App Store, WhatsApp, prices). A language file holds one
``[concept.<name>]`` table per concept of :data:`CONCEPTS`, or names the concept in
``absent`` (the language adds no words of its own; ``_common`` still applies)::

    absent = ["app-store"]

    [concept.subscribe]
    terms = ["subscri*", "paid member"]    # normalised text; "*" ends a stem, starts an infix
    patterns = []                          # optional regular expressions (prices)
    seen_in = "aeb:<page id>"              # optional: the tuning-half page it was seen on
    note = "what it is; with seen_in, the quoted example: \"Subscribe now\""
    match = ["Subscribe now for full access"]
    no_match = ["The council voted on the budget on Tuesday."]

    [[addition]]                           # words added later, each citing its tuning page
    concept = "messaging"
    terms = ["google news"]
    seen_in = "devset:<page id>"           # required for an addition
    note = "what it is, and the quoted example seen: \"Follow us on Google News\""
    match = ["Follow us on Google News"]
    no_match = ["The council voted on the budget on Tuesday."]

A term is matched as a whole word, or as a word start when it ends with ``*``, or anywhere when
it also starts with ``*``. Words of scripts written without spaces (Han, kana, Hangul, Thai...)
have no boundaries: their terms are found as substrings. Each language's terms (with the
shared ones), and every language's together for text of unknown language, make on first use
one Aho-Corasick automaton searched in text normalised by :func:`cleaners.normalise.normalise`;
the files' terms are read back from the user cache (``cleaners.cache``) once parsed.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from dataclasses import dataclass
from functools import cache
from importlib import resources
from pathlib import Path

import ahocorasick

from . import cache as user_cache
from .normalise import normalise, replaced
from .patterns import requires_digit

CONCEPTS: tuple[str, ...] = (
    "subscribe", "account", "log-in", "sign-up", "premium", "free-trial", "first-month",
    "price", "newsletter", "app", "app-store", "messaging", "consent", "privacy-settings",
    "external-content", "read-also", "device", "session", "password", "donate",
    "members-only", "end-of-preview", "rights",
)
COMMON = "_common"
SETS = frozenset({"aeb", "fundus-dev", "devset"})
_FILE_KEYS = {"concept", "absent", "addition"}
_CONCEPT_KEYS = {"terms", "patterns", "note", "seen_in", "match", "no_match"}
_SEEN_IN = re.compile(r"(?P<set>[a-z-]+):(?P<page>[A-Za-z0-9_./-]+)")
_QUOTED = re.compile(r"[\"'«»“”„]")

# Characters that make up a word of a spaced script: letters and digits of \w, and the
# combining marks that Python's \w leaves out (Indic vowel signs, Arabic and Hebrew points).
# Scripts written without spaces are left out, so their terms match as substrings.
_UNSPACED = ("\u0e00-\u0eff\u1000-\u109f\u1780-\u17ff\u3040-\u30ff\u3100-\u312f\u31f0-\u31ff"
             "\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\u1100-\u11ff\uf900-\ufaff\uff66-\uff9f")
_MARKS = "\u0300-\u036f\u0483-\u0489\u0591-\u05c7\u0610-\u061a\u064b-\u065f\u0670\u0900-\u0dff"
_WORD = f"(?:[^\\W{_UNSPACED}]|[{_MARKS}])"
_WORD_CHAR = re.compile(_WORD)


class LexiconError(ValueError):
    """A lexicon file is malformed; the message names the file and the concept."""


@dataclass(frozen=True)
class Concept:
    name: str
    language: str
    terms: tuple[str, ...]
    patterns: tuple[str, ...]
    note: str
    seen_in: str | None
    match: tuple[str, ...]
    no_match: tuple[str, ...]


@dataclass(frozen=True)
class Language:
    code: str
    concepts: dict[str, Concept]
    absent: frozenset[str]
    # Words added to a concept after the fact, each with the tuning page it was seen on.
    additions: tuple[Concept, ...] = ()

    def entries(self) -> tuple[Concept, ...]:
        """The concepts' tables and the additions."""
        return (*self.concepts.values(), *self.additions)


def _fail(source: str, concept: object, message: str) -> LexiconError:
    return LexiconError(f"{source}: concept {concept!r}: {message}")


def _strings(source: str, name: str, key: str, value: object, *, empty: bool) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise _fail(source, name, f"{key!r} must be a list of non-empty strings")
    if not value and not empty:
        raise _fail(source, name, f"{key!r} must not be empty")
    return tuple(value)


# Greek capitals drop their accents ("ΔΙΑΒΑΣΤΕ ΕΠΙΣΗΣ"), so Greek is matched without them.
_GREEK_TONOS = dict(zip("άέήίόύώΐΰ", "αεηιουωϊϋ", strict=True))


def _normalised(text: str) -> str:
    """``normalise``, then without Greek accents and without the dot that lower-casing
    Turkish İ leaves (i + U+0307)."""
    return replaced(normalise(text).replace("i\u0307", "i"), _GREEK_TONOS)


def _term(source: str, name: str, raw: str) -> str:
    term = _normalised(raw)
    if not term.strip("*").strip():
        raise _fail(source, name, f"term {raw!r} is empty")
    if "*" in term.strip("*") or term.startswith("*") and not term.endswith("*"):
        raise _fail(source, name, f"term {raw!r}: '*' only ends a stem or wraps an infix")
    return term


def parse_concept(name: str, raw: object, language: str, source: str) -> Concept:
    """Validate one ``[concept.<name>]`` table."""
    if name not in CONCEPTS:
        raise _fail(source, name, f"unknown concept; known: {', '.join(CONCEPTS)}")
    if not isinstance(raw, dict):
        raise _fail(source, name, "must be a table")
    if unknown := set(raw) - _CONCEPT_KEYS:
        raise _fail(source, name, f"unknown keys {sorted(unknown)}; allowed: "
                                  f"{sorted(_CONCEPT_KEYS)}")
    if missing := {"note", "match", "no_match"} - set(raw):
        raise _fail(source, name, f"missing keys {sorted(missing)}")
    terms = tuple(_term(source, name, t)
                  for t in _strings(source, name, "terms", raw.get("terms", []), empty=True))
    patterns = _strings(source, name, "patterns", raw.get("patterns", []), empty=True)
    if not terms and not patterns:
        raise _fail(source, name, "needs 'terms' (or 'patterns')")
    for pattern in patterns:
        try:
            if re.compile(pattern).groups:
                raise _fail(source, name, f"pattern {pattern!r} has a capturing group")
        except re.error as exc:
            raise _fail(source, name, f"pattern {pattern!r} does not compile: {exc}") from None
    note = raw["note"]
    if not isinstance(note, str) or not note.strip():
        raise _fail(source, name, "note must say what the concept is and where it is seen")
    seen_in = raw.get("seen_in")
    if seen_in is not None:
        found = _SEEN_IN.fullmatch(seen_in) if isinstance(seen_in, str) else None
        if not found or found["set"] not in SETS:
            raise _fail(source, name, f"seen_in {seen_in!r} must be '<set>:<page id>' with set "
                                      f"one of {sorted(SETS)}")
        if not _QUOTED.search(note):
            raise _fail(source, name, "with seen_in, the note quotes the example seen")
    return Concept(name, language, terms, patterns, note, seen_in,
                   _strings(source, name, "match", raw["match"], empty=False),
                   _strings(source, name, "no_match", raw["no_match"], empty=False))


def parse_file(text: str, language: str, source: str) -> Language:
    """Parse and validate the text of one lexicon file."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise LexiconError(f"{source}: {exc}") from None
    if unknown := set(data) - _FILE_KEYS:
        raise LexiconError(f"{source}: unknown keys {sorted(unknown)}; allowed: "
                           f"{sorted(_FILE_KEYS)}")
    tables = data.get("concept", {})
    absent = data.get("absent", [])
    if not isinstance(tables, dict) or not isinstance(absent, list):
        raise LexiconError(f"{source}: 'concept' holds tables, 'absent' is a list of concepts")
    for name in absent:
        if name not in CONCEPTS:
            raise _fail(source, name, "in 'absent' but not a known concept")
        if name in tables:
            raise _fail(source, name, "both defined and listed in 'absent'")
    if len(set(absent)) != len(absent):
        raise LexiconError(f"{source}: a concept is listed twice in 'absent'")
    concepts = {name: parse_concept(name, raw, language, source) for name, raw in tables.items()}
    additions = data.get("addition", [])
    if not isinstance(additions, list) or not all(isinstance(a, dict) for a in additions):
        raise LexiconError(f"{source}: 'addition' holds tables ([[addition]])")
    added = tuple(_addition(raw, language, source) for raw in additions)
    if language != COMMON and (missing := set(CONCEPTS) - set(tables) - set(absent)):
        raise LexiconError(f"{source}: concepts neither defined nor listed in 'absent': "
                           f"{', '.join(c for c in CONCEPTS if c in missing)}")
    return Language(language, concepts, frozenset(absent), added)


def _addition(raw: dict, language: str, source: str) -> Concept:
    """One ``[[addition]]`` table: a concept's table plus ``concept``; ``seen_in`` required."""
    name = raw.get("concept")
    if "seen_in" not in raw:
        raise _fail(source, name, "an addition cites the page it was seen on (seen_in)")
    return parse_concept(name, {k: v for k, v in raw.items() if k != "concept"}, language,
                         source)


def languages() -> tuple[str, ...]:
    """The ISO 639-1 codes that have a lexicon file."""
    folder = resources.files(__package__) / "lexicon"
    return tuple(sorted(e.name.removesuffix(".toml") for e in folder.iterdir()
                        if e.name.endswith(".toml") and e.name != f"{COMMON}.toml"))


@cache
def load_language(code: str) -> Language | None:
    """One language's file (or ``_common``), validated; None when the language has none."""
    if code != COMMON and not re.fullmatch(r"[a-z]{2}", code):
        return None
    entry = resources.files(__package__) / "lexicon" / f"{code}.toml"
    if not entry.is_file():
        return None
    return parse_file(entry.read_text(encoding="utf-8"), code, entry.name)


NONE: frozenset[str] = frozenset()
_DIGIT = re.compile(r"\d")


class Matcher:
    """Finds which payloads' terms and patterns occur in normalised text.

    One pass of an Aho-Corasick automaton over the terms finds every occurrence of each, the
    overlapping ones too; an occurrence counts when it starts at a word boundary (unless the
    term is an infix or starts with a character that is not a word's) and, for a whole word,
    ends at one. The patterns are one regular expression, searched again one character after
    each match began; when every pattern needs a digit (prices), only in text that holds one.
    """

    def __init__(self, terms: list[tuple[str, object]], patterns: list[tuple[str, object]]):
        # (term text, 2 * starts anywhere + as a stem) -> payloads
        ends: dict[tuple[str, int], set] = {}
        for raw, payload in terms:
            text = raw.strip("*")
            stem = raw.endswith("*") or not _WORD_CHAR.fullmatch(text[-1])
            free = raw.startswith("*") or not _WORD_CHAR.fullmatch(text[0])
            ends.setdefault((text, 2 * free + stem), set()).add(payload)
        # term text -> its length and payloads by kind (most texts have one kind)
        values: dict[str, list] = {}
        for (text, kind), payloads in ends.items():
            value = values.setdefault(text, [len(text), NONE, NONE, NONE, NONE])
            value[1 + kind] = frozenset(payloads)
        self._automaton = ahocorasick.Automaton()
        for text, value in values.items():
            self._automaton.add_word(text, tuple(value))
        if values:
            self._automaton.make_automaton()
        self._patterns = [payload for _, payload in patterns]
        self._regex = re.compile("|".join(f"(?P<p{i}>{p})" for i, (p, _) in enumerate(patterns))
                                 ) if patterns else None
        self._gate = _DIGIT if patterns and all(requires_digit(p) for p, _ in patterns) else None

    def find(self, text: str) -> set:
        """The payloads found in ``text`` (already normalised)."""
        found: set = set()
        if len(self._automaton):
            for last, (length, bounded_word, bounded_stem, free_word, free_stem) in (
                    self._automaton.iter(text)):
                start, after = last + 1 - length, last + 1
                bounded = start == 0 or not _WORD_CHAR.match(text, start - 1)
                word_end = after == len(text) or not _WORD_CHAR.match(text, after)
                found |= free_stem
                if word_end:
                    found |= free_word
                if bounded:
                    found |= bounded_stem
                    if word_end:
                        found |= bounded_word
        if self._regex is not None and (self._gate is None or self._gate.search(text)):
            match = self._regex.search(text)
            while match is not None:
                found.add(self._patterns[int(match.lastgroup[1:])])
                match = self._regex.search(text, match.start() + 1)
        return found



# One term or pattern of the lexicon: (text, language, concept, seen_in).
Entry = tuple[str, str, str, str | None]


@cache
def _all_entries() -> tuple[tuple[Entry, ...], tuple[Entry, ...]]:
    """Every language's terms and patterns (``_common`` first), from the user cache when it
    holds these files' entries: parsing the 49 files costs 0.13 s (once, on the first run
    after they change), reading their entries back 5 ms; a language's matcher then needs no
    file of its own parsed. The cache file is named by a digest of the files, of this module and of
    ``normalise`` (which the terms pass through) and of Python (its Unicode tables), so an
    entry is written only after the same files were validated, and a stale one is never read."""
    folder = resources.files(__package__) / "lexicon"
    digest = hashlib.sha256(sys.version.encode())
    for module in (__file__, sys.modules[normalise.__module__].__file__):
        digest.update(Path(module).read_bytes())
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            digest.update(entry.name.encode() + b"\0" + entry.read_bytes())
    name = f"lexicon-entries-{digest.hexdigest()[:24]}.json"
    if (cached := _read_entries(name)) is not None:
        return cached
    kept = [c for code in (COMMON, *languages()) for c in load_language(code).entries()]
    entries = (tuple((t, c.language, c.name, c.seen_in) for c in kept for t in c.terms),
               tuple((p, c.language, c.name, c.seen_in) for c in kept for p in c.patterns))
    user_cache.write(name, entries)
    return entries


def _read_entries(name: str) -> tuple[tuple[Entry, ...], tuple[Entry, ...]] | None:
    """The terms and patterns of cache file ``name``, or None when it holds none to trust."""
    cached = user_cache.read(name)
    if not (isinstance(cached, list) and len(cached) == 2 and cached[0]
            and all(isinstance(part, list) and all(map(_is_entry, part)) for part in cached)):
        return None
    return tuple(tuple(map(tuple, part)) for part in cached)  # type: ignore[return-value]


def _is_entry(entry: object) -> bool:
    return (isinstance(entry, list) and len(entry) == 4
            and all(isinstance(field, str) for field in entry[:3])
            and (entry[3] is None or isinstance(entry[3], str)))


def _build(codes: set[str] | None, payload, exclude: frozenset[str]) -> Matcher:
    """The matcher of the entries of ``codes`` (every language when None), less those seen on
    the ``exclude`` pages, each found as ``payload(language, concept)``."""
    terms, patterns = ([(text, payload(code, name)) for text, code, name, seen_in in part
                        if (codes is None or code in codes) and seen_in not in exclude]
                       for part in _all_entries())
    return Matcher(terms, patterns)


@cache
def _matcher(code: str, exclude: frozenset[str] = NONE) -> Matcher:
    return _build({COMMON, code}, lambda _, name: name, exclude)


@cache
def _matcher_any(exclude: frozenset[str] = NONE) -> Matcher:
    return _build(None, lambda code, name: (code, name), exclude)


def concepts(text: str, lang: str, exclude: frozenset[str] = NONE) -> frozenset[str]:
    """The notice concepts that ``text`` names in language ``lang`` (ISO 639-1), shared terms
    included; a language without a file gets the shared terms only. Concepts whose ``seen_in``
    is in ``exclude`` are left out (leave-publisher-out scoring: the pages of the half scored)."""
    return frozenset(_matcher(lang, exclude).find(_normalised(text)))


def concepts_any(text: str, exclude: frozenset[str] = NONE) -> dict[str, frozenset[str]]:
    """For text of unknown language: each language whose own terms occur, with its concepts
    (the shared ones included); ``_common`` holds the shared concepts alone, when any occur."""
    found: dict[str, set[str]] = {}
    for code, name in _matcher_any(exclude).find(_normalised(text)):
        found.setdefault(code, set()).add(name)
    shared = found.get(COMMON, set())
    return {code: frozenset(names | shared) for code, names in found.items()}


def additions() -> tuple[Concept, ...]:
    """Every concept that cites the tuning page it was seen on (``seen_in``), all languages."""
    return tuple(c for code in (COMMON, *languages()) for c in load_language(code).entries()
                 if c.seen_in is not None)


def check_examples(concept: Concept) -> list[str]:
    """The examples a concept gets wrong in its own language (empty when it keeps them all)."""
    code = concept.language
    wrong = [f"should match: {t!r}" for t in concept.match if concept.name not in concepts(t, code)]
    wrong += [f"should not match: {t!r}" for t in concept.no_match
              if concept.name in concepts(t, code)]
    return wrong
