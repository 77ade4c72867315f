"""Resume state of ``newsscrape warc -o FILE``: the files finished, and the offset reached in
the one in progress, kept beside the output as ``FILE.warc-state.json``.

Results are written in record order, so "every record up to offset N of file F has its line"
is one pair. The state is replaced (atomically) at most every SAVE_EVERY seconds, always after
the lines it counts are flushed: it may lag behind the output, never run ahead of it. The
output's last line, which carries its ``warc`` offset, is read too when the run resumes, so
the lines after the state are not written twice. What that last line cannot tell is saved at
once: a file's first record and its end, an error line (errors have no offset), and every
line when ``--fields`` leaves ``warc`` out of them.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from ..scheduled.output import last_line, repair_torn_tail

SAVE_EVERY = 1.0  # seconds: the state is saved at most this often (but see ``advance``)


class Checkpoint:
    """Where a run over ``files`` stands; with ``output`` None (stdout), nothing is kept."""

    def __init__(self, output: Path | None, fresh: bool = False, lines_tell: bool = True) -> None:
        """``lines_tell``: the output's article lines carry ``warc`` (``--fields`` may leave it
        out)."""
        self.lines_tell = lines_tell
        self.path = output.with_name(output.name + ".warc-state.json") if output else None
        self.done: list[str] = []
        self.file: str | None = None
        self.offset: int | None = None
        self._saved = time.monotonic()
        self._saved_file: str | None = None  # the file in progress in the state last saved
        self._unsaved = False  # accounted for since the last save
        if self.path is None:
            return
        if fresh:
            self.path.unlink(missing_ok=True)
            return
        if self.path.exists():
            state = json.loads(self.path.read_text())
            self.done = list(state["done"])
            self.file, self.offset = state["file"], state["offset"]
        repair_torn_tail(output)
        self._ahead(output)

    def _ahead(self, output: Path) -> None:
        """Take the output's last line as done when the state lags behind it."""
        try:
            warc = json.loads(last_line(output) or b"null") or {}
            warc = warc.get("warc") if isinstance(warc, dict) else None
        except ValueError:
            return
        if not warc or warc.get("file") in self.done:
            return
        if warc["file"] != self.file or self.offset is None or warc["offset"] > self.offset:
            self.file, self.offset = warc["file"], warc["offset"]

    def start_at(self, name: str) -> int | None:
        """None when ``name`` is finished; else the offset to read it from (a record's
        start: that record and those before it are done when it is the file in progress)."""
        if name in self.done:
            return None
        return self.offset if name == self.file and self.offset is not None else 0

    def is_past(self, name: str, offset: int) -> bool:
        """The record at ``offset`` of ``name`` was written by an earlier run."""
        return name == self.file and self.offset is not None and offset <= self.offset

    def advance(self, name: str, offset: int, line: str | None = None) -> None:
        """Every record of ``name`` up to ``offset`` is accounted for, its ``line`` (None,
        ``article`` or ``error``) flushed. Saved at once when the output's last line cannot
        tell of it (an error line; an article line without ``warc``), and at the first record
        of a file; else at most every SAVE_EVERY seconds."""
        self.file, self.offset, self._unsaved = name, offset, True
        untold = line == "error" or (line == "article" and not self.lines_tell)
        if untold or name != self._saved_file or time.monotonic() - self._saved > SAVE_EVERY:
            self.save()

    def finish(self, name: str) -> None:
        """``name`` is read to its end."""
        self.done.append(name)
        self.file = self.offset = None
        self.save()

    def close(self) -> None:
        """The run stops (its end, Ctrl-C): save what is not saved yet."""
        if self._unsaved:
            self.save()

    def save(self) -> None:
        self._saved_file, self._unsaved = self.file, False
        self._saved = time.monotonic()
        if self.path is None:
            return
        temporary = self.path.with_name(self.path.name + ".tmp")
        temporary.write_text(json.dumps({"done": self.done, "file": self.file,
                                         "offset": self.offset}))
        os.replace(temporary, self.path)
