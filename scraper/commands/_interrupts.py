"""Ctrl-C through a command's start-up: noted, then acted on where the command can stop.

A ``KeyboardInterrupt`` raised wherever start-up happens to be can land inside importlib's
module lock (the commands import lazily until their work starts) and leave it held: the
process then hangs until SIGKILL. So from the command line's first step SIGINT is only
noted (``held``); each command then ``release``\\ s it where it can stop cleanly (a noted
Ctrl-C is raised there), lets it raise during a wait it can leave (``released``), or hands
it to Scrapy's own handler (``hand_to``) as soon as the crawl's process exists.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType
from typing import Any

_noted: list[int] = []
_found: dict[int, Any] = {}  # the handlers ``held`` found, put back as it ends


def _note(signum: int, frame: FrameType | None) -> None:
    _noted.append(signum)


@contextmanager
def held() -> Iterator[None]:
    """Note SIGINT, not raise it, until ``release``, ``released`` or ``hand_to``; a Ctrl-C
    noted and never acted on is raised on the way out, and the SIGINT and SIGTERM handlers
    found are put back. A process started with SIGINT ignored (a background job) keeps it."""
    _noted.clear()
    _found.update({signum: signal.getsignal(signum) for signum in (signal.SIGINT,
                                                                    signal.SIGTERM)})
    if _found[signal.SIGINT] is not signal.SIG_IGN:
        signal.signal(signal.SIGINT, _note)
    try:
        yield
    finally:
        for signum, handler in _found.items():
            signal.signal(signum, handler)
        _found.clear()
        if _noted:
            _noted.clear()
            raise KeyboardInterrupt


def release() -> None:
    """From here Ctrl-C raises ``KeyboardInterrupt``; one noted before is raised now."""
    if signal.getsignal(signal.SIGINT) is _note:
        signal.signal(signal.SIGINT, _found[signal.SIGINT])
    if _noted:
        _noted.clear()
        raise KeyboardInterrupt


@contextmanager
def released() -> Iterator[None]:
    """``release`` for a wait the command can leave cleanly (its input, a server's answer);
    noted again after it."""
    noting = signal.getsignal(signal.SIGINT) is _note
    release()
    try:
        yield
    finally:
        if noting:
            signal.signal(signal.SIGINT, _note)


def hand_to(handler: Callable[[int, FrameType | None], Any]) -> None:
    """Ctrl-C and SIGTERM go to ``handler`` (Scrapy's graceful stop), once the reactor runs
    and Scrapy has put its own handlers in: one that came before (noted, or while Scrapy
    builds the crawl) goes to it then, so that the next one stops at once, as Scrapy's do.
    The crawl's reactor must be installed already."""
    from scrapy.utils.ossignal import install_shutdown_handlers
    from twisted.internet import reactor

    def when_running(signum: int, frame: FrameType | None) -> None:
        # (after every start-up trigger, Scrapy's installing its handlers included)
        reactor.callWhenRunning(reactor.callLater, 0, handler, signum, None)

    install_shutdown_handlers(when_running)
    if _noted:
        _noted.clear()
        when_running(signal.SIGINT, None)
