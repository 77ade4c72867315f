"""CPU of the notice-concept lexicon per block, beside trafilatura per page, in one run.

    python3 run.py bench bench.lexicon ../shared/eval/aeb ../shared/eval/fundus-dev

Blocks are the paragraphs of every page's ground-truth body; ``concepts`` runs on each with
the page's language, ``concepts_any`` on each as if its language were unknown. trafilatura
alone (the settings of ../shared/eval/baseline.py) runs on a sample of the same pages, so the
lexicon's cost for a page's blocks can be set against it. Compiling is lazy and timed apart.
Writes bench/results/lexicon.json.
"""

from __future__ import annotations

import argparse
import gzip
import json
import time
from pathlib import Path

import trafilatura

from cleaners import lexicon

RESULTS = Path(__file__).parent / "results"
PAGES_TIMED = 60


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folders", nargs="+", type=Path)
    args = parser.parse_args(argv)
    pages = [(folder, json.loads(line)) for folder in args.folders
             for line in (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()]
    blocks = [(page["lang"], p.strip()) for _, page in pages
              for p in page["body"].split("\n") if p.strip()]
    start = time.process_time()
    for lang in {lang for lang, _ in blocks}:
        lexicon.concepts("", lang)
    compile_own = time.process_time() - start
    start = time.process_time()
    lexicon.concepts_any("")
    compile_any = time.process_time() - start

    start = time.process_time()
    hits = sum(bool(lexicon.concepts(text, lang)) for lang, text in blocks)
    own = (time.process_time() - start) / len(blocks)
    start = time.process_time()
    for _, text in blocks:
        lexicon.concepts_any(text)
    any_ = (time.process_time() - start) / len(blocks)

    sample = pages[:: max(1, len(pages) // PAGES_TIMED)][:PAGES_TIMED]
    start = time.process_time()
    for folder, page in sample:
        html = gzip.decompress((folder / page["html"]).read_bytes())
        trafilatura.extract(html, url=page.get("url"), output_format="json", with_metadata=True,
                            include_comments=False)
    trafilatura_page = (time.process_time() - start) / len(sample)
    blocks_per_page = len(blocks) / len(pages)
    result = {
        "sets": [f.name for f in args.folders], "blocks": len(blocks),
        "blocks_with_a_concept": hits,
        "us_per_block": {"concepts": round(own * 1e6, 1), "concepts_any": round(any_ * 1e6, 1)},
        "compile_ms": {"languages_used": round(compile_own * 1e3, 1),
                       "all_languages": round(compile_any * 1e3, 1)},
        "trafilatura_ms_per_page": round(trafilatura_page * 1e3, 2),
        "blocks_per_page": round(blocks_per_page, 1),
        "share_of_trafilatura": {
            "concepts_every_block": round(own * blocks_per_page / trafilatura_page, 4),
            "concepts_any_every_block": round(any_ * blocks_per_page / trafilatura_page, 4)},
        "note": "one run on a 2-core machine shared with other jobs",
    }
    print(json.dumps(result, indent=1))
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "lexicon.json").write_text(json.dumps(result, indent=1) + "\n")
    return result


if __name__ == "__main__":
    main()
