"""Language of an article, or of one block: seeded langdetect on a capped sample."""

from __future__ import annotations

import logging
import re
from functools import cache

from langdetect.detector_factory import PROFILES_DIRECTORY, DetectorFactory
from langdetect.lang_detect_exception import LangDetectException

from .blocklang import block_language
from .options import DEFAULT, CleanerOptions
from .profiles import LazyDetectorFactory

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
    factory = LazyDetectorFactory()
    factory.load_profile(PROFILES_DIRECTORY)
    factory.set_seed(SEED)
    return factory


def article_language(texts: list[str], hint: str | None = None,
                     options: CleanerOptions = DEFAULT) -> str | None:
    """The article's language from its longest paragraphs; the page's hint if unsure; None
    when neither tells.

    A hint (the page's declaration, a source's language) naming a language langdetect has no
    profile for stands: detection could only answer a wrong code (Icelandic as ``no``). A
    detected language that ``CONFIRM_WORDS`` lists must show some of its commonest words:
    langdetect gives ``sw`` with certainty to isiZulu and isiXhosa, which it lacks. A detected
    language the page does not declare, or the declaration when langdetect is unsure, gives
    way to the cheap test (below) finding one that langdetect lacks: the answer is None then,
    not the neighbour langdetect is sure of (Basque as ``id``, Serbian as ``mk``) nor a
    template's ``lang="en"`` on an Icelandic article.

    When the page declares its language and the cheap test (``blocklang``: script, stop
    words) finds that language in the sample, or in paragraphs holding
    ``options.declared_share`` of the text, langdetect is not run: the longest paragraphs may
    be a notice in another language (an English consent placeholder in a Korean article, a
    device-sharing wall under a short article).

    The sample takes the start of each of the few longest paragraphs, so that one long
    quotation or embedded post in another language does not decide alone.
    """
    declared = normalise_code(hint)
    if declared and declared not in known_languages():
        return declared
    longest = sorted(texts, key=len, reverse=True)[:options.sample_blocks]
    share = options.sample_chars // max(1, len(longest))
    sample = " ".join(" ".join(t[: 4 * share].split())[:share] for t in longest)
    cheap = block_language(sample)[0]
    if declared and cheap == declared and confirmed(declared, sample):
        return declared  # the script and the stop words agree with the page: no langdetect
    if declared and _declared_share(texts, declared) >= options.declared_share:
        return declared  # the article is, the longest lines are not (a notice's)
    code, probability = detect(sample, options)
    unknown = cheap is not None and cheap not in known_languages()
    if code and probability >= options.min_probability:
        if code == declared:
            return code
        return None if unknown or not confirmed(code, sample) else code
    return None if unknown else declared


def _declared_share(texts: list[str], declared: str) -> float:
    """The share of the text in paragraphs the cheap test finds in the declared language."""
    total = sum(map(len, texts))
    mine = sum(len(t) for t in texts if block_language(t)[0] == declared)
    return mine / total if total else 0.0


# Languages langdetect gives to texts in languages it lacks, with their commonest words: a
# text detected as one of them must hold at least CONFIRM_MIN of these (Swahili's function
# words; isiZulu and isiXhosa, detected as Swahili, have none of them as words).
CONFIRM_WORDS = {
    "sw": frozenset("na ya wa kwa ni za katika la cha kuwa hiyo huo hii kama lakini pia sana "
                    "hadi baada kwamba wake yake zao wao yeye sisi bado au hata kwenye".split()),
}
CONFIRM_MIN = 2
_TOKENS = re.compile(r"\w+")


def confirmed(code: str, text: str) -> bool:
    """Whether ``text`` shows the words ``code`` needs, if it needs any."""
    words = CONFIRM_WORDS.get(code)
    return words is None or sum(t in words for t in _TOKENS.findall(text.lower())) >= CONFIRM_MIN


@cache
def known_languages() -> frozenset[str]:
    """The languages langdetect has a profile for, as ISO 639-1 codes."""
    return frozenset(filter(None, map(normalise_code, _factory().get_lang_list())))
