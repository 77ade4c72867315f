"""pebble (the extraction pool's library) against ``ProcessPoolExecutor``, in one run.

    python3 run.py bench bench.pools [--pages 120]

The same two forkserver workers, preloaded as the crawl's are: the wall time of a trivial task
2,000 times (what dispatching costs), and of real pages (``../shared/eval/aeb``) through
``page_to_record``. Prints one line per pool and task.
"""

from __future__ import annotations

import argparse
import gzip
import time
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from pebble import ProcessPool

from scraper.items import Page
from scraper.workers.pool import _record, forkserver_context

EVAL = Path(__file__).resolve().parents[2] / "shared" / "eval" / "aeb" / "html"


def trivial(value: object) -> object:
    return value


def with_pebble(context, task: Callable, items: Iterable) -> float:
    with ProcessPool(max_workers=2, context=context) as pool:
        pool.map(trivial, range(4)).result()  # the workers are up
        started = time.monotonic()
        for future in [pool.schedule(task, args=(item,), timeout=120) for item in items]:
            future.result()
        return time.monotonic() - started


def with_executor(context, task: Callable, items: Iterable) -> float:
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        list(pool.map(trivial, range(4)))
        started = time.monotonic()
        for future in [pool.submit(task, item) for item in items]:
            future.result()
        return time.monotonic() - started


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=120)
    args = parser.parse_args(argv)
    pages = [Page(url=f"https://bench.example/{n}.html", body=gzip.decompress(path.read_bytes()),
                  headers=[("Content-Type", "text/html")], fetched_at="2026-01-01T00:00:00Z",
                  status=200)
             for n, path in enumerate(sorted(EVAL.glob("*.html.gz"))[:args.pages])]
    context = forkserver_context()
    for name, task, items in (("trivial task x2000", trivial, range(2000)),
                              (f"aeb pages x{len(pages)}", _record, pages)):
        ours, stdlib = with_pebble(context, task, items), with_executor(context, task, items)
        print(f"{name}: pebble {ours:.2f} s, ProcessPoolExecutor {stdlib:.2f} s "
              f"({ours / stdlib:.2f}x)")


if __name__ == "__main__":
    main()
