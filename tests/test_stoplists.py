"""jusText's joined stoplists from the user cache: the same words trafilatura joins itself."""

from __future__ import annotations

from pathlib import Path

import pytest
from lxml.html import fromstring
from trafilatura import external

from cleaners import stoplists


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("NEWSSCRAPE_CACHE_DIR", str(tmp_path))
    monkeypatch.setattr(external, "JT_STOPLIST", None)
    return tmp_path


def test_the_cache_file_holds_the_words_trafilatura_joins(cache: Path,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    joined = stoplists.joined_stoplists()  # the first run: trafilatura's own join, kept
    assert len(joined) > 100_000
    monkeypatch.setattr(stoplists, "_JOIN", lambda: pytest.fail("joined again"))
    assert set(stoplists.joined_stoplists()) == set(joined)


def test_later_runs_read_the_cache_file(cache: Path) -> None:
    (cache / stoplists.NAME).write_text("cached\nwords", encoding="utf-8")
    assert stoplists.joined_stoplists() == ("cached", "words")


def test_an_empty_or_unreadable_file_is_made_again(cache: Path) -> None:
    (cache / stoplists.NAME).write_bytes(b"\xff\xfe")
    assert len(stoplists.joined_stoplists()) > 100_000
    assert len((cache / stoplists.NAME).read_text(encoding="utf-8")) > 100_000


def test_trafilatura_takes_them_from_the_cache_once(cache: Path) -> None:
    """Importing the cleaner installs the cached join where jusText's fallback calls it."""
    assert external.jt_stoplist_init is stoplists._cached_join
    (cache / stoplists.NAME).write_text("cached\nwords", encoding="utf-8")
    external.try_justext(fromstring("<html><body><p>cached words</p></body></html>"), None,
                         None)
    assert external.JT_STOPLIST == ("cached", "words")
