"""The cleaner's thresholds: one frozen object, filled from CLEANER_* settings, sent to workers."""

from __future__ import annotations

import pickle
from pathlib import Path
from dataclasses import FrozenInstanceError, fields

import pytest

from cleaners import Block, CleanerOptions, clean_blocks, clean_page
from cleaners.structure import ARTICLE


def test_every_option_has_a_default_of_its_type():
    options = CleanerOptions()
    assert fields(options) and all(isinstance(getattr(options, f.name), type(f.default))
                                   for f in fields(options))
    with pytest.raises(FrozenInstanceError):
        options.substantial_chars = 1


def test_settings_are_read_by_their_cleaner_names_with_typed_conversion():
    options = CleanerOptions.from_settings({
        "CLEANER_SUBSTANTIAL_CHARS": "150", "CLEANER_LINK_SHARE": 0.7,
        "CLEANER_TRIALS": 5, "CLEANER_FOREIGN_PROBABILITY": "1", "CLEANER_ENABLED": True,
        "DOWNLOAD_TIMEOUT": 30, "cleaner_label_chars": "1"})
    assert options == CleanerOptions(substantial_chars=150, link_share=0.7, trials=5,
                                     foreign_probability=1.0)
    assert isinstance(options.foreign_probability, float)
    assert CleanerOptions.from_settings({}) == CleanerOptions()


@pytest.mark.parametrize("key, value", [("CLEANER_SUBSTANTIAL_CHARS", "many"),
                                        ("CLEANER_SUBSTANTIAL_CHARS", 1.5),
                                        ("CLEANER_NOTICE_WINDOW", True),
                                        ("CLEANER_LINK_SHARE", "-0.1"),
                                        ("CLEANER_TRIALS", [3])])
def test_a_bad_value_is_an_error_naming_its_key(key, value):
    with pytest.raises(ValueError, match=key):
        CleanerOptions.from_settings({key: value})


def test_options_pickle_whole():
    options = CleanerOptions(label_chars=10, rejoin_share=0.3)
    assert pickle.loads(pickle.dumps(options)) == options


def test_the_options_reach_the_cleaner():
    items = [Block(ARTICLE[0]), Block("Von Nina Magoley"), *map(Block, ARTICLE[1:])]
    assert clean_blocks(items, "de", authors=["Nina Magoley"]).removed
    assert not clean_blocks(items, "de", authors=["Nina Magoley"],
                            options=CleanerOptions(label_chars=5)).removed


def test_the_options_reach_language_detection_through_the_page_entry_point():
    html = ("<html lang='de'><body><article>" + "".join(f"<p>{p}</p>" for p in ARTICLE)
            + "</article></body></html>")
    assert clean_page(html).language == "en"
    assert clean_page(html, options=CleanerOptions(min_chars=10_000)).language == "de"


def test_reading_the_options_loads_no_more_of_the_cleaner():
    # the crawl's process and the commands read them before the workers load the rest
    import subprocess
    import sys

    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, scraper.pipelines, scraper.commands._thresholds; "
                               "print(sorted({'trafilatura', 'cleaners.rules'} & set(sys.modules)))"],
        capture_output=True, text=True, check=True).stdout
    assert loaded.strip() == "[]"


def test_the_foreign_probability_reaches_the_check_of_notices_in_another_language():
    # a Spanish device-sharing notice inside an English article: langdetect, run once on the
    # blocks the cheap test finds in another language, must be this sure
    html = (Path(__file__).parent / "fixtures" / "devset" / "pages"
            / "en-device-es-inline.html").read_bytes()
    notice = "Tu cuenta está siendo utilizada en otro navegador"
    assert notice not in clean_page(html).text
    assert notice in clean_page(html, options=CleanerOptions(foreign_probability=1.0)).text
