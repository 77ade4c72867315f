"""Canonical article URLs (the article's identity), stable short ids, sites (host and port),
and the request fingerprint on the canonical URL."""

from __future__ import annotations

import hashlib
import logging
from typing import TYPE_CHECKING
from urllib.parse import unquote_plus, urlsplit, urlunsplit
from weakref import WeakKeyDictionary

from w3lib.url import canonicalize_url

if TYPE_CHECKING:
    from scrapy import Request

logger = logging.getLogger(__name__)

# Query parameters that only track the visitor or campaign, compared lowercased.
TRACKING_PARAMS = frozenset({
    "fbclid", "gclid", "dclid", "msclkid", "yclid", "twclid", "ttclid",  # ad click ids
    "mc_cid", "mc_eid",  # Mailchimp
    "igshid",  # Instagram
    "ocid",  # Microsoft/MSN
    "cmpid", "cmp",  # campaign ids (cmp: The Guardian's CMP=share_btn_tw)
    "_ga",  # Google Analytics cross-domain
    "ref", "ref_src",  # referrer tags (ref_src: Twitter)
    "smid",  # The New York Times share id
    "s_cid",  # Adobe Analytics
    "spm",  # Alibaba
    "at_medium", "at_campaign", "xtor",  # AT Internet (BBC, Le Monde, France 24)
    "_hsenc", "_hsmi",  # HubSpot
    "mkt_tok",  # Marketo
})
# Prefixes of tracking parameter names (utm_source, pk_campaign, mtm_kwd, ...).
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_")
# Parameters that select the AMP rendering of the page: name -> values meaning AMP.
AMP_PARAMS = {"amp": {"", "1", "true"}, "outputtype": {"amp"}}


def canonical_url(url: str) -> str:
    """Return the stable form of `url` used as the article's identity.

    Applies w3lib's `canonicalize_url` (sorted, normalised query; no fragment),
    lowercases scheme and host (keeping "www." and any other subdomain), drops
    the default port, tracking parameters (TRACKING_PARAMS, TRACKING_PREFIXES)
    and AMP variants: `?amp`, `?amp=1`, `?outputType=amp`, a last path segment
    `amp` (`/story/amp`, `/story/amp/`), a first path segment `amp`
    (`/amp/story`), `story.amp.html` -> `story.html` and `story.amp` -> `story`.
    """
    parts = urlsplit(canonicalize_url(url, keep_fragments=False))
    scheme = parts.scheme.lower()
    netloc = parts.netloc.lower()
    default_port = {"http": ":80", "https": ":443"}.get(scheme)
    if default_port and netloc.endswith(default_port):
        netloc = netloc.removesuffix(default_port)
    query = "&".join(p for p in parts.query.split("&") if p and not _is_dropped_param(p))
    return urlunsplit((scheme, netloc, _strip_amp_path(parts.path), query, ""))


def stable_id(data: str | bytes) -> str:
    """Return 16 hex characters of the SHA-256 of `data` (str is UTF-8 encoded)."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    return hashlib.sha256(data).hexdigest()[:16]


def _is_dropped_param(pair: str) -> bool:
    name, _, value = pair.partition("=")
    name = unquote_plus(name).lower()
    if name in TRACKING_PARAMS or name.startswith(TRACKING_PREFIXES):
        return True
    return unquote_plus(value).lower() in AMP_PARAMS.get(name, ())


def _strip_amp_path(path: str) -> str:
    if path.endswith("/amp/"):
        path = path.removesuffix("amp/")
    elif path.endswith("/amp"):
        path = path.removesuffix("/amp")
    elif path.endswith(".amp.html"):
        path = path.removesuffix(".amp.html") + ".html"
    elif path.endswith(".amp"):
        path = path.removesuffix(".amp")
    if path.startswith("/amp/"):
        path = path.removeprefix("/amp")
    return path or "/"


def http_url_problem(url: str) -> str | None:
    """Why ``url`` cannot be fetched over HTTP(S) (no scheme, another scheme, no host, a port
    out of range...), or None when it can."""
    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 (raises on a port out of range)
    except ValueError as exc:
        return f"not a URL: {exc}"
    if parts.scheme not in ("http", "https"):
        return "not an absolute http(s) URL"
    if not parts.hostname or any(c.isspace() for c in url.strip()):
        return "no host, or blanks, in the URL"
    return None



DEFAULT_PORTS = {"http": 80, "https": 443}


def site(url: str) -> tuple[str, int | None]:
    """The site ``url`` belongs to: its lowercased host and its port, None for the scheme's
    default port (written or not), so ``http://a.example:80/`` and ``https://a.example/`` are
    one site and ``http://127.0.0.1:8765/`` and ``http://127.0.0.1:8766/`` two."""
    parts = urlsplit(url)
    port = parts.port  # ValueError when out of range
    return (parts.hostname or "").lower(), None if port == DEFAULT_PORTS.get(parts.scheme) else port


def same_site(url: str, base: str) -> bool:
    """True if ``url`` is on ``base``'s site or a subdomain of its host, on the same port."""
    try:
        (host, port), (base_host, base_port) = site(url), site(base)
    except ValueError:
        return False
    return port == base_port and (host == base_host or host.endswith(f".{base_host}"))


class CanonicalRequestFingerprinter:
    """Scrapy's request fingerprint taken on the canonical URL (``canonical_url``), so that the
    duplicate filter sees an article once however it is linked (``?utm_source=``, AMP, ``:80``).

    ``REQUEST_FINGERPRINTER_CLASS = "scraper.canonical.CanonicalRequestFingerprinter"``.
    """

    def __init__(self, crawler: object = None) -> None:
        self._cache: WeakKeyDictionary[Request, bytes] = WeakKeyDictionary()

    @classmethod
    def from_crawler(cls, crawler: object) -> CanonicalRequestFingerprinter:
        return cls(crawler)

    def fingerprint(self, request: Request) -> bytes:
        from scrapy.utils.request import fingerprint  # this module serves extract too

        if request not in self._cache:
            self._cache[request] = fingerprint(request.replace(url=canonical_url(request.url)))
        return self._cache[request]
