"""Files in the user's cache folder, for what is slow to derive and never changes for the same
input (the literals of the rule patterns, langdetect's profiles).

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
from collections.abc import Callable
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

    def fill(path: Path) -> None:
        with path.open("w", encoding="utf-8") as handle:
            json.dump(content, handle, ensure_ascii=False)

    write_file(name, fill, errors=(TypeError, ValueError))  # not JSON: not cached


def write_file(name: str, fill: Callable[[Path], None],
               errors: tuple[type[Exception], ...] = ()) -> bool:
    """Make cache file ``name`` by ``fill(path)`` on a temporary path, then put it in place
    whole; False (quietly) when that fails with an OSError or one of ``errors``."""
    folder = cache_dir()
    temporary: Path | None = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, name_made = tempfile.mkstemp(dir=folder, prefix=".tmp-")
        os.close(handle)
        temporary = Path(name_made)
        fill(temporary)
        os.replace(temporary, folder / name)
        return True
    except (OSError, *errors) as exc:
        logger.debug("cache %s not written: %s", name, exc)
        if temporary is not None:
            temporary.unlink(missing_ok=True)
        return False
