"""Clean article text from news pages: extract -> detect language -> clean.

Two entry points, no Scrapy needed:

- :func:`clean_page` takes a page's HTML (and URL) and returns the clean article with its
  metadata, or None when the page holds no article;
- :func:`clean_blocks` takes blocks of text and a language and returns the kept blocks and the
  removals, each naming the rule that took it.

The names below are imported on first use (PEP 562): ``import cleaners.options`` alone, as a
command does to check ``-s CLEANER_*`` values, does not load trafilatura and the rules.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ._page import CleanArticle, clean_page
    from .blocks import Block, render
    from .clean import Cleaned, Removal, clean_blocks
    from .options import CleanerOptions
    from .rules import RuleSet, load_rules

_HOMES = {
    "CleanArticle": "._page", "clean_page": "._page", "Block": ".blocks", "render": ".blocks",
    "Cleaned": ".clean", "Removal": ".clean", "clean_blocks": ".clean",
    "CleanerOptions": ".options", "RuleSet": ".rules", "load_rules": ".rules",
}
__all__ = sorted(_HOMES)


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOMES})


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(_HOMES[name], __name__), name)
    globals()[name] = value  # (looked up once)
    return value
