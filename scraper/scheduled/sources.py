"""Load and validate the sources file (TOML) used by scheduled crawls.

Example::

    [sources.elpais-en]
    feeds = ["https://english.elpais.com/rss/"]
    sitemaps = ["https://english.elpais.com/sitemap_news.xml"]
    start_urls = ["https://english.elpais.com/international/"]
    allow = ['/\\d{4}-\\d{2}-\\d{2}/']
    deny = []
    language = "en"
    max_age_days = 3
    max_depth = 1
"""

import logging
import re
import tomllib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ..canonical import http_url_problem

logger = logging.getLogger(__name__)

NAME_RE = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*")
LANGUAGE_RE = re.compile(r"[a-z]{2}")
URL_KEYS = ("feeds", "sitemaps", "start_urls")
REGEX_KEYS = ("allow", "deny")
ALLOWED_KEYS = (*URL_KEYS, *REGEX_KEYS, "language", "max_age_days", "max_depth")
MAX_AGE_DAYS = 36_500  # a century: more is a typo, and overflows date arithmetic


class SourcesError(Exception):
    """The sources file, or a source selection, is invalid."""


@dataclass(frozen=True)
class Source:
    name: str
    feeds: tuple[str, ...] = ()
    sitemaps: tuple[str, ...] = ()
    start_urls: tuple[str, ...] = ()
    allow: tuple[re.Pattern[str], ...] = ()
    deny: tuple[re.Pattern[str], ...] = ()
    language: str | None = None
    max_age_days: float | None = None
    max_depth: int = 1

    def is_article_url(self, url: str) -> bool:
        """True if `url` matches an `allow` regex (or there are none) and no `deny` regex."""
        return self.refusal(url) is None

    def refusal(self, url: str) -> str | None:
        """Which key turns `url` away as an article: "deny", "allow" (it matches none), or
        None when it is an article URL."""
        if any(p.search(url) for p in self.deny):
            return "deny"
        if self.allow and not any(p.search(url) for p in self.allow):
            return "allow"
        return None


def load_sources(path: Path) -> list[Source]:
    """Read `path` and return its sources in file order; raise SourcesError if invalid."""
    try:
        with path.open("rb") as f:
            data = tomllib.load(f)
    except FileNotFoundError:
        raise SourcesError(f"{path}: file not found") from None
    except OSError as exc:
        raise SourcesError(f"{path}: cannot read: {exc.strerror}") from exc
    except tomllib.TOMLDecodeError as exc:
        # The message ends with "(at line L, column C)".
        raise SourcesError(f"{path}: invalid TOML: {exc}") from exc

    unknown = sorted(set(data) - {"sources"})
    if unknown:
        raise SourcesError(
            f"{path}: unknown top-level key(s) {_quoted(unknown)}; allowed: 'sources'"
        )
    table = data.get("sources")
    if not isinstance(table, dict) or not table:
        raise SourcesError(
            f"{path}: expected a [sources.<name>] table with at least one source"
        )
    sources = [_parse_source(path, name, spec) for name, spec in table.items()]
    logger.debug("loaded %d source(s) from %s", len(sources), path)
    return sources


def select(sources: list[Source], names: Iterable[str]) -> list[Source]:
    """Return the sources called `names`, in that order; all sources if `names` is empty."""
    names = list(names)
    if not names:
        return list(sources)
    by_name = {s.name: s for s in sources}
    unknown = [n for n in names if n not in by_name]
    if unknown:
        raise SourcesError(
            f"unknown source(s) {_quoted(unknown)}; known: {_quoted(by_name)}"
        )
    return [by_name[n] for n in dict.fromkeys(names)]


def _parse_source(path: Path, name: str, spec: Any) -> Source:
    def fail(key: str | None, message: str) -> SourcesError:
        where = f"{path}: source {name!r}" + (f", key {key!r}" if key else "")
        return SourcesError(f"{where}: {message}")

    if not NAME_RE.fullmatch(name):
        raise fail(None, "invalid name: use letters, digits, '_', '.', '-', starting "
                         "with a letter or digit (it becomes a folder name)")
    if not isinstance(spec, dict):
        raise fail(None, "expected a table")
    unknown = sorted(set(spec) - set(ALLOWED_KEYS))
    if unknown:
        raise fail(unknown[0], f"unknown key; allowed keys: {', '.join(ALLOWED_KEYS)}")

    values: dict[str, Any] = {}
    for key in URL_KEYS + REGEX_KEYS:
        items = spec.get(key, [])
        if not isinstance(items, list) or not all(isinstance(i, str) for i in items):
            raise fail(key, "expected a list of strings")
        values[key] = tuple(items)

    for key in URL_KEYS:
        for url in values[key]:
            if problem := http_url_problem(url):
                raise fail(key, f"{problem}: {url!r}")
    if not any(values[key] for key in URL_KEYS):
        raise fail(None, f"needs at least one of {', '.join(URL_KEYS)}")

    for key in REGEX_KEYS:
        patterns = []
        for pattern in values[key]:
            try:
                patterns.append(re.compile(pattern))
            except re.error as exc:
                raise fail(key, f"invalid regular expression {pattern!r}: {exc}") from exc
        values[key] = tuple(patterns)

    language = spec.get("language")
    if language is not None and not (
        isinstance(language, str) and LANGUAGE_RE.fullmatch(language)
    ):
        raise fail("language", f"expected a 2-letter lowercase ISO 639-1 code, got {language!r}")

    max_age_days = spec.get("max_age_days")
    if max_age_days is not None and not (_is_positive(max_age_days, (int, float))
                                         and max_age_days <= MAX_AGE_DAYS):
        raise fail("max_age_days", f"expected a positive number of days up to {MAX_AGE_DAYS}, "
                                   f"got {max_age_days!r}")

    max_depth = spec.get("max_depth", 1)
    if not _is_positive(max_depth, (int,)):
        raise fail("max_depth", f"expected a positive integer, got {max_depth!r}")

    return Source(
        name=name,
        language=language,
        max_age_days=max_age_days,
        max_depth=max_depth,
        **values,
    )


def _is_positive(value: Any, types: tuple[type, ...]) -> bool:
    # bool is an int subclass: `max_depth = true` must not pass as 1.
    return isinstance(value, types) and not isinstance(value, bool) and value > 0


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(repr(n) for n in names)
