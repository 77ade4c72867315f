"""Clean article text from news pages: extract -> detect language -> clean.

Two entry points, no Scrapy needed:

- :func:`clean_page` takes a page's HTML (and URL) and returns the clean article with its
  metadata, or None when the page holds no article;
- :func:`clean_blocks` takes blocks of text and a language and returns the kept blocks and the
  removals, each naming the rule that took it.
"""

from ._page import CleanArticle, clean_page
from .blocks import Block, render
from .clean import Cleaned, Removal, clean_blocks
from .options import CleanerOptions
from .rules import RuleSet, load_rules

__all__ = ["Block", "CleanArticle", "CleanerOptions", "Cleaned", "Removal", "RuleSet",
           "clean_blocks", "clean_page", "load_rules", "render"]
