"""``newsscrape warc`` over a WARC of real pages: the same records as ``extract``, pages/s
against the extraction-bound limit, and the time spent reading the WARC (warcio, FastWARC).

    python3 run.py bench bench.warc [--pages 200] [--copies 3]

Writes, with warcio, a ``.warc.gz`` of ``--pages`` real pages of ``../shared/eval`` (aeb, then
fundus-dev, each under its manifest URL with ``Content-Type: text/html``), each page
``--copies`` times. Then, in one run:

- ``newsscrape warc -O FILE`` (as a run that can be resumed writes: the resume state beside
  the file) and ``newsscrape extract`` on it: their records, page for page (all but
  ``warc``), must be equal;
- pages/s of ``newsscrape warc`` (default workers), from its first line written to its last
  (start-up and the workers' warm-up left out), against the extraction-bound limit: cores /
  the CPU cost per page of ``page_to_record`` alone, measured here on the run's own sequence
  of pages (copies included, in one process started as a worker is), before the run and
  again after it (the limit is the mean of both: the machine's speed drifts); and the
  CPU the run spent a page (the command and its workers), which a shared machine does not
  hide, and of it the command's own process (reading, dispatch, writing, the resume state);
- the CPU time to read every response record, with each of ``newsscrape warc``'s readers
  (FastWARC, the default, and warcio, the reference), and whether both give identical
  records (offsets, record ids, URLs, headers, bodies).

Writes bench/results/warc.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

from bench.throughput import EVAL, Timeline, record_path_cost_as_workers

RESULTS = Path(__file__).parent / "results"
ROOT = Path(__file__).resolve().parents[1]


def eval_pages(count: int) -> list[tuple[str, bytes]]:
    """(manifest URL, bytes) of the first ``count`` pages of aeb then fundus-dev."""
    pages = []
    for name in ("aeb", "fundus-dev"):
        for line in (EVAL / name / "manifest.jsonl").read_text().splitlines():
            entry = json.loads(line)
            body = gzip.decompress((EVAL / name / entry["html"]).read_bytes())
            pages.append((entry["url"], body))
            if len(pages) == count:
                return pages
    return pages


def write_warc(path: Path, pages: list[tuple[str, bytes]]) -> None:
    from warcio.statusandheaders import StatusAndHeaders
    from warcio.warcwriter import WARCWriter

    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=True)
        for url, body in pages:
            http = StatusAndHeaders("200 OK", [("Content-Type", "text/html"),
                                               ("Content-Length", str(len(body)))],
                                    protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(body), length=len(body), http_headers=http,
                warc_headers_dict={"WARC-Date": "2026-11-20T10:00:00Z"}))


@dataclass
class Run:
    seconds: float  # wall, start to exit
    steady: float  # wall from its first line written to its last
    cpu: float  # CPU seconds of the command and its workers
    own_cpu: float  # CPU seconds of the command's own process
    workers_cpu: float  # CPU seconds of its workers
    timeline: dict  # the workers' seconds run, waited and idle, by phase (Timeline.phases)
    records: list[dict]


def newsscrape(*args: str, output: Path | None = None) -> Run:
    """``newsscrape ARGS``, its lines (on stdout, or in ``output``) timed as they come, the CPU
    of it and every process under it sampled from /proc (``Timeline``)."""
    started = time.monotonic()
    proc = subprocess.Popen([sys.executable, "-m", "scraper.cli", *args], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)},
                            stdout=subprocess.PIPE if output is None else subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL)
    timeline = Timeline(proc)
    lines, times = [], []
    for line in proc.stdout if output is None else tail(output, proc):
        times.append(time.monotonic() - started)
        lines.append(json.loads(line))
    proc.wait()
    seconds = time.monotonic() - started
    timeline.join()
    cpu = timeline.cpu
    return Run(seconds, times[-1] - times[0] if times else 0.0, sum(cpu.values()),
               cpu.get(proc.pid, 0.0), sum(cpu[pid] for pid in timeline.workers if pid in cpu),
               timeline.phases(times[0] if times else None, times[-1] if times else None,
                               seconds), lines)


def tail(path: Path, proc: subprocess.Popen, every: float = 0.01) -> Iterator[bytes]:
    """The lines ``proc`` appends to ``path``, as they appear (looked for every ``every``
    seconds), until it exits."""
    position, rest = 0, b""
    while True:
        running = proc.poll() is None
        if path.exists():
            with path.open("rb") as f:
                f.seek(position)
                data = f.read()
            position += len(data)
            *whole, rest = (rest + data).split(b"\n")
            yield from whole
        if not running:
            return
        time.sleep(every)


def read_time(path: Path, reader: str) -> tuple[float, list[tuple]]:
    """CPU seconds to read every response record of ``path`` with ``reader`` (the code of
    ``newsscrape warc``), and what it gave: offset, record id, URL, headers and body."""
    from scraper.warc import read_responses

    started = time.process_time()
    read = [(r.offset, r.record_id, r.page.url, r.page.headers, r.page.body)
            for r in read_responses(path, reader=reader)]
    return time.process_time() - started, read


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--copies", type=int, default=3)
    args = parser.parse_args(argv)

    from scraper.workers import default_workers

    pages = eval_pages(args.pages)
    cores = default_workers()
    with tempfile.TemporaryDirectory() as folder:
        # the limit over the run's own sequence, copies included, as bench.throughput's is
        bodies = Path(folder) / "pages"
        bodies.mkdir()
        for n, (_, body) in enumerate(pages):
            (bodies / f"{n:05d}.html").write_bytes(body)
        sequence = list(range(len(pages))) * args.copies
        before = record_path_cost_as_workers([bodies], sequence, cores)
        path = Path(folder) / "pages.warc.gz"
        write_warc(path, pages * args.copies)
        output = Path(folder) / "articles.jsonl"
        warc = newsscrape("warc", str(path), "-O", str(output), output=output)
        # again after the run (as bench.throughput: the mean of both, the machine drifts)
        after = record_path_cost_as_workers([bodies], sequence, cores)
        cost = (before + after) / 2
        limit = cores / cost
        extract = newsscrape("extract", str(path))
        warcio_s, by_warcio = read_time(path, "warcio")
        fastwarc_s, by_fastwarc = read_time(path, "fastwarc")
        size = path.stat().st_size
    records = len(pages) * args.copies
    ours, theirs = warc.records, extract.records
    same = sum({**a, "warc": None} == b for a, b in zip(ours, theirs, strict=False))
    steady = (len(ours) - 1) / max(warc.steady, 1e-9)
    result = {
        "pages": len(pages), "records": records, "warc_mb": round(size / 1e6, 1), "cores": cores,
        "load_average_1_min_after": round(os.getloadavg()[0], 1),
        "articles_warc": len(ours), "articles_extract": len(theirs), "same_records": same,
        "record_path_cpu_ms_per_page": round(1000 * cost, 1),
        "record_path_cpu_ms_per_page_before_and_after": [round(1000 * before, 1),
                                                         round(1000 * after, 1)],
        "extraction_bound_pages_per_second": round(limit, 1),
        "warc_seconds": round(warc.seconds, 1),
        "pages_per_second": round(records / warc.seconds, 1),
        "pages_per_second_steady": round(steady, 1),  # from its first line to its last
        # as bench.throughput's: start to exit, and from the first line to the last
        "share_of_limit": round(records / warc.seconds / limit, 2),
        "share_of_limit_steady": round(steady / limit, 2),
        # what a shared machine hides: the run's CPU a page, and the limit had it had the cores
        "cpu_ms_per_page": round(1000 * warc.cpu / records, 1),
        "command_process_cpu_ms_per_page": round(1000 * warc.own_cpu / records, 1),
        "workers_cpu_ms_per_page": round(1000 * warc.workers_cpu / records, 1),
        "timeline": warc.timeline,
        # the share of the limit it would reach with the cores to itself
        "record_path_share_of_cpu": round(cost * records / warc.cpu, 2),
        "extract_seconds": round(extract.seconds, 1),
        "extract_pages_per_second_steady": round((len(theirs) - 1) / max(extract.steady, 1e-9),
                                                 1),
        "read_ms_per_record_warcio": round(1000 * warcio_s / records, 3),
        "read_ms_per_record_fastwarc": round(1000 * fastwarc_s / records, 3),
        "fastwarc_records_identical": by_fastwarc == by_warcio,
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "warc.json").write_text(json.dumps(result, indent=1) + "\n")
    print(f"{records} records ({len(pages)} pages x {args.copies}, {result['warc_mb']} MB), "
          f"{cores} cores; record path alone {result['record_path_cpu_ms_per_page']} ms CPU a "
          f"page (the mean of {before * 1000:.1f} before the run and {after * 1000:.1f} after): "
          f"extraction-bound limit {result['extraction_bound_pages_per_second']} pages/s")
    print(f"  newsscrape warc: {len(ours)} articles in {result['warc_seconds']} s, "
          f"{result['pages_per_second']} pages/s ({result['pages_per_second_steady']} from the "
          f"first line to the last): {result['share_of_limit']} of the limit "
          f"({result['share_of_limit_steady']} from the first line to the last)")
    print(f"  {result['cpu_ms_per_page']} ms CPU a page in all "
          f"({result['command_process_cpu_ms_per_page']} the command's own process, "
          f"{result['workers_cpu_ms_per_page']} its workers), "
          f"{result['record_path_share_of_cpu']} of it the record path; extract on the same "
          f"WARC: {result['extract_seconds']} s, {result['extract_pages_per_second_steady']} "
          f"pages/s from the first line to the last")
    print(f"  same records as extract: {same} of {len(ours)} ({len(theirs)} from extract)")
    print(f"  reading the WARC: warcio {result['read_ms_per_record_warcio']} ms CPU a record, "
          f"FastWARC {result['read_ms_per_record_fastwarc']} (the default; identical records: "
          f"{result['fastwarc_records_identical']}); load average "
          f"{result['load_average_1_min_after']} at the end")
    return 0


if __name__ == "__main__":
    sys.exit(main())
