"""Accuracy and cost of cleaners.blocklang on the paragraphs of evaluation-set bodies.

    python3 run.py bench bench.blocklang ../shared/eval/aeb ../shared/eval/fundus-dev

Every paragraph of every page's ground-truth body is labelled with the page's ``lang``. For
each language: paragraphs, the share answered (not None), the share of answers that are right,
and the share of all paragraphs answered right. Cost: CPU per block of ``block_language`` and
of seeded langdetect on the same blocks, in the same run. Writes bench/results/blocklang.json.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import defaultdict
from pathlib import Path

from langdetect import DetectorFactory, LangDetectException, detect

from cleaners.blocklang import block_language

RESULTS = Path(__file__).parent / "results"
LANGDETECT_SAMPLE = 600  # blocks timed with langdetect (it costs milliseconds each)


def paragraphs(folders: list[Path]) -> list[tuple[str, str]]:
    """(page language, paragraph) for every non-empty paragraph of every body."""
    found = []
    for folder in folders:
        for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines():
            page = json.loads(line)
            found += [(page["lang"], p.strip()) for p in page["body"].split("\n") if p.strip()]
    return found


def cpu_per_block(fn, blocks: list[str]) -> float:
    start = time.process_time()
    for block in blocks:
        fn(block)
    return (time.process_time() - start) / len(blocks)


def seeded_langdetect(text: str) -> str | None:
    try:
        return detect(text)
    except LangDetectException:
        return None


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    blocks = paragraphs(args.folders)
    per = defaultdict(lambda: {"paragraphs": 0, "answered": 0, "right": 0, "short": 0,
                               "short_answered": 0})
    for lang, text in blocks:
        code, _ = block_language(text)
        row = per[lang]
        row["paragraphs"] += 1
        row["answered"] += code is not None
        row["right"] += code == lang
        if len(text.split()) <= 3:
            row["short"] += 1
            row["short_answered"] += code is not None
    DetectorFactory.seed = 0
    texts = [t for _, t in blocks]
    sample = texts[:: max(1, len(texts) // LANGDETECT_SAMPLE)][:LANGDETECT_SAMPLE]
    ours = cpu_per_block(block_language, sample)
    theirs = cpu_per_block(seeded_langdetect, sample)
    total = {k: sum(r[k] for r in per.values()) for k in next(iter(per.values()))}
    result = {
        "sets": [f.name for f in args.folders],
        "total": {**total, "answered_share": total["answered"] / total["paragraphs"],
                  "precision": total["right"] / max(1, total["answered"]),
                  "accuracy": total["right"] / total["paragraphs"]},
        "per_language": {lang: {**r, "precision": round(r["right"] / max(1, r["answered"]), 4)}
                         for lang, r in sorted(per.items())},
        "cpu_us_per_block": {"block_language": round(ours * 1e6, 1),
                             "langdetect": round(theirs * 1e6, 1),
                             "ratio": round(ours / theirs, 4), "blocks_timed": len(sample)},
        "note": "one run on a 2-core machine shared with other jobs",
    }
    print(f"{'lang':6}{'paras':>7}{'answered':>10}{'precision':>11}{'accuracy':>10}")
    for lang, r in result["per_language"].items():
        print(f"{lang:6}{r['paragraphs']:>7}{r['answered'] / r['paragraphs']:>10.3f}"
              f"{r['precision']:>11.3f}{r['right'] / r['paragraphs']:>10.3f}")
    t = result["total"]
    print(f"{'all':6}{t['paragraphs']:>7}{t['answered_share']:>10.3f}{t['precision']:>11.3f}"
          f"{t['accuracy']:>10.3f}")
    print(f"short (<=3 words) answered: {t['short_answered']}/{t['short']}")
    c = result["cpu_us_per_block"]
    print(f"CPU per block: block_language {c['block_language']} us, langdetect "
          f"{c['langdetect']} us ({c['ratio']:.3f}x), {c['blocks_timed']} blocks")
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "blocklang.json").write_text(json.dumps(result, indent=1) + "\n")
    return result


if __name__ == "__main__":
    main()
