"""Quality and CPU of extract -> detect -> clean against trafilatura alone, on an eval set.

    python3 run.py bench bench.quality ../shared/eval/aeb [--predictions OUT.jsonl]

For every page of a folder in the ``../shared/eval`` format (manifest.jsonl + html/), runs
both our page entry point and trafilatura alone (the settings of ../shared/eval/baseline.py:
body and metadata, include_comments=False), alternating which goes first, and scores both
with ../shared/eval/score.py's metric: F1, precision, recall, pages with leaked notices, per
language, CPU per page (start-up excluded: the data every run loads once, on first use, is
loaded before the pages are timed), and the pages that keep fewer of the article's
paragraphs than trafilatura alone, and each page where ours is below trafilatura alone in
precision or recall or both are low (on stderr, and in the JSON). Then runs the cleaner's block entry point over the
ground-truth bodies and prints the share of their text it keeps.

Leave-publisher-out (``bench/halves.py``): the set's publishers fall in halves A and B; each
half is scored again with only the additions (rules with ``seen_in``) tuned on the other
half, and with no addition at all, beside trafilatura alone on the same pages. When the
repository holds the frozen set (``tests/fixtures/frozen``), its figures follow
(``bench/frozen.py``: paragraphs kept, notices removed, pages leaking, pages losing a paragraph).

Prints tables and writes bench/results/quality-<set>.json (with the run's peak memory).
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
from dateparser.languages.loader import default_loader
from htmldate.extractors import external_date_parser

from bench.halves import HALVES, half, seen_in_half
from cleaners import Block, RuleSet, address, clean_blocks, clean_page, load_rules, reported
from cleaners.preload import preload

RESULTS = Path(__file__).parent / "results"
EVAL = Path(__file__).resolve().parent.parent.parent / "shared" / "eval"
OURS, BASELINE = "newsscrape", "trafilatura"
LOST_POINTS = 0.05  # a page losing more than this much recall to the cleaner (issue 9's bound)
OTHER_HALF, NO_ADDITIONS = "other-half additions", "no additions"


def load_scorer(folder: Path):
    """../shared/eval/score.py, imported from where it lies (never copied)."""
    sys.path.insert(0, str(folder.parent))
    import score  # noqa: PLC0415

    return score


def baseline_text(html: bytes, url: str | None) -> str:
    doc = trafilatura.extract(html, url=url, output_format="json", with_metadata=True,
                              include_comments=False)
    return json.loads(doc)["text"] if doc else ""


def our_text(html: bytes, url: str | None, rules: RuleSet | None = None) -> str:
    article = clean_page(html, url, rules=rules)
    return article.text if article else ""


def timed(fn, *args) -> tuple[str, float]:
    start = time.process_time()
    result = fn(*args)
    return result, time.process_time() - start


def variants(eval_root: Path) -> dict[str, dict[str, RuleSet]]:
    """For each half, the rules it is scored with: the additions tuned on the other half, and
    none."""
    full, where = load_rules(), seen_in_half(eval_root)
    none = full.without(lambda page: True)
    return {h: {OTHER_HALF: full.without(lambda page, h=h: where(page) == h), NO_ADDITIONS: none}
            for h in HALVES}


def paragraphs_kept(score, body: str, text: str) -> int:
    """How many of the ground truth's paragraphs the text holds whole (the frozen set's test)."""
    out = score.norm(text)
    return sum(1 for p in body.split("\n\n") if score.norm(p) and score.norm(p) in out)


def figures(score, pages: list[dict], system: str) -> dict:
    """F1, P, R, pages leaking a notice, pages keeping fewer paragraphs than trafilatura, and
    pages whose recall is more than ``LOST_POINTS`` under trafilatura's."""
    counts = [score.page_counts(p["body"], p["texts"][system]) for p in pages]
    fewer = [p["id"] for p in pages
             if paragraphs_kept(score, p["body"], p["texts"][system])
             < paragraphs_kept(score, p["body"], p["texts"][BASELINE])]
    leaking = [p["id"] for p in pages if score.leaked(p.get("notices", []), p["texts"][system])]
    base = [score.page_counts(p["body"], p["texts"][BASELINE]) for p in pages]
    lost = [p["id"] for p, ours, theirs in zip(pages, counts, base, strict=True)
            if score.summary([ours])["recall"] < score.summary([theirs])["recall"] - LOST_POINTS]
    return {**score.summary(counts), "pages_with_leaks": len(leaking), "leaking": leaking,
            "pages_fewer_paragraphs": len(fewer), "fewer_paragraphs": fewer,
            "pages_losing_recall": len(lost), "losing_recall": lost}


