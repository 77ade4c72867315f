"""Language of an article, or of one block: seeded langdetect on a capped sample."""

from __future__ import annotations

import logging
import re
from functools import cache

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from .profiles import LazyDetectorFactory

logger = logging.getLogger(__name__)

SEED = 0  # langdetect draws random samples: seeded, one text always gets one answer
SAMPLE_CHARS = 300  # detection cost grows with length; a few sentences are enough
SAMPLE_BLOCKS = 3
# langdetect averages 7 random trials by default; 3 gave the same answers on the 297 pages of
# the evaluation sets for half the time.
TRIALS = 3
MIN_CHARS = 20
MIN_PROBABILITY = 0.5
_ALIASES = {"zh-cn": "zh", "zh-tw": "zh", "nb": "no", "nn": "no", "iw": "he", "in": "id"}
_CODE = re.compile(r"[a-z]{2}")


def normalise_code(code: str | None) -> str | None:
    """``zh-CN`` -> ``zh``, ``en_US`` -> ``en``, ``nb`` -> ``no``; None when not a language."""
    if not code:
        return None
    code = code.strip().lower().replace("_", "-")
    code = _ALIASES.get(code, code.split("-")[0])
    code = _ALIASES.get(code, code)
    return code if _CODE.fullmatch(code) else None


def detect(text: str) -> tuple[str | None, float]:
    """Most probable language of ``text`` (ISO 639-1) and its probability; (None, 0) if unsure."""
    sample = text[:SAMPLE_CHARS]
    if len(sample.strip()) < MIN_CHARS:
        return None, 0.0
    detector = _factory().create()
    detector.n_trial = TRIALS
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, 0.0
    return normalise_code(best.lang), best.prob


@cache
def _factory() -> DetectorFactory:
    """langdetect's language profiles, loaded once, with our seed."""
    factory = LazyDetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(SEED)
    return factory


def article_language(texts: list[str], hint: str | None = None) -> str | None:
    """The article's language from its longest paragraphs; the page's hint if unsure.

    The sample takes the start of each of the few longest paragraphs, so that one long
    quotation or embedded post in another language does not decide alone.
    """
    longest = sorted(texts, key=len, reverse=True)[:SAMPLE_BLOCKS]
    share = SAMPLE_CHARS // max(1, len(longest))
    code, probability = detect(" ".join(" ".join(t[: 4 * share].split())[:share] for t in longest))
    if code and probability >= MIN_PROBABILITY:
        return code
    return normalise_code(hint) or code
