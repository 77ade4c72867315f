"""Throughput and memory of a whole crawl: ``newsscrape`` fetching N pages from a local site.

    python3 run.py bench bench.crawl [--pages 600] [--concurrency 16]

Serves the bundled demo site's articles on 127.0.0.1 under N distinct URLs (each article many
times over, ``?copy=k``), runs ``newsscrape`` on them in a subprocess with AutoThrottle off
and robots.txt obeyed, and reports pages per second, CPU seconds per page and the crawl's peak
memory. The server runs in this process, so the child's figures are the crawler's alone.
Prints a line and writes bench/results/crawl.json.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scraper.demo import SITE
from scraper.demo.server import start

RESULTS = Path(__file__).parent / "results"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=600)
    parser.add_argument("--concurrency", type=int, default=16)
    args = parser.parse_args(argv)

    articles = sorted(p.relative_to(SITE).as_posix() for p in SITE.rglob("*.html")
                      if any(part.isdigit() and len(part) == 4 for part in p.parts))
    server, base = start(SITE)
    urls = [f"{base}/{articles[n % len(articles)]}?copy={n}" for n in range(args.pages)]
    with tempfile.TemporaryDirectory() as folder:
        listing, out = Path(folder) / "urls.txt", Path(folder) / "out.jsonl"
        listing.write_text("\n".join(urls) + "\n")
        command = [sys.executable, "-m", "scraper.cli", "-i", str(listing), "-O", str(out),
                   "-s", "AUTOTHROTTLE_ENABLED=False",
                   "-s", f"CONCURRENT_REQUESTS={args.concurrency}",
                   "-s", f"CONCURRENT_REQUESTS_PER_DOMAIN={args.concurrency}"]
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.monotonic()
        proc = subprocess.run(command, capture_output=True, text=True,
                              env={**os.environ, "SCRAPY_SETTINGS_MODULE": "scraper.settings"})
        seconds = time.monotonic() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        written = sum(1 for _ in out.open(encoding="utf-8")) if out.exists() else 0
    server.shutdown()
    cpu = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    result = {
        "pages": args.pages, "articles": written, "exit_status": proc.returncode,
        "concurrency": args.concurrency, "seconds": round(seconds, 2),
        "pages_per_second": round(args.pages / seconds, 1),
        "cpu_ms_per_page": round(1000 * cpu / args.pages, 1),
        "peak_rss_mib": round(after.ru_maxrss / 1024, 1),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "crawl.json").write_text(json.dumps(result, indent=1) + "\n")
    print(f"{written}/{args.pages} articles in {seconds:.1f} s: {result['pages_per_second']} "
          f"pages/s, {result['cpu_ms_per_page']} ms CPU a page, peak memory "
          f"{result['peak_rss_mib']} MiB (exit {proc.returncode})")
    if proc.returncode:
        print(proc.stderr[-2000:], file=sys.stderr)
    return 0 if written == args.pages else 1


if __name__ == "__main__":
    sys.exit(main())
