"""The current time, injectable: ``NEWSSCRAPE_NOW`` (ISO 8601) pins it for tests and replays."""

from __future__ import annotations

import os
from datetime import UTC, datetime


def now() -> datetime:
    """Aware UTC now, or the instant in ``NEWSSCRAPE_NOW`` when set."""
    pinned = os.environ.get("NEWSSCRAPE_NOW")
    if pinned:
        moment = datetime.fromisoformat(pinned)
        return (moment if moment.tzinfo else moment.replace(tzinfo=UTC)).astimezone(UTC)
    return datetime.now(UTC)


def timestamp(moment: datetime | None = None) -> str:
    """ISO 8601 UTC with seconds, ``2026-11-25T20:31:40Z``."""
    return (moment or now()).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
