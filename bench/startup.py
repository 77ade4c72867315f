"""Start-up and whole-command cost of ``newsscrape``, beside trafilatura and Scrapy, in one run.

    python3 run.py bench bench.startup [--eval ../shared/eval] [--repeat 5] [--pages 5]

Every figure is a median of ``--repeat`` runs of the commands as subprocesses, the two
systems alternating, so it holds whatever the package looks like inside:

- one page: ``newsscrape extract page.html`` against ``trafilatura --json < page.html``, wall
  time, on each of ``--pages`` aeb pages; the median over pages of each page's median;
- one URL: ``newsscrape URL`` against ``scrapy runspider`` of a one-request spider (written to
  a temporary folder), the same aeb page served on 127.0.0.1 by this process;
- per page: the CPU (user + system) of ``newsscrape extract`` over a whole eval set against
  trafilatura alone (body and metadata, as ``bench.quality`` runs it) over the same files,
  start-up excluded: a run over the set is subtracted from a run over the set given twice
  (every page read, extracted and written a second time in the same process), and the rest
  divided by the set's pages. That leaves out everything a run does once, on first use
  (imports, each language's rules, lexicons and profiles, trafilatura's jusText stoplists)
  whichever page first needs it; subtracting a run over one page left in the first uses of
  the other pages' languages and moved by a third between quiet runs. The sets are larger
  than the memos of texts seen (4,096 normalised texts, 1,024 scanned blocks, trafilatura's
  1,024 lines), so the second pass finds none of the first's left. The ratio is the median
  of the ratios of each repetition (its two runs of each command, run one after the other),
  and its spread (lowest and highest of them) says how steady the figure is. Both
  runs extract in this process (``--workers 0``): the CPU of the worker pool's processes is
  not counted in their parent's (they are the forkserver's children), and this is the cost
  of the command's work itself.

A run of each command comes first and is not counted (it warms the disk cache and the user
cache of rule literals, rule tables and language profiles, as any later run finds them).
Before the runs, the package's modules are compiled to bytecode (``compileall``), as a
``pip install`` leaves them and as trafilatura's and Scrapy's are: ``run.py`` installs
newsscrape editable, and where ``PYTHONDONTWRITEBYTECODE`` is set every run would compile
its sources again (a fifth of a second). Prints a Markdown table and writes
bench/results/startup.json.
"""

from __future__ import annotations

import argparse
import compileall
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
RESULTS = Path(__file__).parent / "results"
BIN = Path(sys.executable).parent
SETS = ("aeb", "fundus-dev")

SPIDER = '''\
import scrapy


class PageSpider(scrapy.Spider):
    name = "page"

    async def start(self):
        yield scrapy.Request({url!r})

    def parse(self, response):
        yield {{"url": response.url, "length": len(response.body)}}
'''
# trafilatura alone over files: the settings of ../shared/eval/baseline.py and bench.quality.
TRAFILATURA_FILES = '''\
import gzip, sys
import trafilatura
for name in sys.argv[1:]:
    html = gzip.open(name).read() if name.endswith(".gz") else open(name, "rb").read()
    trafilatura.extract(html, output_format="json", with_metadata=True, include_comments=False)
'''


def run(command: list[str], *, stdin: Path | None = None, cwd: Path | None = None
        ) -> tuple[float, float]:
    """Wall and CPU seconds (user + system) of one command; it must succeed."""
    with tempfile.TemporaryFile() as errors, (stdin.open("rb") if stdin else
                                              open(os.devnull, "rb")) as given:
        started = time.perf_counter()
        process = subprocess.Popen(command, stdin=given, stdout=subprocess.DEVNULL,
                                   stderr=errors, cwd=cwd)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - started
        process.returncode = os.waitstatus_to_exitcode(status)
        if process.returncode != 0:
            errors.seek(0)
            raise SystemExit(f"{' '.join(command)} exited {process.returncode}:\n"
                             f"{errors.read().decode(errors='replace')[-2000:]}")
    return wall, usage.ru_utime + usage.ru_stime


