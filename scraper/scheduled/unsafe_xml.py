"""Checks on XML from the network before it is parsed: entity declarations (unsafe) and a
missing closing root tag (cut short). Shared by feeds and sitemaps."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterable
from typing import Any
from xml.parsers import expat

logger = logging.getLogger(__name__)

_MARKER_CODECS = ("ascii", "utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be")
# Trailing whitespace and comments after the closing root tag.
_TAIL = rb"\s*(?:<!--.*?-->\s*)*\Z"


class UnsafeXmlError(Exception):
    """The XML declares entities (billion laughs, external entities): it is not read."""


def reject_entity_declarations(body: bytes) -> None:
    """Raise UnsafeXmlError if the XML prolog declares an entity (defusedxml's rule).

    Expat reads only up to the root element's start tag. If expat cannot read
    the prolog (malformed, or an encoding it lacks such as Shift_JIS), fall back
    to rejecting any body containing "<!ENTITY" in ASCII, UTF-16 or UTF-32.
    """
    parser = expat.ParserCreate()
    parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    parser.EntityDeclHandler = _forbid_entity
    parser.UnparsedEntityDeclHandler = _forbid_entity
    parser.StartElementHandler = _stop_at_root
    try:
        parser.Parse(body, True)
    except _RootReached:
        return
    # ValueError: a multi-byte encoding; LookupError: an encoding that does not exist
    except (expat.ExpatError, ValueError, LookupError) as exc:
        logger.debug("expat cannot read the prolog (%s); checking bytes", exc)
        if any("<!ENTITY".encode(codec) in body for codec in _MARKER_CODECS):
            raise UnsafeXmlError("XML declares entities; refused") from None


def ends_with_closing_tag(body: bytes, roots: Iterable[str]) -> bool | None:
    """Whether ``body`` ends with the closing tag of one of ``roots`` (any namespace prefix),
    then only blanks and comments; None when it cannot tell (UTF-16 or UTF-32 bytes)."""
    tail = body[-4096:]
    if b"\x00" in tail:
        return None
    names = b"|".join(re.escape(root.encode("ascii")) for root in roots)
    return re.search(rb"</(?:[\w.-]+:)?(?:" + names + rb")\s*>" + _TAIL, tail, re.S) is not None


class _RootReached(Exception):
    pass


def _forbid_entity(name: str, *args: Any) -> None:
    raise UnsafeXmlError(f"XML declares entity {name!r}; refused")


def _stop_at_root(name: str, attributes: dict[str, str]) -> None:
    raise _RootReached


def closed_elements(body: bytes, names: Iterable[str]) -> int:
    """How many closing tags of ``names`` (any namespace prefix) ``body`` holds: in a body cut
    short, the entries after that many were not read whole."""
    pattern = b"|".join(re.escape(name.encode("ascii")) for name in names)
    return len(re.findall(rb"</(?:[\w.-]+:)?(?:" + pattern + rb")\s*>", body))
