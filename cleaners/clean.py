"""Decide which blocks of an extracted article are not the article, and say why.

The signals, in the order they are used:

1. rules (data, ``cleaners/rules/*.toml``): phrases of notices, by language;
2. position: notices gather in a head zone (before the first substantial article paragraph) and
   a tail zone (after the last one). Rules meant for those zones fire there in every language,
   since a notice is often in another language than the article; ``anywhere`` rules fire in the
   body too, only in the article's language;
3. language: walking in from the head and the tail, a block in another language than the
   article, next to a notice already removed, is a notice too (a Spanish quotation in the
   middle of an English article is not next to one, and stays);
4. structure: headings before the article starts are the title and labels, not the article;
5. markup: text that stood in a container named like a notice (newsletter, related...) is
   removed when it is in a head or tail zone and is not a substantial paragraph.

A removal always takes a whole block and records the rule id, the kind and the text.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from .blocks import Block
from .language import detect
from .markup import MarkupSignals
from .normalise import normalise
from .rules import COMMON, Rule, RuleSet, load_rules

# A block this long (in characters; a CJK character counts as two) that no rule matches is
# article text: it bounds the head and tail zones.
SUBSTANTIAL_CHARS = 120
# A block in another language is a notice only when detection is this sure.
FOREIGN_PROBABILITY = 0.9
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")

# A block this much made of link texts is a link (a teaser, a rail entry), not prose.
LINK_SHARE = 0.6
STRUCTURE_HEADING = "structure-leading-heading"
STRUCTURE_TRAILING_HEADING = "structure-trailing-heading"
STRUCTURE_TITLE = "structure-title"
STRUCTURE_LINK = "structure-link"
STRUCTURE_LINK_LIST = "structure-link-list"
FOREIGN_NOTICE = "language-foreign-notice"


@dataclass(frozen=True)
class Removal:
    """One block taken out: which rule, what kind of notice, what text."""

    rule: str
    kind: str
    text: str

    def as_dict(self) -> dict[str, str]:
        return {"rule": self.rule, "kind": self.kind, "text": self.text}


@dataclass
class Cleaned:
    """The blocks kept, in order, and the removals, in page order."""

    kept: list[Block]
    removed: list[Removal] = field(default_factory=list)


def _weight(text: str) -> int:
    return len(text) + len(_WIDE.findall(text)) if len(text) < 2 * SUBSTANTIAL_CHARS else len(text)


class _Matcher:
    """Searches blocks with the rules of several languages, one alternation per language."""

    def __init__(self, rules: RuleSet) -> None:
        self._by_language = rules.by_language
        self._any = {lang: re.compile("|".join(f"(?:{r.pattern.pattern})" for r in group),
                                      re.IGNORECASE)
                     for lang, group in rules.by_language.items() if group}
        self._longest = {lang: max(r.max_chars for r in group)
                         for lang, group in rules.by_language.items() if group}

    def first(self, norm: str, place: str, languages: Sequence[str]) -> Rule | None:
        """The first rule of these languages that removes this text at this place."""
        for lang in languages:
            if lang not in self._any or len(norm) > self._longest[lang]:
                continue
            if self._any[lang].search(norm):
                for rule in self._by_language[lang]:
                    if rule.applies(norm, place):
                        return rule
        return None


_MATCHERS: dict[str, _Matcher] = {}


def _matcher(rules: RuleSet) -> _Matcher:
    if rules.version not in _MATCHERS:
        _MATCHERS[rules.version] = _Matcher(rules)
    return _MATCHERS[rules.version]


def clean_blocks(
    blocks: Sequence[Block],
    language: str | None,
    *,
    title: str | None = None,
    markup: MarkupSignals | None = None,
    rules: RuleSet | None = None,
) -> Cleaned:
    """Keep the article's blocks; remove notices, labels and rails, each with its reason."""
    rules = rules or load_rules()
    matcher = _matcher(rules)
    own = [language, COMMON] if language else [COMMON]
    others = [lang for lang in rules.languages if lang != language]
    n = len(blocks)
    verdict: list[Removal | None] = [None] * n

    def remove(i: int, rule_id: str, kind: str) -> None:
        verdict[i] = Removal(rule_id, kind, blocks[i].text)

    # 1. rules of the article's language that hold anywhere; they also mark non-article blocks
    for i, block in enumerate(blocks):
        if rule := matcher.first(block.norm, "anywhere", own):
            remove(i, rule.id, rule.kind)
    # a run of link lines (a menu, a list of headlines) is never prose, wherever it stands
    if markup:
        for i, block in enumerate(blocks):
            if (verdict[i] is None and block.text.count("\n") >= 2
                    and markup.link_share(block.norm) >= LINK_SHARE):
                remove(i, STRUCTURE_LINK, "related")
    own_edge = [matcher.first(b.norm, "tail", own) for b in blocks]
    heading = [b.tag == "head" and "\n" not in b.text for b in blocks]
    article_like = [verdict[i] is None and own_edge[i] is None and not heading[i]
                    and _weight(b.text) >= SUBSTANTIAL_CHARS for i, b in enumerate(blocks)]
    first = next((i for i in range(n) if article_like[i]), n)
    last = next((i for i in reversed(range(n)) if article_like[i]), -1)

    # 2. head and tail zones: rules of every language, structure, markup hints
    title_norm = normalise(title) if title else None
    for i in [*range(first), *range(last + 1, n)]:
        if verdict[i] is not None:
            continue
        block, place = blocks[i], "head" if i < first else "tail"
        if rule := own_edge[i] if place == "tail" else matcher.first(block.norm, place, own):
            remove(i, rule.id, rule.kind)
        elif rule := matcher.first(block.norm, place, others):
            remove(i, rule.id, rule.kind)
        elif place == "head" and title_norm and block.norm == title_norm:
            remove(i, STRUCTURE_TITLE, "other")
        elif heading[i]:
            remove(i, STRUCTURE_HEADING if place == "head" else STRUCTURE_TRAILING_HEADING, "other")
        elif markup and markup.link_share(block.norm) >= LINK_SHARE:
            remove(i, STRUCTURE_LINK, "related")
        elif markup and _weight(block.text) < SUBSTANTIAL_CHARS and (
                hint := markup.hint_for(block.norm)):
            remove(i, f"markup-{hint}", hint)
    if markup:
        _remove_link_lists(blocks, verdict, markup)

    # 3. language: walk in from both ends through blocks next to notices
    if language:
        _walk_foreign(blocks, reversed(range(n)), +1, article_like, verdict, language)
        _walk_foreign(blocks, range(n), -1, article_like, verdict, language)

    kept = [b for b, v in zip(blocks, verdict) if v is None]
    return Cleaned(kept, [v for v in verdict if v is not None])


