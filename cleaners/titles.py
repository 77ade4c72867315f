"""Cut the site's name from a page's title ("Headline - 매일경제" -> "Headline").

A segment is cut only when it is a site name: the one the page declares (``og:site_name``,
or what trafilatura found), the segment that the page's ``<title>`` adds to its ``og:title``
(or the other way round) after a separator, or an end segment of ``<title>`` that spells the
URL's host ("… - Seznam Zprávy" on seznamzpravy.cz). A headline that merely holds a colon or
a dash ("Brexit: what happens next") is never cut, since its second part is no site name.

With no ``og:title`` or ``<h1>`` to tell the headline, trafilatura's title is ``<title>``, or
the segment of it holding no dot: the title is then the whole ``<title>`` less a site's name,
and its last segment is one if it is short, as a site's name is. trafilatura takes a segment
holding a dot for a domain, the site's; but a headline may hold one ("3.1%", "U.S.", "2.000
nye boliger"), and such a segment leading ``<title>`` is not taken for the site's name.
"""

from __future__ import annotations

import re
import unicodedata

from lxml.etree import XPath
from lxml.html import HtmlElement
from trafilatura.metadata import examine_title_element

from .blocks import weight

# Between a headline and a site name: bars and wide punctuation with or without spaces; a
# hyphen or a colon only with a space after it (and a hyphen with one before it too); the
# other marks trafilatura splits <title> at, between spaces.
SEPARATOR = r"(?:\s*[|｜：–—·•»_]\s*|\s+-\s+|\s*:\s+|\s+[«~*⋆<>‹›⁄]\s+)"
# A site name inferred from <title> against og:title is at most this long, and never comes
# after a colon (what follows a colon is a headline's second half), a wide one aside.
INFERRED_MAX_CHARS = 40
# A site's name is short: a last segment of <title> is one only when shorter than this many
# times what comes before it (a CJK character counting as two).
HEADLINE_RATIO = 1.5
# A word this long in lower case makes a last segment a phrase, not a name ("della" aside).
MIN_LOWER_WORD = 4
# A registered name this long, held in <title>'s last segment of at most so many words, makes
# it the site's name ("The Philadelphia Inquirer" on inquirer.com; not "comwrap auf der DMEXCO
# 2018" on comwrap.com, a headline's second half).
MIN_NAME_CHARS, MAX_NAME_WORDS = 5, 4
_SEPARATOR = re.compile(SEPARATOR)
_TRAILING_SEPARATOR = re.compile(SEPARATOR + "$")
_INFERRED_SEPARATOR = re.compile(r"(?:\s*[|｜：–—·•»_]\s*|\s+-\s+)")
# <title>'s segments, for one spelling the host: a dash only between spaces ("2020–21" is
# one word), an underscore only beside a letter outside ASCII ("…计划_新华网", not "__init__")
_SEGMENT_SEPARATOR = re.compile(
    r"(?:\s*[|｜]\s*|\s+[-–—·•»«~*⋆<>‹›⁄]\s+|(?<=[^\x00-\x7f])_|_(?=[^\x00-\x7f]))")
_HOST = re.compile(r"https?://(?:www\.|w[0-9]+\.)?([^/]+)")  # (trafilatura's, port and all)
_PAGE_TITLE = XPath("string(//head/title)")
_META = XPath("//head/meta[@property=$name or @name=$name]/@content")
_H1 = XPath("//h1")
# Second-level domains that registries give out under a country's ("co.uk", "com.br").
_SECOND_LEVELS = frozenset({"ac", "co", "com", "edu", "go", "gob", "gouv", "gov", "gv", "ltd",
                            "ne", "net", "or", "org"})


def _flat(text: str | None) -> str:
    return " ".join((text or "").split())


def page_titles(tree: HtmlElement) -> tuple[str, str, str]:
    """The page's ``<title>``, ``og:title`` and ``og:site_name`` (empty when absent)."""
    def meta(name: str) -> str:
        found = _META(tree, name=name)
        return _flat(found[0]) if found else ""
    return _flat(_PAGE_TITLE(tree)), meta("og:title"), meta("og:site_name")


def inferred_site_name(page_title: str, og_title: str) -> str | None:
    """What one of the two titles adds after a separator to the other one, if that is short;
    after a wide colon, which also ends a kicker ("速報：..."), no longer than the other."""
    for longer, shorter in ((page_title, og_title), (og_title, page_title)):
        if shorter and longer.startswith(shorter) and len(longer) > len(shorter):
            rest = longer[len(shorter):]
            if (separator := _INFERRED_SEPARATOR.match(rest)) and (
                    0 < len(name := rest[separator.end():].strip()) <= INFERRED_MAX_CHARS) and (
                    "：" not in separator.group() or weight(name) <= weight(shorter)):
                return name
    return None


