"""One page to one record: clean it, then build the Article, or the error saying why not;
and the check of records against the published JSON Schema (scraper/schema/).

Shared by the Scrapy pipeline and ``newsscrape extract`` so both give the same records.
"""

from __future__ import annotations

import json
import logging
from functools import cache
from importlib import resources
from typing import Any

from jsonschema import Draft202012Validator
from lxml.etree import ParserError

from cleaners import clean_page

from .items import Article, FetchError

logger = logging.getLogger(__name__)


def article_or_error(html: str | bytes, *, url: str | None, fetched_at: str,
                     source_file: str | None = None,
                     language_hint: str | None = None) -> Article | FetchError:
    """The page's clean article, or a FetchError (no_article, consent_wall, login_wall...)."""
    where = {"url": url, "source_file": source_file, "fetched_at": fetched_at}
    content = html if isinstance(html, bytes) else html.encode("utf-8", "replace")
    try:
        clean = clean_page(html, url, language_hint)
    except (ParserError, ValueError, TypeError) as exc:
        return FetchError(error="broken_html", message=f"cannot parse the page: {exc}", **where)
    except Exception as exc:  # noqa: BLE001 (one page's bug must not stop the others)
        logger.exception("%s: extraction failed", url or source_file)
        return FetchError(error="extraction_error", message=f"{type(exc).__name__}: {exc}",
                          **where)
    if clean is None:
        return FetchError(error="no_article", message="no article text found on the page", **where)
    if not clean.text:
        wall = clean.wall
        message = (f"the page shows only a {wall.replace('_', ' ')} "
                   f"({len(clean.removed)} notice blocks)" if wall else
                   "every block of the page's text was a notice")
        return FetchError(error=wall or "no_article", message=message, **where)
    return Article.from_clean(clean, url=url, fetched_at=fetched_at, source_file=source_file,
                              content=content)


@cache
def schema() -> dict[str, Any]:
    """The published JSON Schema of an article record."""
    return json.loads((resources.files(__package__) / "schema" / "article.schema.json").read_text())


@cache
def _validator() -> Draft202012Validator:
    return Draft202012Validator(schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


def problems(record: dict[str, Any]) -> list[str]:
    """What is wrong with an article record; empty when it is valid."""
    return [f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}"
            for e in _validator().iter_errors(record)]
