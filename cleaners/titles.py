"""Cut the site's name from a page's title ("Headline - 매일경제" -> "Headline").

A segment is cut only when it is a site name: the one the page declares (``og:site_name``,
or what trafilatura found), the segment that the page's ``<title>`` adds to its ``og:title``
(or the other way round) after a separator, or an end segment of ``<title>`` that spells the
URL's host ("… - Seznam Zprávy" on seznamzpravy.cz). A headline that merely holds a colon or
a dash ("Brexit: what happens next") is never cut, since its second part is no site name.

With no ``og:title`` or ``<h1>``, trafilatura's title is ``<title>``, or the segment of it it
takes for the headline because it holds no dot: the title is then the whole ``<title>`` less
a site's name, and its last segment is one if it is short, as a site's name is.
"""

from __future__ import annotations

import re
import unicodedata

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.metadata import examine_title_element

# Between a headline and a site name: bars and wide punctuation with or without spaces; a
# hyphen or a colon only with a space after it (and a hyphen with one before it too).
SEPARATOR = r"(?:\s*[|｜：–—·•»]\s*|\s+-\s+|\s*:\s+)"
# A site name inferred from <title> against og:title is at most this long, and never comes
# after a colon (what follows a colon is a headline's second half), a wide one aside.
INFERRED_MAX_CHARS = 40
# A site's name is short: of two segments of <title>, one this many times as long as the other
# is the headline.
HEADLINE_RATIO = 1.5
_SEPARATOR = re.compile(SEPARATOR)
_TRAILING_SEPARATOR = re.compile(SEPARATOR + "$")
_INFERRED_SEPARATOR = re.compile(r"(?:\s*[|｜：–—·•»]\s*|\s+-\s+)")
# <title>'s segments, for its last one or one spelling the host: a dash only between spaces
# ("2020–21" is one word)
_SEGMENT_SEPARATOR = re.compile(r"(?:\s*[|｜]\s*|\s+[-–—·•»]\s+)")
_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")  # (trafilatura's, port and all)
_PAGE_TITLE = XPath("string(//head/title)")
_META = XPath("//head/meta[@property=$name or @name=$name]/@content")
_H1 = XPath("//h1")


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


def last_segment(page_title: str) -> str | None:
    """``<title>``'s last segment, taken for the site's name: if short, no phrase in lower case
    ("Covid-19 - the second wave"), and not much longer than what comes before it."""
    separators = list(_SEGMENT_SEPARATOR.finditer(page_title))
    if not separators or separators[-1].start() == 0:
        return None
    name = page_title[separators[-1].end():].strip()
    if (0 < len(name) <= INFERRED_MAX_CHARS and not _phrase(name)
            and len(name) < HEADLINE_RATIO * separators[-1].start()):
        return name
    return None


def host_segment(page_title: str, host: str | None) -> str | None:
    """The first or last segment of ``<title>`` that spells the URL's host, or a label of it
    ("Golem.de" on golem.de, "EL PAÍS" on elpais.com, "Seznam Zprávy" on seznamzpravy.cz)."""
    segments = _SEGMENT_SEPARATOR.split(page_title)
    if not host or len(segments) < 2:
        return None
    labels = host.split(":")[0].split(".")
    spellings = {_folded(".".join(labels)), *map(_folded, labels[:-1])}
    return next((segment.strip() for segment in (segments[-1], segments[0])
                 if len(_folded(segment)) > 1 and _folded(segment) in spellings), None)


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
    a segment of ``<title>`` spelling the host of ``url``, else that host (which trafilatura
    gives when it finds none). A name is inferred from what ``<title>`` adds to ``og:title``,
    or to the title trafilatura found (an ``<h1>``); failing both, it is ``<title>``'s last
    segment. trafilatura's name is dropped when it is the whole ``<title>``."""
    page_title, og_title, og_site = page_titles(tree)
    title = restored(_flat(title), og_title or page_title)
    found, host, parts = _flat(site_name), _url_host(url), examine_title_element(tree)[1:]
    parts = [part or "" for part in parts]
    # trafilatura's title is <title>, or its headline segment: no headline is known
    from_page_title = (not og_title and title in (page_title, *parts)
                       and title not in (_flat(h1.text_content()) for h1 in _H1(tree)))
    if found in parts and "." in found and not _domain_like(found):
        other = parts[1 - parts.index(found)]
        found = dotted_site_name(found, other, "" if from_page_title else og_title or title)
    elif found == page_title and _SEGMENT_SEPARATOR.search(found):
        found = ""
    if from_page_title:
        title, inferred = page_title, last_segment(page_title)
    else:
        inferred = inferred_site_name(page_title, og_title or title)
    spelt = host_segment(page_title, host)
    names = [og_site, found, inferred or "", spelt or ""]
    # what <title> adds may name a section first ("- Breaking News - The Jerusalem post"):
    # all of it is cut, its last segment names the site
    last = _INFERRED_SEPARATOR.split(inferred)[-1].strip() if inferred else None
    return (cut_site_name(title, names) or None if title else None,
            og_site or (found if found != host else "") or last or spelt or host)


def dotted_site_name(found: str, other: str, headline: str) -> str:
    """trafilatura's site name when it is a segment of ``<title>`` holding a dot, which it
    takes for a domain's; but a headline may hold one ("2.000 nye boliger", "Łodzi. Pierwsze",
    "PM2.5"). The other segment is the site's name when it reads as a domain, or when this one
    is much the longer; none is when the ``headline`` starts with this one, or it is a phrase
    in lower case; else this one is ("St. Louis Post-Dispatch")."""
    if "." in other and _domain_like(other):
        return other
    if headline.lower().startswith(found.lower()) or _phrase(found):
        return ""
    if len(found) >= HEADLINE_RATIO * len(other):
        return "" if _phrase(other) else other
    return found


def _domain_like(text: str) -> bool:
    """ASCII without a space, as a domain is ("Tageblatt.lu")."""
    return text.isascii() and " " not in text


def _phrase(text: str) -> bool:
    """Words starting in lower case ("the second wave"), as no site's name is."""
    return text[:1].islower() and " " in text


def _folded(text: str) -> str:
    """Letters and digits in lower case, without accents ("EL PAÍS" -> "elpais")."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower())
                   if c.isascii() and c.isalnum())


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
    return full if _phrase(rest) else title
