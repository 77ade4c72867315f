"""The seen store: every article fetched, so scheduled crawls fetch only what is new.

``SeenStore`` is the interface the crawl uses (the seen-check spider middleware and the
scheduled pipelines); ``SqliteSeenStore`` is the one-machine store behind it, and
``open_seen_store`` picks the store a crawl's settings ask for. A shared store (Redis)
implements the same Protocol.

Datetimes must be timezone-aware; the SQLite store keeps them as UTC ISO 8601 strings of a
fixed width, so they sort and compare as text.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Literal, Protocol

from ._closing import Closing

logger = logging.getLogger(__name__)

SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE articles (
    canonical_url TEXT PRIMARY KEY,
    url TEXT NOT NULL,
    first_fetched_at TEXT NOT NULL,
    fetched_at TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    source_date TEXT
);
CREATE INDEX articles_fingerprint ON articles (fingerprint);
"""

Status = Literal["new", "updated", "unchanged", "duplicate"]
# The fingerprint of a page that gave no article: "failed:<error code>".
FAILED = "failed:"


class SeenStoreError(Exception):
    """The store cannot be opened or read (a corrupt file, a folder in its place...).

    The message names the store and how to get out (move it aside, or ``--refresh``)."""


class SeenStore(Protocol):
    """What a crawl asks of the seen store. Every method may raise SeenStoreError."""

    def should_fetch(self, canonical_url: str, source_date: datetime | None, *,
                     failed_before: datetime | None = None) -> bool:
        """True if the article is unknown, or ``source_date`` says it changed since it was
        last fetched, or it is remembered as failed (``record_failure``) and that fetch was
        before ``failed_before`` (None: failures are retried only when the date moves)."""
        ...

    def classify(self, canonical_url: str, fingerprint: str) -> Status:
        """What ``record`` would return, without storing anything."""
        ...

    def record(self, canonical_url: str, url: str, fingerprint: str, fetched_at: datetime,
               source_date: datetime | None) -> Status:
        """Remember a fetched article; return how it relates to what was known."""
        ...

    def record_failure(self, canonical_url: str, url: str, error: str, fetched_at: datetime,
                       source_date: datetime | None = None) -> None:
        """Remember an article page that failed for a lasting reason (``error``: a code such as
        ``no_article`` or ``http_404``)."""
        ...

    def close(self) -> None:
        ...


