"""Date parsing and recency checks shared by feeds and sitemaps."""

import logging
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime

logger = logging.getLogger(__name__)


def as_utc(value: datetime) -> datetime:
    """Return `value` in UTC; a naive datetime is taken to be UTC already."""
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def parse_date(text: str | None) -> datetime | None:
    """Parse a W3C/ISO 8601 date (sitemaps, JSON Feed) or an RFC 822 date.

    Returns an aware UTC datetime, or None when `text` is empty or unparseable.
    A date without time or offset is taken as UTC.
    """
    if not text or not text.strip():
        return None
    text = text.strip()
    try:
        return as_utc(datetime.fromisoformat(text))
    except ValueError:
        pass
    try:
        return as_utc(parsedate_to_datetime(text))
    except (TypeError, ValueError):
        logger.debug("unparseable date %r", text)
        return None


def is_recent(date: datetime | None, max_age_days: float | None, now: datetime) -> bool:
    """True if `date` is at most `max_age_days` before `now`.

    Undated entries and sources without `max_age_days` count as recent, so that
    nothing is skipped merely because a feed omits dates.
    """
    if date is None or max_age_days is None:
        return True
    return date >= now - timedelta(days=max_age_days)