def per_page(score, pages: list[dict]) -> list[dict]:
    """Each page where ours is below trafilatura alone in precision or recall, or both are
    low (F1 under .9), with both systems' precision and recall: where the F1 goes."""
    rows = []
    for p in pages:
        figs = {name: score.summary([score.page_counts(p["body"], p["texts"][name])])
                for name in (OURS, BASELINE)}
        ours, base = figs[OURS], figs[BASELINE]
        if (ours["precision"] < base["precision"] or ours["recall"] < base["recall"]
                or max(ours["f1"], base["f1"]) < 0.9):
            rows.append({"id": p["id"], "half": p["half"], "publisher": p["publisher"],
                         **{f"{name}_{k}": figs[name][k] for name in figs
                            for k in ("precision", "recall")}})
    return sorted(rows, key=lambda r: r[f"{OURS}_precision"] + r[f"{OURS}_recall"])


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


def warm_up(rules: RuleSet) -> None:
    """Load what a run loads once, on first use, so that the CPU per page is the pages' own:
    every rule's pattern compiled, what the workers' forkserver builds before it forks
    (``cleaners.preload``: the lexicons, trafilatura's jusText stop words), and what the
    workers build on their first pages: the address and reported-speech patterns, htmldate's
    date parser and dateparser's locales (trafilatura alone uses those two as well)."""
    for rule in rules.rules():
        rule.regex  # noqa: B018 (compiled on first use)
    preload()
    for code in address.languages():
        address.addresses_reader("", code)
        address.orders_reader("", code)
    external_date_parser("3 December 2026", "%Y-%m-%d")
    reported.reports_speech("", "en")
    for _ in default_loader.get_locales():
        pass


def run_pages(folder: Path, manifest: list[dict], out) -> tuple[dict[str, float], list[dict]]:
    """Every page through both systems (timed) and the halves' rule variants (not timed)."""
    by_half = variants(folder.parent)
    full = load_rules().version
    systems = {OURS: our_text, BASELINE: baseline_text}
    cpu = dict.fromkeys(systems, 0.0)
    for n, page in enumerate(manifest):
        html = gzip.decompress((folder / page["html"]).read_bytes())
        texts: dict[str, str] = {}
        for name in (list(systems) if n % 2 == 0 else list(reversed(systems))):
            texts[name], seconds = timed(systems[name], html, page.get("url"))
            cpu[name] += seconds
        page["half"] = half(page["publisher"])
        for name, rules in by_half[page["half"]].items():
            texts[name] = (texts[OURS] if rules.version == full
                           else our_text(html, page.get("url"), rules))
        page["texts"] = texts
        if out:
            line = {"id": page["id"], "text": texts[OURS]}
            out.write(json.dumps(line, ensure_ascii=False) + "\n")
    return cpu, manifest


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

    # start-up excluded: load trafilatura's, langdetect's, the rules' and the lexicon's data once
    first = gzip.decompress((folder / manifest[0]["html"]).read_bytes())
    our_text(first, manifest[0].get("url"))
    baseline_text(first, manifest[0].get("url"))
    warm_up(load_rules())

    out = args.predictions.open("w", encoding="utf-8") if args.predictions else None
    cpu, pages = run_pages(folder, manifest, out)
    if out:
        out.close()

    share, gt_removed = ground_truth_kept(manifest)
    n = len(pages)
    by_language: dict[str, list[dict]] = defaultdict(list)
    for page in pages:
        by_language[page["lang"]].append(page)
    result = {"set": folder.name, "pages": n, "ground_truth_kept": round(share, 5),
              "cpu_ratio": round(cpu[OURS] / cpu[BASELINE], 3),
              "peak_rss_mib": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
              "additions": sum(1 for r in load_rules().rules() if r.seen_in)}
    for name in (OURS, BASELINE):
        result[name] = {
            **figures(score, pages, name),
            "cpu_ms_per_page": round(1000 * cpu[name] / n, 2),
            "by_language": {lang: figures(score, group, name) for lang, group in
                            sorted(by_language.items(), key=lambda kv: -len(kv[1]))},
        }
    result["pages_below_or_low"] = per_page(score, pages)
    result["halves"] = {}
    for h in HALVES:
        group = [p for p in pages if p["half"] == h]
        result["halves"][h] = {
            "pages": len(group), "publishers": len({p["publisher"] for p in group}),
            **{name: figures(score, group, name) for name in (OTHER_HALF, NO_ADDITIONS, BASELINE)},
        } if group else {"pages": 0}
    frozen = frozen_groups()
    if frozen is not None:
        result["frozen"] = frozen
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / f"quality-{folder.name}.json").write_text(json.dumps(result, indent=1) + "\n")
    report(result, gt_removed)
    return 0