def fingerprint(text: str) -> str:
    """The content fingerprint of an article text: SHA-256 of it with whitespace collapsed."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()


def fetch_again(stored: tuple[str, str, str | None] | None, source_date: datetime | None,
                failed_before: datetime | None) -> bool:
    """The seen-store decision, for any store: fetch when ``stored`` (fingerprint, last fetch,
    source date, as stored) is None, or ``source_date`` is later than the stored one (or than
    the last fetch, when none is stored), or it is a remembered failure last fetched before
    ``failed_before``."""
    if stored is None:
        return True
    fingerprint, fetched_at, stored_date = stored
    if (failed_before is not None and fingerprint.startswith(FAILED)
            and fetched_at < _to_text(failed_before)):
        return True
    if source_date is None:
        return False
    return _to_text(source_date) > (stored_date or fetched_at)


class SqliteSeenStore(Closing):
    """Articles already fetched, keyed by canonical URL, in one SQLite file.

    Each `record` is its own transaction (WAL mode), so killing the process
    loses at most the article being recorded.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self._conn = sqlite3.connect(path, isolation_level=None)
        except (OSError, sqlite3.Error) as exc:
            raise self._error(exc) from None
        try:
            self._conn.execute("PRAGMA busy_timeout = 10000")
            self._conn.execute("PRAGMA journal_mode = WAL")
            self._conn.execute("PRAGMA synchronous = NORMAL")
            self._migrate(path)
            self._conn.execute("SELECT count(*) FROM articles").fetchone()
        except sqlite3.Error as exc:
            self._conn.close()
            raise self._error(exc) from None
        except BaseException:
            self._conn.close()
            raise

    def _error(self, exc: Exception) -> SeenStoreError:
        reason = getattr(exc, "strerror", None) or str(exc)
        return SeenStoreError(
            f"the seen store {self.path} cannot be read ({reason}): move it aside to start a "
            "new one (the next run then writes every listed article again), or run with "
            "--refresh, which does that for you")

    def _migrate(self, path: Path) -> None:
        with self._transaction():
            version = self._conn.execute("PRAGMA user_version").fetchone()[0]
            if version == 0:
                for statement in SCHEMA.split(";"):
                    if statement.strip():
                        self._conn.execute(statement)
                self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
                logger.info("created seen store %s", path)
            elif version != SCHEMA_VERSION:
                raise SeenStoreError(
                    f"{path}: seen store schema version {version}, expected {SCHEMA_VERSION}"
                )

    def should_fetch(self, canonical_url: str, source_date: datetime | None, *,
                     failed_before: datetime | None = None) -> bool:
        """True if the article is unknown, or `source_date` says it changed since, or it is a
        remembered failure last fetched before `failed_before`.

        "Changed since" means later than the stored source_date or, when none is
        stored, later than the last fetch.
        """
        return fetch_again(self._row(canonical_url), source_date, failed_before)

    def classify(self, canonical_url: str, fingerprint: str) -> Status:
        """What `record` would return, without storing anything.

        Lets the caller write the article before recording it, so that a kill
        in between causes a refetch rather than a lost article.
        """
        row = self._row(canonical_url)
        if row is not None and not row[0].startswith(FAILED):
            return "unchanged" if row[0] == fingerprint else "updated"
        other = self._conn.execute(
            "SELECT 1 FROM articles WHERE fingerprint = ? LIMIT 1", (fingerprint,)
        ).fetchone()
        return "duplicate" if other else "new"

    def record(
        self,
        canonical_url: str,
        url: str,
        fingerprint: str,
        fetched_at: datetime,
        source_date: datetime | None,
    ) -> Status:
        """Remember a fetched article and return how it relates to what was known.

        "new": unknown URL and content; "updated": known URL, new content;
        "unchanged": known URL, same content; "duplicate": unknown URL whose
        content is already stored under another URL (also remembered, so that
        URL is not fetched again). The stored source_date only moves forward.
        """
        fetched = _to_text(fetched_at)
        date = _to_text(source_date) if source_date is not None else None
        with self._transaction():
            status = self.classify(canonical_url, fingerprint)
            if status in ("new", "duplicate"):  # the URL may be stored as a failure
                self._conn.execute(
                    """INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)
                       ON CONFLICT (canonical_url) DO UPDATE SET url = excluded.url,
                           fetched_at = excluded.fetched_at,
                           fingerprint = excluded.fingerprint,
                           source_date = excluded.source_date""",
                    (canonical_url, url, fetched, fetched, fingerprint, date),
                )
            else:
                self._conn.execute(
                    """UPDATE articles SET url = ?, fetched_at = ?, fingerprint = ?,
                           source_date = CASE
                               WHEN source_date IS NULL OR ? > source_date THEN ?
                               ELSE source_date END
                       WHERE canonical_url = ?""",
                    (url, fetched, fingerprint, date, date, canonical_url),
                )
        logger.debug("%s: %s", canonical_url, status)
        return status

    def record_failure(self, canonical_url: str, url: str, error: str,
                       fetched_at: datetime, source_date: datetime | None = None) -> None:
        """Remember a page that gave no article (a wall, no article text, a 404), so that later
        runs do not fetch it again unless its feed or sitemap date says it changed (or
        ``should_fetch``'s ``failed_before`` passed); an article found there later counts as
        new."""
        fetched = _to_text(fetched_at)
        date = _to_text(source_date) if source_date is not None else None
        with self._transaction():
            self._conn.execute(
                """INSERT INTO articles VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT (canonical_url) DO UPDATE SET fetched_at = excluded.fetched_at,
                       fingerprint = excluded.fingerprint, source_date = excluded.source_date
                   WHERE articles.fingerprint LIKE ?""",
                (canonical_url, url, fetched, fetched, f"{FAILED}{error}", date, f"{FAILED}%"),
            )

    def close(self) -> None:
        self._conn.close()

    def _row(self, canonical_url: str) -> tuple[str, str, str | None] | None:
        return self._conn.execute(
            "SELECT fingerprint, fetched_at, source_date FROM articles WHERE canonical_url = ?",
            (canonical_url,),
        ).fetchone()

    @contextmanager
    def _transaction(self) -> Iterator[None]:
        """BEGIN IMMEDIATE ... COMMIT, or ROLLBACK on error; SQLite's errors as SeenStoreError."""
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            try:
                yield
            except BaseException:
                self._conn.execute("ROLLBACK")
                raise
            self._conn.execute("COMMIT")
        except sqlite3.Error as exc:  # a full disk, a file gone bad mid-run
            raise SeenStoreError(f"the seen store {self.path} failed: {exc}") from None


def _to_text(value: datetime) -> str:
    if value.tzinfo is None:
        raise ValueError(f"naive datetime {value!r}: pass a timezone-aware datetime")
    return value.astimezone(UTC).isoformat(timespec="microseconds")


def open_seen_store(settings: Any) -> SeenStore:
    """The store a crawl's settings name: in Redis when ``REDIS_URL`` is set (shared by every
    machine, scraper.distributed.seen), else ``SEEN_DB``, an SQLite file."""
    if settings.get("REDIS_URL"):
        from ..distributed import redis_from_settings
        from ..distributed.seen import RedisSeenStore

        return RedisSeenStore(redis_from_settings(settings),
                              settings.get("REDIS_SEEN_PREFIX") or "newsscrape:seen")
    return SqliteSeenStore(Path(settings.get("SEEN_DB")))
