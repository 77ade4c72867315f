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
    with _interrupts.held():
        os.kill(os.getpid(), signal.SIGINT)  # noted: nothing raised here
        with pytest.raises(KeyboardInterrupt):
            _interrupts.release()
        assert signal.getsignal(signal.SIGINT) is before
    with _interrupts.held():  # none noted: release raises nothing and puts the handler back
        _interrupts.release()
        assert signal.getsignal(signal.SIGINT) is before
    assert signal.getsignal(signal.SIGINT) is before


def test_a_ctrl_c_during_a_released_wait_raises_there_and_is_noted_again_after():
    with _interrupts.held():
        with pytest.raises(KeyboardInterrupt), _interrupts.released():
            os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGINT)  # noted again
        with pytest.raises(KeyboardInterrupt):
            _interrupts.release()


def test_a_process_started_with_ctrl_c_ignored_keeps_it_ignored():
    before = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        with _interrupts.held():
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
            _interrupts.release()
            assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN
    finally:
        signal.signal(signal.SIGINT, before)


def test_a_ctrl_c_noted_and_never_released_is_raised_as_the_command_ends():
    with pytest.raises(KeyboardInterrupt), _interrupts.held():
        os.kill(os.getpid(), signal.SIGINT)
        ended = True
    assert ended


def test_a_ctrl_c_noted_before_the_crawl_reaches_scrapys_handler_once_the_reactor_runs():
    """Handed over, a noted Ctrl-C goes to the crawl's handler after the reactor's start-up,
    where Scrapy puts its graceful handler back in (as here): that handler's own next step
    (stop at once on the next Ctrl-C) stands. As the command ends, the handlers found are
    back. In a fresh process: the reactor is the process's one."""
    code = """if True:
        import os, signal
        from scrapy.utils.ossignal import install_shutdown_handlers
        from twisted.internet import reactor
        from scraper.commands import _interrupts
        seen = []
        def graceful(signum, frame):
            seen.append("graceful")
            install_shutdown_handlers(at_once)
        def at_once(signum, frame):
            seen.append("at once")
            reactor.stop()
        with _interrupts.held():
            os.kill(os.getpid(), signal.SIGINT)
            _interrupts.hand_to(graceful)
            reactor.callWhenRunning(install_shutdown_handlers, graceful)  # as Scrapy's start
            reactor.callWhenRunning(reactor.callLater, 0.3, os.kill, os.getpid(),
                                    signal.SIGINT)
            reactor.callLater(20, reactor.stop)
            reactor.run(installSignalHandlers=False)
        print(seen, signal.getsignal(signal.SIGINT) is signal.default_int_handler,
              signal.getsignal(signal.SIGTERM) is signal.SIG_DFL)
    """
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout == "['graceful', 'at once'] True True\n", done.stderr


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


def test_a_ctrl_c_as_the_resource_tracker_starts_is_kept_for_the_command():
    """multiprocessing's resource tracker unblocks SIGINT after it starts: started inside the
    forkserver's start, where SIGINT is ignored, it would drop a Ctrl-C pending there."""
    code = """if True:
        import os, signal
        from multiprocessing import resource_tracker
        from scraper.workers.pool import start_forkserver
        seen, sent = [], []
        signal.signal(signal.SIGINT, lambda signum, frame: seen.append(signum))
        real = resource_tracker.ensure_running
        def ensure_running():
            if not sent:
                sent.append(os.kill(os.getpid(), signal.SIGINT))
            real()
        resource_tracker.ensure_running = ensure_running
        start_forkserver()
        print(seen)
    """
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert done.stdout.split() == [f"[{int(signal.SIGINT)}]"], done.stderr
