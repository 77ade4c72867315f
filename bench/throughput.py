"""Throughput of a crawl of real pages against what extraction allows, on every core.

    python3 run.py bench bench.throughput [--pages 1188] [--from DIR ...] [--concurrency 32]
    python3 run.py bench bench.throughput --pages 1000,5000   # memory over a longer crawl

Serves real pages (``../shared/eval/*/html`` by default, or the folders given: ``.html`` and
``.html.gz``) on 127.0.0.1 from a server process of its own (``bench.pageserver``), each under
several URLs, and crawls them with ``newsscrape`` in a subprocess (AutoThrottle and robots.txt
off), twice: with the default workers (one per core) and with ``EXTRACT_WORKERS=1``. Prints,
from one run: pages/s (start to exit, the share of the limit's headline, and from the first
record written to the last: start-up and shut-down left out), CPU per page (all of it, the
crawl's process, its workers; the server's beside: a real crawl's servers are elsewhere),
where the workers' time went from the start to the first record, to the last, to the exit
(run, waited for a core: a shared machine; idle: no page to work on), the peak sum of PSS
(``/proc/*/smaps_rollup``) of the crawl and every process under it, and the
extraction-bound limit: cores / the CPU cost per page of ``page_to_record`` alone over the
very pages the crawl fetches (copies included, in its order), in one process per core at
once, started as the workers are, each page to a process drawn at random as a crawl's page
goes to whichever worker is free, so that a page's earlier copy is in a process's caches as
often as in a worker's (one process given every page, which meets every copy again, is
printed beside: it flatters the limit), measured before, between and after the two crawls:
each crawl is set against the mean of the two readings either side of it (this machine's
speed drifts over minutes, the crawls' with it), and the headline limit is the default
crawl's. Beside it, read in the crawl itself and so free of drift: the share of the cores'
time its workers spent on pages. With several
counts (``--pages 1000,5000``) the first is crawled as above, and each further one with the
default workers, beside it: its peak PSS against the first's. Writes
bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from bench import pageserver
from bench.pageserver import load_pages

RESULTS = Path(__file__).parent / "results"
EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"
# seconds between two readings of PSS: reading smaps_rollup costs ~4 ms of CPU a process,
# which every 0.1 s took a tenth of a core from the crawl it measures
PSS_EVERY = 1.0


def tree(pid: int) -> list[int]:
    """``pid`` and every process under it."""
    found = [pid]
    try:  # (a process gone since it was listed: its task folder went with it)
        tasks = list(Path(f"/proc/{pid}/task").iterdir())
    except OSError:
        return found
    for task in tasks:
        try:
            found += [p for child in (task / "children").read_text().split()
                      for p in tree(int(child))]
        except OSError:
            pass
    return found


def cpu_seconds(pid: int) -> float | None:
    """User and system CPU of a process so far, or None once it is gone."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def scheduled(pid: int) -> tuple[float, float] | None:
    """Seconds a process has run on a core and seconds it has waited, runnable, for one
    (``/proc/PID/schedstat``), or None once it is gone: the rest of its life it slept, with
    nothing to do. A shared machine shows in the wait, not in the rest."""
    try:
        ran, waited = Path(f"/proc/{pid}/schedstat").read_text().split()[:2]
    except (OSError, ValueError):
        return None
    return int(ran) / 1e9, int(waited) / 1e9


