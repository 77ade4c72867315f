"""Notices as a class: what no rule names, told by the concepts it names and where it stands.

A wall, a promo or a consent placeholder is one thing on the page: a heading, an offer, a
button, a login line. Its words change from site to site and from language to language, but
what it talks about does not (subscribe, log in, your account, first month for 0,99 €, the app,
your device, your password...: the concept lexicon, ``cleaners/lexicon/``), nor where it stands
(before or after the article, or between paragraphs as a link), nor that it often speaks another
language than the article.

Evidence, combined for each block the rules left in:

- **concepts**: which notice concepts the block names, in the article's language and in the
  block's own (told cheaply by ``cleaners.blocklang``);
- **call to action**: a price or an introductory offer, or a short button-like line;
- **position**: the head or the tail (outside the article's paragraphs), or inline;
- **markup**: the block is a link, or stands in a container named for a notice;
- **language shift**: the block is in another language than the article.

Then **units**: once a block is a notice, the smallest page element around it that holds no
article paragraph (the wall's box) is the notice, and every block inside it goes with it; and a
block that runs a notice into the article's last paragraph after a single line break is split
first. Article paragraphs are never taken: a long paragraph in the article's language, outside
any notice container, stays whatever it talks about.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, replace
from functools import partial

from lxml.etree import XPath
from lxml.html import HtmlElement

from .address import addresses_reader, orders_reader
from .blocklang import block_language
from .blocks import SENTENCE_END, Block, weight
from .kinds import FURNITURE, MULTI_BLOCK
from .language import detect
from .lexicon import concepts, concepts_any
from .markup import MarkupSignals
from .normalise import normalise
from .options import CleanerOptions
from .reported import reports_speech
from .rule_index import rule_index
from .rules import COMMON, RuleSet, load_rules

NOTICE_CONCEPTS = "notice-concepts"
NOTICE_UNIT = "notice-unit"
STRUCTURE = "structure-"

# The kind of notice a block is, from the concepts it names: the first kind whose concepts it
# names wins (a device-sharing notice also names the account and the subscription).
KIND_OF_CONCEPTS: tuple[tuple[str, frozenset[str]], ...] = (
    ("device-sharing", frozenset({"device", "session", "password"})),
    ("cookie", frozenset({"consent", "privacy-settings", "external-content"})),
    ("newsletter", frozenset({"newsletter"})),
    ("app-promo", frozenset({"app", "app-store", "messaging"})),
    ("paywall", frozenset({"end-of-preview", "members-only"})),
    ("related", frozenset({"read-also"})),
    ("copyright", frozenset({"rights"})),
    ("subscription", frozenset({"subscribe", "account", "log-in", "sign-up", "premium",
                                "free-trial", "first-month", "price", "donate"})),
)
KIND_ORDER = [kind for kind, _ in KIND_OF_CONCEPTS] + ["other"]
# Concepts that make a block an offer (a call to action) whatever its length; a price alone
# does not (news is full of prices), only beside what it buys access to.
OFFER_CONCEPTS = frozenset({"first-month", "free-trial"})
PRICED_CONCEPTS = frozenset({"subscribe", "premium", "members-only"})
PRICE = "price"
# What a promo invites the reader to (an app, a channel, a newsletter): one is enough for a
# short line before or after the article that speaks to the reader.
PROMO_CONCEPTS = frozenset({"app", "app-store", "messaging", "newsletter"})
TEASER = "read-also"
RIGHTS = "rights"  # a reproduction notice: never the article's prose after a line break
# Elements a block of trafilatura's output may come from.
_BLOCK_ELEMENTS = frozenset({"p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "div", "span",
                             "a", "strong", "b", "em", "button", "label", "td", "blockquote",
                             "figcaption", "section", "aside", "form", "header", "footer"})
_KEY_CHARS = 60
# Blocks the page sets as content (a quotation, a table, code) are never notices by evidence.
CONTENT_TAGS = frozenset({"quote", "table", "code"})
@dataclass(frozen=True)
class Evidence:
    """What speaks for block ``i`` being a notice."""

    concepts: frozenset[str]
    foreign: bool
    offer: bool
    linked: bool
    container: bool
    addressed: bool  # speaks to the reader (second person, or an order: a call to action)
    bold: bool = False  # a sentence set all in bold (not a subheading), naming a promo



def kind_of(names: frozenset[str]) -> str:
    """The kind of notice that names these concepts."""
    return next((kind for kind, group in KIND_OF_CONCEPTS if group & names), "other")


def block_concepts(text: str, language: str | None,
                   exclude: frozenset[str] = frozenset()) -> tuple[frozenset[str], str | None]:
    """The notice concepts a block names, in the article's language and its own (less those
    seen on the ``exclude`` pages; when neither names any and its own is not surely the
    article's, in the language whose words name two or more of them); and its own language
    when it is surely another than the article's (None otherwise)."""
    own, _ = block_language(text)
    found = concepts(text, language, exclude) if language else frozenset()
    foreign = own if own and own != language else None
    if foreign:
        found |= concepts(text, foreign, exclude)
    if own != language and not found - {PRICE}:
        # too short for the cheap test, or in a language close to the article's (Norwegian
        # under Swedish) that it tells wrong: the words of the language they name most
        # concepts in, if several
        named = max(concepts_any(text, exclude).values(), key=len, default=frozenset())
        if len(named - {PRICE}) >= 2:
            found |= named
    return found, foreign


