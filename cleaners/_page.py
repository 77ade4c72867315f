"""The page entry point: HTML in, clean article and metadata out."""

from __future__ import annotations

from dataclasses import dataclass, field

from lxml.html import HtmlElement

from .blocks import render
from .clean import STRUCTURE_APPENDED, Removal, clean_blocks
from .extract import Metadata, extract
from .kinds import TRUNCATING, WALLS
from .language import article_language
from .options import DEFAULT, CleanerOptions
from .rules import RuleSet, load_rules


@dataclass
class CleanArticle:
    """A page's article after cleaning. ``text`` is empty when nothing article-like is left."""

    text: str
    language: str | None
    removed: list[Removal]
    paywalled: bool | None
    meta: Metadata = field(default_factory=Metadata)
    rules_version: str = ""
    options: dict[str, int | float] = field(default_factory=dict)  # the thresholds changed

    @property
    def wall(self) -> str | None:
        """Why no article is left (``consent_wall``, ``login_wall``), if notices ate it all."""
        if self.text:
            return None
        kinds = [WALLS[r.kind] for r in self.removed if r.kind in WALLS]
        return max(set(kinds), key=kinds.count) if kinds else None


def clean_page(html: str | bytes | HtmlElement, url: str | None = None,
               language_hint: str | None = None, *,
               rules: RuleSet | None = None,
               options: CleanerOptions = DEFAULT) -> CleanArticle | None:
    """Extract, detect the language, clean. None when trafilatura finds no article at all.

    When detection cannot tell, the page's ``lang`` decides, then ``language_hint`` (a
    source's configured language). ``rules`` defaults to the shipped rules, ``options`` to
    the default thresholds (``CleanerOptions.from_settings`` reads ``CLEANER_*`` settings)."""
    page = extract(html, url, options)
    if page is None:
        return None
    rules = rules or load_rules()
    prose = [b.text for b in page.blocks if b.tag in ("p", "item")]
    language = article_language(prose or [b.text for b in page.blocks],
                                page.markup.lang or language_hint, options)
    cleaned = clean_blocks(page.blocks, language, title=page.meta.title,
                           authors=page.meta.authors, markup=page.markup, rules=rules,
                           options=options)
    removed = cleaned.removed + [Removal(STRUCTURE_APPENDED, "related", headline)
                                 for headline in page.appended]
    declared = page.markup.accessible_for_free
    truncated = any(r.kind in TRUNCATING for r in cleaned.removed)
    return CleanArticle(
        text=render(cleaned.kept),
        language=language,
        removed=removed,
        paywalled=True if truncated or declared is False else (False if declared else None),
        meta=page.meta,
        rules_version=rules.version,
        options=options.changed(),
    )
