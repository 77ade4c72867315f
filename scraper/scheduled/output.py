"""Append-only JSON Lines files that survive kills, and a per-folder run lock."""

import fcntl
import json
import logging
import os
from pathlib import Path
from typing import Any, BinaryIO

from ..items import json_line
from ._closing import Closing

logger = logging.getLogger(__name__)

_CHUNK = 64 * 1024


def repair_torn_tail(path: Path) -> int:
    """Cut a last line left without its b"\\n" by a killed writer.

    Truncates `path` just after its last b"\\n" (or to 0 bytes) and returns the
    number of bytes cut; 0 if the file is missing, is no regular file (``/dev/stdout``, a
    pipe) or ends with b"\\n". A last line that is a whole JSON value (a file finished by
    hand or by another tool) is kept, and ended.
    """
    if not path.is_file():
        return 0
    try:
        f = path.open("r+b")
    except FileNotFoundError:
        return 0
    with f:
        size = f.seek(0, os.SEEK_END)
        keep = _after_last_newline(f, size)
        if keep < size:
            f.seek(keep)
            try:
                json.loads(f.read())
            except ValueError:
                f.truncate(keep)
                logger.warning("%s: cut %d bytes of a torn last line", path, size - keep)
                return size - keep
            f.seek(0, os.SEEK_END)
            f.write(b"\n")
        return 0


def last_line(path: Path) -> bytes | None:
    """The last complete line of `path`, without its b"\\n"; None if it has none."""
    try:
        f = path.open("rb")
    except FileNotFoundError:
        return None
    with f:
        end = _after_last_newline(f, f.seek(0, os.SEEK_END))
        if end == 0:
            return None
        start = _after_last_newline(f, end - 1)
        f.seek(start)
        return f.read(end - 1 - start)


def _after_last_newline(f: BinaryIO, end: int) -> int:
    """The offset just after the last b"\\n" before `end`, or 0 if there is none."""
    while end > 0:
        start = max(0, end - _CHUNK)
        f.seek(start)
        newline = f.read(end - start).rfind(b"\n")
        if newline != -1:
            return start + newline + 1
        end = start
    return 0


class JsonlAppender(Closing):
    """Append records as JSON Lines, one os.write per line, never rewriting bytes.

    There is no user-space buffer: a line is in the kernel once `write` returns;
    with `fsync=True` it is also on disk. A line torn by a kill is cut when the
    file is next opened; a line torn by a failed write (disk full) is cut at once.
    """

    def __init__(self, path: Path, fsync: bool = False) -> None:
        self.path = path
        self._fsync = fsync
        path.parent.mkdir(parents=True, exist_ok=True)
        repair_torn_tail(path)
        self._fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_CLOEXEC, 0o644)

    def write(self, record: dict[str, Any]) -> None:
        data = memoryview(json_line(record))
        start = os.fstat(self._fd).st_size
        written = 0
        try:
            while written < len(data):
                written += os.write(self._fd, data[written:])
            if self._fsync:
                os.fsync(self._fd)
        except OSError:
            if written:
                os.ftruncate(self._fd, start)
            raise

    def close(self) -> None:
        os.close(self._fd)


class AlreadyRunning(Exception):
    """Another process holds the output folder's lock."""


class OutputLock:
    """Exclusive, non-blocking flock on `directory/.lock`, holding the owner's pid.

    The kernel releases it when the process exits, even on SIGKILL, so a stale
    lock file never blocks the next run.
    """

    def __init__(self, directory: Path) -> None:
        self.dir = directory
        self.path = directory / ".lock"
        self._fd: int | None = None

    def acquire(self) -> None:
        self.dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_CLOEXEC, 0o644)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            pid = os.pread(fd, 32, 0).decode("ascii", "replace").strip() or "unknown"
            os.close(fd)
            raise AlreadyRunning(
                f"{self.dir} is in use by another crawl (pid {pid}); lock file {self.path}"
            ) from None
        os.ftruncate(fd, 0)
        os.pwrite(fd, f"{os.getpid()}\n".encode("ascii"), 0)
        self._fd = fd

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)  # closing the only descriptor releases the flock
            self._fd = None

    def __enter__(self) -> "OutputLock":
        self.acquire()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.release()
