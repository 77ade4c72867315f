"""Extraction in worker processes: a page that kills or hangs its worker gets a named error,
the others go on, and the workers' log reaches the crawl's."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

from scraper.cli import main

from .conftest import FIXTURES, ROOT

PAGES = ["de-related", "es-newsletter", "fr-paywall", "it-cookie"]


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found += map(int, (task / "children").read_text().split())
        except OSError:
            pass
    return found


def leaves(pid: int) -> list[int]:
    """The processes under ``pid`` that have none of their own: the workers (and the
    resource tracker), not the forkserver they are forked from."""
    below = children(pid)
    return [leaf for child in below for leaf in (leaves(child) or [child])]


def cpu_seconds(pid: int) -> float:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def hits(site: str, path: str) -> int:
    with urllib.request.urlopen(f"{site}/hits") as answer:
        return json.load(answer).get(path, 0)


def crawl(site: str, tmp_path: Path, *settings: str) -> subprocess.Popen:
    urls = [f"{site}/pages/{name}.html" for name in PAGES]
    urls += [f"{site}/bulky.html", f"{site}/cp1252/latin1-declared-utf8.html"]
    command = [sys.executable, "-m", "scraper.cli", *urls, "-o", str(tmp_path / "out.jsonl"),
               "--errors", str(tmp_path / "errors.jsonl"), "-s", "EXTRACT_WORKERS=1",
               "-s", "LOG_LEVEL=INFO", *[arg for s in settings for arg in ("-s", s)]]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT)}
    return subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)


def outcome(tmp_path: Path) -> tuple[list[str], dict[str, str]]:
    written = [json.loads(line)["url"].rsplit("/", 1)[1]
               for line in (tmp_path / "out.jsonl").read_text().splitlines()]
    failed = {json.loads(line)["url"].rsplit("/", 1)[1]: json.loads(line)["error"]
              for line in (tmp_path / "errors.jsonl").read_text().splitlines()}
    return sorted(written), failed


def test_a_page_that_kills_its_worker_is_named_and_the_others_are_written_once(site, tmp_path):
    """The bulky page takes its worker seconds of CPU (its shape, not a hook): the test finds
    that worker under the crawl in /proc and kills it with SIGKILL while it works."""
    before = hits(site, "/bulky.html")
    proc = crawl(site, tmp_path, "EXTRACT_TIMEOUT=120")
    deadline = time.monotonic() + 90
    while hits(site, "/bulky.html") == before:
        assert time.monotonic() < deadline and proc.poll() is None, "bulky page not fetched"
        time.sleep(0.05)
    start = {pid: cpu_seconds(pid) for pid in leaves(proc.pid)}
    busy = None
    while busy is None:  # the worker on the bulky page: 2.5 s of CPU since it was served
        assert time.monotonic() < deadline and proc.poll() is None, "no worker got busy"
        time.sleep(0.1)
        busy = next((pid for pid in leaves(proc.pid)
                     if cpu_seconds(pid) - start.setdefault(pid, 0.0) > 2.5), None)
    os.kill(busy, signal.SIGKILL)
    _, stderr = proc.communicate(timeout=90)
    assert proc.returncode == 1, stderr
    written, failed = outcome(tmp_path)
    assert written == sorted([f"{name}.html" for name in PAGES] + ["latin1-declared-utf8.html"])
    assert failed == {"bulky.html": "worker_crashed"}
    assert "bulky.html: worker_crashed: the worker extracting the page died (SIGKILL)" in stderr
    # a worker's log line, relayed to the crawl's log
    assert "latin1-declared-utf8.html: the bytes are not utf-8 as declared" in stderr


def test_a_page_past_the_timeout_is_named_and_the_others_are_written(site, tmp_path):
    proc = crawl(site, tmp_path, "EXTRACT_TIMEOUT=1.5")
    _, stderr = proc.communicate(timeout=120)
    assert proc.returncode == 1, stderr
    written, failed = outcome(tmp_path)
    assert len(written) == len(PAGES) + 1
    assert failed == {"bulky.html": "worker_timeout"}


def test_extract_gives_the_same_records_in_workers_as_in_process(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("NEWSSCRAPE_NOW", "2026-11-20T10:00:00Z")
    files = [str(FIXTURES / "pages" / f"{name}.html") for name in [*PAGES, "not-an-article"]]
    outputs = []
    for workers in ("0", "2"):
        out = tmp_path / f"{workers}.jsonl"
        assert main(["extract", *files, "--workers", workers, "-O", str(out)]) == 1
        outputs.append((out.read_text(), capsys.readouterr().err))
    assert outputs[0] == outputs[1]
    assert len(outputs[0][0].splitlines()) == len(PAGES)
    assert "not-an-article.html: no_article" in outputs[0][1]



def test_the_pools_pipes_take_a_page_in_one_write_and_a_larger_one_still_goes_through():
    """pebble's channels are the context's one-way pipes, enlarged (a 64 KiB pipe took a
    page in several writes, each a wake-up and the GIL taken back from the reactor), and a
    page larger than them still comes back (in several writes, as before)."""
    import fcntl

    from scraper.items import Article, Page
    from scraper.workers.pool import PIPE_BYTES, ExtractPool, forkserver_context

    limit = int(Path("/proc/sys/fs/pipe-max-size").read_text())
    reader, writer = forkserver_context().Pipe(duplex=False)
    assert fcntl.fcntl(writer.fileno(), fcntl.F_GETPIPE_SZ) == min(PIPE_BYTES, limit)
    reader.close(), writer.close()
    body = (FIXTURES / "pages" / "fr-paywall.html").read_bytes()
    padded = body.replace(b"</body>", b"<!-- " + b"x" * (3 * PIPE_BYTES) + b" --></body>")
    pool = ExtractPool(1, timeout=60)
    try:
        pages = [Page(url=f"https://example.com/{n}.html", body=page,
                      headers=[("Content-Type", "text/html; charset=utf-8")],
                      fetched_at="2026-01-01T00:00:00Z") for n, page in enumerate([body, padded])]
        small, large = (pool.submit(page).result(timeout=60) for page in pages)
    finally:
        pool.close()
    assert isinstance(small, Article) and isinstance(large, Article)
    assert large.text == small.text


def test_workers_record_only_what_the_crawls_log_shows():
    """Scrapy leaves the root logger at NOTSET and puts LOG_LEVEL on its handler: the workers
    must not make, ship and drop DEBUG records for every page."""
    import logging

    from scraper.workers.pool import shown_level

    root = logging.getLogger()
    saved = root.level, root.handlers[:]
    try:
        root.setLevel(logging.NOTSET)
        root.handlers[:] = [logging.NullHandler(logging.INFO)]
        assert shown_level() == logging.INFO
        root.handlers.append(logging.NullHandler(logging.DEBUG))
        assert shown_level() == logging.DEBUG
        root.handlers[:] = []
        assert shown_level() == logging.WARNING
        root.setLevel(logging.ERROR)
        root.handlers[:] = [logging.NullHandler(logging.DEBUG)]
        assert shown_level() == logging.ERROR
    finally:
        root.setLevel(saved[0])
        root.handlers[:] = saved[1]


def test_ctrl_c_as_the_crawl_starts_leaves_no_worker_behind(tmp_path):
    """The workers start with the crawl, before its first page (here one that never comes: a
    server that takes the connection and never answers). Ctrl-C twice (stop now: the
    pipelines are never closed) once they are up: the crawl exits, and nothing it started is
    left (found by a mark in their environment: orphans leave the crawl's tree)."""
    mark = f"newsscrape-test-{os.getpid()}-{time.monotonic_ns()}"
    silent = socket.create_server(("127.0.0.1", 0))  # listens, never accepts nor answers
    command = [sys.executable, "-m", "scraper.cli",
               f"http://127.0.0.1:{silent.getsockname()[1]}/page.html", "-o",
               str(tmp_path / "out.jsonl"), "-s", "EXTRACT_WORKERS=2", "-s", "DOWNLOAD_TIMEOUT=60"]
    env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings", "PYTHONPATH": str(ROOT),
           "NEWSSCRAPE_TEST_MARK": mark}
    proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not [worker for server in children(proc.pid) if "forkserver" in command_line(server)
               for worker in children(server)]:
        assert time.monotonic() < deadline and proc.poll() is None, "no worker started"
        time.sleep(0.02)
    try:
        for _ in range(2):
            proc.send_signal(signal.SIGINT)
            time.sleep(0.2)
        proc.communicate(timeout=20)
        deadline = time.monotonic() + 10  # (the forkserver leaves once the crawl is gone)
        while marked(mark):
            assert time.monotonic() < deadline, f"left running: {marked(mark)}"
            time.sleep(0.1)
    finally:
        proc.kill()
        silent.close()
        for pid in marked(mark):
            with contextlib.suppress(OSError):
                os.kill(pid, signal.SIGKILL)