def split_run_ons(blocks: Sequence[Block], language: str | None, options: CleanerOptions,
                  rules: RuleSet | None = None) -> list[Block]:
    """Split a block whose last lines, after a single line break, are a notice (an agency's
    subscriber notice joined to the article's last paragraph) into the article and the notice,
    so that the notice can go alone. A notice line is short and names several concepts, or one
    in another language, or a reproduction notice; or a rule of the article's language (or of
    every language) calls it a notice. ``rules``: the shipped rules by default."""
    rules = rules or load_rules()
    notice = partial(_notice_line, language=language, options=options, rules=rules)
    out: list[Block] = []
    for block in blocks:
        lines = block.text.split("\n")
        cut = len(lines)
        while cut > 1 and notice(lines[cut - 1]):
            cut -= 1
        lead, tail = "\n".join(lines[:cut]), "\n".join(lines[cut:])
        if cut < len(lines) and any(c.isalnum() for c in lead) and not notice(lead):
            out += [Block(lead, block.tag, block.group),
                    Block(tail, block.tag, block.group, split=True)]
        else:
            out.append(block)
    return out


def _notice_line(line: str, language: str | None, options: CleanerOptions,
                 rules: RuleSet) -> bool:
    if weight(line) > options.notice_max_chars:
        return False
    found, foreign = block_concepts(line, language, rules.excluded)
    named = found - {PRICE}
    if len(named) >= options.notice_min_concepts or (named and foreign) or RIGHTS in named:
        return True
    index, norm = rule_index(rules), normalise(line)
    return any(rule.kind not in FURNITURE for lang in ([language, COMMON] if language else [COMMON])
               for rule in index.matches(norm, lang, False))