class Timeline:
    """Until ``proc`` exits, every ``every`` seconds: each process under it, its seconds run
    and waited for a core (``scheduled``); which of them are workers (forked by its
    forkserver: a child's child). ``cpu``: pid -> its last seconds run. A reading of every
    process costs this bench 1.3 ms of CPU (a crawl's 5 processes): every 0.1 s that was 0.7%
    of the two cores the crawl and the limit are measured on."""

    def __init__(self, proc: subprocess.Popen, every: float = 0.25) -> None:
        self.proc, self.started = proc, time.monotonic()
        self.samples: list[tuple[float, dict[int, tuple[float, float]]]] = []
        self.workers: set[int] = set()
        self.cpu: dict[int, float] = {}
        self._thread = threading.Thread(target=self._sample, args=(every,), daemon=True)
        self._thread.start()

    def _sample(self, every: float) -> None:
        while self.proc.poll() is None:
            seen = {}
            for child in tree(self.proc.pid):
                if (times := scheduled(child)) is not None:
                    seen[child] = times
                    self.cpu[child] = times[0]
                    if (child != self.proc.pid and child not in self.workers
                            and _parent(child) not in (self.proc.pid, None)):
                        self.workers.add(child)
            self.samples.append((time.monotonic() - self.started, seen))
            time.sleep(every)

    def join(self) -> None:
        self._thread.join()

    def phase(self, start: float, end: float) -> dict:
        """From ``start`` to ``end`` (seconds since the command started): the seconds the
        workers (those alive at its start, up to their last reading: the pool may stop before
        the feed writes its last lines) ran, waited for a core, and slept with no page to
        work on; the seconds the command's own process ran; and all processes' together."""
        inside = [(t, seen) for t, seen in self.samples if start <= t <= end]
        if len(inside) < 2:
            return {}
        (t0, first), (t1, _) = inside[0], inside[-1]
        span = t1 - t0
        latest: dict[int, tuple[float, float]] = {}  # each process's last reading in it
        for _, seen in inside:
            latest.update(seen)
        ran = waited = 0.0
        workers = [pid for pid in self.workers if pid in first]
        for pid in workers:
            ran += latest[pid][0] - first[pid][0]
            waited += latest[pid][1] - first[pid][1]
        everything = sum(times[0] - first.get(pid, (0.0, 0.0))[0]
                         for pid, times in latest.items())
        own = self.proc.pid
        return {"seconds": round(span, 2), "workers": len(workers),
                "workers_ran": round(ran, 2), "workers_waited_for_a_core": round(waited, 2),
                "workers_idle": round(len(workers) * span - ran - waited, 2),
                "command_process_ran": round(latest.get(own, (0, 0))[0]
                                             - first.get(own, (0, 0))[0], 2),
                "all_ran": round(everything, 2)}

    def phases(self, first_line: float | None, last_line: float | None, end: float) -> dict:
        """``phase`` from the start to the first line written, to the last, to the exit."""
        if first_line is None or last_line is None:
            return {}
        return {"start_to_first_line": self.phase(0.0, first_line),
                "first_line_to_last": self.phase(first_line, last_line),
                "last_line_to_exit": self.phase(last_line, end)}


def _parent(pid: int) -> int | None:
    try:
        return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])
    except (OSError, ValueError, IndexError):
        return None


