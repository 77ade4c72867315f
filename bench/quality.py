"""Quality and CPU of extract -> detect -> clean against trafilatura alone, on an eval set.

    python3 run.py bench bench.quality ../shared/eval/aeb [--predictions OUT.jsonl]

For every page of a folder in the ``../shared/eval`` format (manifest.jsonl + html/), runs
both our page entry point and trafilatura alone (the settings of ../shared/eval/baseline.py:
body and metadata, include_comments=False), alternating which goes first, and scores both
with ../shared/eval/score.py's metric: F1, precision, recall, pages with leaked notices, per
language, and CPU per page (start-up excluded). Then runs the cleaner's block entry point
over the ground-truth bodies and prints the share of their text it keeps.

Prints a table and writes bench/results/quality-<set>.json (with the run's peak memory).
"""

from __future__ import annotations

import argparse
import gzip
import json
import resource
import sys
import time
from collections import defaultdict
from pathlib import Path

import trafilatura

from cleaners import Block, clean_blocks, clean_page

RESULTS = Path(__file__).parent / "results"


def load_scorer(folder: Path):
    """../shared/eval/score.py, imported from where it lies (never copied)."""
    sys.path.insert(0, str(folder.parent))
    import score  # noqa: PLC0415

    return score


def baseline_text(html: bytes, url: str | None) -> str:
    doc = trafilatura.extract(html, url=url, output_format="json", with_metadata=True,
                              include_comments=False)
    return json.loads(doc)["text"] if doc else ""


def our_text(html: bytes, url: str | None) -> str:
    article = clean_page(html, url)
    return article.text if article else ""


def timed(fn, *args) -> tuple[str, float]:
    start = time.process_time()
    result = fn(*args)
    return result, time.process_time() - start


def ground_truth_kept(manifest: list[dict]) -> tuple[float, list[tuple[str, str]]]:
    """Share of ground-truth body text the block entry point keeps, and what it removed."""
    total = kept = 0
    removed: list[tuple[str, str]] = []
    for page in manifest:
        blocks = [Block(p.strip()) for p in page["body"].split("\n\n") if p.strip()]
        result = clean_blocks(blocks, page["lang"])
        total += sum(len(b.text) for b in blocks)
        kept += sum(len(b.text) for b in result.kept)
        removed += [(page["id"], f"[{r.rule}] {r.text[:100]}") for r in result.removed]
    return (kept / total if total else 1.0), removed


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="an eval set, e.g. ../shared/eval/aeb")
    parser.add_argument("--predictions", type=Path, help="also write our predictions here")
    parser.add_argument("--limit", type=int, help="only the first N pages")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    score = load_scorer(folder)
    manifest = [json.loads(line) for line in (folder / "manifest.jsonl").open(encoding="utf-8")]
    manifest = manifest[: args.limit] if args.limit else manifest

    # start-up excluded: load trafilatura's, langdetect's and the rules' data once
    first = gzip.decompress((folder / manifest[0]["html"]).read_bytes())
    our_text(first, manifest[0].get("url"))
    baseline_text(first, manifest[0].get("url"))

    systems = {"newsscrape": our_text, "trafilatura": baseline_text}
    counts = {name: defaultdict(list) for name in systems}
    leaks = {name: defaultdict(set) for name in systems}
    cpu = dict.fromkeys(systems, 0.0)
    out = args.predictions.open("w", encoding="utf-8") if args.predictions else None
    for n, page in enumerate(manifest):
        html = gzip.decompress((folder / page["html"]).read_bytes())
        order = list(systems) if n % 2 == 0 else list(reversed(systems))
        for name in order:
            text, seconds = timed(systems[name], html, page.get("url"))
            cpu[name] += seconds
            c = score.page_counts(page["body"], text)
            for key in ("ALL", page["lang"]):
                counts[name][key].append(c)
                if score.leaked(page.get("notices", []), text):
                    leaks[name][key].add(page["id"])
            if name == "newsscrape" and out:
                out.write(json.dumps({"id": page["id"], "text": text}, ensure_ascii=False) + "\n")
    if out:
        out.close()

    share, gt_removed = ground_truth_kept(manifest)
    pages = len(manifest)
    result = {"set": folder.name, "pages": pages, "ground_truth_kept": round(share, 5),
              "cpu_ratio": round(cpu["newsscrape"] / cpu["trafilatura"], 3),
              "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}
    for name in systems:
        result[name] = {
            **score.summary(counts[name]["ALL"]),
            "pages_with_leaks": len(leaks[name]["ALL"]),
            "cpu_ms_per_page": round(1000 * cpu[name] / pages, 2),
            "by_language": {lang: {**score.summary(c), "pages_with_leaks": len(leaks[name][lang])}
                            for lang, c in sorted(counts[name].items(), key=lambda kv: -len(kv[1]))
                            if lang != "ALL"},
        }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"quality-{folder.name}.json").write_text(json.dumps(result, indent=1) + "\n")

    print(f"{folder.name}: {pages} pages")
    print(f"{'':14}{'F1':>7}{'P':>7}{'R':>7}{'leaks':>7}{'ms CPU':>8}")
    for name in systems:
        r = result[name]
        print(f"{name:14}{r['f1']:7.4f}{r['precision']:7.4f}{r['recall']:7.4f}"
              f"{r['pages_with_leaks']:7d}{r['cpu_ms_per_page']:8.1f}")
    print(f"CPU newsscrape / trafilatura: {result['cpu_ratio']:.3f}; "
          f"peak memory of the run {result['peak_rss_mib']} MiB")
    print(f"ground-truth bodies kept by the cleaner: {100 * share:.2f}%")
    for lang, r in result["newsscrape"]["by_language"].items():
        base = result["trafilatura"]["by_language"][lang]
        print(f"  {lang:4} pages {r['pages']:4}  F1 {r['f1']:.4f} (trafilatura {base['f1']:.4f})"
              f"  leaks {r['pages_with_leaks']} ({base['pages_with_leaks']})")
    for pid, text in gt_removed[:20]:
        print(f"  ground truth removed: {pid[:24]} {text}", file=sys.stderr)
    for pid in sorted(leaks["newsscrape"]["ALL"]):
        print(f"  leak: {pid}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