class _Units:
    """The page elements blocks came from, by matching text (trafilatura's output is a new
    tree), and the notice unit around a block: its largest ancestor holding no article text."""

    def __init__(self, markup: MarkupSignals, article: list[str],
                 options: CleanerOptions) -> None:
        self.markup, self.tree, self.article, self.options = markup, markup.tree, article, options
        self._norms: dict[HtmlElement, str] = {}
        self._elements: dict[str, HtmlElement | None] = {}
        self._boxes: dict[str, bool] = {}
        self._buttons: list[HtmlElement] | None = None
        self._button_boxes: list[str] | None = None

    def norm(self, element: HtmlElement) -> str:
        if element not in self._norms:
            self._norms[element] = normalise(element.text_content())
        return self._norms[element]

    def element(self, text: str) -> HtmlElement | None:
        """The deepest element whose text holds this block's text, or None (searched once per
        text: every block asks for the article's first and last paragraphs)."""
        if text not in self._elements:
            self._elements[text] = self._search(text)
        return self._elements[text]

    def _search(self, text: str) -> HtmlElement | None:
        # line by line: trafilatura joins an element's children with line breaks, the
        # element's text runs them together (a placeholder's sentence and its link): the key
        # is taken from the first line alone
        lines = [line for line in text.split("\n") if line.strip()]
        key = " ".join(lines[0].split())[:_KEY_CHARS] if lines else ""
        if len(key) < 3:
            return None
        found = _holding(self.tree, key)
        lines = [normalise(line) for line in lines]
        for element in reversed(found):  # document order: descendants come after ancestors
            if element.tag in _BLOCK_ELEMENTS and all(line in self.norm(element)
                                                      for line in lines):
                return element
        return None

    def apart(self, text: str, article: Sequence[str]) -> bool:
        """Whether this block stands in another element than the article's paragraphs (a box
        of its own), judged by the parents of the first and last article paragraphs."""
        element = self.element(text)
        if element is None:
            return False
        parents = {e.getparent() for t in article if (e := self.element(t)) is not None}
        return bool(parents) and element.getparent() not in parents

    def in_box(self, block: Block, evidence: Evidence, article: Sequence[str],
               language: str | None, exclude: frozenset[str]) -> bool:
        """Whether a block naming a concept stands in a box apart from the article's
        paragraphs (another element, or one marked up otherwise) and, speaking to the reader,
        is a short promo or its box names a wall's concepts but one (a placeholder's button
        and settings link, left out of trafilatura's text); or, speaking to the reader or of
        its readers, its box holds a call-to-action button (``has_button``: a donation
        appeal). Asked once per block."""
        if block.text not in self._boxes:
            options = self.options
            named = (bool(evidence.concepts - {PRICE}) and block.tag not in CONTENT_TAGS
                     and weight(block.text) <= options.notice_max_chars)
            # (the page's buttons, read once, before the block's element is searched)
            buttoned = False
            if named and language is not None:
                lines = [normalise(line) for line in block.text.split("\n") if line.strip()]
                buttoned = any(all(line in box for line in lines)
                               for box in self.button_boxes(language, exclude))
            self._boxes[block.text] = (
                named and (evidence.addressed or buttoned)
                and (self.apart(block.text, article) or self.marked_apart(block.text, article))
                and ((evidence.addressed and (
                    (bool(evidence.concepts & PROMO_CONCEPTS)
                     and weight(block.text) <= options.notice_label_chars)
                    or len(self.unit_concepts(block.text, evidence, language, exclude))
                    >= options.notice_run_concepts - 1))
                    or (buttoned and self.has_button(block.text, language, exclude))))
        return self._boxes[block.text]

    def marked_apart(self, text: str, article: Sequence[str]) -> bool:
        """Whether this block's element, or the one around it, is marked up otherwise than
        the article's first and last paragraphs' (another tag or class: a promo's ``div``
        among the entries of a live blog, a player's box among the text's ``div``s)."""
        element = self.element(text)
        if element is None:
            return False
        own = {_signature(e) for t in article if (e := self.element(t)) is not None}
        return bool(own) and _signature(element) not in own

    def unit_concepts(self, text: str, evidence: Evidence, language: str | None,
                      exclude: frozenset[str]) -> frozenset[str]:
        """The notice concepts that the unit around this block names, a price aside, in the
        article's language (and the block's own, when it is another)."""
        unit = self.unit(text)
        if not unit or not language or unit == normalise(text):
            return evidence.concepts - {PRICE}
        found = concepts(unit, language, exclude)
        return (found | (block_concepts(unit, language, exclude)[0] if evidence.foreign
                         else frozenset())) - {PRICE}

    def teaser_box(self, text: str, article: Sequence[str]) -> bool:
        """Whether this block stands apart from the article's paragraphs in a unit made
        mostly of links (a "read also" label over its teasers), as the page's links show."""
        unit = self.unit(text) if self.apart(text, article) else None
        return bool(unit) and self.markup.link_share(unit) >= self.options.link_share

    def unit(self, text: str) -> str | None:
        """The normalised text of the notice unit around this block, or None when unknown."""
        element = self.unit_element(text)
        return None if element is None else self.norm(element)

    def unit_element(self, text: str) -> HtmlElement | None:
        """The notice unit around this block: the largest element holding it and no article
        text, within ``notice_unit_chars``; None when the block's element is unknown."""
        unit = self.element(text)
        if unit is None:
            return None
        for parent in unit.iterancestors():
            if parent.tag in ("body", "html"):
                break
            norm = self.norm(parent)
            if len(norm) > self.options.notice_unit_chars or any(p in norm for p in self.article):
                break
            unit = parent
        return unit

    def buttons(self, language: str, exclude: frozenset[str]) -> list[HtmlElement]:
        """The page's calls to action (read once): each ``<button>``, and each link standing
        alone (in no paragraph, item or heading) as short as a label, that names a notice
        concept or gives the reader an order (a fact box's link to more of the story does
        neither); or a button's shape in a box naming one: a few words, no sentence
        ("Destekçi ol" under a donation appeal)."""
        if self._buttons is None:
            self._buttons = [
                link for link in self.tree.xpath(_BUTTONS)
                if 0 < len(norm := self.norm(link)) <= self.options.label_chars
                and (concepts(norm, language, exclude) - {PRICE} or orders_reader(norm, language)
                     or self._button_shaped(link, norm, language, exclude))]
        return self._buttons

    def _button_shaped(self, link: HtmlElement, norm: str, language: str,
                       exclude: frozenset[str]) -> bool:
        """Whether a lone link is shaped as a button (``button_words`` words at most, no
        sentence punctuation, to a page no story's address names: no digit, no long slug)
        and its parent, within ``notice_unit_chars``, names a notice concept. A fact box's
        link to more of the story goes to a story."""
        parent = link.getparent()
        target = (link.get("href") or "").split("?")[0].rstrip("/").rsplit("/", 1)[-1]
        if (not _button_worded(norm, self.options) or any(c.isdigit() for c in target)
                or target.count("-") > 1 or parent is None or parent.tag == "body"):
            return False
        box = self.norm(parent)
        return (len(box) <= self.options.notice_unit_chars
                and bool(concepts(box, language, exclude) - {PRICE}))

    def button_boxes(self, language: str, exclude: frozenset[str]) -> list[str]:
        """The text of the box around each of the page's calls to action: its parent, or
        grandparent (a form's), within ``notice_unit_chars``. A block in none of them has no
        button in its box, and its element is not searched for one."""
        if self._button_boxes is None:
            self._button_boxes = []
            for link in self.buttons(language, exclude):
                box = self.norm(link)
                for parent, _ in zip(link.iterancestors(), range(2), strict=False):
                    norm = self.norm(parent)
                    if parent.tag == "body" or len(norm) > self.options.notice_unit_chars:
                        break
                    box = norm
                self._button_boxes.append(box)
        return self._button_boxes

    def has_button(self, text: str, language: str, exclude: frozenset[str]) -> bool:
        """Whether the unit around this block holds one of the page's calls to action, other
        than the block itself (``buttons``)."""
        unit = self.unit_element(text)
        block = normalise(text)
        return unit is not None and any(
            self.norm(link) != block and (link is unit or unit in link.iterancestors())
            for link in self.buttons(language, exclude))


