"""Throughput of a crawl of real pages against what extraction allows, on every core.

    python3 run.py bench bench.throughput [--pages 1188] [--from DIR ...] [--concurrency 32]

Serves real pages (``../shared/eval/*/html`` by default, or the folders given: ``.html`` and
``.html.gz``) on 127.0.0.1 from this process, each under several URLs, and crawls them with
``newsscrape`` in a subprocess (AutoThrottle and robots.txt off), twice: with the default
workers (one per core) and with ``EXTRACT_WORKERS=1``. Prints, from one run: pages/s, CPU per
page, the peak sum of PSS (``/proc/*/smaps_rollup``) of the crawl and every process under it,
and the extraction-bound limit: cores / the CPU cost per page of ``page_to_record`` alone,
measured here on the same pages. Writes bench/results/throughput.json.
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
        while proc.poll() is None:
            pids = tree(proc.pid)
            peak = max(peak, pss_mib(pids))
            for pid in pids:
                if (used := cpu_seconds(pid)) is not None:
                    cpu[pid] = used
            time.sleep(0.5)
        seconds = time.monotonic() - started
        reader.join()
        written = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
    return {"workers": workers, "pages": len(urls), "articles": written,
            "errors": len(errors), "exit_status": proc.returncode,
            "seconds": round(seconds, 1), "pages_per_second": round(len(urls) / seconds, 1),
            "cpu_ms_per_page": round(1000 * sum(cpu.values()) / len(urls), 1),
            "peak_pss_mib": round(peak, 1)}


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1188, help="URLs to crawl (default 1188)")
    parser.add_argument("--from", dest="folders", type=Path, nargs="+",
                        default=[EVAL / "aeb" / "html", EVAL / "fundus-dev" / "html"])
    parser.add_argument("--concurrency", type=int, default=32)
    args = parser.parse_args(argv)

    from scraper.workers import default_workers

    pages = load_pages(args.folders)
    cores = default_workers()
    cost = record_path_cost(pages)
    limit = cores / cost
    server, base = serve(pages)
    urls = [f"{base}/{n // len(pages)}/{n}.html" for n in range(args.pages)]
    default = crawl(urls, args.concurrency, None)
    single = crawl(urls, args.concurrency, 1)
    server.shutdown()
    result = {
        "distinct_pages": len(pages), "cores": cores,
        "load_average_1_min_after": round(os.getloadavg()[0], 1),  # a shared machine shows here
        "record_path_cpu_ms_per_page": round(1000 * cost, 1),
        "extraction_bound_pages_per_second": round(limit, 1),
        "default_workers": default, "one_worker": single,
        "share_of_limit": round(default["pages_per_second"] / limit, 2),
        "speedup_over_one_worker": round(default["pages_per_second"]
                                         / single["pages_per_second"], 2),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "throughput.json").write_text(json.dumps(result, indent=1) + "\n")
    print(f"{args.pages} pages ({len(pages)} distinct), {cores} cores; record path alone "
          f"{result['record_path_cpu_ms_per_page']} ms CPU a page: extraction-bound limit "
          f"{result['extraction_bound_pages_per_second']} pages/s")
    for name, run in (("default workers", default), ("1 worker", single)):
        print(f"  {name:>15}: {run['articles']}/{run['pages']} articles in {run['seconds']} s, "
              f"{run['pages_per_second']} pages/s, {run['cpu_ms_per_page']} ms CPU a page, "
              f"peak PSS {run['peak_pss_mib']} MiB (exit {run['exit_status']})")
    print(f"  {result['share_of_limit']} of the limit; {result['speedup_over_one_worker']}x "
          f"one worker; load average {result['load_average_1_min_after']} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
