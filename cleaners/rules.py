"""Load, validate and compile the cleaning rules shipped in ``cleaners/rules/*.toml``.

One file per language, named by its ISO 639-1 code (``es.toml``), plus ``_common.toml`` for
rules that hold in any language. Each file is a list of ``[[rule]]`` tables::

    [[rule]]
    id = "es-device-sharing"          # unique across all files, prefixed by the file's code
    kind = "device-sharing"           # one of KINDS (``cleaners/kinds.py``)
    pattern = 'tu suscripción se está usando en otro dispositivo'
    where = ["tail"]                  # head, tail, anywhere (default: head and tail)
    max_chars = 400                   # the block may be at most this long (default 300)
    note = "El País, English and Spanish editions: shown when an account reads on two devices"
    match = ["Tu suscripción se está usando en otro dispositivo"]
    no_match = ["El uso de suscripciones digitales crece en España"]
    seen_in = "fundus-dev:es__ElPais_2024_10_15"   # optional: the page it was tuned on (aeb, fundus-dev, devset)
                                      # (its manifest id, or its HTML file's name)

A rule with ``seen_in`` is an *addition*: ``bench/quality`` scores each leave-publisher-out half
without the additions tuned on a page of that half (see ``RuleSet.without``). Its ``note``
quotes the example from that page.

Patterns are Python regular expressions searched in the block's normalised text (see
``cleaners.normalise``: lower case, straight quotes, single spaces), so they are written in
lower case; they have no capturing groups.

Loading checks every rule. A pattern is parsed to check it and to find the literal text every
match must contain (the prefilter of ``cleaners.rule_index`` looks for those), and compiled
only when the prefilter first picks its rule for a block. What the parse found is kept in the
user's cache (``cleaners.cache``) under a digest of the rule files, of this module and
``cleaners.patterns`` and of Python's version, so the next runs parse a pattern only when they compile it; so are the
files' decoded tables (JSON decodes ten times faster than TOML), which are checked again as
when they were first read.
"""

from __future__ import annotations

import hashlib
import re
import sys
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache, cached_property
from importlib import resources
from pathlib import Path

from . import cache as user_cache
from . import patterns
from .kinds import KINDS
from .lexicon import additions as lexicon_additions
from .normalise import normalise
from .patterns import parse_pattern, required_literals

PLACES = frozenset({"head", "tail", "anywhere"})
COMMON = "_common"
_KEYS = {"id", "kind", "pattern", "where", "max_chars", "note", "match", "no_match", "seen_in"}
_REQUIRED = {"id", "kind", "pattern", "note", "match", "no_match"}
_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
SEEN_IN = re.compile(r"(aeb|fundus-dev|devset):[0-9A-Za-z_.-]+")
DEFAULT_MAX_CHARS = 300


class RuleError(ValueError):
    """A rule file is malformed; the message names the file and the rule."""


@dataclass(frozen=True)
class Rule:
    id: str
    language: str  # ISO 639-1 code, or "_common"
    kind: str
    pattern: str  # the regular expression, as written in the rule file
    where: frozenset[str]
    max_chars: int
    note: str
    match: tuple[str, ...]
    no_match: tuple[str, ...]
    # Every match contains one of these (None: unknown); the prefilter looks for them.
    literals: frozenset[str] | None = None
    # "<set>:<page id>": the evaluation page an addition was tuned on (None: an original rule).
    seen_in: str | None = None

    @cached_property
    def regex(self) -> re.Pattern[str]:
        """The pattern, compiled on first use."""
        return re.compile(self.pattern)

    def matches(self, normalised: str) -> bool:
        """Whether this rule matches a block with this normalised text, wherever it stands."""
        return len(normalised) <= self.max_chars and self.regex.search(normalised) is not None

    def applies(self, normalised: str, place: str) -> bool:
        """Whether this rule removes a block with this normalised text at this place."""
        return (place in self.where or "anywhere" in self.where) and self.matches(normalised)