# A page's buttons, and its links standing alone: in no element a link within prose stands in.
_INLINE_HOSTS = ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "td", "blockquote", "figcaption")
_BUTTONS = "//body//button | //body//a[not({})]".format(
    " or ".join(f"ancestor::{tag}" for tag in _INLINE_HOSTS))


_BODIES = XPath("//body[not(ancestor::body)]")
_CHILDREN_HOLDING = XPath("*[contains(normalize-space(.), $key)]")


def _holding(tree: HtmlElement, key: str) -> list[HtmlElement]:
    """The elements under the body whose text, its spaces normalised, holds ``key``, in
    document order (``//body//*[contains(normalize-space(.), $key)]``). An element's text
    holds each of its children's, so only the children of the elements that hold the key
    are read: one XPath over every element read the page's text once for each level of its
    nesting (2.7 ms a search on the eval pages, 1.5 ms this way)."""
    found: list[HtmlElement] = []
    todo = [child for body in _BODIES(tree) for child in _CHILDREN_HOLDING(body, key=key)]
    todo.reverse()
    while todo:  # depth first, in document order
        element = todo.pop()
        found.append(element)
        todo += reversed(_CHILDREN_HOLDING(element, key=key))
    return found


def _signature(element: HtmlElement) -> tuple[object, ...]:
    """How an element and its parent are marked up: their tags and classes."""
    parent = element.getparent()
    return (element.tag, element.get("class"),
            None if parent is None else parent.tag, None if parent is None else parent.get("class"))


