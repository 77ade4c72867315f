"""Build up front the big tables the page path otherwise builds on its first pages.

A process that extracts many pages (the crawl's workers' forkserver) calls ``preload`` once:
what it builds is then shared by every process forked from it instead of built again in
each. Measured in one process (``bench.throughput``'s pages), each worker used to build, on
its first pages:

- every language's notice lexicon, and the matcher over all of them (12 MiB, 0.05 s);
- jusText's stop words, joined and made a set, as trafilatura's fallback uses them on a page
  whose language it is not told (32 MiB, 0.06 s).

Left to be built where a page needs them, because building them all costs the forkserver's
start (and so a crawl's first record) more than they weigh: the address patterns of 53
languages (0.07 s, under 1 MiB) and htmldate's date parser with dateparser's 205 locales
(0.17 s, 9.5 MiB). With them, a 60-page crawl's first record came 0.36 s later and its end
0.27 s later; without, 0.10-0.13 s and none. A one-page command does not call it.
"""

from __future__ import annotations

import justext.core
from trafilatura import external

from . import lexicon


def preload() -> None:
    """Build the lexicon's matchers for every language and jusText's stop words."""
    for code in lexicon.languages():
        lexicon.concepts("", code)
    lexicon.concepts_any("")
    justext.core.define_stoplist(external.jt_stoplist_init())