def marked(mark: str) -> list[int]:
    """Live processes with ``mark`` in their environment."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if (entry.name.isdigit() and mark.encode() in (entry / "environ").read_bytes()
                    and ") Z " not in (entry / "stat").read_text()):
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_text(errors="replace")
    except OSError:
        return ""


def test_extract_starts_its_workers_before_it_reads_the_first_page(tmp_path):
    """The first file is a named pipe no one writes to yet: the workers are up while extract
    waits for it."""
    page = FIXTURES / "pages" / f"{PAGES[0]}.html"
    first = tmp_path / "first.html"
    os.mkfifo(first)
    proc = subprocess.Popen([sys.executable, "-m", "scraper.cli", "extract", str(first),
                             str(page), "--workers", "1", "-O", str(tmp_path / "out.jsonl")],
                            cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 60
        while not [worker for server in children(proc.pid)
                   if "forkserver" in command_line(server) for worker in children(server)]:
            assert time.monotonic() < deadline and proc.poll() is None, "no worker started"
            time.sleep(0.05)
        first.write_bytes(page.read_bytes())
        proc.communicate(timeout=60)
    finally:
        proc.kill()
    assert len((tmp_path / "out.jsonl").read_text().splitlines()) == 2


def test_the_workers_forkserver_starts_before_scrapy_builds_the_crawl(site, tmp_path):
    """The crawl is held as Scrapy builds it (tests/gated_settings.py): the forkserver its
    workers come from is up already, loading the cleaner meanwhile, not started only once the
    pipeline is built. With ``EXTRACT_WORKERS=0`` none starts at all."""
    for workers, wanted in (("1", True), ("0", False)):
        gate = tmp_path / f"gate-{workers}"
        out = tmp_path / f"out-{workers}.jsonl"
        command = [sys.executable, "-m", "scraper.cli", f"{site}/pages/{PAGES[0]}.html",
                   f"{site}/pages/{PAGES[1]}.html", "-o", str(out),
                   "-s", f"EXTRACT_WORKERS={workers}"]
        env = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.gated_settings",
               "PYTHONPATH": str(ROOT), "NEWSSCRAPE_TEST_GATE": str(gate)}
        proc = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE)
        try:
            deadline = time.monotonic() + 60
            while not gate.with_suffix(".held").exists():
                assert time.monotonic() < deadline and proc.poll() is None, "never held"
                time.sleep(0.02)
            # (the forkserver is spawned before Scrapy builds the crawl: no need to wait)
            assert bool(forkservers(proc.pid)) == wanted
            gate.touch()
            proc.communicate(timeout=60)
        finally:
            proc.kill()
        assert proc.returncode == 0 and len(out.read_text().splitlines()) == 2


def forkservers(pid: int) -> list[int]:
    """The forkservers ``pid`` started."""
    return [child for child in children(pid) if "forkserver" in command_line(child)]


EARLY = """
import json, sys
import multiprocessing.forkserver as forkserver
from scraper.cli import main

