"""Which ground-truth paragraphs the cleaner loses that trafilatura alone keeps, and why.

    python3 run.py bench bench.losses ../shared/eval/aeb [--half-rules]

For every page of an eval set, the ground truth's paragraphs (kept whole, ``bench/quality``'s
test) that trafilatura alone keeps and our page entry point does not; for each, the removals
(rule id, kind, text) that hold part of it, or "changed by extraction" when no removal does
(the paragraph was split, joined or never extracted). ``--half-rules`` scores each page with
the additions tuned on the other half only, as ``bench/quality``'s halves do. Not timed.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from pathlib import Path

from bench.halves import half
from bench.quality import NO_ADDITIONS, OTHER_HALF, baseline_text, load_scorer, variants
from cleaners import RuleSet, clean_page


def lost_paragraphs(score, body: str, ours: str, baseline: str) -> list[str]:
    """The ground truth's paragraphs the baseline keeps whole and ours does not."""
    out, base = score.norm(ours), score.norm(baseline)
    return [p for p in body.split("\n\n")
            if (n := score.norm(p)) and n in base and n not in out]


def causes(score, paragraph: str, removed) -> list[str]:
    """The removals holding part of ``paragraph`` (60 characters of it, or all of it)."""
    para = score.norm(paragraph)
    found = []
    for r in removed:
        text = score.norm(r.text)
        probe = text[:60] if len(text) > 60 else text
        if text and (probe in para or para in text):
            found.append(f"[{r.rule} / {r.kind}] {r.text[:160]!r}")
    return found or ["changed by extraction (no removal holds it)"]


def page_losses(score, folder: Path, page: dict, rules: RuleSet | None) -> list[tuple[str, list]]:
    html = gzip.decompress((folder / page["html"]).read_bytes())
    article = clean_page(html, page.get("url"), rules=rules)
    ours = article.text if article else ""
    lost = lost_paragraphs(score, page["body"], ours, baseline_text(html, page.get("url")))
    return [(p, causes(score, p, article.removed if article else [])) for p in lost]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", type=Path, help="an eval set, e.g. ../shared/eval/aeb")
    parser.add_argument("--half-rules", action="store_true",
                        help="score each page with the other half's additions only")
    parser.add_argument("--no-additions", action="store_true",
                        help="score each page with no addition at all")
    args = parser.parse_args(argv)
    folder = args.folder.resolve()
    score = load_scorer(folder)
    by_half = variants(folder.parent)
    pages = 0
    for line in (folder / "manifest.jsonl").open(encoding="utf-8"):
        page = json.loads(line)
        h = half(page["publisher"])
        rules = (by_half[h][OTHER_HALF] if args.half_rules
                 else by_half[h][NO_ADDITIONS] if args.no_additions else None)
        losses = page_losses(score, folder, page, rules)
        if losses:
            pages += 1
            print(f"{page['id']} (half {h}, {page['lang']}, {page['publisher']})")
            for paragraph, why in losses:
                print(f"  lost: {paragraph[:160]!r}")
                for cause in why:
                    print(f"    by {cause}")
    print(f"{pages} pages lose a paragraph trafilatura alone keeps", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
