"""The user cache: written whole, read back, and never an error when it cannot be used."""

from __future__ import annotations

from cleaners import cache
from cleaners.rules import load_rules


def test_what_is_written_is_read_back(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSSCRAPE_CACHE_DIR", str(tmp_path / "cache"))
    assert cache.read("thing.json") is None
    cache.write("thing.json", {"a": ["b", None]})
    assert cache.read("thing.json") == {"a": ["b", None]}
    assert [p.name for p in (tmp_path / "cache").iterdir()] == ["thing.json"]


def test_the_folder_follows_xdg_cache_home(tmp_path, monkeypatch):
    monkeypatch.delenv("NEWSSCRAPE_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "newsscrape"


def test_a_folder_that_cannot_be_made_is_not_an_error(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSSCRAPE_CACHE_DIR", str(blocker / "cache"))
    cache.write("thing.json", [1])
    assert cache.read("thing.json") is None
    load_rules.cache_clear()
    try:
        assert load_rules().rules()
    finally:
        load_rules.cache_clear()


def test_cached_rule_tables_give_the_rules_the_files_give(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSSCRAPE_CACHE_DIR", str(tmp_path))
    load_rules.cache_clear()
    try:
        from_files = load_rules()
        [tables] = tmp_path.glob("rule-tables-*.json")
        load_rules.cache_clear()
        from_cache = load_rules()
        # a tables file that does not hold every rule file is decoded again, and replaced
        tables.write_text('{"_common.toml": {"rule": []}}', encoding="utf-8")
        load_rules.cache_clear()
        partial = load_rules()
    finally:
        load_rules.cache_clear()
    assert from_cache.rules() == from_files.rules() == partial.rules()
    assert len(cache.read(tables.name)) == len(from_files.by_language)
