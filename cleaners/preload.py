"""Build up front what the page path otherwise builds on its first pages, for every language.

A process that extracts many pages (the crawl's workers' forkserver) calls ``preload`` once:
what it builds is then shared by every process forked from it instead of built again in
each. Measured in one process (``bench.throughput``'s pages): 51 MiB and 0.3 s,
which each worker used to spend on its first pages:

- every language's lexicon matcher and address patterns (12 MiB, 0.12 s);
- jusText's stop words, joined and made a set, as trafilatura's fallback uses them on a page
  whose language it is not told (32 MiB, 0.06 s);
- htmldate's date parser (dateparser), which reads a date in words, and its 205 locales, which
  it loads one by one as pages name dates in their languages (8 MiB, 0.15 s).

A one-page command does not call it: it would build tables that page never reads.
"""

from __future__ import annotations

import justext.core
from dateparser.languages.loader import default_loader
from htmldate.extractors import external_date_parser
from trafilatura import external

from . import address, lexicon, reported


def preload(exclude: frozenset[str] = lexicon.NONE) -> None:
    """Build the lazily built tables of every language now (the lexicon's without the
    concepts seen on the ``exclude`` pages, as a leave-publisher-out rule set asks)."""
    for code in lexicon.languages():
        lexicon.concepts("", code, exclude)
    lexicon.concepts_any("", exclude)
    for code in address.languages():
        address.addresses_reader("", code)
        address.orders_reader("", code)
    reported.reports_speech("", "en")
    justext.core.define_stoplist(external.jt_stoplist_init())
    external_date_parser("3 December 2026", "%Y-%m-%d")
    for _ in default_loader.get_locales():
        pass
