"""Cut the site's name from a page's title ("Headline - 매일경제" -> "Headline").

A segment is cut only when it is a site name: the one the page declares (``og:site_name``,
or what trafilatura found), or the segment that the page's ``<title>`` adds to its
``og:title`` (or the other way round) after a separator. A headline that merely holds a
colon or a dash ("Brexit: what happens next") is never cut, since its second part is no
site name.
"""

from __future__ import annotations

import re

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.metadata import examine_title_element

# Between a headline and a site name: bars and wide punctuation with or without spaces; a
# hyphen or a colon only with a space after it (and a hyphen with one before it too).
SEPARATOR = r"(?:\s*[|｜：–—·•»]\s*|\s+-\s+|\s*:\s+)"
# A site name inferred from <title> against og:title is at most this long, and never comes
# after a colon (what follows a colon is a headline's second half).
INFERRED_MAX_CHARS = 40
_SEPARATOR = re.compile(SEPARATOR)
_TRAILING_SEPARATOR = re.compile(SEPARATOR + "$")
_INFERRED_SEPARATOR = re.compile(r"(?:\s*[|｜–—·•»]\s*|\s+-\s+)")
_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")  # (trafilatura's, port and all)
_PAGE_TITLE = XPath("string(//head/title)")
_META = XPath("//head/meta[@property=$name or @name=$name]/@content")


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def page_titles(tree: HtmlElement) -> tuple[str, str, str]:
    """The page's ``<title>``, ``og:title`` and ``og:site_name`` (empty when absent)."""
    def meta(name: str) -> str:
        found = _META(tree, name=name)
        return _flat(found[0]) if found else ""
    return _flat(_PAGE_TITLE(tree)), meta("og:title"), meta("og:site_name")


def inferred_site_name(page_title: str, og_title: str) -> str | None:
    """What one of the two titles adds after a separator to the other one, if that is short."""
    for longer, shorter in ((page_title, og_title), (og_title, page_title)):
        if shorter and longer.startswith(shorter) and len(longer) > len(shorter):
            rest = longer[len(shorter):]
            if (separator := _INFERRED_SEPARATOR.match(rest)) and (
                    0 < len(name := rest[separator.end():].strip()) <= INFERRED_MAX_CHARS):
                return name
    return None


def cut_site_name(title: str, site_names: list[str]) -> str:
    """``title`` without a leading or trailing site name and its separator."""
    for name in filter(None, site_names):
        if len(title) <= len(name):
            continue
        if title[-len(name):].lower() == name.lower():
            head = title[:-len(name)]
            if (separator := _TRAILING_SEPARATOR.search(head)) and separator.start() > 0:
                return head[:separator.start()].strip()
        if title[:len(name)].lower() == name.lower():
            separator = _SEPARATOR.match(title, len(name))
            if separator and separator.end() < len(title):
                return title[separator.end():].strip()
    return title


def clean_title(title: str | None, tree: HtmlElement, site_name: str | None,
                url: str | None = None) -> tuple[str | None, str | None]:
    """The title without the site's name, and the site's name: declared, else inferred, else
    the host of ``url`` (which trafilatura gives when it finds none: an inferred name says
    more). A name is inferred from what ``<title>`` adds to ``og:title``, or to the title
    trafilatura found (an ``<h1>``).

    With no declared site name, trafilatura takes a segment of ``<title>`` holding a dot for
    a domain, and a headline may hold one ("2.000 nye boliger", "Łodzi. Pierwsze", "PM2.5"):
    such a segment is dropped when it is the headline (the title, or ``og:title``, starts
    with it), unless it reads as a domain (ASCII without a space: "Tageblatt.lu"); the
    other segment, if it reads as one, names the site then."""
    page_title, og_title, og_site = page_titles(tree)
    title = restored(_flat(title), og_title or page_title)
    inferred = inferred_site_name(page_title, og_title or title)
    found, parts = _flat(site_name), examine_title_element(tree)[1:]
    if (found in parts and "." in found and not _domain_like(found)
            and any(t.lower().startswith(found.lower()) for t in (title, og_title) if t)):
        # the headline: the other segment is the site's name if it reads as a domain
        found = next((part for part in parts if part and part != found
                      and "." in part and _domain_like(part)), "")
    names, host = [og_site, found, inferred or ""], _url_host(url)
    # what <title> adds may name a section first ("- Breaking News - The Jerusalem post"):
    # all of it is cut, its last segment names the site
    last = _INFERRED_SEPARATOR.split(inferred)[-1].strip() if inferred else None
    return (cut_site_name(title, names) or None if title else None,
            og_site or (found if found != host else "") or last or host)


def _domain_like(text: str) -> bool:
    """ASCII without a space, as a domain is ("Tageblatt.lu")."""
    return text.isascii() and " " not in text


def _url_host(url: str | None) -> str | None:
    """The host of ``url`` without ``www.``, as trafilatura names a site it finds no name for
    (not ``markup``'s registered name of a site, which tells links to other sites apart)."""
    found = _HOST.match(url or "")
    return found[1] if found else None


def restored(title: str, full: str) -> str:
    """trafilatura's title, or the page's whole one when trafilatura cut off the end of a
    headline: a phrase in lower case after a dash is no site name ("Covid-19 - the second
    wave"); a name or a single word may be one, and stays cut."""
    if not title or not full.startswith(title) or len(full) == len(title):
        return title
    separator = re.match(SEPARATOR, full[len(title):])
    rest = full[len(title) + separator.end():] if separator else ""
    return full if rest[:1].islower() and " " in rest else title
