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
4. structure (the registered steps of ``cleaners/structure.py``), which never removes prose
   on its own: before the article, the headline and labels stacked over it (a standfirst is
   prose and stays); after it, headings over nothing kept; a heading over a section whose
   every block was taken out is that section's label (and a heading goes only with its
   section: a "related" label over the article's own sentences stays); a line about
   the page's author (its name opening the block) after the article's paragraphs; rails and
   links are made of links by the markup (a line that is one link to another of the site's pages
   between the paragraphs is a teaser; one linking alone to another site is a source the
   article cites, and a byline the page sets among the paragraphs is the article's). When
   structure would take more than ``structure_max_share`` of the text no rule calls a
   notice, only its links go;
5. markup: inside the article, a block that a head-and-tail rule matches goes when it stands
   in a container named for that kind of notice (class or id: newsletter, paywall...); many
   publishers wrap the whole article in a "paywall" container, so a name alone removes
   nothing. Teaser cards (a link wrapping a headline and its summary) and menus of links are
   not prose. What the page declares part of its article (schema.org hasPart selectors) is
   never taken out for its structure alone.

A removal always takes a whole block and records the rule id, the kind and the text; a credit
joined to article prose in one block is split off first (``remove_by_rule``).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from .address import addresses_reader
from .blocklang import block_language
from .blocks import SENTENCE_END, Block, weight
from .kinds import CREDITS, MULTI_BLOCK, UNLABELLED
from .language import detect
from .lexicon import concepts
from .markup import MIN_LINK_CHARS, MIN_TEASER_CHARS, MarkupSignals
from .normalise import normalise
from .notices import PRICE, find_notices, split_run_ons
from .options import DEFAULT, CleanerOptions
from .reported import reports_speech
from .rule_index import rule_index
from .rules import COMMON, Rule, RuleSet, load_rules
from .structure import STEPS

# The thresholds are in ``cleaners/options.py``.
# A byline: "By", "Von", "Por"... then the page's authors, perhaps a place after a comma
# ("Por Ana Ruiz, Madrid"); without the by-word, the authors' names alone.
_BY_WORD = re.compile(r"(?:by|von|por|par|di|door|av|af|przez|od|от) ")
_PLACE = re.compile(r", [^,\d]{1,30}$")
_NAME_JOINS = re.compile(r",\s|\s(?:and|und|y|et|e|og|och|en|i|и|&)\s")
FOREIGN_NOTICE = "language-foreign-notice"
# Another whole article the page appends after its own (see ``appended.py``).
STRUCTURE_APPENDED = "structure-appended-article"
_WORDS = re.compile(r"\w+")
# A label carrying text after its colon ("Related: <headline>") is a teaser, not a bare label.
_CARRIES_TEXT = re.compile(r":\s*\w")
# Where a block's lines end; where its pieces end: a line break, or a sentence's end (a space
# after it, but none after a full stop of a script written without spaces).
_LINE_END = re.compile(r"\n")
_PIECE_END = re.compile(r"\n|(?<=[.!?])\s+|(?<=[。！？])\s*")
_SEPARATOR = re.compile(r"[^\w\s]{3,}|_{3,}")  # a line of rule marks only: "_____", "-----", "***"


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


def _mostly_in(norm: str, other: str, share: float) -> bool:
    """Whether this ``share`` of the words of ``norm`` at least are words of ``other``."""
    words, known = _WORDS.findall(norm), set(_WORDS.findall(other))
    return bool(words) and sum(w in known for w in words) >= share * len(words)


def _weight(text: str, substantial: int) -> int:
    """A text's length, a CJK character counting as two (below twice ``substantial``)."""
    return weight(text) if len(text) < 2 * substantial else len(text)


def clean_blocks(
    blocks: Sequence[Block],
    language: str | None,
    *,
    title: str | None = None,
    authors: Sequence[str] = (),
    markup: MarkupSignals | None = None,
    rules: RuleSet | None = None,
    options: CleanerOptions = DEFAULT,
) -> Cleaned:
    """Keep the article's blocks; remove notices, labels and rails, each with its reason."""
    rules = rules or load_rules()
    blocks = split_run_ons(blocks, language, options, rules)
    return _Cleaning(blocks, language, title, authors, markup, rules, options).run()


def _runs(text: str, ends: re.Pattern[str]) -> list[tuple[str, str]]:
    """Every run of consecutive pieces of ``text`` (split where ``ends`` matches) but the
    whole, with the rest of the text around it; the shortest runs first."""
    starts, stops = [0], []
    for end in ends.finditer(text):
        stops.append(end.start())
        starts.append(end.end())
    stops.append(len(text))
    runs = sorted(((a, b) for a in range(len(starts)) for b in range(a, len(stops))
                   if (a, b) != (0, len(stops) - 1)), key=lambda run: run[1] - run[0])
    return [(text[starts[a]:stops[b]],
             " ".join(p for p in (text[:starts[a]].strip(), text[stops[b]:].strip()) if p))
            for a, b in runs]


class _Cleaning:
    """One page's cleaning: the steps of the module docstring, in order."""

    def __init__(self, blocks: Sequence[Block], language: str | None, title: str | None,
                 authors: Sequence[str], markup: MarkupSignals | None, rules: RuleSet,
                 options: CleanerOptions) -> None:
        self.blocks, self.language, self.markup, self.options = (list(blocks), language, markup,
                                                                 options)
        self.title = normalise(title) if title else None
        self.authors = {normalise(a) for a in authors or () if a}
        self.author_names = tuple(a.strip() for a in authors or () if len(a.split()) >= 2)
        self.index = rule_index(rules)
        self.excluded = rules.excluded
        self.own = [language, COMMON] if language else [COMMON]
        self.others = [lang for lang in rules.languages if lang != language]
        self.verdict: list[Removal | None] = [None] * len(blocks)
        self.split_off: dict[int, Removal] = {}  # a credit taken out of a block that stays
        self.unsplit: dict[int, Block] = {}  # that block as it was
        self._matches: dict[tuple[int, str, bool], tuple[Rule, ...]] = {}
        self._article_like: dict[int, bool] = {}
        self._is_link: dict[int, bool] = {}
        self._reported: dict[int, bool] = {}
        self.tail_start = len(blocks)

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
        self.tail_start = tail.start
        for i in [*head, *tail]:
            self.remove_in_zone(i, "head" if i < first else "tail")
        if self.language:
            self.remove_foreign(tail)
        self.remove_notices(range(first, max(first, last + 1)))
        for zone in (head, tail):
            self.remove_sandwiched(zone)
        self.remove_orphan_headings()
        self.keep_labels_of_prose(range(first, n))
        self.limit_structure()
        self.limit_credits()
        kept = [b for b, v in zip(self.blocks, self.verdict, strict=True) if v is None]
        removed = [r for i, v in enumerate(self.verdict)
                   for r in (self.split_off.get(i), v) if r is not None]
        return Cleaned(kept, removed)

    def remove(self, i: int, rule_id: str, kind: str) -> None:
        """Take block ``i`` out, unless only structure speaks against a block that the page
        declares part of its article (schema.org hasPart)."""
        if (rule_id.startswith("structure-") and self.markup
                and self.markup.in_declared_part(self.blocks[i].norm)):
            return
        self.verdict[i] = Removal(rule_id, kind, self.blocks[i].text)

    def remove_by_rule(self, i: int, rule: Rule, rule_id: str | None = None) -> None:
        """Take block ``i`` out by a rule; but when the block also holds article prose (a
        short item joined to the page's copyright line), only the rule's piece goes. Only a
        credit (a copyright line, a picture's or an agency's credit) is taken apart: the rest
        of other notices is more of them."""
        apart = self.prose_apart(i, rule) or self.separator_apart(i, rule)
        if apart is None:
            self.remove(i, rule_id or rule.id, rule.kind)
        else:
            self.split_off[i] = Removal(rule_id or rule.id, rule.kind, apart[1])
            self.unsplit.setdefault(i, self.blocks[i])
            self.blocks[i] = replace(self.blocks[i], text=apart[0])
            self._matches = {k: v for k, v in self._matches.items() if k[0] != i}
            self._article_like.pop(i, None)
            self._is_link.pop(i, None)
            self._reported.pop(i, None)

    def prose_apart(self, i: int, rule: Rule) -> tuple[str, str] | None:
        """When block ``i`` holds article prose beside a credit ``rule`` matches: the prose,
        and the smallest run of the block's lines that the rule matches alone, else of its
        sentences, shorter than a paragraph. None when the rest is not the article's prose."""
        if rule.kind not in CREDITS:
            return None
        text, longest = self.blocks[i].text, self.options.substantial_chars
        for ends, limit in ((_LINE_END, None), (_PIECE_END, longest)):
            for piece, rest in _runs(text, ends):
                if ((limit is None or _weight(piece, longest) < limit)
                        and rule.matches(normalise(piece)) and self.prose(rest)):
                    return rest, piece
        return None

    def separator_apart(self, i: int, rule: Rule) -> tuple[str, str] | None:
        """When block ``i`` opens or closes with a separator line ("_____") and ``rule``
        matches the rest: the separator, which is layout and no notice, and the rest."""
        lines = self.blocks[i].text.split("\n")
        if len(lines) < 2:
            return None
        for sep, rest in ((lines[0], lines[1:]), (lines[-1], lines[:-1])):
            if _SEPARATOR.fullmatch(sep.strip()) and rule.matches(normalise("\n".join(rest))):
                return sep, "\n".join(rest)
        return None

    def prose(self, text: str, shortest: int | None = None) -> bool:
        """Whether ``text`` is a sentence of the article: ``shortest`` long at least
        (``credit_prose_chars`` unless told), ending like a sentence, that no rule of the
        article's language, nor the notice lexicon, calls a notice, and that does not speak to
        the reader ("Click here")."""
        norm = normalise(text)
        least = self.options.credit_prose_chars if shortest is None else shortest
        return (weight(text) >= least
                and SENTENCE_END.search(norm) is not None
                and not any(self.index.matches(norm, lang, False) for lang in self.own)
                and not (self.language and (concepts(text, self.language, self.excluded)
                                            or addresses_reader(text, self.language))))

    def structural(self, i: int, step_id: str, kind: str | None = None) -> None:
        """Take block ``i`` out by a registered structural step (``cleaners/structure.py``),
        of the step's kind, or of ``kind`` (the notice it goes with) for steps that have none."""
        step = STEPS[step_id]
        self.remove(i, step.id, step.kind or kind)

    def rule(self, i: int, place: str, languages: Sequence[str]) -> Rule | None:
        """The first rule of these languages that removes block ``i`` at this place."""
        anywhere_only = place == "anywhere"
        for lang in languages:
            key = (i, lang, anywhere_only)
            if key not in self._matches:
                self._matches[key] = self.index.matches(self.blocks[i].norm, lang, anywhere_only)
            for rule in self._matches[key]:
                if (place in rule.where or "anywhere" in rule.where) and not (
                        rule.kind not in CREDITS and self.reports_speech(i)):
                    return rule
        return None

    def reports_speech(self, i: int) -> bool:
        """Whether block ``i`` is a sentence the article attributes to someone ("Download
        the app from the official store only, police advise."): no notice rule takes it."""
        if i not in self._reported:
            self._reported[i] = reports_speech(self.blocks[i].text, self.language)
        return self._reported[i]

    def weight(self, i: int) -> int:
        """Block ``i``'s length, a CJK character counting as two."""
        return _weight(self.blocks[i].text, self.options.substantial_chars)

    def heading(self, i: int) -> bool:
        """A title or label; a "heading" holding a line break or a paragraph's worth of
        text is a paragraph set in a heading's markup; a separator line ("_____") labels
        nothing."""
        text = self.blocks[i].text
        return (self.blocks[i].tag == "head" and "\n" not in text
                and self.weight(i) < 2 * self.options.substantial_chars
                and not _SEPARATOR.fullmatch(text.strip()))

    def is_title(self, i: int) -> bool:
        """Whether block ``i`` is the headline: the title; or, above all the text, a heading
        holding most of the title's words, or the page's ``<h1>``. Under the article's text, a
        heading close to the title is the article's own subheading."""
        norm = self.blocks[i].norm
        if self.title is not None and norm == self.title:
            return True
        if not self.heading(i) or any(self.verdict[j] is None and not self.heading(j)
                                      for j in range(i)):
            return False
        return self.blocks[i].level == 1 or (self.title is not None and _mostly_in(
            norm, self.title, self.options.title_words_share))

    def stacked_label(self, i: int) -> bool:
        """Whether heading ``i`` is a label stacked over the headline (a kicker, a section
        name): a short line, not a sentence; nothing kept stands before it, nor the headline
        (a line under the headline is the article's: a place, a live blog's first entry), and
        another heading follows before any text.
        A heading over text is a subheading or a standfirst, and labels what follows."""
        if len(self.blocks[i].text) > self.options.label_chars or SENTENCE_END.search(
                self.blocks[i].norm) or any(
                    (self.verdict[j] is None and not self.heading(j))
                    or (self.verdict[j] and self.verdict[j].rule == "structure-title")
                    for j in range(i)):
            return False
        after = next((j for j in range(i + 1, len(self.blocks)) if self.verdict[j] is None), None)
        return after is not None and self.heading(after)

    def is_link(self, i: int) -> bool:
        """Whether block ``i`` is a link, by the markup: it stands inside a teaser card, or
        it is mostly made of lines that are each mostly one link's text (a menu, a rail).
        Prose that holds several links in a sentence is not."""
        if not self.markup:
            return False
        if i not in self._is_link:  # several steps ask
            self._is_link[i] = self.markup.inside_link(self.blocks[i].norm) or (
                self.linked_lines(i) and not self.source_line(i))
        return self._is_link[i]

    def source_line(self, i: int) -> bool:
        """Whether block ``i`` is one line linking to another site than the page's, alone
        between blocks that are no links: a source the article cites ("Click for full
        results"), not a teaser of the site's own pages nor a rail of a sister site's."""
        return ("\n" not in self.blocks[i].text
                and self.markup.points_elsewhere(self.blocks[i].norm)
                and not any(self.linked_lines(j) for j in (i - 1, i + 1)
                            if 0 <= j < len(self.blocks)))

    def inline_teaser(self, i: int) -> bool:
        """Whether paragraph ``i`` is a teaser set between the article's paragraphs: one line,
        no sentence, that is one link to another page of the site (a linked headline). A
        button naming a notice concept ("Subscribe to the briefing") is left to the notice
        step, which takes its whole box."""
        block = self.blocks[i]
        return (block.tag == "p" and "\n" not in block.text and len(block.norm) >= MIN_TEASER_CHARS
                and self.weight(i) < 2 * self.options.substantial_chars
                and not SENTENCE_END.search(block.norm)
                and self.markup.whole_link(block.norm)
                and not self.source_line(i)
                and not self.names_notice(block.text))

    def names_notice(self, text: str) -> bool:
        """Whether ``text`` names a notice concept (a price alone names none) in the
        article's language or in its own (told cheaply: an English button on an Arabic page)."""
        codes = {self.language, block_language(text)[0]} - {None}
        return any(concepts(text, code, self.excluded) - {PRICE} for code in codes)

    def under_headline(self, i: int) -> bool:
        """Whether heading ``i`` stands in the stack of headings under the headline and
        repeats their words (a live blog's link under the story's headline and subtitles):
        the story's own, though a link. A linked heading on another subject is a teaser."""
        stack: list[str] = []
        for j in reversed(range(i)):
            verdict = self.verdict[j]
            if verdict is not None and verdict.rule == "structure-title":
                return self.heading(i) and _mostly_in(
                    self.blocks[i].norm, " ".join([self.blocks[j].norm, *stack]),
                    self.options.title_words_share)
            if verdict is not None or not self.heading(j):
                return False
            stack.append(self.blocks[j].norm)
        return False

    def linked_lines(self, i: int) -> bool:
        """Whether block ``i`` is mostly made of lines that are each mostly one link."""
        lines = [line for line in map(normalise, self.blocks[i].text.split("\n"))
                 if len(line) >= MIN_LINK_CHARS]  # shorter ones ("News", "1") tell nothing
        linked = sum(len(line) for line in lines if self.link_line(line))
        return bool(lines) and linked >= self.options.link_share * sum(map(len, lines))

    def link_line(self, line: str) -> bool:
        """A line that is mostly one link, or mostly links and no sentence ("Kicker: <a>..</a>
        | <a>..</a>", linked names); a sentence holding links is prose."""
        share = self.options.link_share
        return (self.markup.longest_link(line) >= share * len(line)
                or (self.markup.link_share(line) >= share and not SENTENCE_END.search(line)))

    def names_authors(self, i: int) -> bool:
        """Whether block ``i`` only names the page's authors ("Von Nina Magoley"): a byline,
        never a teaser, though the names link to the authors' pages."""
        norm = self.blocks[i].norm
        if not self.authors or len(norm) > self.options.label_chars:
            return False
        if by_word := _BY_WORD.match(norm):
            norm = _PLACE.sub("", norm[by_word.end():])
        return set(_NAME_JOINS.split(norm)) <= self.authors

    def among_paragraphs(self, i: int) -> bool:
        """Whether paragraph ``i`` is set as one of the article's: by the markup, a child of
        the element that holds the sentence after it, longer than a label (a byline box
        stands apart)."""
        following = self.blocks[i + 1] if i + 1 < len(self.blocks) else None
        return bool(self.markup and self.blocks[i].tag == "p" and following is not None
                    and following.tag == "p" and len(following.norm) > self.options.label_chars
                    and SENTENCE_END.search(following.norm)
                    and self.markup.same_parent(self.blocks[i].text, following.text))

    def author_bio(self, i: int) -> bool:
        """Whether block ``i`` is a line about the page's author after the article: a
        paragraph no longer than a notice that opens with an author's full name (two words at
        least) and a word in lower case ("Jordan Ellis writes about transit...", "Anna Richter
        schreibt über..."), with an article paragraph before it."""
        text = self.blocks[i].text
        if self.blocks[i].tag != "p" or weight(text) > self.options.notice_max_chars:
            return False
        return any(text.startswith(f"{name} ") and text[len(name) + 1:len(name) + 2].islower()
                   for name in self.author_names) and any(
            self.article_like(j) for j in range(i))

    def article_like(self, i: int) -> bool:
        """A substantial block that no rule of the article's language calls a notice."""
        if i not in self._article_like:
            self._article_like[i] = (self.verdict[i] is None and not self.heading(i)
                                     and self.weight(i) >= self.options.substantial_chars
                                     and self.rule(i, "tail", self.own) is None)
        return self._article_like[i]

    def remove_in_body(self, i: int) -> None:
        """Rules of the article's language that hold anywhere; rules for the head and tail
        where the markup agrees (the block stands in a container named for that kind of
        notice); teaser cards and menus, which are links, not prose."""
        block, markup = self.blocks[i], self.markup
        if rule := self.rule(i, "anywhere", self.own):
            self.remove_by_rule(i, rule)
        elif self.names_authors(i):
            if not self.among_paragraphs(i):
                self.structural(i, "structure-byline")
        elif markup and (rule := self.rule(i, "tail", self.own)) and (
                markup.in_container(block.norm, rule.kind)):
            self.remove_by_rule(i, rule, f"{rule.id}+markup")
        elif markup and (markup.inside_link(block.norm) or (
                block.text.count("\n") >= 2 and self.is_link(i)) or self.inline_teaser(i)):
            self.structural(i, "structure-link")

    def remove_in_zone(self, i: int, place: str) -> None:
        """Before and after the article: rules of every language, structure, markup hints."""
        if self.verdict[i] is not None:
            return
        markup = self.markup
        if rule := self.rule(i, place, self.own) or self.rule(i, place, self.others):
            self.remove_by_rule(i, rule)
        elif place == "head" and self.is_title(i):
            self.structural(i, "structure-title")
        elif place == "head" and self.heading(i) and self.stacked_label(i):
            self.structural(i, "structure-leading-heading")
        elif place == "tail" and self.author_bio(i):
            self.structural(i, "structure-author-bio")
        elif place == "tail" and markup and self.teaser_list(i):
            self.structural(i, "structure-link-list")
        elif markup and self.is_link(i) and not self.names_authors(i) and not (
                place == "head" and self.under_headline(i)):
            self.structural(i, "structure-link")

    def remove_link_lists(self) -> None:
        """A list whose every item is a link (of three or more items, mostly a link: "Kicker:
        <linked headline>"), or a headline teaser (a linked title, then its summary), is a
        rail of other articles, wherever it stands."""
        groups: dict[int, list[int]] = {}
        for i, block in enumerate(self.blocks):
            if block.group is not None:
                groups.setdefault(block.group, []).append(i)
        share, teaser = self.markup.link_share, self.markup.starts_with_link
        o = self.options
        for members in groups.values():
            norms = [self.blocks[i].norm for i in members]
            kickers = all(share(t) >= o.list_link_share and len(t) >= o.list_teaser_chars
                          for t in norms)
            if (len(members) >= 2 and all(share(t) >= o.link_share for t in norms)) or (
                    len(members) >= 3 and kickers) or (
                    len(members) >= 3 and all(teaser(t) for t in norms)):
                for i in members:
                    if self.verdict[i] is None:
                        self.structural(i, "structure-link-list")

    def teaser_list(self, i: int) -> bool:
        """Whether item ``i`` is of a list (two items or more) whose every item opens with a
        linked headline: after the article, a rail of other articles' teasers."""
        group = self.blocks[i].group
        members = [b.norm for b in self.blocks if group is not None and b.group == group]
        return len(members) >= 2 and all(map(self.markup.starts_with_link, members))

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
        for k, h in enumerate(headings[:-2]):  # two teaser headlines at least follow it
            rule = self.rule(h, "tail", self.own) or self.rule(h, "tail", self.others)
            if rule and rule.kind == "related" and self.markup and all(
                    self.is_link(t) or any(self.markup.starts_with_link(self.blocks[j].norm)
                                           for j in (t, t + 1) if j < n)
                    for t in headings[k + 1:]):
                for i in range(h, n):
                    if self.verdict[i] is None:
                        self.structural(i, "structure-rail")
                return h
        return n

    def remove_notices(self, extent: range) -> None:
        """Notices no rule names, by the concepts they name, their shape, place, markup and
        language, each with the whole page element it stands in (``cleaners/notices.py``)."""
        found = find_notices(self.blocks, self.verdict, self.language, self.markup, extent,
                             self.options, self.excluded)
        for i, (rule_id, kind) in found.items():
            self.remove(i, rule_id, kind)

    def remove_sandwiched(self, zone: range) -> None:
        """A short line between two notices before or after the article goes with them
        ("Why am I seeing this?" inside a device-sharing notice), and takes the first one's
        kind; between notices of two kinds, only when neither was removed by structure alone
        (a "Read here instead" button between a device notice and an app promo)."""
        for i in zone:
            before = self.verdict[i - 1] if i - 1 in zone else None
            after = self.verdict[i + 1] if i + 1 in zone else None
            if (self.verdict[i] is None and before and after
                    and not before.rule.startswith("structure-")
                    and (before.kind == after.kind or not after.rule.startswith("structure-"))
                    and len(self.blocks[i].text) <= self.options.label_chars):
                self.structural(i, "structure-between-notices", before.kind)

    def remove_orphan_headings(self) -> None:
        """A heading whose section (up to the next heading) was all taken out labels what
        was taken out ("Exklusive Hintergründe" over a list of links): it goes too. Not over
        a photo credit or a dateline alone: a section may be a picture under its heading.
        Headings after the last kept block of the article label nothing: they go."""
        section: list[int] = []
        kept_after = False
        for i in reversed(range(len(self.blocks))):
            if not self.heading(i):
                section.append(i)
                kept_after = kept_after or self.verdict[i] is None
                continue
            removed = [self.verdict[j] for j in section]
            if self.verdict[i] is None and not kept_after and i >= self.tail_start:
                self.structural(i, "structure-trailing-heading")
            elif (self.verdict[i] is None and removed and all(removed)
                    and not {r.kind for r in removed} <= UNLABELLED):
                self.structural(i, "structure-label-of-removed", removed[-1].kind)
            kept_after = kept_after or self.verdict[i] is None
            section = []

    def keep_labels_of_prose(self, extent: range) -> None:
        """A label goes only with what it labels: a heading or a bare line a 'related' rule
        names ("Recommended", "Up next") over the article's own sentences is the article's (a
        review's picks, a game story's next fixtures), not a rail's label: it stays; not a
        line carrying a teaser after its label ("Related: <headline>"), nor a link. A
        heading's whole section (to the next heading not below it; its subheadings aside), or
        the blocks after a line up to one that is not such a sentence, must be two or more:
        each kept, a sentence of the article (``prose``, of any length) and not opening with a
        link."""
        label_chars = self.options.label_chars
        for i in extent:
            verdict, norm = self.verdict[i], self.blocks[i].norm
            if not (verdict and verdict.kind == "related"
                    and not verdict.rule.startswith(("structure-", "notice-"))
                    and not _CARRIES_TEXT.search(norm) and not self.is_link(i)
                    and (self.heading(i) or (len(norm) <= label_chars
                                             and not SENTENCE_END.search(norm)))):
                continue
            after = range(i + 1, extent.stop)
            section = [j for j in itertools.takewhile(
                (lambda j, i=i: not self.heading(j) or self.below(j, i)) if self.heading(i)
                else self.labelled_sentence, after) if not self.heading(j)]
            if len(section) >= 2 and all(map(self.labelled_sentence, section)):
                self.verdict[i] = None

    def below(self, j: int, i: int) -> bool:
        """Whether heading ``j`` is a subheading of heading ``i`` (an ``<h3>`` under an
        ``<h2>``): part of ``i``'s section."""
        upper, lower = self.blocks[i].level, self.blocks[j].level
        return upper is not None and lower is not None and lower > upper

    def labelled_sentence(self, j: int) -> bool:
        """Whether block ``j`` is a kept paragraph, a sentence of the article of any length,
        that does not open with a link (a teaser's headline)."""
        block = self.blocks[j]
        return (self.verdict[j] is None and block.tag == "p" and self.prose(block.text, 0)
                and not (self.markup is not None and self.markup.starts_with_link(block.norm)))

    def limit_structure(self) -> None:
        """Structure alone never takes most of the article: when its removals would take more
        than ``structure_max_share`` of the text no rule calls a notice, only the links of
        them go (a "Recommended" label over the article's own short reviews is not a rail)."""
        by_rules = sum(self.weight(i) for i, v in enumerate(self.verdict)
                       if v and not v.rule.startswith("structure-"))
        structural = [i for i, v in enumerate(self.verdict)
                      if v and v.rule.startswith("structure-")]
        total = sum(map(self.weight, range(len(self.blocks)))) - by_rules
        if sum(map(self.weight, structural)) <= self.options.structure_max_share * total:
            return
        for i in structural:
            if not (self.is_link(i) or (self.markup
                                        and self.markup.starts_with_link(self.blocks[i].norm))):
                self.verdict[i] = None

    def limit_credits(self) -> None:
        """Credits are the least of what is not the article, and readers count them in: when
        the blocks taken out as credits would make more than ``credit_max_share`` of the
        page's text, they stay (an AP brief of four sentences and its rights line). One that
        speaks to the reader ("This copy is for your personal use") or names a notice concept
        beside the rights ("a subscription is required") is a notice, not a credit, and goes.
        A credit split off a block of prose counts too, and is put back."""
        size = self.options.substantial_chars
        credits = [i for i, v in enumerate(self.verdict)
                   if v and v.kind in CREDITS and self.credit_only(v.text)]
        split = [i for i, r in self.split_off.items()
                 if r.kind in CREDITS and self.credit_only(r.text)]
        taken = (sum(map(self.weight, credits))
                 + sum(_weight(self.split_off[i].text, size) for i in split))
        total = (sum(map(self.weight, range(len(self.blocks))))
                 + sum(_weight(self.split_off[i].text, size) for i in split))
        if taken <= self.options.credit_max_share * total:
            return
        for i in credits:
            self.verdict[i] = None
        for i in split:
            self.blocks[i] = self.unsplit.pop(i)
            del self.split_off[i]

    def credit_only(self, text: str) -> bool:
        """Whether ``text`` credits the article and says nothing more to the reader."""
        lang = self.language or ""
        return not (addresses_reader(text, self.language)
                    or concepts(text, lang, self.excluded) - {"rights"})

    def article_ends(self, i: int) -> bool:
        """Whether the article can end at block ``i``: article-like, not a line about the
        author, and not a notice in
        another language, by that language's rules or, where such a notice stands just before
        or after it, by its detected language."""
        if not self.article_like(i) or self.rule(i, "tail", self.others) or self.author_bio(i):
            return False
        window = self.options.notice_window
        near = range(max(0, i - window), min(len(self.blocks), i + window + 1))
        foreign_notice = any((r := self.rule(j, "tail", self.others))
                             and r.kind in MULTI_BLOCK for j in near if j != i)
        return not (foreign_notice and self.foreign(i))

    def foreign(self, i: int) -> bool:
        """Whether block ``i`` is surely in another language than the article."""
        text = self.blocks[i].text
        if not self.language or len(text) < self.options.foreign_min_chars:
            return False
        code, probability = detect(text, self.options)
        return (code is not None and code != self.language
                and probability >= self.options.foreign_probability)

    def remove_foreign(self, zone: range) -> None:
        """In a tail holding a notice that runs over paragraphs, the blocks in another
        language than the article are more of it (the Spanish device-sharing notice under an
        English El País article). A quotation inside the article is not in the tail."""
        kinds = [v.kind for i in zone if (v := self.verdict[i]) and v.kind in MULTI_BLOCK]
        if not kinds:
            return
        for i in zone:
            if self.verdict[i] is None and self.foreign(i):
                self.remove(i, FOREIGN_NOTICE, kinds[-1])
