"""Decide which blocks of an extracted article are not the article, and say why.

The signals, in the order they are used:

1. rules (data, ``cleaners/rules/*.toml``): phrases of notices, by language;
2. position: notices gather in a head zone (before the first substantial article paragraph) and
   a tail zone (after the last one). Rules meant for those zones fire there in every language,
   since a notice is often in another language than the article; ``anywhere`` rules fire in the
   body too, only in the article's language;
3. language: the article ends at its last substantial paragraph in the article's language;
   after it, where a notice that runs over paragraphs was found, the blocks in another
   language are part of it (a Spanish quotation in the middle of an English article stays);
4. structure: headings before the article starts are the title and labels, not the article;
   a heading over a section whose every block was taken out is that section's label;
5. markup: inside the article, a block that a head-and-tail rule matches goes when it stands
   in a container named for that kind of notice (class or id: newsletter, paywall...); many
   publishers wrap the whole article in a "paywall" container, so a name alone removes
   nothing. Teaser cards (a link wrapping a headline and its summary) and menus of links are
   not prose. What the page declares part of its article (schema.org hasPart selectors) is
   never taken out for its structure alone.

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
from .rule_index import rule_index
from .rules import COMMON, Rule, RuleSet, load_rules

# A block this long (in characters; a CJK character counts as two) that no rule matches is
# article text: it bounds the head and tail zones.
SUBSTANTIAL_CHARS = 120
# A block in another language is a notice only when detection is this sure, the block is long
# enough to tell, and the notice beside it is of a kind that comes in several paragraphs.
FOREIGN_PROBABILITY = 0.9
FOREIGN_MIN_CHARS = 30
# How far before the last paragraph a notice in another language is looked for.
NOTICE_WINDOW = 6
MULTI_BLOCK_KINDS = frozenset({"paywall", "subscription", "device-sharing", "newsletter",
                               "cookie", "app-promo"})
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")

# A block this much made of link texts is a link (a teaser, a rail entry), not prose.
LINK_SHARE = 0.6
# In a list of three or more items, each item this much a link and this long is a kicker
# and a linked headline ("Warnung: <a>DRK-Präsidentin schlägt bei Pflege Alarm</a>"); a list
# of short linked names or terms ("Finanzen: <a>Lars Klingbeil</a>") is not.
LIST_LINK_SHARE = 0.5
LIST_TEASER_CHARS = 40
STRUCTURE_HEADING = "structure-leading-heading"
STRUCTURE_TRAILING_HEADING = "structure-trailing-heading"
STRUCTURE_TITLE = "structure-title"
STRUCTURE_BYLINE = "structure-byline"
# A byline: "By", "Von", "Por"... then the page's authors, perhaps a place after a comma
# ("Por Ana Ruiz, Madrid"); without the by-word, the authors' names alone.
_BY_WORD = re.compile(r"(?:by|von|por|par|di|door|av|af|przez|od|от) ")
_PLACE = re.compile(r", [^,\d]{1,30}$")
_NAME_JOINS = re.compile(r",\s|\s(?:and|und|y|et|e|og|och|en|i|и|&)\s")
STRUCTURE_LINK = "structure-link"
STRUCTURE_LINK_LIST = "structure-link-list"
FOREIGN_NOTICE = "language-foreign-notice"
STRUCTURE_SANDWICHED = "structure-between-notices"
STRUCTURE_LABEL = "structure-label-of-removed"
# Removals that leave a heading standing: what they take (a credit, a dateline) is not what
# a heading announces.
UNLABELLED_KINDS = frozenset({"photo-credit", "other"})
STRUCTURE_RAIL = "structure-rail"
# Another whole article the page appends after its own (see ``appended.py``).
STRUCTURE_APPENDED = "structure-appended-article"
# A label line ("More information", "Why am I seeing this?") is at most this long.
LABEL_CHARS = 60


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


def clean_blocks(
    blocks: Sequence[Block],
    language: str | None,
    *,
    title: str | None = None,
    authors: Sequence[str] = (),
    markup: MarkupSignals | None = None,
    rules: RuleSet | None = None,
) -> Cleaned:
    """Keep the article's blocks; remove notices, labels and rails, each with its reason."""
    return _Cleaning(blocks, language, title, authors, markup, rules or load_rules()).run()