def find_notices(blocks: Sequence[Block], removed: Sequence[object | None],
                 language: str | None, markup: MarkupSignals | None, extent: range,
                 options: CleanerOptions,
                 exclude: frozenset[str] = frozenset()) -> dict[int, tuple[str, str]]:
    """The blocks (by index) that are notices by evidence beyond the rules, each with the rule
    id and kind that explain it. ``removed`` holds what earlier steps took out (None: kept);
    ``extent`` is where the article's paragraphs run, by the rules' verdicts. At its edges,
    blocks in another language that name notice concepts are not the article (a notice in
    other words than the rules know)."""
    kept = [i for i in range(len(blocks)) if removed[i] is None]
    inside = [i for i in kept if i in extent]
    # Evidence in full (the block's own language too) before and after the article and at its
    # edges, where a notice in another language stands, and for the short blocks between its
    # paragraphs that the cheap test finds in another language (a box in English under a
    # Tagalog article); for the others, in the article's language only (telling every
    # block's language would cost more than it finds).
    edges = set(_edge_run(blocks, inside, language, reversed)) | set(
        _edge_run(blocks, inside, language, iter))
    edges |= {i for i in inside if blocks[i].tag != "head"
              and weight(blocks[i].text) <= options.notice_label_chars
              and (own := block_language(blocks[i].text)[0]) and own != language}
    evidence = {i: _evidence(blocks[i], language, markup, options, exclude, whole=True)
                for i in kept if i not in extent or i in edges}
    _confirm_foreign(blocks, evidence, language, options)
    while inside and inside[-1] in edges and _shifted(evidence[inside[-1]]):
        inside.pop()
    while inside and inside[0] in edges and _shifted(evidence[inside[0]]):
        inside.pop(0)
    if not inside:
        inside = _brief(blocks, kept, language, options)
    repeats = Counter(blocks[i].norm for i in kept)
    if not inside or not (
            _seeds(blocks, removed, options)
            or any(_shifted(evidence[i]) for i in inside if i in evidence)
            or any(_is_notice(blocks[i], seen, "tail", False, options)
                   for i, seen in evidence.items() if i not in inside)
            or any(blocks[i].split or _labelled(blocks[i], language, options, exclude)
                   or _marked_inline(blocks[i], markup, repeats, options)
                   or _addressing(blocks[i], language, options, exclude)
                   or _buttoned(blocks[i], markup, language, options, exclude)
                   for i in inside)):
        return {}  # nothing to look at more closely: the usual page, at little cost
    for i in kept:
        if i not in evidence:
            evidence[i] = _evidence(blocks[i], language, markup, options, exclude, whole=False)
    least = _brief_chars(blocks, inside, options)
    article = [i for i in inside if _article_paragraph(blocks[i], evidence[i], options, least)]
    if not article:
        return {}
    first, last = article[0], article[-1]
    units = (_Units(markup, [blocks[i].norm for i in article], options)
             if markup is not None and markup.tree is not None else None)
    ends = [blocks[first].text, blocks[last].text]
    found: dict[int, tuple[str, str]] = {}
    several = options.notice_min_concepts
    named = {i: seen.concepts for i, seen in evidence.items()} | {
        i: block_concepts(blocks[i].text, language, exclude)[0]
        for i in range(len(blocks)) if _by_rule(removed[i])}
    walls = {i: size for i in kept if (size := _wall_size(blocks, named, i, article, options))}
    topical = _topical(blocks, [i for i in inside if i not in walls], evidence, repeats,
                       options)
    for i in kept:
        if i in article:
            continue
        place = "head" if i < first else "tail" if i > last else "inline"
        block, seen = blocks[i], evidence[i]
        # a wall in a box of its own, apart from the article's paragraphs (a newsletter promo
        # between them, an offer after them) needs one concept less; so does a short promo
        # speaking to the reader in a box, or a block whose box names more concepts
        # (``_Units.in_box``: asked last, it reads the page)
        boxed = (walls.get(i, 0) >= options.notice_run_concepts - 1 and units is not None
                 and units.apart(block.text, ends)) or _labels_teaser(
            blocks, removed, i, seen, options,
            lambda: units is not None and units.teaser_box(block.text, ends))  # noqa: B023
        walled = walls.get(i, 0) >= options.notice_run_concepts
        repeated = repeats[block.norm] > 1
        if not (block.split or _is_notice(block, seen, place, repeated, options, boxed)):
            boxed = units is not None and units.in_box(block, seen, ends, language, exclude)
            if not (boxed and _is_notice(block, seen, place, repeated, options, boxed)):
                continue
        # In the article's language, a notice stands apart: the page marks it (a link, a
        # container named for it, the same lines repeated, a box of its own); or, before or
        # after the article, it is as short as a button and stands in a wall, or as short as a
        # label and names several concepts, or after it is a short reproduction notice; or
        # it speaks to the reader (in words or with an order), naming several
        # concepts before or after the article (between its paragraphs, in a line as short as
        # a button), or from a box; or, set all in bold, between or after them; or it is a
        # short promo speaking to the reader. A sentence reporting on such things is none of
        # these.
        short = weight(block.text) <= options.notice_label_chars
        several_named = len(seen.concepts - {PRICE}) >= several
        # (after the article, a promo that speaks to the reader may run to two sentences)
        promo = bool(seen.concepts & PROMO_CONCEPTS) and (
            (short and place != "inline") or (place == "tail" and seen.addressed))
        # a prompt after the article: a short promo line, no heading and no sentence ("Get
        # our news on WhatsApp"); before it, such a line may be the story's own standfirst
        prompt = (promo and place == "tail" and block.tag != "head"
                  and SENTENCE_END.search(block.norm) is None)
        if not seen.foreign and (topical or not (
                seen.linked or seen.container or repeats[block.norm] > 1 or block.split or boxed
                or (seen.bold and place != "head") or (seen.addressed and promo) or prompt
                or (place == "tail" and short and RIGHTS in seen.concepts)
                or (place != "inline" and short and walled)
                or (place != "inline" and several_named
                    and weight(block.text) <= options.label_chars)
                or (seen.addressed and (
                    (several_named and (place != "inline" or short))
                    or (units is not None and units.apart(block.text, ends))))
                or (units is not None and units.in_box(block, seen, ends, language, exclude)))):
            continue
        found[i] = (NOTICE_CONCEPTS, kind_of(seen.concepts))
    if units is not None:
        _take_units(blocks, kept, article, removed, found, units, evidence, options)
    _take_language_runs(blocks, removed, found, evidence, range(first, last + 1), options)
    # Notices named in the article's own words that take that much of the page are no
    # notices: a page about offers, a deals page. A notice only other languages' words name
    # (a wall in another language under a short article) is no part of the article's topic.
    own_words = [i for i in found
                 if not language or concepts(blocks[i].text, language, exclude) - {PRICE}]
    taken = sum(len(blocks[i].text) for i in own_words)
    if taken > options.notice_max_share * sum(len(blocks[i].text) for i in kept):
        return {i: why for i, why in found.items() if i not in own_words}
    return found


