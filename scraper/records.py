"""The one path from a fetched page to its record: decode, clean, build, check.

``page_to_record`` is the only place a record is made. The Scrapy pipeline, ``newsscrape
extract`` (saved pages, WARC files) and the demo all call it, with the same decoding decision
and the same schema check; it takes and returns plain data that pickles, so it can run in a
worker process. No Scrapy here.
"""

from __future__ import annotations

import logging

from lxml.etree import ParserError

from cleaners import clean_page
from cleaners.extract import decode
from cleaners.options import DEFAULT, CleanerOptions

from .items import Article, FetchError, Page, record
from .schema import problems

logger = logging.getLogger(__name__)

def page_to_record(page: Page, options: CleanerOptions = DEFAULT) -> Article | FetchError:
    """The page's clean article, checked against the schema; or the FetchError saying why
    there is none (``not_html``, ``no_article``, ``consent_wall``, ``invalid_record``...).

    ``options`` are the cleaner's (``CLEANER_*`` settings).
    """
    result = _article_or_error(page, options)
    if isinstance(result, Article) and (found := problems(record(result))):
        logger.error("%s: invalid record: %s", result.url or result.source_file, "; ".join(found))
        result = page.error("invalid_record", "; ".join(found))
    return result


def _article_or_error(page: Page, options: CleanerOptions) -> Article | FetchError:
    content_type = page.header("Content-Type")
    if not page.body or page.body.isspace():
        return page.error("no_article", f"the page is empty ({len(page.body)} bytes)")
    if not page.is_html():
        kind = ((content_type or "").split(";")[0].strip()
                or "no Content-Type, and its first bytes are not HTML")
        return page.error("not_html", f"not an HTML page: {kind}")
    decoded = decode(page.body, content_type)
    if decoded.contradicted:
        logger.info("%s: the bytes are not %s as declared; decoded as %s",
                    page.url or page.source_file, decoded.declared, decoded.encoding)
    try:
        clean = clean_page(decoded.text, page.url, page.language_hint, options=options)
    except (ParserError, ValueError, TypeError) as exc:
        return page.error("broken_html", f"cannot parse the page: {exc}")
    except Exception as exc:  # noqa: BLE001 (one page's bug must not stop the others)
        logger.exception("%s: extraction failed", page.url or page.source_file)
        return page.error("extraction_error", f"{type(exc).__name__}: {exc}")
    if clean is None:
        return page.error("no_article", "no article text found on the page")
    if not clean.text:
        wall = clean.wall
        message = (f"the page shows only a {wall.replace('_', ' ')} "
                   f"({len(clean.removed)} notice blocks)" if wall else
                   "every block of the page's text was a notice")
        return page.error(wall or "no_article", message)
    article = Article.from_clean(clean, url=page.url, fetched_at=page.fetched_at,
                                 source_file=page.source_file, content=page.body)
    article.source = page.source
    article.source_date = page.source_date
    article.requested_url = page.requested_url
    article.charset_mismatch = decoded.contradicted
    article.warc = page.warc
    return article
