"""``newsscrape extract`` over the pages of ``../shared/eval`` with 2 workers against 1: wall
time, start to exit, and whether the records are the same.

    python3 run.py bench bench.extract_workers [--rounds 2] [--sets aeb fundus-dev]

Runs ``newsscrape extract ../shared/eval/<set>/html ...`` with ``--workers 1`` and
``--workers 2`` in turn, ``--rounds`` times (1, 2, 1, 2...: a shared machine's load falls on
both alike), the clock pinned (``NEWSSCRAPE_NOW``) so that the records can be compared whole.
Prints each run's wall and CPU time (the command and its workers, from /proc) and the speed-up
of each round; writes bench/results/extract_workers.json.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.throughput import EVAL, Timeline

RESULTS = Path(__file__).parent / "results"
ROOT = Path(__file__).resolve().parents[1]


def extract(folders: list[Path], workers: int, out: Path) -> dict:
    """One ``newsscrape extract`` run: wall seconds, CPU seconds of it and its workers."""
    env = {**os.environ, "PYTHONPATH": str(ROOT), "NEWSSCRAPE_NOW": "2026-11-20T10:00:00Z"}
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "scraper.cli", "extract", *map(str, folders),
                             "--workers", str(workers), "-O", str(out)], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    timeline = Timeline(proc, 0.2)
    proc.wait()
    seconds = time.monotonic() - started
    timeline.join()
    return {"workers": workers, "seconds": round(seconds, 2),
            "cpu_seconds": round(sum(timeline.cpu.values()), 1), "exit_status": proc.returncode}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--sets", nargs="+", default=["aeb", "fundus-dev"])
    args = parser.parse_args(argv)

    folders = [EVAL / name / "html" for name in args.sets]
    pages = sum(1 for folder in folders for _ in folder.glob("*.html*"))
    rounds = []
    with tempfile.TemporaryDirectory() as folder:
        outputs = {n: Path(folder) / f"workers-{n}.jsonl" for n in (1, 2)}
        for _ in range(args.rounds):
            one, two = (extract(folders, n, outputs[n]) for n in (1, 2))
            same = outputs[1].read_bytes() == outputs[2].read_bytes()
            lines = outputs[2].read_bytes().count(b"\n")
            rounds.append({"one_worker": one, "two_workers": two, "records": lines,
                           "same_records": same,
                           "speedup": round(one["seconds"] / two["seconds"], 2)})
    result = {"sets": args.sets, "pages": pages, "rounds": rounds,
              "load_average_1_min_after": round(os.getloadavg()[0], 1)}
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "extract_workers.json").write_text(json.dumps(result, indent=1) + "\n")
    print(f"newsscrape extract over {pages} pages of {', '.join(args.sets)}:")
    for n, r in enumerate(rounds, 1):
        print(f"  round {n}: 1 worker {r['one_worker']['seconds']} s "
              f"({r['one_worker']['cpu_seconds']} s CPU), 2 workers "
              f"{r['two_workers']['seconds']} s ({r['two_workers']['cpu_seconds']} s CPU): "
              f"{r['speedup']}x; {r['records']} records, the same: {r['same_records']}")
    print(f"  load average {result['load_average_1_min_after']} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
