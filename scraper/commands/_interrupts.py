"""Ctrl-C through a command's start-up: noted, then acted on where the command can stop.

A ``KeyboardInterrupt`` raised wherever start-up happens to be can land inside importlib's
module lock (the commands import lazily until their work starts) and leave it held: the
process then hangs until SIGKILL. So from the command line's first step SIGINT is only
noted (``held``); each command then ``release``\\ s it where it can stop cleanly (a noted
Ctrl-C is raised there), or hands it to Scrapy's own handler (``hand_to``) as soon as the
crawl's process exists.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_noted: list[int] = []
_previous: list[Any] = []  # the handler ``held`` replaced


def _note(signum: int, frame: FrameType | None) -> None:
    _noted.append(signum)


@contextmanager
def held() -> Iterator[None]:
    """Note SIGINT, not raise it, until ``release`` or ``hand_to``; a Ctrl-C noted and never
    released is raised on the way out. The handler found is put back then."""
    _noted.clear()
    _previous[:] = [signal.signal(signal.SIGINT, _note)]
    try:
        yield
    finally:
        if signal.getsignal(signal.SIGINT) is _note:
            signal.signal(signal.SIGINT, _previous[0])
        if _noted:
            _noted.clear()
            raise KeyboardInterrupt


def release() -> None:
    """From here Ctrl-C raises ``KeyboardInterrupt``; one noted before is raised now."""
    if signal.getsignal(signal.SIGINT) is _note:
        signal.signal(signal.SIGINT, _previous[0] if _previous else signal.default_int_handler)
    if _noted:
        _noted.clear()
        raise KeyboardInterrupt


def hand_to(handler: Callable[[int, FrameType | None], Any]) -> None:
    """From here Ctrl-C and SIGTERM go to ``handler`` (Scrapy's, which stops the crawl
    gracefully: Scrapy installs it only once the reactor runs); one noted before goes to it
    now."""
    from scrapy.utils.ossignal import install_shutdown_handlers

    install_shutdown_handlers(handler)
    if _noted:
        handler(_noted.pop(), None)
        _noted.clear()