@dataclass(frozen=True)
class RuleSet:
    """All rules, by language, with a version that changes whenever a rule file does."""

    by_language: dict[str, tuple[Rule, ...]]
    version: str
    # The tuning pages (``seen_in``) whose notice-lexicon concepts are left out with the rules
    # (``without``), for leave-publisher-out scoring.
    excluded: frozenset[str] = frozenset()

    @property
    def languages(self) -> tuple[str, ...]:
        return tuple(sorted(k for k in self.by_language if k != COMMON))

    def rules(self) -> tuple[Rule, ...]:
        return tuple(r for rules in self.by_language.values() for r in rules)

    def without(self, seen_in: Callable[[str], bool]) -> RuleSet:
        """These rules less the additions whose ``seen_in`` page ``seen_in(page)`` picks, and
        the notice lexicon's concepts seen on those pages."""
        dropped = sorted(r.id for r in self.rules() if r.seen_in and seen_in(r.seen_in))
        pages = frozenset(c.seen_in for c in lexicon_additions() if seen_in(c.seen_in))
        if not dropped and not pages:
            return self
        kept = {lang: tuple(r for r in rules if r.id not in dropped)
                for lang, rules in self.by_language.items()}
        digest = hashlib.sha256("\0".join([self.version, *dropped, *sorted(pages)]).encode())
        return RuleSet(kept, digest.hexdigest()[:12], self.excluded | pages)


def _fail(source: str, rule_id: object, message: str) -> RuleError:
    return RuleError(f"{source}: rule {rule_id!r}: {message}")


def _string_list(source: str, rid: object, key: str, value: object) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise _fail(source, rid, f"{key!r} must be a list of non-empty strings")
    return tuple(value)


def parse_rule(raw: dict, language: str, source: str,
               known: dict[str, list[str] | None] | None = None) -> Rule:
    """Validate one ``[[rule]]`` table. ``known``: the literals of rules whose pattern was
    checked before (the cache of identical rule files), by rule id."""
    rid = raw.get("id")
    if unknown := set(raw) - _KEYS:
        raise _fail(source, rid, f"unknown keys {sorted(unknown)}; allowed: {sorted(_KEYS)}")
    if missing := _REQUIRED - set(raw):
        raise _fail(source, rid, f"missing keys {sorted(missing)}")
    prefix = "common-" if language == COMMON else f"{language}-"
    if not isinstance(rid, str) or not _ID.fullmatch(rid) or not rid.startswith(prefix):
        raise _fail(source, rid, f"id must be lower-case-with-dashes and start with {prefix!r}")
    if raw["kind"] not in KINDS:
        raise _fail(source, rid, f"kind {raw['kind']!r} is not one of {sorted(KINDS)}")
    where = _string_list(source, rid, "where", raw.get("where", ["head", "tail"]))
    if bad := set(where) - PLACES:
        raise _fail(source, rid, f"where {sorted(bad)} is not among {sorted(PLACES)}")
    max_chars = raw.get("max_chars", DEFAULT_MAX_CHARS)
    if not isinstance(max_chars, int) or max_chars <= 0:
        raise _fail(source, rid, "max_chars must be a positive integer")
    if not isinstance(raw["note"], str) or not raw["note"].strip():
        raise _fail(source, rid, "note must say where such text is seen")
    seen_in = raw.get("seen_in")
    if seen_in is not None and not (isinstance(seen_in, str) and SEEN_IN.fullmatch(seen_in)):
        raise _fail(source, rid, "seen_in must read '<aeb|fundus-dev|devset>:<page id>'")
    cached = known.get(rid, False) if isinstance(known, dict) else False
    if cached is None or _literal_list(cached):
        literals = frozenset(cached) if cached else None
    else:
        literals = _checked_literals(raw["pattern"], source, rid)
    rule = Rule(rid, language, raw["kind"], raw["pattern"], frozenset(where), max_chars,
                raw["note"], _string_list(source, rid, "match", raw["match"]),
                _string_list(source, rid, "no_match", raw["no_match"]), literals,
                seen_in)
    if not rule.match or not rule.no_match:
        raise _fail(source, rid, "needs at least one 'match' and one 'no_match' example")
    return rule


