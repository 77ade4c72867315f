"""Throughput of a crawl of real pages against what extraction allows, on every core.

    python3 run.py bench bench.throughput [--pages 1188] [--from DIR ...] [--concurrency 32]
    python3 run.py bench bench.throughput --pages 1000,5000   # memory over a longer crawl

Serves real pages (``../shared/eval/*/html`` by default, or the folders given: ``.html`` and
``.html.gz``) on 127.0.0.1 from this process, each under several URLs, and crawls them with
``newsscrape`` in a subprocess (AutoThrottle and robots.txt off), twice: with the default
workers (one per core) and with ``EXTRACT_WORKERS=1``. Prints, from one run: pages/s (start to
exit, and from the first record written to the last: start-up and shut-down left out), CPU
per page, the peak sum of PSS (``/proc/*/smaps_rollup``) of the crawl and every process under
it, and the extraction-bound limit: cores / the CPU cost per page of ``page_to_record`` alone,
measured here on the same pages, in one process, and in one process per core at once (the
workers of a crawl run it so, sharing the caches and the memory bandwidth). With several counts (``--pages 1000,5000``) the first is
crawled as above, and each further one with the default workers, beside it: its peak PSS
against the first's. Writes bench/results/throughput.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

RESULTS = Path(__file__).parent / "results"
EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval"


def load_pages(folders: list[Path]) -> list[bytes]:
    """The pages' bytes, as served (decompressed)."""
    pages = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.name.endswith(".html.gz"):
                pages.append(gzip.decompress(path.read_bytes()))
            elif path.name.endswith(".html"):
                pages.append(path.read_bytes())
    return pages


def serve(pages: list[bytes]) -> tuple[ThreadingHTTPServer, str]:
    """``/<copy>/<n>.html`` is page n, with a Content-Type and no charset (pages say theirs)."""
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802
            body = pages[int(self.path.rsplit("/", 1)[1].split(".")[0]) % len(pages)]
            self.send_response(200)
            self.send_header("Content-Type", "text/html")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def tree(pid: int) -> list[int]:
    """``pid`` and every process under it."""
    found = [pid]
    for task in Path(f"/proc/{pid}/task").glob("*"):
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


def sample_cpu(proc: subprocess.Popen, every: float) -> tuple[threading.Thread, dict[int, float]]:
    """A started thread that, until ``proc`` exits, notes every ``every`` seconds the CPU
    seconds of it and of every process under it (pid -> the last figure seen)."""
    cpu: dict[int, float] = {}

    def sample() -> None:
        while proc.poll() is None:
            for pid in tree(proc.pid):
                if (used := cpu_seconds(pid)) is not None:
                    cpu[pid] = used
            time.sleep(every)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    return sampler, cpu


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


def crawl(urls: list[str], concurrency: int, workers: int | None) -> dict:
    """One crawl in a subprocess: pages/s, CPU per page (the crawl and every process under it,
    sampled from /proc every half second), peak PSS sum."""
    with tempfile.TemporaryDirectory() as folder:
        listing, out = Path(folder) / "urls.txt", Path(folder) / "out.jsonl"
        listing.write_text("\n".join(urls) + "\n")
        command = [sys.executable, "-m", "scraper.cli", "-i", str(listing), "-O", str(out),
                   "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "ROBOTSTXT_OBEY=False",
                   "-s", f"CONCURRENT_REQUESTS={concurrency}",
                   "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={concurrency}"]
        if workers is not None:
            command += ["-s", f"EXTRACT_WORKERS={workers}"]
        started = time.monotonic()
        proc = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                                text=True,
                                env={**os.environ, "SCRAPY_SETTINGS_MODULE": "scraper.settings"})
        peak = 0.0
        cpu: dict[int, float] = {}
        errors: list[str] = []
        reader = threading.Thread(target=lambda: errors.extend(proc.stderr), daemon=True)
        reader.start()
        written = Lines(out)
        while proc.poll() is None:
            pids = tree(proc.pid)
            peak = max(peak, pss_mib(pids))
            for pid in pids:
                if (used := cpu_seconds(pid)) is not None:
                    cpu[pid] = used
            written.count()
            time.sleep(0.5)
        seconds = time.monotonic() - started
        reader.join()
        written.count()
    return {"workers": workers, "pages": len(urls), "articles": written.lines,
            "errors": len(errors), "exit_status": proc.returncode,
            "seconds": round(seconds, 1), "pages_per_second": round(len(urls) / seconds, 1),
            "pages_per_second_steady": written.rate(),
            "cpu_ms_per_page": round(1000 * sum(cpu.values()) / len(urls), 1),
            "peak_pss_mib": round(peak, 1)}