def _take_units(blocks: Sequence[Block], kept: list[int], article: list[int],
                removed: Sequence[object | None], found: dict[int, tuple[str, str]],
                units: _Units, evidence: dict[int, Evidence], options: CleanerOptions) -> None:
    """Once part of a unit is a notice (found here, or removed by a rule as a notice that runs
    over blocks), every kept block of that unit that is no article paragraph goes with it."""
    seeds = {i: found[i][1] for i in found} | _seeds(blocks, removed, options)
    # a notice split off a paragraph shares its element with the paragraph: no unit of its
    # own; unless what it was split off is in another language (a box's English line and
    # button, joined into one block under an Arabic article)
    leads = {j - 1 for j in range(1, len(blocks)) if blocks[j].split
             and not (j - 1 in evidence and evidence[j - 1].foreign)}
    for i, seed_kind in seeds.items():
        unit = None if blocks[i].split and i - 1 in leads else units.unit(blocks[i].text)
        if not unit:
            continue
        members = [j for j in kept
                   if j not in article and j not in leads and blocks[j].norm in unit]
        kinds = [found[j][1] for j in members if j in found] + [seed_kind]
        kind = min(kinds, key=KIND_ORDER.index)
        for j in members:
            found[j] = (found[j][0] if j in found else NOTICE_UNIT, kind)


def _take_language_runs(blocks: Sequence[Block], removed: Sequence[object | None],
                        found: dict[int, tuple[str, str]], evidence: dict[int, Evidence],
                        extent: range, options: CleanerOptions) -> None:
    """A notice in another language before or after the article's paragraphs is one unit
    with the blocks beside it in that same language (its heading, a line naming nothing a
    lexicon knows), short enough to be a notice: a run the markup need not box."""
    for i, (_, kind) in list(found.items()):
        if i in extent or not evidence[i].foreign:
            continue
        own = block_language(blocks[i].text)[0]
        if own is None:  # (a language the cheap test cannot tell makes no run)
            continue
        for step in (-1, 1):
            j = i + step
            while 0 <= j < len(blocks) and j not in extent and (
                    _by_rule(removed[j]) or (
                        removed[j] is None and weight(blocks[j].text) <= options.notice_max_chars
                        and block_language(blocks[j].text)[0] == own)):
                if removed[j] is None:
                    found.setdefault(j, (NOTICE_UNIT, kind))
                j += step


def _topical(blocks: Sequence[Block], inside: list[int], evidence: dict[int, Evidence],
             repeats: Counter, options: CleanerOptions) -> bool:
    """Whether the article itself talks of such things (a deals page, a story about
    subscriptions): then its own lines cannot be told from notices by their words, only by a
    language shift. Judged on its prose: substantial blocks the page does not mark as links or
    repeat, at least two of them naming a concept, and ``notice_topic_share`` of them."""
    prose = [i for i in inside if weight(blocks[i].text) >= options.substantial_chars
             and not evidence[i].linked and repeats[blocks[i].norm] == 1]
    naming = sum(bool(evidence[i].concepts - {PRICE}) for i in prose)
    return naming >= 2 and naming >= options.notice_topic_share * len(prose)


def _wall_size(blocks: Sequence[Block], named: dict[int, frozenset[str]], i: int,
              article: list[int], options: CleanerOptions) -> int:
    """How many notice concepts the wall around block ``i`` names (a price counts as one),
    0 when there is none. A wall is a run of adjacent blocks (kept, or removed by a rule)
    outside the article's paragraphs that each name a concept and hold a line as short as a
    label (``label_chars``: a heading, a button, a login line): an article's paragraphs about
    offers are sentences. ``named``: the concepts of each block, by index."""
    if i in article or not named.get(i):
        return 0
    run = {i}
    for step in (-1, 1):
        j = i + step
        while j not in article and named.get(j):
            run.add(j)
            j += step
    if not any(weight(line) <= options.label_chars
               for j in run for line in blocks[j].text.split("\n")):
        return 0
    return len(set().union(*(named[j] for j in run)))


def _labels_teaser(blocks: Sequence[Block], removed: Sequence[object | None], i: int,
                   evidence: Evidence, options: CleanerOptions,
                   apart: Callable[[], bool]) -> bool:
    """Whether block ``i`` is a "read also" label over a teaser the cleaner removed, or heads
    a box of links of its own between the paragraphs (``teaser_box``)."""
    if TEASER not in evidence.concepts or weight(blocks[i].text) > options.label_chars:
        return False
    after = removed[i + 1] if i + 1 < len(blocks) else None
    return getattr(after, "kind", None) == "related" or apart()


