"""A list of URLs, one a line (``newsscrape -i FILE``, ``scrapy crawl urls -a urls_file=FILE``).

No Scrapy here: the command reads its list before it imports Scrapy.
"""

from __future__ import annotations

from collections.abc import Iterable


def url_lines(lines: Iterable[str]) -> list[str]:
    """The URLs of a list, one a line: blank lines and ``#`` comments skipped."""
    return [u for u in (line.strip() for line in lines) if u and not u.startswith("#")]
