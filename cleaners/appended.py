"""Find the articles a page appends after its own (infinite scroll), so extraction skips them.

Sites that load the next story as the reader scrolls serve pages holding several whole
articles, each an ``<article>`` with its own ``<h1>`` headline. trafilatura takes the largest
text, which is often the appended one, or both. The page's own article is the one whose
headline is the page's title (``og:title``, else ``<title>``, which may add the site's name
after a separator); the whole articles after it are taken out. Nothing is touched unless
exactly one article carries the title and it holds an article's worth of paragraphs: a page
whose headline differs from its title, a page split into a header ``<article>`` and a body
``<article>``, or a live blog keeps everything.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement

from .normalise import normalise
from .options import DEFAULT, CleanerOptions

_HEADLINED = XPath("//body//article[not(ancestor::article)][.//h1]")
_TITLES = XPath("//head/meta[@property='og:title']/@content | //head/title/text()")
_PARAGRAPHS = XPath(".//p")
# What follows a headline in a <title>: "Headline | Site", "Headline - Site".
_SITE_SUFFIX = re.compile(r" [|·•-]+ \S")


def _paragraph_chars(article: HtmlElement) -> int:
    return sum(len(p.text_content().strip()) for p in _PARAGRAPHS(article))


def _is_title(headline: str, titles: list[str]) -> bool:
    """Whether a headline is the page's title, whole or before a separator and site name."""
    return bool(headline) and any(
        title == headline or (title.startswith(headline)
                              and _SITE_SUFFIX.match(title, len(headline)) is not None)
        for title in titles)


def appended_articles(tree: HtmlElement, options: CleanerOptions = DEFAULT) -> list[HtmlElement]:
    """The whole articles a page appends after its own, found by its headline (paragraph text
    of ``own_min_chars`` and ``appended_min_chars`` at least)."""
    articles = _HEADLINED(tree)
    if len(articles) < 2:
        return []
    titles = [normalise(t) for t in _TITLES(tree) if t.strip()]
    own = [n for n, article in enumerate(articles)
           if _is_title(normalise(article.xpath("string(.//h1)")), titles)]
    if len(own) != 1 or _paragraph_chars(articles[own[0]]) < options.own_min_chars:
        return []
    return [article for article in articles[own[0] + 1:]
            if _paragraph_chars(article) >= options.appended_min_chars]