class _Cleaning:
    """One page's cleaning: the steps of the module docstring, in order."""

    def __init__(self, blocks: Sequence[Block], language: str | None, title: str | None,
                 authors: Sequence[str], markup: MarkupSignals | None, rules: RuleSet) -> None:
        self.blocks, self.language, self.markup = blocks, language, markup
        self.title = normalise(title) if title else None
        self.authors = {normalise(a) for a in authors or () if a}
        self.index = rule_index(rules)
        self.own = [language, COMMON] if language else [COMMON]
        self.others = [lang for lang in rules.languages if lang != language]
        self.verdict: list[Removal | None] = [None] * len(blocks)
        self._matches: dict[tuple[int, str, bool], tuple[Rule, ...]] = {}
        self._article_like: dict[int, bool] = {}

    def run(self) -> Cleaned:
        n = len(self.blocks)
        for i in range(n):
            self.remove_in_body(i)
        if self.markup:
            self.remove_link_lists()
        first = next((i for i in range(n) if self.article_like(i)), n)
        rail = self.remove_rail(first)
        last = min(next((i for i in reversed(range(rail)) if self.article_ends(i)), -1), rail - 1)
        head, tail = range(first), range(max(first, last + 1), n)
        for i in [*head, *tail]:
            self.remove_in_zone(i, "head" if i < first else "tail")
        if self.language:
            self.remove_foreign(tail)
        for zone in (head, tail):
            self.remove_sandwiched(zone)
        self.remove_orphan_headings()
        kept = [b for b, v in zip(self.blocks, self.verdict, strict=True) if v is None]
        return Cleaned(kept, [v for v in self.verdict if v is not None])

    def remove(self, i: int, rule_id: str, kind: str) -> None:
        """Take block ``i`` out, unless only structure speaks against a block that the page
        declares part of its article (schema.org hasPart)."""
        if (rule_id.startswith("structure-") and self.markup
                and self.markup.in_declared_part(self.blocks[i].norm)):
            return
        self.verdict[i] = Removal(rule_id, kind, self.blocks[i].text)

    def rule(self, i: int, place: str, languages: Sequence[str]) -> Rule | None:
        """The first rule of these languages that removes block ``i`` at this place."""
        anywhere_only = place == "anywhere"
        for lang in languages:
            key = (i, lang, anywhere_only)
            if key not in self._matches:
                self._matches[key] = self.index.matches(self.blocks[i].norm, lang, anywhere_only)
            for rule in self._matches[key]:
                if place in rule.where or "anywhere" in rule.where:
                    return rule
        return None

    def heading(self, i: int) -> bool:
        """A title or label; a "heading" holding a line break or a paragraph's worth of
        text is a paragraph set in a heading's markup."""
        text = self.blocks[i].text
        return (self.blocks[i].tag == "head" and "\n" not in text
                and _weight(text) < 2 * SUBSTANTIAL_CHARS)

    def byline(self, i: int) -> bool:
        """Whether block ``i`` only names the page's authors ("Von Nina Magoley")."""
        norm = self.blocks[i].norm
        if not self.authors or len(norm) > LABEL_CHARS:
            return False
        if by_word := _BY_WORD.match(norm):
            norm = _PLACE.sub("", norm[by_word.end():])
        return set(_NAME_JOINS.split(norm)) <= self.authors

    def article_like(self, i: int) -> bool:
        """A substantial block that no rule of the article's language calls a notice."""
        if i not in self._article_like:
            block = self.blocks[i]
            self._article_like[i] = (self.verdict[i] is None and not self.heading(i)
                                     and _weight(block.text) >= SUBSTANTIAL_CHARS
                                     and self.rule(i, "tail", self.own) is None)
        return self._article_like[i]

    def remove_in_body(self, i: int) -> None:
        """Rules of the article's language that hold anywhere; rules for the head and tail
        where the markup agrees (the block stands in a container named for that kind of
        notice); teaser cards and menus, which are links, not prose."""
        block, markup = self.blocks[i], self.markup
        if rule := self.rule(i, "anywhere", self.own):
            self.remove(i, rule.id, rule.kind)
        elif self.byline(i):
            self.remove(i, STRUCTURE_BYLINE, "other")
        elif markup and (rule := self.rule(i, "tail", self.own)) and (
                markup.in_container(block.norm, rule.kind)):
            self.remove(i, f"{rule.id}+markup", rule.kind)
        elif markup and (markup.inside_link(block.norm) or (
                block.text.count("\n") >= 2 and markup.link_share(block.norm) >= LINK_SHARE)):
            self.remove(i, STRUCTURE_LINK, "related")

    def remove_in_zone(self, i: int, place: str) -> None:
        """Before and after the article: rules of every language, structure, markup hints."""
        if self.verdict[i] is not None:
            return
        block, markup = self.blocks[i], self.markup
        if rule := self.rule(i, place, self.own) or self.rule(i, place, self.others):
            self.remove(i, rule.id, rule.kind)
        elif place == "head" and self.title and block.norm == self.title:
            self.remove(i, STRUCTURE_TITLE, "other")
        elif self.heading(i):
            self.remove(i, STRUCTURE_HEADING if place == "head" else STRUCTURE_TRAILING_HEADING,
                        "other")
        elif markup and markup.link_share(block.norm) >= LINK_SHARE:
            self.remove(i, STRUCTURE_LINK, "related")

    def remove_link_lists(self) -> None:
        """A list whose every item is a link (of three or more items, mostly a link: "Kicker:
        <linked headline>"), or a headline teaser (a linked title, then its summary), is a
        rail of other articles, wherever it stands."""
        groups: dict[int, list[int]] = {}
        for i, block in enumerate(self.blocks):
            if block.group is not None:
                groups.setdefault(block.group, []).append(i)
        share, teaser = self.markup.link_share, self.markup.starts_with_link
        for members in groups.values():
            norms = [self.blocks[i].norm for i in members]
            if (len(members) >= 2 and all(share(t) >= LINK_SHARE for t in norms)) or (
                    len(members) >= 3 and all(share(t) >= LIST_LINK_SHARE
                                              and len(t) >= LIST_TEASER_CHARS for t in norms)) or (
                    len(members) >= 3 and all(teaser(t) for t in norms)):
                for i in members:
                    if self.verdict[i] is None:
                        self.remove(i, STRUCTURE_LINK_LIST, "related")

    def remove_rail(self, first: int) -> int:
        """Remove a rail of other articles that starts under its own heading ("More from The
        Nation", "Related stories") and runs to the end of the page: teasers, each a headline
        and a summary, never three paragraphs in a row. Returns where it starts (the page's
        length when there is none)."""
        n, run, start = len(self.blocks), 0, len(self.blocks)
        for i in reversed(range(first + 1, n)):
            if self.heading(i):
                run = 0
            elif self.article_like(i):
                run += 1
                if run == 3:
                    break
            start = i
        headings = [h for h in range(start, n) if self.heading(h)]
        for h in headings[:-2]:  # two teaser headlines at least follow the rail's heading
            rule = self.rule(h, "tail", self.own) or self.rule(h, "tail", self.others)
            if rule and rule.kind == "related":
                for i in range(h, n):
                    if self.verdict[i] is None:
                        self.remove(i, STRUCTURE_RAIL, "related")
                return h
        return n

    def remove_sandwiched(self, zone: range) -> None:
        """A short line between two notices before or after the article goes with them
        ("Why am I seeing this?" inside a device-sharing notice)."""
        for i in zone:
            before = self.verdict[i - 1] if i - 1 in zone else None
            after = self.verdict[i + 1] if i + 1 in zone else None
            if (self.verdict[i] is None and before and after and before.kind == after.kind
                    and not before.rule.startswith("structure-")
                    and len(self.blocks[i].text) <= LABEL_CHARS):
                self.remove(i, STRUCTURE_SANDWICHED, before.kind)

    def remove_orphan_headings(self) -> None:
        """A heading whose section (up to the next heading) was all taken out labels what
        was taken out ("Exklusive Hintergründe" over a list of links): it goes too. Not over
        a photo credit or a dateline alone: a section may be a picture under its heading."""
        section: list[int] = []
        for i in reversed(range(len(self.blocks))):
            if not self.heading(i):
                section.append(i)
                continue
            removed = [self.verdict[j] for j in section]
            if (self.verdict[i] is None and removed and all(removed)
                    and not {r.kind for r in removed} <= UNLABELLED_KINDS):
                self.remove(i, STRUCTURE_LABEL, removed[-1].kind)
            section = []

    def article_ends(self, i: int) -> bool:
        """Whether the article can end at block ``i``: article-like, and not a notice in
        another language, by that language's rules or, where such a notice stands just before
        or after it, by its detected language."""
        if not self.article_like(i) or self.rule(i, "tail", self.others):
            return False
        near = range(max(0, i - NOTICE_WINDOW), min(len(self.blocks), i + NOTICE_WINDOW + 1))
        foreign_notice = any((r := self.rule(j, "tail", self.others))
                             and r.kind in MULTI_BLOCK_KINDS for j in near if j != i)
        return not (foreign_notice and self.foreign(i))

    def foreign(self, i: int) -> bool:
        """Whether block ``i`` is surely in another language than the article."""
        text = self.blocks[i].text
        if not self.language or len(text) < FOREIGN_MIN_CHARS:
            return False
        code, probability = detect(text)
        return code is not None and code != self.language and probability >= FOREIGN_PROBABILITY

    def remove_foreign(self, zone: range) -> None:
        """In a tail holding a notice that runs over paragraphs, the blocks in another
        language than the article are more of it (the Spanish device-sharing notice under an
        English El País article). A quotation inside the article is not in the tail."""
        kinds = [v.kind for i in zone if (v := self.verdict[i]) and v.kind in MULTI_BLOCK_KINDS]
        if not kinds:
            return
        for i in zone:
            if self.verdict[i] is None and self.foreign(i):
                self.remove(i, FOREIGN_NOTICE, kinds[-1])
