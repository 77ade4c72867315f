"""Find the articles a page appends after its own (infinite scroll), so extraction skips them.

Sites that load the next story as the reader scrolls serve pages holding several whole
articles, each an ``<article>`` with its own ``<h1>`` headline. trafilatura takes the largest
text, which is often the appended one, or both. The page's own article is the one whose
headline is the page's title (``og:title``, else ``<title>``); the others are taken out, but
only when that one is found: without it, nothing is touched.
"""

from __future__ import annotations

from lxml.etree import XPath
from lxml.html import HtmlElement

from .normalise import normalise

# An appended article is a whole article: a teaser card with a headline holds far less text.
APPENDED_MIN_CHARS = 2000
# Headlines shorter than this say too little to match a page title.
MIN_HEADLINE_CHARS = 8
_HEADLINED = XPath("//body//article[not(ancestor::article)][.//h1]")
_TITLES = XPath("//head/meta[@property='og:title']/@content | //head/title/text()")


def _same_headline(headline: str, titles: list[str]) -> bool:
    """Whether a headline is one of the page's titles (which may add ' | Site name')."""
    return len(headline) >= MIN_HEADLINE_CHARS and any(headline in t for t in titles)


def appended_articles(tree: HtmlElement) -> list[HtmlElement]:
    """The other whole articles on a page whose own article is found by its headline."""
    articles = _HEADLINED(tree)
    if len(articles) < 2:
        return []
    titles = [normalise(t) for t in _TITLES(tree) if t.strip()]
    headlines = [normalise(a.xpath("string(.//h1)")) for a in articles]
    own = [same for same in (_same_headline(h, titles) for h in headlines) if same]
    if len(own) != 1:
        return []
    return [a for a, h in zip(articles, headlines)
            if not _same_headline(h, titles) and len(a.text_content()) >= APPENDED_MIN_CHARS]
