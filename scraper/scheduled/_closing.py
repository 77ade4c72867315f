"""One context-manager protocol for the classes that hold a file or a database open."""

from __future__ import annotations

from typing import Self


class Closing:
    """``with Thing(...) as thing:`` closes ``thing`` on the way out, however it leaves."""

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
