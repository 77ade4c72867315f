"""Small JSON files in the user's cache folder, for what is slow to derive and never changes
for the same input (the literals of the rule patterns).

The folder is ``$NEWSSCRAPE_CACHE_DIR``, else ``$XDG_CACHE_HOME/newsscrape``, else
``~/.cache/newsscrape``. A name holds the digest of what it was derived from, so a stale
entry is never read. The cache is only an accelerator: a missing, unreadable or corrupt file
is derived again, and a folder that cannot be written is not an error.
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from pathlib import Path

logger = logging.getLogger(__name__)


def cache_dir() -> Path:
    """Where the cache files live."""
    if folder := os.environ.get("NEWSSCRAPE_CACHE_DIR"):
        return Path(folder)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "newsscrape"


def read(name: str) -> object | None:
    """The decoded content of cache file ``name``, or None when there is none to trust."""
    try:
        return json.loads((cache_dir() / name).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write(name: str, content: object) -> None:
    """Write cache file ``name`` whole (a reader never sees half of it), or give up quietly."""
    folder = cache_dir()
    try:
        folder.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile("w", encoding="utf-8", dir=folder, prefix=".tmp-",
                                         delete=False) as handle:
            json.dump(content, handle, ensure_ascii=False)
        os.replace(handle.name, folder / name)
    except OSError as exc:
        logger.debug("cache %s not written: %s", name, exc)
