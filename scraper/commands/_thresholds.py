"""``-s CLEANER_<FIELD>=VALUE``: the cleaner's thresholds from any command's line, checked
before anything is read or fetched (workers given a bad one would fail every page)."""

from __future__ import annotations

from difflib import get_close_matches

from cleaners.options import PREFIX, CleanerOptions

from ._report import UsageError


def cleaner_options(given: list[tuple[str, object]], origin: str = "-s ") -> CleanerOptions:
    """The options the ``CLEANER_*`` pairs of ``-s`` (or of a settings module: ``origin``)
    make; a usage error for a name that is no threshold's, or a value its threshold cannot
    take."""
    chosen = {name: value for name, value in given if name.startswith(PREFIX)}
    known = CleanerOptions.setting_names()
    if unknown := [name for name in chosen if name not in known]:
        close = get_close_matches(unknown[0], known, n=1, cutoff=0.8)
        raise UsageError(f"{origin}{unknown[0]}: the cleaner has no such threshold"
                         + (f" (did you mean {close[0]}?)" if close else "")
                         + "; each field of cleaners/options.py is one, upper-cased")
    try:
        return CleanerOptions.from_settings(chosen)
    except ValueError as exc:
        raise UsageError(f"{origin}{exc}") from None


def only_cleaner_options(given: list[tuple[str, str]], command: str) -> CleanerOptions:
    """``cleaner_options``, for a command that runs no crawl: a Scrapy setting is refused."""
    if other := [name for name, _ in given if not name.startswith(PREFIX)]:
        raise UsageError(f"-s {other[0]}: 'newsscrape {command}' runs no crawl; here -s sets "
                         f"the cleaner's thresholds ({PREFIX}<FIELD>) only")
    return cleaner_options(given)
