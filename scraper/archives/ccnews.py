"""CommonCrawl's CC-NEWS: a month's WARC files, listed in its published ``warc.paths.gz``."""

from __future__ import annotations

import gzip
import re

import requests

from .remote import TIMEOUT, RemoteError

CC_NEWS_BASE = "https://data.commoncrawl.org/"


def cc_news_urls(month: str, base: str = CC_NEWS_BASE,
                 session: requests.Session | None = None) -> list[str]:
    """The URLs of the WARC files of ``month`` (``YYYY/MM``), in the listing's order.

    ``base`` is the server or a mirror with the same layout:
    ``BASE/crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz``, whose lines are paths under ``BASE``.
    """
    if not re.fullmatch(r"\d{4}/(0[1-9]|1[0-2])", month):
        raise ValueError(f"expected a month as YYYY/MM, got {month!r}")
    base = base.rstrip("/") + "/"
    listing = f"{base}crawl-data/CC-NEWS/{month}/warc.paths.gz"
    try:
        response = (session or requests).get(listing, timeout=TIMEOUT)
    except requests.RequestException as exc:
        raise RemoteError(f"{listing}: {exc}") from exc
    if response.status_code != 200:
        raise RemoteError(f"{listing}: HTTP {response.status_code}")
    try:
        lines = gzip.decompress(response.content).decode("utf-8").splitlines()
    except (OSError, EOFError, UnicodeDecodeError) as exc:
        raise RemoteError(f"{listing}: not a gzipped list of paths ({exc})") from exc
    return [base + line.strip().lstrip("/") for line in lines if line.strip()]
