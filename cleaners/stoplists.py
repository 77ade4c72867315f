"""jusText's stop words for trafilatura's fallback, read from the user cache.

When trafilatura falls back to jusText on a page whose language it is not told, it first
joins the hundred stoplists jusText ships (about 154,000 words; 0.1 s, once a process, on the
first such page: a fifth of a one-page run). ``install`` makes that join read one cache file
instead (``cleaners.cache``; 0.03 s), made from jusText's own files the first time: the same
words, so the same extraction. The file is named for jusText's version, the one source of
its content.
"""

from __future__ import annotations

import justext
from trafilatura import external

from . import cache as user_cache

NAME = f"justext-stoplists-{justext.__version__}.txt"
_JOIN = external.jt_stoplist_init  # trafilatura's own join of every stoplist


def joined_stoplists() -> tuple[str, ...]:
    """Every word of jusText's stoplists, from the cache file when there is one to trust."""
    try:
        text = (user_cache.cache_dir() / NAME).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        text = None
    if text:
        return tuple(text.split("\n"))
    words = _JOIN()

    def fill(path) -> None:
        path.write_text("\n".join(words), encoding="utf-8")

    user_cache.write_file(name=NAME, fill=fill)
    return tuple(words)


def _cached_join() -> tuple[str, ...]:
    """trafilatura's ``jt_stoplist_init``, from the cache: sets its ``JT_STOPLIST`` as it does."""
    external.JT_STOPLIST = joined_stoplists()
    return external.JT_STOPLIST


def install() -> None:
    """Have trafilatura's jusText fallback take its joined stoplists from the cache."""
    external.jt_stoplist_init = _cached_join
