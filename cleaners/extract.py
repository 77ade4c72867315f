"""Run trafilatura on a page and return its article as blocks, with metadata and page signals.

No Scrapy here: the same call serves a crawl, a saved page and a unit test.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from copy import deepcopy
from dataclasses import dataclass, field
from functools import cache

import trafilatura
from charset_normalizer import from_bytes
from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.utils import load_html
from trafilatura.xml import xmltotxt
from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
)

from .appended import appended_articles
from .blocks import Block
from .markup import MarkupSignals, read_markup
from .options import DEFAULT, CleanerOptions
from .stoplists import install as install_cached_stoplists
from .titles import clean_title

logger = logging.getLogger(__name__)
install_cached_stoplists()  # trafilatura's jusText fallback: its stop words from the cache

# The article-extraction-benchmark's own setting for trafilatura, with metadata.
TRAFILATURA_OPTIONS = {"include_comments": False, "with_metadata": True, "output_format": "json"}
_WEB_FALLBACKS = ("utf_8", "cp1252")
# The thresholds (declared body share, rejoining) are in ``cleaners/options.py``.
_PARAGRAPHS = re.compile(r"\n\s*")
# Markdown in a declared articleBody (some publishers declare their source text): a link's
# text stands for the link, an emphasised phrase for itself; an attribute list ("{: .small}",
# kramdown's) is markup.
_MARKDOWN_LINK = re.compile(r"\[([^\]\n]+)\]\((?:https?://|/)[^)\s]*\)")
_MARKDOWN_ATTRIBUTES = re.compile(r"\{:[^}\n]*\}")
_MARKDOWN_EMPHASIS = re.compile(r"(?<![\w*])(\*{1,2})(?=\S)([^*\n]+?)(?<=\S)\1(?![\w*])")
_COUNT_CLASSED_P = XPath("count(//body//p[@class])")
_CLASSED_P = XPath("//body//p[@class][string-length(normalize-space(.)) >= $chars]")
_BLOCK_TAGS = {"p", "head", "quote", "table", "code", "list"}
_HEADING_REND = re.compile(r"h[1-6]")


@dataclass
class Metadata:
    """What a page says about its article, besides the text."""

    title: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    published: str | None = None
    site_name: str | None = None
    image: str | None = None
    tags: list[str] = field(default_factory=list)
    canonical_url: str | None = None


@dataclass
class Extraction:
    """What trafilatura found on a page, before cleaning."""

    blocks: list[Block]
    meta: Metadata = field(default_factory=Metadata)
    markup: MarkupSignals = field(default_factory=MarkupSignals)
    # Headlines of the other whole articles the page appends, left out before extraction.
    appended: list[str] = field(default_factory=list)


def parse_html(html: str | bytes) -> HtmlElement | None:
    """Parse a page the way trafilatura does (its encoding guess and repairs)."""
    return load_html(html)


def _split_authors(author: str | None) -> list[str]:
    return [a.strip() for a in (author or "").split(";") if a.strip()]


def body_blocks(body) -> list[Block]:
    """trafilatura's XML body -> blocks: paragraphs, headings, quotes, tables, list items."""
    blocks: list[Block] = []
    for index, element in enumerate(body):
        if element.tag not in _BLOCK_TAGS:
            text = xmltotxt(element, False)
            if text:
                blocks.append(Block(text, "p"))
            continue
        if element.tag == "list":
            for item in element:
                text = xmltotxt(item, False).lstrip("-• ").strip()
                if text:
                    blocks.append(Block(text, "item", group=index))
            continue
        text = xmltotxt(element, False)
        if text:
            rend = element.get("rend") or ""
            heading = element.tag == "head" and _HEADING_REND.fullmatch(rend)
            level = int(rend[1]) if heading else None
            blocks.append(Block(text, element.tag, level=level))
    return blocks


def extract(html: str | bytes | HtmlElement, url: str | None = None,
            options: CleanerOptions = DEFAULT) -> Extraction | None:
    """Extract a page's article blocks and metadata; None when trafilatura finds no article."""
    tree = html if isinstance(html, HtmlElement) else parse_html(html)
    if tree is None:
        return None
    tree, appended = _without_appended(tree, owned=tree is not html, options=options)
    # bare_extraction works on its own copy of the tree: ours stays whole for read_markup.
    doc = trafilatura.bare_extraction(tree, url=url, **TRAFILATURA_OPTIONS)
    if doc is None or doc.body is None:
        return None
    markup = read_markup(tree, doc.url or url)
    blocks = body_blocks(doc.body)
    declared = markup.article_body
    if declared and sum(len(b.text) for b in blocks) < options.declared_body_share * len(declared):
        # trafilatura found a fraction of the article the page itself declares: take that
        plain = _MARKDOWN_EMPHASIS.sub(r"\2", _MARKDOWN_ATTRIBUTES.sub(
            "", _MARKDOWN_LINK.sub(r"\1", declared)))
        blocks = [Block(p.strip()) for p in _PARAGRAPHS.split(plain) if p.strip()]
    else:
        blocks = rejoin_split_article(tree, blocks, options)
    if not blocks:
        return None
    title, site_name = clean_title(doc.title, tree, doc.sitename, doc.url or url)
    meta = Metadata(
        title=title,
        description=doc.description or None,
        authors=_split_authors(doc.author),
        published=markup.published or doc.date or None,
        site_name=site_name or None,
        image=doc.image or None,
        tags=list(dict.fromkeys([*(doc.categories or []), *(doc.tags or [])])),
        canonical_url=doc.url or url,
    )
    return Extraction(blocks, meta, markup, appended)