def _seeds(blocks: Sequence[Block], removed: Sequence[object | None],
           options: CleanerOptions) -> dict[int, str]:
    """The blocks a rule removed as a notice that runs over blocks, by index, with their
    kind, whose unit may hold more of the notice: a kept neighbour short enough to be a
    notice (a button, a login line, a consent placeholder's text)."""
    def short_kept(j: int) -> bool:
        return (0 <= j < len(blocks) and removed[j] is None
                and weight(blocks[j].text) < options.notice_max_chars)
    return {i: removal.kind for i, removal in enumerate(removed)
            if _by_rule(removal) and removal.kind in MULTI_BLOCK
            and (short_kept(i - 1) or short_kept(i + 1))}


def _by_rule(removal: object | None) -> bool:
    """Whether a block was removed by a rule (not by structure alone)."""
    return removal is not None and not removal.rule.startswith(STRUCTURE)


def _shifted(evidence: Evidence) -> bool:
    """In another language than the article's, and naming a notice concept."""
    return evidence.foreign and bool(evidence.concepts)


def _marked_inline(block: Block, markup: MarkupSignals | None, repeats: Counter,
                   options: CleanerOptions) -> bool:
    """Whether a block between the article's paragraphs is marked the way an inline notice is
    (repeated, a link, a sentence all in bold): the cheap test before its words are read."""
    if block.tag in CONTENT_TAGS or weight(block.text) > options.notice_max_chars:
        return False
    return repeats[block.norm] > 1 or (markup is not None and (
        markup.link_share(block.norm) >= options.link_share
        or (weight(block.text) > options.label_chars and markup.emphasised(block.norm))))


def _buttoned(block: Block, markup: MarkupSignals | None, language: str | None,
              options: CleanerOptions, exclude: frozenset[str]) -> bool:
    """A block between the article's paragraphs, short enough to be a notice, holding a line
    shaped as a button (``button_words`` words at most, no sentence punctuation, a link) and
    naming a notice concept in the article's language (a donation appeal's "Destekçi ol"):
    the cheap test before its box is read."""
    if (markup is None or not language or block.tag in CONTENT_TAGS
            or weight(block.text) > options.notice_max_chars or "\n" not in block.text):
        return False
    return any(_button_worded(line, options)
               and markup.link_share(normalise(line)) >= options.link_share
               for line in block.text.split("\n")[1:]) and bool(
        concepts(block.text, language, exclude) - {PRICE})


def _button_worded(text: str, options: CleanerOptions) -> bool:
    """Worded as a button: ``button_words`` words at most, no sentence punctuation."""
    return len(text.split()) <= options.button_words and not SENTENCE_END.search(text)


def _labelled(block: Block, language: str | None, options: CleanerOptions,
              exclude: frozenset[str]) -> bool:
    """A line as short as a label naming a notice concept in the article's language (a box's
    heading or button between the paragraphs): the cheap test before every block is read."""
    return bool(language) and weight(block.text) <= options.label_chars and bool(
        concepts(block.text, language, exclude) - {PRICE})


def _addressing(block: Block, language: str | None, options: CleanerOptions,
                exclude: frozenset[str]) -> bool:
    """A block between the article's paragraphs, short enough to be a notice, that speaks to
    the reader (in words or with an order) and names a notice concept in the article's
    language (a consent placeholder, a promo): the cheap test before its box is read."""
    return (bool(language) and block.tag not in CONTENT_TAGS
            and weight(block.text) <= options.notice_max_chars
            and (addresses_reader(block.text, language) or orders_reader(block.text, language))
            and bool(concepts(block.text, language, exclude) - {PRICE}))


def _confirm_foreign(blocks: Sequence[Block], evidence: dict[int, Evidence],
                     language: str | None, options: CleanerOptions) -> None:
    """The cheap per-block language told these blocks apart from the article: langdetect, run
    once on all of them that name a concept, must agree, or they count as the article's."""
    shifted = [i for i, seen in evidence.items() if seen.foreign and seen.concepts]
    if not shifted:
        return
    code, probability = detect(" ".join(blocks[i].text for i in shifted), options)
    if code is None or code == language or probability < options.foreign_probability:
        for i in shifted:
            evidence[i] = replace(evidence[i], foreign=False)


def _edge_run(blocks: Sequence[Block], inside: list[int], language: str | None,
              order) -> Iterator[int]:
    """The blocks at one edge of the article that may be a notice in another language: from
    the edge inward, while the block is not in the article's language by the cheap test."""
    for i in order(inside):
        own, _ = block_language(blocks[i].text)
        if not own or own == language:
            return
        yield i