def runs(commands: dict[str, dict], repeat: int) -> dict[str, list[tuple[float, float]]]:
    """Wall and CPU seconds of ``repeat`` runs of each command, alternating which goes
    first, after one run of each that is not counted."""
    for spec in commands.values():
        run(**spec)
    times: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
    for n in range(repeat):
        for name in (list(commands) if n % 2 == 0 else list(reversed(commands))):
            times[name].append(run(**commands[name]))
    return times


def medians(commands: dict[str, dict], repeat: int) -> dict[str, tuple[float, float]]:
    """Median wall and CPU seconds of ``repeat`` runs of each command (``runs``)."""
    return {name: (statistics.median(w for w, _ in values), statistics.median(c for _, c in values))
            for name, values in runs(commands, repeat).items()}


def one_page(pages: list[Path], repeat: int) -> dict:
    per_page = []
    for page in pages:
        per_page.append(medians({
            "newsscrape": {"command": [str(BIN / "newsscrape"), "extract", str(page)]},
            "trafilatura": {"command": [str(BIN / "trafilatura"), "--json"], "stdin": page},
        }, repeat))
    ours, theirs = ({field: statistics.median(p[name][n] for p in per_page)
                     for n, field in enumerate(("wall", "cpu"))}
                    for name in ("newsscrape", "trafilatura"))
    return {"pages": len(pages), "newsscrape_s": round(ours["wall"], 3),
            "trafilatura_s": round(theirs["wall"], 3),
            "ratio": round(ours["wall"] / theirs["wall"], 3),
            "newsscrape_cpu_s": round(ours["cpu"], 3), "trafilatura_cpu_s": round(theirs["cpu"], 3),
            "cpu_ratio": round(ours["cpu"] / theirs["cpu"], 3),
            "per_page": [{k: [round(x, 3) for x in v] for k, v in p.items()} for p in per_page]}


class QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002 (the base's name)
        """Requests are not logged: the table is the output."""


def serve(folder: Path) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``folder`` on 127.0.0.1 (a free port) from a thread of this process."""
    server = ThreadingHTTPServer(("127.0.0.1", 0),
                                 partial(QuietHandler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


def one_url(page: Path, folder: Path, repeat: int) -> dict:
    site = folder / "site"
    site.mkdir()
    (site / "story.html").write_bytes(page.read_bytes())
    server, base = serve(site)
    url = f"{base}/story.html"
    spider = folder / "spider" / "page_spider.py"
    spider.parent.mkdir()
    spider.write_text(SPIDER.format(url=url))
    try:
        times = medians({
            "newsscrape": {"command": [str(BIN / "newsscrape"), url]},
            "scrapy": {"command": [str(BIN / "scrapy"), "runspider", spider.name, "-o",
                                   "-:jsonl", "-s", "LOG_LEVEL=ERROR"], "cwd": spider.parent},
        }, repeat)
    finally:
        server.shutdown()
    (ours, ours_cpu), (theirs, theirs_cpu) = times["newsscrape"], times["scrapy"]
    return {"newsscrape_s": round(ours, 3), "scrapy_s": round(theirs, 3),
            "difference_s": round(ours - theirs, 3), "newsscrape_cpu_s": round(ours_cpu, 3),
            "scrapy_cpu_s": round(theirs_cpu, 3),
            "cpu_difference_s": round(ours_cpu - theirs_cpu, 3)}


def per_page(eval_set: Path, folder: Path, repeat: int) -> dict:
    pages = sorted((eval_set / "html").iterdir())
    script = folder / "trafilatura_files.py"
    script.write_text(TRAFILATURA_FILES)
    newsscrape = [str(BIN / "newsscrape"), "extract", "--workers", "0"]
    trafilatura = [sys.executable, str(script)]
    cpu = {name: [seconds for _, seconds in values] for name, values in runs({
        "newsscrape_once": {"command": [*newsscrape, str(eval_set / "html")]},
        "newsscrape_twice": {"command": [*newsscrape, *[str(eval_set / "html")] * 2]},
        "trafilatura_once": {"command": [*trafilatura, *map(str, pages)]},
        "trafilatura_twice": {"command": [*trafilatura, *map(str, pages * 2)]},
    }, repeat).items()}
    # Each repetition: its run over the set twice less its run over the set once.
    extra = {name: [twice - once for once, twice in zip(cpu[f"{name}_once"], cpu[f"{name}_twice"])]
             for name in ("newsscrape", "trafilatura")}
    paired = [ours / theirs for ours, theirs in zip(extra["newsscrape"], extra["trafilatura"])]
    page_s = {name: statistics.median(values) / len(pages) for name, values in extra.items()}
    return {"pages": len(pages), "newsscrape_ms": round(1000 * page_s["newsscrape"], 2),
            "trafilatura_ms": round(1000 * page_s["trafilatura"], 2),
            "ratio": round(statistics.median(paired), 3),
            "ratio_spread": [round(min(paired), 3), round(max(paired), 3)],
            # what a run does once: a run over the set less its pages
            "start_up_cpu_s": {name: round(statistics.median(cpu[f"{name}_once"])
                                           - len(pages) * seconds, 3)
                               for name, seconds in page_s.items()}}


def table(result: dict) -> str:
    page, url = result["one_page"], result["one_url"]
    rows = [
        "| measure | newsscrape | beside | ratio or difference |",
        "|---|---|---|---|",
        f"| `newsscrape extract page.html`, wall (median of {page['pages']} aeb pages) "
        f"| {page['newsscrape_s']:.2f} s | `trafilatura --json < page.html` "
        f"{page['trafilatura_s']:.2f} s | {page['ratio']:.2f}x |",
        f"| the same, CPU | {page['newsscrape_cpu_s']:.2f} s | {page['trafilatura_cpu_s']:.2f} s "
        f"| {page['cpu_ratio']:.2f}x |",
        f"| `newsscrape URL`, wall (local server) | {url['newsscrape_s']:.2f} s "
        f"| bare `scrapy runspider` {url['scrapy_s']:.2f} s | {url['difference_s']:+.2f} s |",
        f"| the same, CPU | {url['newsscrape_cpu_s']:.2f} s | {url['scrapy_cpu_s']:.2f} s "
        f"| {url['cpu_difference_s']:+.2f} s |",
    ]
    for name, cost in result["per_page"].items():
        rows.append(f"| whole `newsscrape extract`, CPU per page, start-up excluded ({name}, "
                    f"{cost['pages']} pages) | {cost['newsscrape_ms']:.1f} ms | trafilatura "
                    f"alone {cost['trafilatura_ms']:.1f} ms | {cost['ratio']:.2f}x "
                    f"({cost['ratio_spread'][0]:.2f}-{cost['ratio_spread'][1]:.2f}) |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--eval", type=Path, default=ROOT.parent / "shared" / "eval",
                        help="the folder holding aeb/ and fundus-dev/")
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--pages", type=int, default=5, help="aeb pages for the one-page runs")
    args = parser.parse_args(argv)
    for package in ("scraper", "cleaners"):
        compileall.compile_dir(ROOT / package, quiet=1)
    aeb = sorted((args.eval / "aeb" / "html").iterdir())
    step = max(1, len(aeb) // args.pages)
    with tempfile.TemporaryDirectory() as temp:
        folder = Path(temp)
        pages = []
        for n, page in enumerate(aeb[::step][: args.pages]):
            pages.append(folder / f"page{n}.html")
            pages[-1].write_bytes(gzip.decompress(page.read_bytes()))
        result = {
            "repeat": args.repeat, "cpus": os.cpu_count(),
            "one_page": one_page(pages, args.repeat),
            "one_url": one_url(pages[0], folder, args.repeat),
            "per_page": {name: per_page(args.eval / name, folder, args.repeat) for name in SETS},
        }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "startup.json").write_text(json.dumps(result, indent=1) + "\n")
    print(table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