def _remove_link_lists(blocks: Sequence[Block], verdict: list[Removal | None],
                       markup: MarkupSignals) -> None:
    """A list whose every item is a link is a rail of other articles, wherever it stands."""
    groups: dict[int, list[int]] = {}
    for i, block in enumerate(blocks):
        if block.group is not None:
            groups.setdefault(block.group, []).append(i)
    for members in groups.values():
        if len(members) >= 2 and all(markup.link_share(blocks[i].norm) >= LINK_SHARE
                                     for i in members):
            for i in members:
                if verdict[i] is None:
                    verdict[i] = Removal(STRUCTURE_LINK_LIST, "related", blocks[i].text)


def _walk_foreign(blocks: Sequence[Block], order, outward: int, article_like: list[bool],
                  verdict: list[Removal | None], language: str) -> None:
    """Remove blocks in another language next to a removed notice, walking inward from an end.

    ``outward`` is the step towards the end the walk starts from (+1 for the tail).
    """
    n = len(blocks)
    for i in order:
        if verdict[i] is not None:
            continue
        neighbour = i + outward
        beside = verdict[neighbour] if 0 <= neighbour < n else None
        if beside is not None and not beside.rule.startswith("structure-"):
            code, probability = detect(blocks[i].text)
            if code and code != language and probability >= FOREIGN_PROBABILITY:
                verdict[i] = Removal(FOREIGN_NOTICE, beside.kind, blocks[i].text)
                continue
        if article_like[i]:
            return