def _literal_list(value: object) -> bool:
    """Whether a cache entry is a list of literals, as ``load_rules`` writes them."""
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) and v
                                                           for v in value)


def _checked_literals(pattern: object, source: str, rid: str) -> frozenset[str] | None:
    """Check a pattern (it compiles, without capturing groups) and find its literals."""
    try:
        parsed = parse_pattern(pattern)
        groups = parsed.state.groups - 1 if parsed else re.compile(pattern).groups
    except (re.error, TypeError) as exc:
        raise _fail(source, rid, f"pattern does not compile: {exc}") from None
    if groups:
        raise _fail(source, rid, "pattern must not have capturing groups; use (?:...)")
    return required_literals(parsed) if parsed else None


def check_examples(rule: Rule) -> list[str]:
    """The examples a rule gets wrong (empty when it keeps them all)."""
    wrong = [f"should match: {t!r}" for t in rule.match if not rule.matches(normalise(t))]
    wrong += [f"should not match: {t!r}" for t in rule.no_match if rule.matches(normalise(t))]
    return wrong


def parse_file(text: str, language: str, source: str,
               known: dict[str, list[str] | None] | None = None) -> tuple[Rule, ...]:
    """Parse the text of one rule file (``known``: see ``parse_rule``)."""
    return parse_tables(_toml(text, source), language, source, known)


def _toml(text: str, source: str) -> dict:
    try:
        return tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise RuleError(f"{source}: {exc}") from None


def parse_tables(data: object, language: str, source: str,
                 known: dict[str, list[str] | None] | None = None) -> tuple[Rule, ...]:
    """Check the decoded TOML of one rule file and make its rules (``known``: see
    ``parse_rule``)."""
    if (not isinstance(data, dict) or set(data) - {"rule"}
            or not isinstance(data.get("rule", []), list)):
        raise RuleError(f"{source}: a rule file holds only [[rule]] tables")
    return tuple(parse_rule(raw, language, source, known) for raw in data.get("rule", []))


@cache
def load_rules() -> RuleSet:
    """Every shipped rule file, validated; duplicate ids across files are an error."""
    by_language: dict[str, tuple[Rule, ...]] = {}
    digest = hashlib.sha256()
    seen: dict[str, str] = {}
    folder = resources.files(__package__) / "rules"
    files: list[tuple[str, str]] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if not entry.name.endswith(".toml"):
            continue
        text = entry.read_text(encoding="utf-8")
        digest.update(entry.name.encode() + b"\0" + text.encode())
        files.append((entry.name, text))
    cache_name = _cache_name(digest.hexdigest())
    known = user_cache.read(cache_name)
    tables_name = cache_name.replace("rule-literals-", "rule-tables-")
    tables = user_cache.read(tables_name)
    if not (isinstance(tables, dict) and tables.keys() == {name for name, _ in files}):
        tables = {name: _toml(text, name) for name, text in files}
        user_cache.write(tables_name, tables)
    for name, _ in files:
        language = name.removesuffix(".toml")
        if language != COMMON and not re.fullmatch(r"[a-z]{2}", language):
            raise RuleError(f"{name}: a rule file is named by an ISO 639-1 code or _common")
        rules = parse_tables(tables[name], language, name, known)
        for rule in rules:
            if rule.id in seen:
                raise RuleError(f"{name}: rule {rule.id!r} already defined in {seen[rule.id]}")
            seen[rule.id] = name
        by_language[language] = rules
    ruleset = RuleSet(by_language, digest.hexdigest()[:12])
    if known is None:
        user_cache.write(cache_name, {r.id: sorted(r.literals) if r.literals else None
                                      for r in ruleset.rules()})
    return ruleset


def _cache_name(files_digest: str) -> str:
    """The cache file of these rule files' literals, as these modules find them on this
    Python."""
    digest = hashlib.sha256(files_digest.encode() + Path(__file__).read_bytes()
                            + Path(patterns.__file__).read_bytes() + sys.version.encode())
    return f"rule-literals-{digest.hexdigest()[:24]}.json"
