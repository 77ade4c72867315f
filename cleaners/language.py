"""Language of an article, or of one block: seeded langdetect on a capped sample."""

from __future__ import annotations

import logging
import re
from functools import cache

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from .options import DEFAULT, CleanerOptions

logger = logging.getLogger(__name__)

SEED = 0  # langdetect draws random samples: seeded, one text always gets one answer
# The thresholds (sample length, trials, how sure is sure) are in ``cleaners/options.py``.
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


def detect(text: str, options: CleanerOptions = DEFAULT) -> tuple[str | None, float]:
    """Most probable language of ``text`` (ISO 639-1) and its probability; (None, 0) if unsure."""
    sample = text[:options.sample_chars]
    if len(sample.strip()) < options.min_chars:
        return None, 0.0
    detector = _factory().create()
    detector.n_trial = options.trials
    detector.append(sample)
    try:
        best = detector.get_probabilities()[0]
    except (LangDetectException, IndexError):
        return None, 0.0
    return normalise_code(best.lang), best.prob


@cache
def _factory() -> DetectorFactory:
    """langdetect's language profiles, loaded once, with our seed."""
    factory = DetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(SEED)
    return factory


def article_language(texts: list[str], hint: str | None = None,
                     options: CleanerOptions = DEFAULT) -> str | None:
    """The article's language from its longest paragraphs; the page's hint if unsure.

    The sample takes the start of each of the few longest paragraphs, so that one long
    quotation or embedded post in another language does not decide alone.
    """
    longest = sorted(texts, key=len, reverse=True)[:options.sample_blocks]
    share = options.sample_chars // max(1, len(longest))
    code, probability = detect(" ".join(" ".join(t[: 4 * share].split())[:share] for t in longest),
                               options)
    if code and probability >= options.min_probability:
        return code
    return normalise_code(hint) or code