started = []  # for each start of the forkserver: was Scrapy imported by then?
ensure_running = forkserver.ensure_running
forkserver.ensure_running = lambda: (started.append("scrapy" in sys.modules), ensure_running())
status = main(sys.argv[1:])
print(json.dumps({"status": status, "scrapy_imported": started}))
"""


def test_a_fetch_of_several_urls_starts_the_forkserver_before_it_imports_scrapy(site, tmp_path):
    """Importing Scrapy to read the settings takes 0.2 s: the forkserver loads the cleaner
    meanwhile. ``-s EXTRACT_WORKERS=0`` (or below) on the command line starts none, nor does
    a usage error found before the crawl (a worker count that is no number, ``--redis``
    with no Redis)."""
    urls = [f"{site}/pages/{PAGES[0]}.html", f"{site}/pages/{PAGES[1]}.html"]
    cases = ((urls, 0, [False, True]), ([*urls, "-s", "EXTRACT_WORKERS=0"], 0, []),
             ([*urls, "-s", "EXTRACT_WORKERS=-1"], 0, []),
             ([*urls, "-s", "EXTRACT_WORKERS=two"], 2, []), (["--redis"], 2, []))
    env = {key: value for key, value in os.environ.items() if key != "REDIS_URL"}
    for n, (given, status, wanted) in enumerate(cases):
        out = tmp_path / f"out{n}.jsonl"
        done = subprocess.run([sys.executable, "-c", EARLY, "-o", str(out),
                               "-s", "EXTRACT_WORKERS=1", *given],
                              cwd=ROOT, env={**env, "PYTHONPATH": str(ROOT),
                                             "SCRAPY_SETTINGS_MODULE": "tests.settings"},
                              capture_output=True, text=True, timeout=120)
        assert json.loads(done.stdout.splitlines()[-1]) == {"status": status,
                                                            "scrapy_imported": wanted}
        if status == 0:
            assert len(out.read_text().splitlines()) == 2


def test_a_crawls_cleaner_thresholds_reach_its_workers(site, cli):
    from cleaners import CleanerOptions, clean_page

    names = ["en-device-sharing", "es-newsletter"]  # two pages: the workers extract them
    run = cli(*[f"{site}/pages/{name}.html" for name in names], "-s", "EXTRACT_WORKERS=1",
              "-s", "CLEANER_SUBSTANTIAL_CHARS=0")
    assert run.status == 0, run.stderr
    [record] = [r for r in run.records() if r["url"].endswith("en-device-sharing.html")]
    html = (FIXTURES / "pages" / "en-device-sharing.html").read_bytes()
    rules = {options: [r.rule for r in clean_page(html, record["url"], options=options).removed]
             for options in (CleanerOptions(), CleanerOptions(substantial_chars=0))}
    assert [r["rule"] for r in record["removed"]] == rules[CleanerOptions(substantial_chars=0)]
    assert rules[CleanerOptions(substantial_chars=0)] != rules[CleanerOptions()]
