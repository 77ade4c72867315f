import sqlite3
from datetime import UTC, datetime, timedelta, timezone

import pytest

from scraper.scheduled.seen import SCHEMA_VERSION, SeenStoreError, SqliteSeenStore

T0 = datetime(2024, 11, 5, 10, 0, tzinfo=UTC)
URL = "https://example.com/a"


@pytest.fixture
def store(tmp_path):
    with SqliteSeenStore(tmp_path / "seen.sqlite3") as s:
        yield s


def test_unknown_url_should_be_fetched(store):
    assert store.should_fetch(URL, None)
    assert store.should_fetch(URL, T0)


def test_known_url_is_not_fetched_again_without_newer_date(store):
    assert store.record(URL, URL, "f1", fetched_at=T0, source_date=T0) == "new"

    assert not store.should_fetch(URL, None)
    assert not store.should_fetch(URL, T0)
    assert not store.should_fetch(URL, T0 - timedelta(days=1))
    assert store.should_fetch(URL, T0 + timedelta(seconds=1))


def test_undated_record_compares_with_fetch_time(store):
    store.record(URL, URL, "f1", fetched_at=T0, source_date=None)

    assert not store.should_fetch(URL, T0 - timedelta(minutes=5))
    assert store.should_fetch(URL, T0 + timedelta(minutes=5))


def test_dates_compare_across_timezones(store):
    store.record(URL, URL, "f1", fetched_at=T0, source_date=T0)
    madrid = timezone(timedelta(hours=1))

    # 10:30 in Madrid is 09:30 UTC: earlier than the stored 10:00 UTC.
    assert not store.should_fetch(URL, datetime(2024, 11, 5, 10, 30, tzinfo=madrid))
    assert store.should_fetch(URL, datetime(2024, 11, 5, 11, 30, tzinfo=madrid))


def test_record_statuses(store):
    later = T0 + timedelta(hours=1)

    assert store.record(URL, URL, "f1", T0, T0) == "new"
    assert store.record(URL, URL, "f1", later, later) == "unchanged"
    assert store.record(URL, URL, "f2", later, later) == "updated"
    assert store.record(URL, URL, "f2", later, later) == "unchanged"
    other = "https://example.com/b"
    assert store.record(other, other + "?utm_source=x", "f2", later, None) == "duplicate"
    assert not store.should_fetch(other, None)


def test_unchanged_moves_source_date_forward_only(store):
    later = T0 + timedelta(hours=2)
    store.record(URL, URL, "f1", T0, T0)

    assert store.record(URL, URL, "f1", later, later) == "unchanged"
    assert not store.should_fetch(URL, later)

    assert store.record(URL, URL, "f1", later, T0) == "unchanged"
    assert store.record(URL, URL, "f1", later, None) == "unchanged"
    assert not store.should_fetch(URL, later)
    assert store.should_fetch(URL, later + timedelta(seconds=1))


def test_classify_stores_nothing(store):
    assert store.classify(URL, "f1") == "new"
    assert store.classify(URL, "f1") == "new"
    store.record(URL, URL, "f1", T0, None)

    assert store.classify(URL, "f1") == "unchanged"
    assert store.classify(URL, "f2") == "updated"
    assert store.classify("https://example.com/b", "f1") == "duplicate"
    assert store.should_fetch("https://example.com/b", None)


def test_rejects_naive_datetimes(store):
    with pytest.raises(ValueError, match="timezone-aware"):
        store.record(URL, URL, "f1", datetime(2024, 11, 5), None)
    assert store.should_fetch(URL, None)  # the failed record left nothing behind


def test_reopening_keeps_everything(tmp_path):
    path = tmp_path / "state" / "seen.sqlite3"
    with SqliteSeenStore(path) as store:
        store.record(URL, URL + "?utm_source=rss", "f1", T0, T0)
        store.record("https://example.com/b", "https://example.com/b", "f2", T0, None)

    with SqliteSeenStore(path) as store:
        assert not store.should_fetch(URL, T0)
        assert store.should_fetch(URL, T0 + timedelta(seconds=1))
        assert store.record(URL, URL, "f1", T0, T0) == "unchanged"
        other = "https://example.com/c"
        assert store.record(other, other, "f2", T0, None) == "duplicate"

    conn = sqlite3.connect(path)
    rows = conn.execute(
        "SELECT canonical_url, url, first_fetched_at, fingerprint, source_date "
        "FROM articles ORDER BY canonical_url"
    ).fetchall()
    assert rows[0] == (URL, URL, "2024-11-05T10:00:00.000000+00:00", "f1",
                       "2024-11-05T10:00:00.000000+00:00")
    assert [r[0] for r in rows] == [URL, "https://example.com/b", "https://example.com/c"]
    assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    conn.close()


def test_first_fetched_at_is_kept_on_update(store, tmp_path):
    later = T0 + timedelta(days=1)
    store.record(URL, URL, "f1", T0, None)
    store.record(URL, URL, "f2", later, None)

    conn = sqlite3.connect(tmp_path / "seen.sqlite3")
    first, last = conn.execute(
        "SELECT first_fetched_at, fetched_at FROM articles WHERE canonical_url = ?", (URL,)
    ).fetchone()
    conn.close()
    assert (first, last) == ("2024-11-05T10:00:00.000000+00:00", "2024-11-06T10:00:00.000000+00:00")


def test_each_record_is_committed(store, tmp_path):
    store.record(URL, URL, "f1", T0, None)

    # A second connection sees the row while the store is still open.
    conn = sqlite3.connect(tmp_path / "seen.sqlite3")
    assert conn.execute("SELECT count(*) FROM articles").fetchone()[0] == 1
    conn.close()


def test_refuses_unknown_schema_version(tmp_path):
    path = tmp_path / "seen.sqlite3"
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA user_version = 99")
    conn.close()

    with pytest.raises(SeenStoreError, match="schema version 99, expected 1"):
        SqliteSeenStore(path)


def test_a_page_that_gave_no_article_is_not_fetched_again_until_its_date_moves(store):
    url = "https://news.example/walled.html"
    store.record_failure(url, url, "login_wall", fetched_at=T0)
    assert not store.should_fetch(url, None)
    assert not store.should_fetch(url, T0 - timedelta(hours=1))
    assert store.should_fetch(url, T0 + timedelta(hours=1))
    # an article found there later is new, not an update of the wall
    assert store.classify(url, "f1") == "new"
    later = T0 + timedelta(hours=2)
    assert store.record(url, url, "f1", fetched_at=later, source_date=None) == "new"
    assert store.classify(url, "f1") == "unchanged"
    # a wall seen later does not erase the article
    store.record_failure(url, url, "login_wall", fetched_at=T0 + timedelta(hours=3))
    assert store.classify(url, "f1") == "unchanged"