def _without_appended(tree: HtmlElement, owned: bool,
                      options: CleanerOptions) -> tuple[HtmlElement, list[str]]:
    """The page without the articles it appends after its own, and their headlines.

    A tree the caller passed in stays whole: the articles are taken out of a copy.
    """
    appended = appended_articles(tree, options)
    if appended and not owned:
        tree = deepcopy(tree)
        appended = appended_articles(tree, options)
    headlines = [" ".join(a.xpath("string(.//h1)").split()) for a in appended]
    for article in appended:
        article.drop_tree()
    return tree, headlines


def guess_encoding(body: bytes) -> str | None:
    """charset_normalizer's guess; among equally good guesses, the web's usual legacy encoding.

    Western European text decodes equally well as windows-1250 and windows-1252 (``ñ`` or
    ``ń``); browsers fall back to windows-1252, and so do we.
    """
    results = from_bytes(body)
    best = results.best()
    if best is None:
        return None
    tied = {r.encoding for r in results if (r.chaos, r.coherence) == (best.chaos, best.coherence)}
    return next((e for e in _WEB_FALLBACKS if e in tied), best.encoding)


def rejoin_split_article(tree: HtmlElement, blocks: list[Block],
                         options: CleanerOptions = DEFAULT) -> list[Block]:
    """Add back the paragraphs of an article that the page splits over several containers.

    Some sites break the body into boxes between ads and rails, and trafilatura keeps the
    largest. When at least ``rejoin_min_matches`` extracted paragraphs (of
    ``rejoin_min_chars``) stand in ``<p>`` elements of one class, the other paragraphs of that
    class are the rest of the article: they go back in, in page order, if they add at least
    ``rejoin_share`` of the text (a few stray ones are left alone).
    """
    def flat(text: str) -> str:
        return " ".join(text.split())

    if _COUNT_CLASSED_P(tree) < len(blocks) + options.rejoin_min_matches:  # nothing left out
        return blocks
    position = {flat(b.text): n for n, b in enumerate(blocks)}
    paragraphs = [(p.get("class"), flat(p.text_content()))
                  for p in _CLASSED_P(tree, chars=options.rejoin_min_chars)]
    shared = Counter(name for name, text in paragraphs if text in position).most_common(1)
    if not shared or shared[0][1] < options.rejoin_min_matches:
        return blocks
    after: dict[int, list[Block]] = {}
    last = -1
    for name, text in paragraphs:
        if name != shared[0][0]:
            continue
        if text in position:
            last = position[text]
        else:
            after.setdefault(last, []).append(Block(text))
    added = sum(len(b.text) for missing in after.values() for b in missing)
    if added < options.rejoin_share * sum(len(b.text) for b in blocks):
        return blocks
    joined = after.get(-1, [])
    for n, block in enumerate(blocks):
        joined += [block, *after.get(n, [])]
    return joined


@dataclass(frozen=True)
class Decoded:
    """A page's text and how it was decoded."""

    text: str
    encoding: str  # the codec that decoded it
    declared: str | None  # what the BOM, the Content-Type header or the <meta> named
    contradicted: bool  # the bytes contradict the declaration: charset-normalizer decided


def decode(body: bytes, content_type: str | None = None) -> Decoded:
    """Decode a page: its BOM, else the charset of ``content_type`` (the HTTP header), else
    its ``<meta>``; when the bytes contradict that declaration, or none is made,
    charset-normalizer decides.

    A declaration is contradicted when the bytes do not decode under it, or when it names a
    single-byte charset and the bytes are valid UTF-8 with multi-byte sequences (a UTF-8 page
    whose template still says iso-8859-15). w3lib's ``html_to_unicode`` never falls back: a
    windows-1252 page declared utf-8 would come out with U+FFFD.
    """
    bom_encoding, bom = read_bom(body)
    if bom_encoding:
        return Decoded(body[len(bom):].decode(bom_encoding, "replace"), bom_encoding,
                       bom_encoding, False)
    declared = http_content_type_encoding(content_type) or html_body_declared_encoding(body)
    if declared:
        try:
            text = body.decode(declared)
        except UnicodeDecodeError:
            text = None
        if text is not None and not (_single_byte(declared) and _utf8_multibyte(body)):
            return Decoded(text, declared, declared, False)
    guessed = guess_encoding(body) or "utf-8"
    return Decoded(body.decode(guessed, "replace"), guessed, declared, declared is not None)


@cache
def _single_byte(encoding: str) -> bool:
    """Whether every byte is a character of its own in ``encoding`` (a few may be undefined)."""
    alone = 0
    for byte in range(256):
        try:
            alone += len(bytes([byte]).decode(encoding)) == 1
        except UnicodeDecodeError:
            pass
    return alone >= 240


def _utf8_multibyte(body: bytes) -> bool:
    """Whether ``body`` is valid UTF-8 with at least one multi-byte sequence."""
    if body.isascii():
        return False
    try:
        body.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True
