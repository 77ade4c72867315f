"""The lazily built profiles give langdetect's own probabilities, draw for draw, from the
profile files or from the store in the user cache that later runs read instead."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from cleaners.profiles import LazyDetectorFactory

TEXTS = [
    "El Gobierno aprobó este martes un plan de emergencia para llevar agua a los pueblos.",
    "The council voted on Tuesday to close the bridge for repairs until the spring.",
    "Die Regierung hat am Dienstag einen Notfallplan für die Wasserversorgung beschlossen.",
    "国务院常务会议周三决定，在全国范围内推广新的医疗保险结算办法。",
    "Правительство во вторник утвердило план по водоснабжению сёл.",
    "Le gouvernement a adopté mardi un plan d'urgence pour l'eau. Oui, vraiment.",
]


def _factory(cls: type[DetectorFactory]) -> DetectorFactory:
    factory = cls()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(0)
    return factory


EAGER, LAZY = _factory(DetectorFactory), _factory(LazyDetectorFactory)


def _probabilities(factory: DetectorFactory, text: str) -> list[tuple[str, float]]:
    detector = factory.create()
    detector.n_trial = 3
    detector.append(text)
    return [(p.lang, p.prob) for p in detector.get_probabilities()]


@pytest.mark.parametrize("text", TEXTS)
def test_detection_gives_langdetects_own_probabilities(text):
    assert _probabilities(LAZY, text) == _probabilities(EAGER, text)


def test_every_ngram_gets_langdetects_own_row():
    assert LAZY.langlist == EAGER.langlist
    assert len(LAZY.word_lang_prob_map) == len(EAGER.word_lang_prob_map)
    for word in ["a", "th", "the", "ción", "国", "ие", "zzzz"]:
        assert (word in LAZY.word_lang_prob_map) == (word in EAGER.word_lang_prob_map)
        if word in EAGER.word_lang_prob_map:
            assert LAZY.word_lang_prob_map[word] == EAGER.word_lang_prob_map[word], word


def test_a_malformed_profile_is_reported(tmp_path):
    (tmp_path / "xx").write_text('{"name": "xx", "freq": [], "n_words": [1, 1, 1]}')
    with pytest.raises(LangDetectException, match="format error"):
        LazyDetectorFactory().load_profile(str(tmp_path))


def _copied_profiles(tmp_path, languages=("en", "es", "de", "fr")) -> str:
    folder = tmp_path / "profiles"
    folder.mkdir()
    for code in languages:
        (folder / code).write_bytes((Path(PROFILES_DIRECTORY) / code).read_bytes())
    return str(folder)


def test_later_runs_read_the_store_not_the_files(tmp_path, monkeypatch):
    monkeypatch.setenv("NEWSSCRAPE_CACHE_DIR", str(tmp_path / "cache"))
    folder = _copied_profiles(tmp_path)
    eager, first = DetectorFactory(), LazyDetectorFactory()
    eager.load_profile(folder)
    first.load_profile(folder)
    assert [p.suffix for p in (tmp_path / "cache").iterdir()] == [".sqlite"]
    for name in os.listdir(folder):  # same names, sizes and times; contents unreadable
        path = Path(folder) / name
        info = path.stat()
        path.write_bytes(b"x" * info.st_size)
        os.utime(path, ns=(info.st_atime_ns, info.st_mtime_ns))
    later = LazyDetectorFactory()
    later.load_profile(folder)
    for factory in (eager, later):
        factory.set_seed(0)
    assert later.langlist == eager.langlist
    assert _probabilities(later, TEXTS[0]) == _probabilities(eager, TEXTS[0])
    assert len(later.word_lang_prob_map) == len(eager.word_lang_prob_map)


def test_without_a_writable_cache_the_files_give_the_same_answers(tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    monkeypatch.setenv("NEWSSCRAPE_CACHE_DIR", str(blocker / "cache"))
    folder = _copied_profiles(tmp_path)
    eager, lazy = DetectorFactory(), LazyDetectorFactory()
    for factory in (eager, lazy):
        factory.load_profile(folder)
        factory.set_seed(0)
    assert lazy.langlist == eager.langlist
    for text in TEXTS[:3]:
        assert _probabilities(lazy, text) == _probabilities(eager, text)
    assert lazy.word_lang_prob_map["th"] == eager.word_lang_prob_map["th"]
    assert "zzzz" not in lazy.word_lang_prob_map