def last_segment(page_title: str) -> str | None:
    """``<title>``'s last segment, taken for the site's name: if short, no phrase in lower case
    ("Covid-19 - the second wave"), no word of ``MIN_LOWER_WORD`` letters in lower case, as a
    name's are not ("Generalsekretär tritt zurück"; "Times of India" is one), and shorter
    than ``HEADLINE_RATIO`` times what comes before it."""
    separators = list(_SEGMENT_SEPARATOR.finditer(page_title))
    if not separators or separators[-1].start() == 0:
        return None
    name = page_title[separators[-1].end():].strip()
    before = page_title[:separators[-1].start()]
    if (0 < len(name) <= INFERRED_MAX_CHARS and not _phrase(name)
            and not any(len(word) >= MIN_LOWER_WORD and word[0].islower()
                        for word in name.split())
            and weight(name) < HEADLINE_RATIO * weight(before)):
        return name
    return None


def host_segment(page_title: str, host: str | None) -> str | None:
    """The last segment of ``<title>`` that spells the URL's host or a label of it ("Golem.de"
    on golem.de, "Times of India" on timesofindia.indiatimes.com), or in a few words holds
    its registered name ("The Philadelphia Inquirer" on inquirer.com) or has it for initials
    ("Sydney Morning Herald" on smh.com.au); or the first that spells the host or its
    registered name ("EL PAÍS" on elpais.com; not "Wien" on wien.orf.at, where a subdomain
    names a place that may lead a headline)."""
    segments = _SEGMENT_SEPARATOR.split(page_title)
    if not host or len(segments) < 2:
        return None
    labels = host.split(":")[0].split(".")
    name = _folded(_registered(labels))
    whole = {_folded(".".join(labels)), name}
    last, first = segments[-1].strip(), segments[0].strip()
    folded = _folded(last)
    short = len(last.split()) <= MAX_NAME_WORDS
    if len(folded) > 1 and (folded in whole | set(map(_folded, labels[:-1]))
                            or short and len(name) >= MIN_NAME_CHARS and name in folded
                            or short and len(name) >= 3 and name == _initials(last)):
        return last
    return first if len(_folded(first)) > 1 and _folded(first) in whole else None


def _initials(text: str) -> str:
    return "".join(_folded(word)[:1] for word in text.split())


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
    gives when it finds none). A name is inferred from what ``<title>`` adds to ``og:title``
    or to an ``<h1>``; with neither, it is ``<title>``'s short last segment (none after a
    leading segment holding a dot: which is the headline, nothing tells). trafilatura's name
    is dropped when it is the whole ``<title>``, or when it may be the headline
    (``dotted_site_name``)."""
    page_title, og_title, og_site = page_titles(tree)
    title = restored(_flat(title), og_title or page_title)
    found, host, parts = _flat(site_name), _url_host(url), examine_title_element(tree)[1:]
    parts = [part or "" for part in parts]
    # a headline the page tells apart from <title> (an og:title repeating it tells none)
    told = (og_title if og_title != page_title else "") or (
        title if title in {_flat(h1.text_content()) for h1 in _H1(tree)} else "")
    # a dotted segment leading <title>, and nothing to tell the headline: a headline's dot
    # ("Breaking: U.S. inflation hits 3.1% | Daily Star") or a site's ("St. Louis
    # Post-Dispatch | Cardinals win opener"): no segment is cut but one spelling the host
    unsure = found == parts[0] and "." in found and not _domain_like(found) and not told
    if found in parts and "." in found and not _domain_like(found):
        found = dotted_site_name(found, parts, told)
    elif found == page_title and _SEGMENT_SEPARATOR.search(found):
        found = ""
    if told or not page_title:
        inferred = inferred_site_name(page_title, told or title)
    else:
        title = page_title
        inferred = None if unsure else last_segment(page_title)
    spelt = host_segment(page_title, host)
    names = [og_site, found, inferred or "", spelt or ""]
    # what <title> adds may name a section first ("- Breaking News - The Jerusalem post"):
    # all of it is cut, its last segment names the site
    last = _INFERRED_SEPARATOR.split(inferred)[-1].strip() if inferred else None
    return (cut_site_name(title, names) or None if title else None,
            og_site or (found if found != host else "") or last or spelt or host)


def dotted_site_name(found: str, parts: list[str], told: str) -> str:
    """trafilatura's site name when it is a segment of ``<title>`` holding a dot: none when it
    is the headline or may be (the headline ``told`` starts with it or it with the headline;
    it is a phrase in lower case; nothing tells the headline and it leads ``<title>``, where a
    site's name stands far less often than after the headline); the other segment is the
    site's name then, if it reads as a domain."""
    headline, lowered = told.lower(), found.lower()
    if (_phrase(found) or (headline and (headline.startswith(lowered)
                                         or lowered.startswith(headline)))
            or (not headline and found == parts[0])):
        return next((part for part in parts if part and part != found and "." in part
                     and _domain_like(part)), "")
    return found


def _domain_like(text: str) -> bool:
    """ASCII without a space, as a domain is ("Tageblatt.lu")."""
    return text.isascii() and " " not in text


def _phrase(text: str) -> bool:
    """Words starting in lower case ("the second wave"), as no site's name is."""
    return text[:1].islower() and " " in text


def _registered(labels: list[str]) -> str:
    """The name a site registered, of its host's labels: the one before the top-level domain,
    or before a generic second level ("bbc" of bbc.co.uk, "orf" of wien.orf.at)."""
    name = labels[-2] if len(labels) > 1 else labels[0]
    if name in _SECOND_LEVELS and len(labels) > 2:
        name = labels[-3]
    return name


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
