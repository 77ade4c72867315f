"""The records newsscrape handles: a fetched page, an article (the JSONL schema), an error."""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from functools import cache
from typing import TYPE_CHECKING, Any

from . import __version__
from .canonical import canonical_url, stable_id

if TYPE_CHECKING:
    from cleaners import CleanArticle

# The article record's fields, in the order they are written (scraper/schema/article.schema.json).
ARTICLE_FIELDS = (
    "id", "url", "canonical_url", "title", "description", "authors", "published", "language",
    "text", "removed", "paywalled", "site_name", "image", "tags", "fetched_at", "source_file",
    "source", "updated", "extractor", "warc",
)
HTML_TYPES = ("text/html", "application/xhtml+xml")
ERROR_FIELDS = ("url", "source_file", "error", "status", "message", "fetched_at")


@cache
def _trafilatura_version() -> str:
    """trafilatura's version, as it states it (its package metadata says the same, but
    ``importlib.metadata`` costs start-up; trafilatura is imported by then)."""
    import trafilatura

    return trafilatura.__version__


# The byte patterns of the WHATWG MIME sniffing standard that say "text/html".
_HTML_START = re.compile(
    rb"(?:\xef\xbb\xbf)?[\t\n\x0c\r ]*(?:<!--|<(?:!doctype html|html|head|script|iframe|h1|"
    rb"div|font|table|a|style|title|b|body|br|p)[ >])", re.IGNORECASE)


@dataclass
class Page:
    """A fetched page on its way to its record: plain data, so it pickles (worker processes)."""

    url: str | None  # final, after redirects; None for a file read without --url
    body: bytes = field(repr=False)
    headers: list[tuple[str, str]]  # the response's headers, as sent (names and values)
    fetched_at: str
    status: int | None = None  # the HTTP status; None for a file
    requested_url: str | None = None  # the URL given, or listed by a feed or sitemap
    source: str | None = None  # scheduled crawls: the source (sources file) that listed it
    source_date: datetime | None = None  # its date in that source's feed or sitemap
    language_hint: str | None = None  # the source's configured language
    source_file: str | None = None  # extract: the file read
    warc: dict[str, Any] | None = None  # newsscrape warc: the record's file, offset, record id

    def header(self, name: str) -> str | None:
        """The first value of header ``name`` (any case), or None."""
        wanted = name.lower()
        return next((value for key, value in self.headers if key.lower() == wanted), None)

    def is_html(self) -> bool:
        """An HTML page by its Content-Type, or by its first bytes when it has none (the
        WHATWG MIME sniffing patterns for HTML: a BOM and white space skipped, then one of
        the tags that open a page, or a comment, ended by a space or ``>``)."""
        kind = (self.header("Content-Type") or "").split(";")[0].strip().lower()
        if kind:
            return kind in HTML_TYPES
        return _HTML_START.match(self.body[:512]) is not None

    def error(self, code: str, message: str) -> FetchError:
        """A named error for this page, under the URL it was asked for."""
        return FetchError(url=self.requested_url or self.url, error=code, message=message,
                          fetched_at=self.fetched_at, status=self.status,
                          source_file=self.source_file, source=self.source)


@dataclass
class Article:
    """One clean article: a line of the output."""

    id: str
    url: str | None
    canonical_url: str | None
    title: str | None
    description: str | None
    authors: list[str]
    published: str | None
    language: str | None
    text: str
    removed: list[dict[str, str]]
    paywalled: bool | None
    site_name: str | None
    image: str | None
    tags: list[str]
    fetched_at: str
    source_file: str | None
    extractor: dict[str, Any]
    source: str | None = None
    updated: str | None = None  # fetched_at of this version when it replaces an older text
    warc: dict[str, Any] | None = None  # newsscrape warc: the record's file, offset, record id
    # Its feed or sitemap date and the URL the feed or sitemap listed, for the seen store;
    # never exported.
    source_date: datetime | None = field(default=None, repr=False)
    requested_url: str | None = field(default=None, repr=False)
    # The page's bytes contradicted its declared charset (stat newsscrape/charset_mismatch);
    # never exported.
    charset_mismatch: bool = field(default=False, repr=False)

    @classmethod
    def from_clean(cls, clean: CleanArticle, *, url: str | None, fetched_at: str,
                   source_file: str | None = None, content: bytes | None = None) -> Article:
        """Build the record; ``id`` hashes the canonical URL, or ``content`` when there is none."""
        meta = clean.meta
        address = meta.canonical_url or url
        canonical = canonical_url(address) if address else None
        return cls(
            id=stable_id(canonical if canonical else content or clean.text),
            url=url,
            canonical_url=canonical,
            title=meta.title,
            description=meta.description,
            authors=meta.authors,
            published=meta.published,
            language=clean.language,
            text=clean.text,
            removed=[r.as_dict() for r in clean.removed],
            paywalled=clean.paywalled,
            site_name=meta.site_name,
            image=meta.image,
            tags=meta.tags,
            fetched_at=fetched_at,
            source_file=source_file,
            extractor={"newsscrape": __version__, "trafilatura": _trafilatura_version(),
                       "rules": clean.rules_version,
                       **({"options": clean.options} if clean.options else {})},
        )


@dataclass
class FetchError:
    """An input that gave no article, and why. ``error`` is a short code (see README)."""

    url: str | None
    error: str
    message: str
    fetched_at: str
    status: int | None = None
    source_file: str | None = None
    # Scheduled crawls (not in ERROR_FIELDS): the source, and which of its start points failed
    # ("feed", "sitemap", "start_url"), which fails the source; None for an article page.
    source: str | None = None
    start_point: str | None = None


def record(item: Article | FetchError) -> dict[str, Any]:
    """The exported fields of an item, in schema order: its own values, not copies (they are
    plain data already; ``dataclasses.asdict``'s deep copy cost 0.2 ms a record, made twice
    for each: the schema check, then the line)."""
    names = ARTICLE_FIELDS if isinstance(item, Article) else ERROR_FIELDS
    return {name: getattr(item, name) for name in names}


def json_line(data: dict[str, Any]) -> bytes:
    """One JSON line, UTF-8: the one serialiser of every output (feeds, dated files, extract).

    U+2028 and U+2029 are valid raw in JSON, but ``str.splitlines()`` and JavaScript split
    lines on them, so they are escaped.
    """
    line = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return (line.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029") + "\n").encode()