def _evidence(block: Block, language: str | None, markup: MarkupSignals | None,
              options: CleanerOptions, exclude: frozenset[str], whole: bool) -> Evidence:
    """What speaks for a block being a notice; ``whole``: in its own language too, else in the
    article's only. A block too long to be a notice needs none."""
    if weight(block.text) > options.notice_max_chars:
        return Evidence(concepts(block.text, language, exclude) if language else frozenset(),
                        False, False, False, False, False)
    if reports_speech(block.text, language):  # the article reporting advice: no notice
        return Evidence(frozenset(), False, False, False, False, False)
    if whole:
        found, foreign = block_concepts(block.text, language, exclude)
    else:
        found = concepts(block.text, language, exclude) if language else frozenset()
        foreign = None
    if not found:
        return Evidence(found, bool(foreign), False, False, False, False)
    # an order may be told in either language (the cheap test mistakes a short line's)
    addressed = addresses_reader(block.text, foreign or language) or any(
        orders_reader(block.text, lang) for lang in {foreign, language} if lang)
    offer = bool(found & OFFER_CONCEPTS) or (PRICE in found and bool(found & PRICED_CONCEPTS)) or (
        bool(found - {PRICE}) and weight(block.text) <= options.notice_label_chars)
    linked = container = bold = False
    if found and markup is not None:
        linked = markup.link_share(block.norm) >= options.link_share
        container = markup.in_container(block.norm, kind_of(found))
        # a bold question of an interview names one concept, a bold prompt a promo or more
        bold = (weight(block.text) > options.label_chars and markup.emphasised(block.norm)
                and (bool(found & PROMO_CONCEPTS)
                     or len(found - {PRICE}) >= options.notice_min_concepts))
    return Evidence(found, bool(foreign), offer, linked, container, addressed, bold)


def _brief_chars(blocks: Sequence[Block], inside: list[int], options: CleanerOptions) -> int:
    """How long a paragraph of the article must be: ``substantial_chars``, or on a brief
    whose paragraphs are all shorter, ``brief_share`` of its longest one (at least
    ``brief_min_chars``), so that a notice after a brief is found as after a long article."""
    longest = max((weight(blocks[i].text) for i in inside if blocks[i].tag != "head"),
                  default=0)
    if longest >= options.substantial_chars:
        return options.substantial_chars
    return max(options.brief_min_chars, round(options.brief_share * longest))


def _brief(blocks: Sequence[Block], kept: list[int], language: str | None,
           options: CleanerOptions) -> list[int]:
    """On a brief whose paragraphs are all shorter than the notice beside it (the rules'
    extent is then the notice's, in another language), the article's extent: the kept
    blocks from the first to the last paragraph in the page's language at least
    ``_brief_chars`` long."""
    own = [i for i in kept if blocks[i].tag != "head"
           and weight(blocks[i].text) >= options.brief_min_chars
           and block_language(blocks[i].text)[0] == language]
    least = _brief_chars(blocks, own, options)
    own = [i for i in own if weight(blocks[i].text) >= least]
    return [i for i in kept if own and own[0] <= i <= own[-1]]


def _article_paragraph(block: Block, evidence: Evidence, options: CleanerOptions,
                       least: int) -> bool:
    """Prose of the article: at least ``least`` long, and naming no notice concept, or long,
    in the article's language and outside any notice container (an article about
    subscriptions)."""
    if block.tag == "head" or weight(block.text) < least:
        return False
    if not evidence.concepts - {PRICE}:
        return True
    return (weight(block.text) >= options.notice_max_chars and not evidence.foreign
            and not evidence.container and not evidence.linked)


def _is_notice(block: Block, evidence: Evidence, place: str, repeated: bool,
               options: CleanerOptions, boxed: bool = False) -> bool:
    """Whether the evidence for a block reaches ``options.notice_score``.

    Between the article's paragraphs a block is prose unless the page marks it: a container
    named for a notice, a teaser link ("read also"), or the same lines repeated (an embedded
    post's consent placeholder), or a wall in a box of its own (``boxed``); a link naming
    anything else is a link in the story."""
    marked = (evidence.linked or evidence.container or boxed
              or (evidence.bold and place != "head"))
    named = evidence.concepts - {PRICE}
    if block.tag in CONTENT_TAGS or not named or weight(block.text) > options.notice_max_chars:
        return False
    addressed_line = (evidence.addressed and len(named) >= options.notice_min_concepts
                      and weight(block.text) <= options.notice_label_chars)
    if place == "inline" and not (evidence.container or repeated or boxed or addressed_line
                                  or evidence.foreign or evidence.bold or (
            evidence.linked and TEASER in named)):
        return False
    score = (options.notice_concept_weight * min(len(named), 3)
             + options.notice_offer_weight * (evidence.offer or (
                 evidence.addressed and bool(named & PROMO_CONCEPTS)))
             + options.notice_foreign_weight * evidence.foreign
             + options.notice_markup_weight * marked
             + options.notice_repeat_weight * repeated
             + (options.notice_edge_weight if place != "inline" else 0.0))
    return score >= options.notice_score
