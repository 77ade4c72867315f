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