def frozen_groups() -> dict | None:
    """The frozen set's figures (``bench/frozen.py``), when the repository holds the set."""
    from bench import frozen  # noqa: PLC0415 (bench.frozen imports this module)

    if not (frozen.FROZEN / "pages").is_dir():
        return None
    pages = frozen.load_pages()
    return frozen.report(pages, frozen.run(pages))


def _row(label: str, r: dict) -> str:
    return (f"{label:24}{r['f1']:7.4f}{r['precision']:7.4f}{r['recall']:7.4f}"
            f"{r['pages_with_leaks']:7d}{r['pages_fewer_paragraphs']:7d}"
            f"{r['pages_losing_recall']:7d}")


def report(result: dict, gt_removed: list[tuple[str, str]]) -> None:
    """The tables: whole set, halves, languages; what went wrong on stderr."""
    print(f"{result['set']}: {result['pages']} pages, {result['additions']} additions")
    print(f"{'':24}{'F1':>7}{'P':>7}{'R':>7}{'leaks':>7}{'fewer':>7}{'R-5pt':>7}{'ms CPU':>8}")
    for name in (OURS, BASELINE):
        print(_row(name, result[name]) + f"{result[name]['cpu_ms_per_page']:8.1f}")
    for h, figs in result["halves"].items():
        if not figs["pages"]:
            continue
        print(f"half {h}: {figs['pages']} pages, {figs['publishers']} publishers")
        for name in (OTHER_HALF, NO_ADDITIONS, BASELINE):
            print(_row(f"  {name}", figs[name]))
    print(f"CPU newsscrape / trafilatura: {result['cpu_ratio']:.3f}; "
          f"peak memory of the run {result['peak_rss_mib']} MiB")
    print(f"ground-truth bodies kept by the cleaner: {100 * result['ground_truth_kept']:.2f}%")
    if "frozen" in result:
        from bench.frozen import print_table  # noqa: PLC0415

        print("frozen set (tests/fixtures/frozen):")
        print_table(result["frozen"])
    for lang, r in result[OURS]["by_language"].items():
        base = result[BASELINE]["by_language"][lang]
        print(f"  {lang:4} pages {r['pages']:4}  F1 {r['f1']:.4f} (trafilatura {base['f1']:.4f})"
              f"  leaks {r['pages_with_leaks']} ({base['pages_with_leaks']})")
    for pid, text in gt_removed[:20]:
        print(f"  ground truth removed: {pid[:24]} {text}", file=sys.stderr)
    for r in result["pages_below_or_low"]:
        print(f"  page {r['id'][:24]:24} half {r['half']} {r['publisher'][:20]:20} "
              f"P {r[OURS + '_precision']:.3f} (trafilatura {r[BASELINE + '_precision']:.3f}) "
              f"R {r[OURS + '_recall']:.3f} ({r[BASELINE + '_recall']:.3f})", file=sys.stderr)
    for pid in result[OURS]["leaking"]:
        print(f"  leak: {pid}", file=sys.stderr)
    for pid in result[OURS]["fewer_paragraphs"]:
        print(f"  fewer paragraphs than trafilatura: {pid}", file=sys.stderr)
    for pid in result[OURS]["losing_recall"]:
        print(f"  recall more than {100 * LOST_POINTS:.0f} points under trafilatura's: {pid}",
              file=sys.stderr)
    print(f"R-5pt: pages whose recall is more than {100 * LOST_POINTS:.0f} points under "
          "trafilatura alone's")


if __name__ == "__main__":
    sys.exit(main())
