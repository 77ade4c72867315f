"""The filters of ``newsscrape warc``: by host before the payload is read, by language after
detection, by publication date after extraction."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlsplit

from ..items import Article


@dataclass(frozen=True)
class Filters:
    """``domains``: hosts taken with their subdomains, whole labels only; ``languages``:
    ISO 639-1 codes; ``since``/``until``: publication dates, inclusive (an undated article is
    kept unless ``require_date``)."""

    domains: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    since: date | None = None
    until: date | None = None
    require_date: bool = False

    def url_reason(self, url: str | None) -> str | None:
        """``domain`` when the URL's host is none of ``domains`` nor under one; else None."""
        if not self.domains:
            return None
        host = (urlsplit(url or "").hostname or "").rstrip(".")
        if any(host == d or host.endswith("." + d) for d in self.domains):
            return None
        return "domain"

    def article_reason(self, article: Article) -> str | None:
        """``language`` or ``date`` when the article is to be left out; else None."""
        if self.languages and article.language not in self.languages:
            return "language"
        if not (self.since or self.until or self.require_date):
            return None
        published = _day(article.published)
        if published is None:
            return "date" if self.require_date else None
        if (self.since and published < self.since) or (self.until and published > self.until):
            return "date"
        return None


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text[:10]) if text else None
    except ValueError:
        return None


def domain(text: str) -> str:
    """A ``--domain`` value, normalised: lower case, no scheme, path or dots at the ends."""
    host = urlsplit(text if "//" in text else f"//{text}").hostname or ""
    if not host.strip("."):
        raise ValueError(f"not a domain: {text!r}")
    return host.strip(".")