def pss_mib(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
                if line.startswith("Pss:"):
                    total += int(line.split()[1])
        except OSError:
            pass
    return total / 1024


def _cpu(usage: resource.struct_rusage) -> float:
    """User and system seconds of a ``getrusage`` reading."""
    return usage.ru_utime + usage.ru_stime


def crawl(urls: list[str], concurrency: int, workers: int | None,
          server: subprocess.Popen) -> dict:
    """One crawl in a subprocess: pages/s, CPU per page (the crawl's process, and every
    process under it: forkserver and workers, sampled from /proc every 0.25 s; the page
    server's over the same time, apart), peak PSS sum (every PSS_EVERY seconds), and this
    bench's own CPU over the crawl."""
    from scraper.workers import default_workers

    with tempfile.TemporaryDirectory() as folder:
        listing, out = Path(folder) / "urls.txt", Path(folder) / "out.jsonl"
        listing.write_text("\n".join(urls) + "\n")
        command = [sys.executable, "-m", "scraper.cli", "-i", str(listing), "-O", str(out),
                   "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=False",
                   "-s", f"CONCURRENT_REQUESTS={concurrency}",
                   "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]
        if workers is not None:
            command += ["-s", f"EXTRACT_WORKERS={workers}"]
        served = cpu_seconds(server.pid) or 0.0
        started = time.monotonic()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True,
                                env={**os.environ, "SCRAPY_SETTINGS_MODULE": "scraper.settings"})
        measured = 0.0
        readings: list[tuple[int, float]] = []  # (records written, PSS sum) each PSS_EVERY s
        own = resource.getrusage(resource.RUSAGE_SELF)
        timeline = Timeline(proc)
        errors: list[str] = []
        reader = threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True)
        reader.start()
        written = Lines(out, started)
        while proc.poll() is None:
            written.count()
            if time.monotonic() - measured >= PSS_EVERY:
                readings.append((written.lines, pss_mib(tree(proc.pid))))
                measured = time.monotonic()
            time.sleep(0.1)
        seconds = time.monotonic() - started
        own_cpu = _cpu(resource.getrusage(resource.RUSAGE_SELF)) - _cpu(own)
        served = (cpu_seconds(server.pid) or served) - served
        reader.join()
        timeline.join()
        written.count()
    cpu = timeline.cpu
    workers_cpu = sum(cpu[pid] for pid in timeline.workers if pid in cpu)
    per_page = 1000 / len(urls)
    return {"workers": workers, "pages": len(urls), "articles": written.lines,
            "errors": len(errors), "exit_status": proc.returncode,
            "seconds": round(seconds, 1), "pages_per_second": round(len(urls) / seconds, 1),
            "pages_per_second_steady": written.rate(),
            "cpu_ms_per_page": round(per_page * sum(cpu.values()), 1),
            "crawl_process_cpu_ms_per_page": round(per_page * cpu.get(proc.pid, 0.0), 1),
            "workers_cpu_ms_per_page": round(per_page * workers_cpu, 1),
            # read in the crawl itself, so no drift between readings moves it: the share of
            # the cores' time the workers spent on pages (what a limit read in the crawl
            # would give, but for the workers' own overhead a page, counted here as work)
            "workers_share_of_cores": round(workers_cpu / seconds / default_workers(), 2),
            "server_cpu_ms_per_page": round(per_page * served, 1),
            # this bench's own watching (PSS, /proc, the output file) takes a core's share too
            "bench_process_cpu_ms_per_page": round(per_page * own_cpu, 1),
            "peak_pss_mib": round(max((pss for _, pss in readings), default=0.0), 1),
            # the peak over each stretch of 1,000 records: a crawl whose memory grows shows it
            # in the last stretches; one that does not, the same peak in each
            "peak_pss_mib_by_1000_records": [
                round(max((pss for lines, pss in readings if lines // 1000 == n), default=0.0), 1)
                for n in range(-(-len(urls) // 1000))],
            # where the cores went: the workers' seconds run, waited and idle, by phase
            "timeline": timeline.phases(written.first and written.first[1],
                                        written.last and written.last[1], seconds)}


class Lines:
    """The lines of a growing output file, and when (seconds since ``started``) the first and
    the last were seen."""

    def __init__(self, path: Path, started: float) -> None:
        self.path, self.lines, self.read, self.started = path, 0, 0, started
        self.first: tuple[int, float] | None = None
        self.last: tuple[int, float] | None = None

    def count(self) -> None:
        if not self.path.exists():
            return
        with self.path.open("rb") as f:
            f.seek(self.read)
            data = f.read()
        self.read += len(data)
        if new := data.count(b"\n"):
            self.lines += new
            self.last = (self.lines, time.monotonic() - self.started)
            self.first = self.first or self.last

    def rate(self) -> float | None:
        """Lines a second from the first seen to the last (within the polls, 0.1 s apart)."""
        if not self.first or not self.last or self.last[1] <= self.first[1]:
            return None
        return round((self.last[0] - self.first[0]) / (self.last[1] - self.first[1]), 1)


def record_path_cost_as_workers(folders: list[Path], order: list[int], processes: int) -> float:
    """CPU seconds per page of page_to_record alone over the pages a crawl fetches (page
    ``n`` of ``folders`` for each n of ``order``: its copies included, in its order), shared
    out among ``processes`` processes started as the crawl's workers are (from a forkserver
    preloading the worker module, its warm-up and all) and run at once. Each page goes to a
    process drawn at random (seeded), as a crawl's page goes to whichever worker is free: a
    process meets a page's earlier copy, in its caches, as often as a worker does (one process
    given every page meets every copy again, which the crawl's workers do not)."""
    from concurrent.futures import ProcessPoolExecutor

    from scraper.workers.pool import forkserver_context

    draw = random.Random(0)
    shares: list[list[int]] = [[] for _ in range(processes)]
    for n in order:
        shares[draw.randrange(processes)].append(n)
    with ProcessPoolExecutor(processes, mp_context=forkserver_context()) as pool:
        return sum(pool.map(_record_path_seconds, [folders] * processes, shares)) / len(order)


def _record_path_seconds(folders: list[Path], order: list[int]) -> float:
    """CPU seconds of page_to_record over page ``n`` of ``folders`` for each n of ``order``."""
    from scraper.items import Page
    from scraper.records import page_to_record

    pages = load_pages(folders)
    started = time.process_time()
    for n in order:
        page_to_record(Page(url=f"https://bench.example/{n}.html", body=pages[n],
                            headers=[("Content-Type", "text/html")],
                            fetched_at="2026-11-20T10:00:00Z", status=200))
    return time.process_time() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=lambda text: [int(n) for n in text.split(",")],
                        default=[1188], help="URLs to crawl (default 1188); 1000,5000: the "
                                             "first crawled as ever, the others beside it")
    parser.add_argument("--from", dest="folders", type=Path, nargs="+",
                        default=[EVAL / "aeb" / "html", EVAL / "fundus-dev" / "html"])
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args(argv)

    from scraper.workers import default_workers

    distinct = len(load_pages(args.folders))
    cores = default_workers()
    first, *more = args.pages
    crawled = [n % distinct for n in range(first)]  # the pages the first crawl fetches
    # the limit: the record path on every core at once, each page to a process drawn at
    # random, as the crawl's workers get them; beside it one process given every page
    alone = record_path_cost_as_workers(args.folders, crawled, 1)
    server, base = pageserver.start(args.folders)

    def urls(count: int) -> list[str]:
        return [f"{base}/{n // distinct}/{n}.html" for n in range(count)]

    def reading() -> float:
        return record_path_cost_as_workers(args.folders, crawled, cores)

    # the limit read again between the crawls it is set against: a machine whose speed
    # drifts over minutes (seen here: 10% between two runs) moves the limit and the crawls
    # alike, and one mean over both crawls set each against the other's speed
    try:
        readings = [reading()]
        default = crawl(urls(first), args.concurrency, None, server)
        readings.append(reading())
        single = crawl(urls(first), args.concurrency, 1, server)
        readings.append(reading())
        longer = [crawl(urls(count), args.concurrency, None, server) for count in more]
    finally:
        server.kill()
        server.wait()
    together = (readings[0] + readings[1]) / 2  # either side of the default crawl
    limit = cores / together
    single_limit = cores / ((readings[1] + readings[2]) / 2)  # and of the one-worker crawl
    result = {
        "distinct_pages": distinct, "cores": cores,
        "load_average_1_min_after": round(os.getloadavg()[0], 1),  # a shared machine shows here
        "record_path_cpu_ms_per_page": round(1000 * together, 1),
        "record_path_cpu_ms_per_page_before_between_after": [round(1000 * r, 1)
                                                             for r in readings],
        "extraction_bound_pages_per_second": round(limit, 1),
        "extraction_bound_pages_per_second_around_one_worker": round(single_limit, 1),
        # one process given every page (each copy meets the one before in its caches)
        "record_path_cpu_ms_per_page_one_process": round(1000 * alone, 1),
        "extraction_bound_one_process": round(cores / alone, 1),
        "share_of_limit_one_process": round(default["pages_per_second"] * alone / cores, 2),
        "default_workers": default, "one_worker": single,
        "share_of_limit": round(default["pages_per_second"] / limit, 2),
        "share_of_limit_steady": round((default["pages_per_second_steady"] or 0) / limit, 2),
        "one_worker_share_of_its_limit": round(single["pages_per_second"] / single_limit, 2),
        "workers_share_of_cores": default["workers_share_of_cores"],
        "speedup_over_one_worker": round(default["pages_per_second"]
                                         / single["pages_per_second"], 2),
        "longer_crawls": [{**run, "peak_pss_over_first": round(
            run["peak_pss_mib"] / default["peak_pss_mib"], 3)} for run in longer],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "throughput.json").write_text(json.dumps(result, indent=1) + "\n")
    print(f"{first} pages ({distinct} distinct), {cores} cores; record path alone, on every "
          f"core at once, {result['record_path_cpu_ms_per_page']} ms CPU a page (the mean of "
          f"{' before and '.join(map(str, result['record_path_cpu_ms_per_page_before_between_after'][:2]))}"
          f" after the default crawl; "
          f"{result['record_path_cpu_ms_per_page_before_between_after'][2]} after the other): "
          f"extraction-bound limit {result['extraction_bound_pages_per_second']} pages/s; one "
          f"process given every page {result['record_path_cpu_ms_per_page_one_process']} ms: "
          f"{result['extraction_bound_one_process']} pages/s")
    for name, run in (("default workers", default), ("1 worker", single),
                      *((f"{run['pages']}, default", run) for run in longer)):
        print(f"  {name:>15}: {run['articles']}/{run['pages']} articles in {run['seconds']} s, "
              f"{run['pages_per_second']} pages/s ({run['pages_per_second_steady']} from the "
              f"first record to the last), {run['cpu_ms_per_page']} ms CPU a page "
              f"({run['crawl_process_cpu_ms_per_page']} in the crawl's process, "
              f"{run['workers_cpu_ms_per_page']} in its workers; the server "
              f"{run['server_cpu_ms_per_page']} beside), peak PSS {run['peak_pss_mib']} MiB (exit {run['exit_status']})")
    print(f"  {result['share_of_limit']} of the limit ({result['share_of_limit_steady']} from "
          f"the first record to the last); {result['speedup_over_one_worker']}x one worker "
          f"(which reached {result['one_worker_share_of_its_limit']} of its own limit, "
          f"{result['extraction_bound_pages_per_second_around_one_worker']} pages/s); the "
          f"workers busy {result['workers_share_of_cores']} of the cores' time, start to exit; "
          f"load average {result['load_average_1_min_after']} at the end")
    for name, run in (("default workers", default), ("1 worker", single)):
        for phase, figures in run["timeline"].items():
            if figures:
                print(f"  {name}, {phase.replace('_', ' ')}: {figures['seconds']} s, workers "
                      f"ran {figures['workers_ran']} s, waited for a core "
                      f"{figures['workers_waited_for_a_core']} s, idle {figures['workers_idle']}"
                      f" s; the crawl's process ran {figures['command_process_ran']} s, all "
                      f"{figures['all_ran']} s")
    for run in result["longer_crawls"]:
        print(f"  peak PSS over {run['pages']} pages: {run['peak_pss_over_first']} of that over "
              f"{first}; by 1,000 records written: {run['peak_pss_mib_by_1000_records']} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
