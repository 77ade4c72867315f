"""scraper/settings.py: every setting of ours is in the README's table, with its default."""

from __future__ import annotations

import re

from scrapy.settings import default_settings

from scraper import settings

from .conftest import ROOT


def test_every_setting_of_ours_is_in_the_readme_table_with_its_default():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Settings\n", 1)[1].split("\n## ", 1)[0]
    rows = dict(re.findall(r"^\| `([A-Z_<>]+)` \| ([^|]+) \|", table, flags=re.MULTILINE))
    ours = {name: getattr(settings, name) for name in dir(settings)
            if name.isupper() and not hasattr(default_settings, name)}
    assert ours and set(ours) <= set(rows), f"not in the README: {sorted(set(ours) - set(rows))}"
    for name, value in ours.items():
        shown = rows[name].strip()
        if isinstance(value, (bool, int, float)):
            assert shown == f"`{value}`", (name, shown)
        elif value is None:
            assert shown == "none", (name, shown)


def test_every_setting_read_as_a_whole_number_is_checked_as_one():
    """``-s`` values are checked as the crawl reads them (scraper/commands/_crawler.py): the
    settings Scrapy or this project read with ``getint`` by a name written out are all in
    its list (a Scrapy that reads one more so fails here; names built at run time, as the
    media pipelines' are, are not seen), and a number read as a float takes a fraction."""
    from pathlib import Path

    import scrapy
    from scrapy.utils.project import get_project_settings

    from scraper.commands._crawler import WHOLE_NUMBERS, check_values

    sources = [*Path(scrapy.__file__).parent.rglob("*.py"), *(ROOT / "scraper").rglob("*.py")]
    read = {name for path in sources for name in
            re.findall(r'getint\(\s*"([A-Z0-9_]+)"', path.read_text(encoding="utf-8"))}
    assert {"CONCURRENT_REQUESTS", "DOWNLOAD_MAXSIZE", "REDIS_CLAIM_TTL"} <= read <= WHOLE_NUMBERS
    check_values(get_project_settings(), [("DOWNLOAD_DELAY", "0.5"), ("DOWNLOAD_TIMEOUT", "2.5"),
                                          ("RETRY_TIMES", "3"), ("EXTENSIONS", "{}")])