class Lines:
    """The lines of a growing output file, and when the first and the last were seen."""

    def __init__(self, path: Path) -> None:
        self.path, self.lines, self.read = path, 0, 0
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
            self.last = (self.lines, time.monotonic())
            self.first = self.first or self.last

    def rate(self) -> float | None:
        """Lines a second from the first seen to the last (within the half-second polls)."""
        if not self.first or not self.last or self.last[1] <= self.first[1]:
            return None
        return round((self.last[0] - self.first[0]) / (self.last[1] - self.first[1]), 1)


def record_path_cost(pages: list[bytes]) -> float:
    """CPU seconds per page of page_to_record alone, in this process (after a warm-up)."""
    from scraper.items import Page
    from scraper.records import page_to_record

    def one(body: bytes) -> None:
        page_to_record(Page(url="https://bench.example/a.html", body=body,
                            headers=[("Content-Type", "text/html")],
                            fetched_at="2026-11-20T10:00:00Z", status=200))

    for body in pages[:5]:
        one(body)
    started = time.process_time()
    for body in pages:
        one(body)
    return (time.process_time() - started) / len(pages)


def record_path_cost_on_every_core(pages: list[bytes], cores: int) -> float:
    """CPU seconds per page of page_to_record alone, run in ``cores`` processes at once (as
    the workers run it in a crawl: cores busy together share caches and memory bandwidth)."""
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    with ProcessPoolExecutor(cores, mp_context=get_context("forkserver")) as pool:
        costs = list(pool.map(record_path_cost, [pages] * cores))
    return sum(costs) / cores


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

    pages = load_pages(args.folders)
    cores = default_workers()
    cost = record_path_cost(pages)
    limit = cores / cost
    together = record_path_cost_on_every_core(pages, cores)
    server, base = serve(pages)

    def urls(count: int) -> list[str]:
        return [f"{base}/{n // len(pages)}/{n}.html" for n in range(count)]

    first, *more = args.pages
    default = crawl(urls(first), args.concurrency, None)
    single = crawl(urls(first), args.concurrency, 1)
    longer = [crawl(urls(count), args.concurrency, None) for count in more]
    server.shutdown()
    result = {
        "distinct_pages": len(pages), "cores": cores,
        "load_average_1_min_after": round(os.getloadavg()[0], 1),  # a shared machine shows here
        "record_path_cpu_ms_per_page": round(1000 * cost, 1),
        "extraction_bound_pages_per_second": round(limit, 1),
        # the same, with the record path running on every core at once, as in the crawl
        "record_path_cpu_ms_per_page_every_core_busy": round(1000 * together, 1),
        "extraction_bound_every_core_busy": round(cores / together, 1),
        "share_of_limit_every_core_busy": round(default["pages_per_second"] * together / cores,
                                                2),
        "default_workers": default, "one_worker": single,
        "share_of_limit": round(default["pages_per_second"] / limit, 2),
        "share_of_limit_steady": round((default["pages_per_second_steady"] or 0) / limit, 2),
        "speedup_over_one_worker": round(default["pages_per_second"]
                                         / single["pages_per_second"], 2),
        "longer_crawls": [{**run, "peak_pss_over_first": round(
            run["peak_pss_mib"] / default["peak_pss_mib"], 3)} for run in longer],
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "throughput.json").write_text(json.dumps(result, indent=1) + "\n")
    print(f"{first} pages ({len(pages)} distinct), {cores} cores; record path alone "
          f"{result['record_path_cpu_ms_per_page']} ms CPU a page: extraction-bound limit "
          f"{result['extraction_bound_pages_per_second']} pages/s; run on every core at once "
          f"{result['record_path_cpu_ms_per_page_every_core_busy']} ms: "
          f"{result['extraction_bound_every_core_busy']} pages/s")
    for name, run in (("default workers", default), ("1 worker", single),
                      *((f"{run['pages']}, default", run) for run in longer)):
        print(f"  {name:>15}: {run['articles']}/{run['pages']} articles in {run['seconds']} s, "
              f"{run['pages_per_second']} pages/s ({run['pages_per_second_steady']} from the "
              f"first record to the last), {run['cpu_ms_per_page']} ms CPU a page, "
              f"peak PSS {run['peak_pss_mib']} MiB (exit {run['exit_status']})")
    print(f"  {result['share_of_limit']} of the limit ({result['share_of_limit_steady']} from "
          f"the first record to the last); {result['speedup_over_one_worker']}x one worker; "
          f"load average {result['load_average_1_min_after']} at the end")
    for run in result["longer_crawls"]:
        print(f"  peak PSS over {run['pages']} pages: {run['peak_pss_over_first']} of that over "
              f"{first}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
