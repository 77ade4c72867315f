"""langdetect's language profiles, turned into probabilities only for the n-grams looked up.

``DetectorFactory.load_profile`` decodes 55 JSON files (2 MB) and builds, for each of their
87,000 n-grams, a list of 55 probabilities before the first detection: a tenth of a second,
most of a one-page command's own start-up. A detection looks up a few hundred n-grams.

Here the first run reads the files the same way, in the same order, and stores every
n-gram's counts in an SQLite file of the user's cache (``cleaners.cache``), named by a digest
of the profile files (names, sizes, times); later runs open that file and read an n-gram's
counts when a detection first looks it up. Either way each n-gram's list is built with
langdetect's arithmetic, so detectors made by this factory give the same answers, draw for
draw. When the cache cannot be written, the counts stay in memory from the files.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import threading
from array import array
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

from langdetect.detector_factory import DetectorFactory
from langdetect.lang_detect_exception import ErrorCode, LangDetectException

from . import cache as user_cache

# (profile index, count) pairs, flattened: what the store keeps for an n-gram.
Counts = Callable[[str], list[int] | None]


class WordProbabilities(dict):
    """n-gram -> its probability in each profile, as ``DetectorFactory.add_profile`` makes it,
    from ``counts`` (an n-gram's flattened (profile, count) pairs, None when no profile has
    it) and each profile's ``n_words``.

    A dict of the rows built so far: langdetect's lookups of an n-gram seen before cost what
    a dict's do; a new one is read and built once (an absent one is remembered too).
    """

    def __init__(self, counts: Counts, n_words: list[list[int]], size: int,
                 words: Callable[[], Iterator[str]]) -> None:
        super().__init__()
        self._counts = counts
        self._n_words = n_words
        self._size = size
        self._words = words
        self._absent: set[str] = set()

    def _load(self, word: str) -> bool:
        """Build ``word``'s row into the dict; False when no profile has it."""
        if word in self._absent or not isinstance(word, str):
            return False
        pairs = self._counts(word)
        if pairs is None:
            self._absent.add(word)
            return False
        row = [0.0] * self._size
        if 1 <= len(word) <= 3:
            for index, count in zip(pairs[::2], pairs[1::2], strict=True):
                row[index] = 1.0 * count / self._n_words[index][len(word) - 1]
        self[word] = row
        return True

    def __contains__(self, word: object) -> bool:
        return dict.__contains__(self, word) or self._load(word)

    def __missing__(self, word: str) -> list[float]:
        if not self._load(word):
            raise KeyError(word)
        return dict.__getitem__(self, word)

    def get(self, word: str, default: object = None) -> object:
        return self[word] if word in self else default

    def __iter__(self) -> Iterator[str]:
        return self._words()

    def __len__(self) -> int:
        return sum(1 for _ in self._words())


class LazyDetectorFactory(DetectorFactory):
    """A ``DetectorFactory`` whose profiles become probabilities only when looked up."""

    def load_profile(self, profile_directory: str) -> None:
        names = os.listdir(profile_directory)  # langdetect's order and count, kept as they are
        if not names:
            raise LangDetectException(ErrorCode.NeedLoadProfileError,
                                      f"Not found profile: {profile_directory}")
        name = _store_name(profile_directory, names)
        store = ProfileStore.open(user_cache.cache_dir() / name)
        if store is None:
            profiles = self._read_profiles(profile_directory, names)
            store = ProfileStore.build(name, profiles) or _in_memory(profiles)
        else:
            self.langlist.extend(store.languages)
        self.word_lang_prob_map = WordProbabilities(store.counts, store.n_words, len(names),
                                                    store.words)

    def _read_profiles(self, profile_directory: str, names: list[str]) -> list[dict]:
        """The profile files, checked as langdetect checks them; their languages added to
        ``langlist``."""
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
        return profiles


def _store_name(profile_directory: str, names: list[str]) -> str:
    """The cache file of these profile files: a digest of their folder, names, sizes and
    modification times (a reinstalled or edited profile changes it)."""
    digest = hashlib.sha256(os.path.abspath(profile_directory).encode())
    for name in names:
        info = os.stat(os.path.join(profile_directory, name))
        digest.update(f"\0{name}\0{info.st_size}\0{info.st_mtime_ns}".encode())
    return f"langdetect-profiles-{digest.hexdigest()[:24]}.sqlite"


class _Profiles(NamedTuple):
    """What a ``WordProbabilities`` reads: languages, ``n_words``, counts and the n-grams."""

    languages: list[str]
    n_words: list[list[int]]
    counts: Counts
    words: Callable[[], Iterator[str]]


def _in_memory(profiles: list[dict]) -> _Profiles:
    def counts(word: str) -> list[int] | None:
        pairs = [v for index, profile in enumerate(profiles)
                 if (count := profile["freq"].get(word)) is not None for v in (index, count)]
        return pairs or None

    def words() -> Iterator[str]:
        return iter(frozenset().union(*(p["freq"] for p in profiles)))

    return _Profiles([p["name"] for p in profiles], [p["n_words"] for p in profiles],
                     counts, words)


class ProfileStore:
    """The profiles' counts in an SQLite file, read one n-gram at a time; one connection per
    process and thread (a worker process forked from this one opens its own)."""

    @classmethod
    def open(cls, path: Path) -> _Profiles | None:
        """The store at ``path``, or None when there is none to trust."""
        store = cls(path)
        try:
            with store._connection() as db:
                (languages, n_words), = db.execute("SELECT languages, n_words FROM meta")
            return _Profiles(json.loads(languages), json.loads(n_words), store.counts,
                             store.words)
        except (sqlite3.Error, ValueError, TypeError):
            return None

    @classmethod
    def build(cls, name: str, profiles: list[dict]) -> _Profiles | None:
        """Write the store of ``profiles`` to the cache and open it; None when it cannot be
        written."""
        rows: dict[str, array] = {}
        for index, profile in enumerate(profiles):
            for word, count in profile["freq"].items():
                rows.setdefault(word, array("q")).extend((index, count))

        def fill(path: Path) -> None:
            with sqlite3.connect(path) as db:
                db.execute("CREATE TABLE meta (languages TEXT, n_words TEXT)")
                db.execute("INSERT INTO meta VALUES (?, ?)",
                           (json.dumps([p["name"] for p in profiles]),
                            json.dumps([p["n_words"] for p in profiles])))
                db.execute("CREATE TABLE ngram (word TEXT PRIMARY KEY, counts BLOB) "
                           "WITHOUT ROWID")
                db.executemany("INSERT INTO ngram VALUES (?, ?)",
                               ((w, c.tobytes()) for w, c in rows.items()))
            db.close()

        if not user_cache.write_file(name, fill, errors=(sqlite3.Error,)):
            return None
        return cls.open(user_cache.cache_dir() / name)

    def __init__(self, path: Path) -> None:
        self.path = path
        self._local = threading.local()

    def _connection(self) -> sqlite3.Connection:
        if getattr(self._local, "pid", None) != os.getpid():
            if not self.path.is_file():
                raise sqlite3.OperationalError(f"no file {self.path}")
            self._local.db = sqlite3.connect(f"{self.path.as_uri()}?mode=ro", uri=True)
            self._local.pid = os.getpid()
        return self._local.db

    def counts(self, word: str) -> list[int] | None:
        found = self._connection().execute("SELECT counts FROM ngram WHERE word = ?",
                                           (word,)).fetchone()
        return array("q", found[0]).tolist() if found else None

    def words(self) -> Iterator[str]:
        return (word for word, in self._connection().execute("SELECT word FROM ngram"))
