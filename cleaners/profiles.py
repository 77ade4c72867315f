"""langdetect's language profiles, read as they are and turned into probabilities lazily.

``DetectorFactory.load_profile`` builds, for each of the 87,000 n-grams of its 55 profiles, a
list of 55 probabilities before the first detection: a quarter of a second, of which reading
the JSON files is a fifth. Here the files are read the same way, in the same order, and each
n-gram's list is built, with the same arithmetic, the first time a detection looks it up; a
detection touches a few hundred of them. Detectors made by this factory give the same
answers, draw for draw.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator, Mapping

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException


class WordProbabilities(Mapping):
    """n-gram -> its probability in each profile, as ``DetectorFactory.add_profile`` makes it."""

    def __init__(self, profiles: list[dict], size: int) -> None:
        self._profiles = profiles
        self._size = size
        self._rows: dict[str, list[float]] = {}
        self._words: frozenset[str] | None = None

    def _all_words(self) -> frozenset[str]:
        if self._words is None:
            self._words = frozenset().union(*(p["freq"] for p in self._profiles))
        return self._words

    def __contains__(self, word: object) -> bool:
        return word in self._rows or word in self._all_words()

    def __getitem__(self, word: str) -> list[float]:
        if (row := self._rows.get(word)) is None:
            if word not in self._all_words():
                raise KeyError(word)
            row = [0.0] * self._size
            if 1 <= len(word) <= 3:
                for index, profile in enumerate(self._profiles):
                    if (count := profile["freq"].get(word)) is not None:
                        row[index] = 1.0 * count / profile["n_words"][len(word) - 1]
            self._rows[word] = row
        return row

    def __iter__(self) -> Iterator[str]:
        return iter(self._all_words())

    def __len__(self) -> int:
        return len(self._all_words())


class LazyDetectorFactory(DetectorFactory):
    """A ``DetectorFactory`` whose profiles become probabilities only when looked up."""

    def load_profile(self, profile_directory: str) -> None:
        names = os.listdir(profile_directory)  # langdetect's order and count, kept as they are
        if not names:
            raise LangDetectException(ErrorCode.NeedLoadProfileError,
                                      f"Not found profile: {profile_directory}")
        profiles = []
        for name in names:
            filename = os.path.join(profile_directory, name)
            if name.startswith(".") or not os.path.isfile(filename):
                continue
            try:
                with open(filename, encoding="utf-8") as handle:
                    profile = json.load(handle)
                language = profile["name"]
                if not isinstance(profile["freq"], dict) or len(profile["n_words"]) < 3:
                    raise ValueError("freq or n_words")
            except OSError:
                raise LangDetectException(ErrorCode.FileLoadError,
                                          f'Cannot open "{filename}"') from None
            except (ValueError, KeyError, TypeError):
                raise LangDetectException(ErrorCode.FormatError,
                                          f'Profile format error in "{filename}"') from None
            if language in self.langlist:
                raise LangDetectException(ErrorCode.DuplicateLangError,
                                          "Duplicate the same language profile.")
            self.langlist.append(language)
            profiles.append(profile)
        self.word_lang_prob_map = WordProbabilities(profiles, len(names))
