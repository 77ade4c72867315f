import re
from pathlib import Path

import pytest

from scraper.scheduled.sources import Source, SourcesError, load_sources, select

EXAMPLE = r"""
[sources.elpais-en]
feeds = ["https://english.elpais.com/rss/"]
sitemaps = ["https://english.elpais.com/sitemap_news.xml"]
start_urls = ["https://english.elpais.com/international/"]
allow = ['/\d{4}-\d{2}-\d{2}/']
deny = ['/videos/']
language = "en"
max_age_days = 3
max_depth = 2

[sources."lemonde.fr"]
feeds = ["https://www.lemonde.fr/rss/une.xml"]
"""


FEED = 'feeds = ["https://a.example/"]'


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "sources.toml"
    path.write_text(text, encoding="utf-8")
    return path


def load_error(tmp_path: Path, text: str) -> str:
    with pytest.raises(SourcesError) as info:
        load_sources(write(tmp_path, text))
    return str(info.value)


def test_loads_example(tmp_path):
    elpais, _ = load_sources(write(tmp_path, EXAMPLE))

    assert elpais.name == "elpais-en"
    assert elpais.feeds == ("https://english.elpais.com/rss/",)
    assert elpais.sitemaps == ("https://english.elpais.com/sitemap_news.xml",)
    assert elpais.start_urls == ("https://english.elpais.com/international/",)
    assert [p.pattern for p in elpais.allow] == [r"/\d{4}-\d{2}-\d{2}/"]
    assert all(isinstance(p, re.Pattern) for p in elpais.allow + elpais.deny)
    assert (elpais.language, elpais.max_age_days, elpais.max_depth) == ("en", 3, 2)


def test_optional_keys_default(tmp_path):
    _, lemonde = load_sources(write(tmp_path, EXAMPLE))

    assert lemonde == Source(name="lemonde.fr", feeds=("https://www.lemonde.fr/rss/une.xml",))
    assert lemonde.max_depth == 1
    assert lemonde.language is None and lemonde.max_age_days is None


def test_source_is_frozen(tmp_path):
    source = load_sources(write(tmp_path, EXAMPLE))[0]
    with pytest.raises(AttributeError):
        source.name = "other"  # type: ignore[misc]


def test_is_article_url_applies_allow_then_deny(tmp_path):
    elpais, lemonde = load_sources(write(tmp_path, EXAMPLE))

    assert elpais.is_article_url("https://english.elpais.com/spain/2024-11-05/floods.html")
    assert not elpais.is_article_url("https://english.elpais.com/spain/")
    assert not elpais.is_article_url("https://english.elpais.com/videos/2024-11-05/clip.html")
    assert lemonde.is_article_url("https://www.lemonde.fr/anything")


def test_missing_file(tmp_path):
    with pytest.raises(SourcesError, match=r"missing\.toml: file not found"):
        load_sources(tmp_path / "missing.toml")


def test_toml_syntax_error_names_file_and_line(tmp_path):
    message = load_error(tmp_path, '[sources.a]\nfeeds = ["https://a.example/"]\nlanguage = \n')
    assert message.startswith(f"{tmp_path / 'sources.toml'}: invalid TOML:")
    assert "line 3" in message


def test_invalid_regex_message(tmp_path):
    message = load_error(tmp_path, """
[sources.elpais-en]
feeds = ["https://english.elpais.com/rss/"]
allow = ['[']
""")
    assert message.startswith(
        f"{tmp_path / 'sources.toml'}: source 'elpais-en', key 'allow': "
        "invalid regular expression '[': "
    )


@pytest.mark.parametrize("text, expected", [
    ("", "at least one source"),
    ("[sources]\n", "at least one source"),
    ("sources = 3\n", "at least one source"),
    ('[settings]\n[sources.a]\nfeeds = ["https://a.example/"]\n',
     "unknown top-level key(s) 'settings'; allowed: 'sources'"),
])
def test_file_structure_errors(tmp_path, text, expected):
    assert expected in load_error(tmp_path, text)


@pytest.mark.parametrize("body, expected", [
    (f'{FEED}\nfeed = ["https://a.example/"]',
     "source 'a', key 'feed': unknown key; allowed keys: feeds, sitemaps, start_urls, "
     "allow, deny, language, max_age_days, max_depth"),
    ('feeds = "https://a.example/"', "source 'a', key 'feeds': expected a list of strings"),
    ('feeds = ["https://a.example/", 3]', "key 'feeds': expected a list of strings"),
    ('feeds = ["a.example/rss"]', "key 'feeds': not an absolute http(s) URL: 'a.example/rss'"),
    ('sitemaps = ["ftp://a.example/s.xml"]', "key 'sitemaps': not an absolute http(s) URL"),
    ('start_urls = ["/news/"]', "key 'start_urls': not an absolute http(s) URL"),
    ('allow = ["/news/"]', "source 'a': needs at least one of feeds, sitemaps, start_urls"),
    (f'{FEED}\ndeny = ["(unclosed"]',
     "key 'deny': invalid regular expression '(unclosed'"),
    (f'{FEED}\nlanguage = "EN"', "key 'language': expected a 2-letter"),
    (f'{FEED}\nlanguage = "eng"', "key 'language': expected a 2-letter"),
    (f"{FEED}\nmax_age_days = 0", "key 'max_age_days': expected a positive number"),
    (f'{FEED}\nmax_age_days = "3"', "key 'max_age_days': expected a positive number"),
    (f"{FEED}\nmax_age_days = nan", "key 'max_age_days': expected a positive number"),
    (f"{FEED}\nmax_age_days = inf", "key 'max_age_days': expected a positive number"),
    (f"{FEED}\nmax_age_days = 1e12", "key 'max_age_days': expected a positive number"),
    ('feeds = ["http://127.0.0.1:99999/f.xml"]', "key 'feeds': not a URL: Port out of range"),
    (f"{FEED}\nmax_depth = -1", "key 'max_depth': expected a positive integer"),
    (f"{FEED}\nmax_depth = 1.5", "key 'max_depth': expected a positive integer"),
    (f"{FEED}\nmax_depth = true", "key 'max_depth': expected a positive integer"),
])
def test_source_errors(tmp_path, body, expected):
    message = load_error(tmp_path, f"[sources.a]\n{body}\n")
    assert message.startswith(str(tmp_path / "sources.toml"))
    assert expected in message


@pytest.mark.parametrize("name", ["-leading-dash", ".hidden", "has space", "a/b", "über"])
def test_rejects_names_unfit_for_folders(tmp_path, name):
    message = load_error(tmp_path, f'[sources."{name}"]\nfeeds = ["https://a.example/"]\n')
    assert f"source {name!r}: invalid name" in message


def test_accepts_fractional_max_age(tmp_path):
    [source] = load_sources(write(tmp_path, '[sources.a]\nfeeds = ["https://a.example/"]\n'
                                            'max_age_days = 0.5\n'))
    assert source.max_age_days == 0.5


def test_select_in_requested_order(tmp_path):
    sources = load_sources(write(tmp_path, EXAMPLE))

    assert [s.name for s in select(sources, ["lemonde.fr", "elpais-en"])] == [
        "lemonde.fr", "elpais-en"]
    assert select(sources, []) == sources


def test_select_unknown_name(tmp_path):
    sources = load_sources(write(tmp_path, EXAMPLE))
    known = "known: 'elpais-en', 'lemonde.fr'"
    with pytest.raises(SourcesError, match=f"unknown source.*'nyt'.*{known}"):
        select(sources, ["elpais-en", "nyt"])
