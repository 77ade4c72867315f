"""Ctrl-C during a command's start-up is noted, then acted on where the command can stop."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from scraper.commands import _interrupts

from .conftest import ROOT


def test_a_ctrl_c_while_held_is_raised_where_the_command_releases_it():
    before = signal.getsignal(signal.SIGINT)
    with pytest.raises(KeyboardInterrupt), _interrupts.held():
        os.kill(os.getpid(), signal.SIGINT)  # noted: nothing raised here
        reached = True
        _interrupts.release()
    assert reached and signal.getsignal(signal.SIGINT) is before
    with _interrupts.held():  # none noted: release raises nothing and puts the handler back
        _interrupts.release()
        assert signal.getsignal(signal.SIGINT) is before


def test_a_ctrl_c_noted_and_never_released_is_raised_as_the_command_ends():
    with pytest.raises(KeyboardInterrupt), _interrupts.held():
        os.kill(os.getpid(), signal.SIGINT)
        ended = True
    assert ended


def test_a_ctrl_c_noted_before_the_crawl_goes_to_scrapys_handler_once_it_is_handed_over():
    seen: list[int] = []
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    try:
        with _interrupts.held():
            os.kill(os.getpid(), signal.SIGINT)
            _interrupts.hand_to(lambda signum, frame: seen.append(signum))
            assert seen == [signal.SIGINT]
            os.kill(os.getpid(), signal.SIGTERM)
            assert seen == [signal.SIGINT, signal.SIGTERM]
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])


def test_a_ctrl_c_while_the_forkserver_starts_is_kept_for_the_command():
    """The forkserver must start with SIGINT ignored; a Ctrl-C meanwhile (here sent from inside
    its start) still reaches the command's handler after. Run in a fresh process, with no
    other thread that could take the signal."""
    code = """if True:
        import os, signal
        from multiprocessing import forkserver
        from scraper.workers.pool import start_forkserver
        seen = []
        signal.signal(signal.SIGINT, lambda signum, frame: seen.append(signum))
        forkserver.ensure_running = lambda: os.kill(os.getpid(), signal.SIGINT)
        start_forkserver()
        print(seen, signal.getsignal(signal.SIGINT) is not signal.SIG_IGN)
    """
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.split() == [f"[{int(signal.SIGINT)}]", "True"], done.stderr
