"""The lazily built profiles give langdetect's own probabilities, draw for draw."""

from __future__ import annotations

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
