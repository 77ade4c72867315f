"""The frozen set (issue 9): our page entry point against trafilatura alone, page by page.

    python3 run.py bench bench.frozen [--folder tests/fixtures/frozen]
    python3 run.py bench bench.frozen --folder tests/fixtures/devset    # the set to tune on

Runs ``cleaners.clean_page`` and trafilatura alone (the settings of ../shared/eval/baseline.py)
on every page of ``tests/fixtures/frozen/pages``. A paragraph is kept when its
whitespace-collapsed, lower-cased text is contained in the output so normalised; a notice is
removed when it is not (../shared/eval/score.py's ``leaked``). Prints, for the whole set, each
leave-publisher-out half and each class (own-language notices, other-language notices, hard
negatives), each beside trafilatura alone: paragraphs kept, notices removed, pages leaking any
notice, and pages keeping fewer article paragraphs than trafilatura alone.

Each half is also scored with only the additions (rules and lexicon entries with ``seen_in``)
tuned on pages of the other half, and with none ("other-half additions", "no additions"):
the devset's own halves, for the additions tuned on it (``seen_in = "devset:<id>"``).
``--own-set-additions devset`` leaves out, for a half, only the additions tuned on devset
pages of that half (the lexicon's older tables cite aeb and fundus-dev pages, whose
publishers are not the devset's layout families).

Writes bench/results/<folder name>.json (``frozen.json``, ``devset.json``) and appends one line
to bench/results/<folder name>-history.jsonl (git commit, date from ``scraper.clock``; with
``--own-set-additions SET`` the name is ``<folder name>-own-SET-additions``:
``NEWSSCRAPE_NOW`` pins it). The frozen set only measures: never tune on it; tune on the devset
(``tests/fixtures/devset``, the same format, other layout families).
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from bench.halves import HALVES, half, seen_in_half
from bench.quality import EVAL, NO_ADDITIONS, OTHER_HALF, RESULTS, baseline_text, our_text
from cleaners import load_rules
from cleaners.language import detect
from scraper.clock import timestamp

ROOT = Path(__file__).resolve().parent.parent
FROZEN = ROOT / "tests" / "fixtures" / "frozen"
SYSTEMS = {"newsscrape": our_text, "trafilatura": baseline_text}
# A notice's language is told by langdetect when the notice is long enough and the answer sure;
# a shorter line (a heading, a button, a login line) takes the class of the nearest sure
# notice before it on the page, else after it, else it counts as the page's own language.
SURE = 0.9
SURE_CHARS = 30
_WS = re.compile(r"\s+")


def norm(text: str) -> str:
    """Whitespace collapsed, lower-cased: the frozen set's comparison."""
    return _WS.sub(" ", text or "").strip().lower()


def load_pages(folder: Path = FROZEN) -> list[dict]:
    """Every page's manifest, in id order, with its HTML bytes under ``html``."""
    pages = []
    for path in sorted((folder / "pages").glob("*.json")):
        page = json.loads(path.read_text(encoding="utf-8"))
        pages.append({**page, "html": path.with_suffix(".html").read_bytes()})
    return pages


def notice_languages(page: dict) -> list[str]:
    """``own`` or ``other`` for each notice of the page, in order."""
    sure: list[str | None] = []
    for notice in page["notices"]:
        code, probability = detect(notice)
        told = code and probability >= SURE and len(notice) >= SURE_CHARS
        sure.append(("own" if code == page["lang"] else "other") if told else None)
    classes = []
    for i, known in enumerate(sure):
        before = next((c for c in reversed(sure[:i]) if c), None)
        after = next((c for c in sure[i + 1:] if c), None)
        classes.append(known or before or after or "own")
    return classes


@dataclass
class Outcome:
    """What one system's text did to one page."""

    kept: list[bool]  # per paragraph
    removed: list[bool]  # per notice


def score(page: dict, text: str) -> Outcome:
    out = norm(text)
    return Outcome(kept=[norm(p) in out for p in page["paragraphs"]],
                   removed=[norm(n) not in out for n in page["notices"]])


def share(hits: list[bool]) -> float | None:
    return round(sum(hits) / len(hits), 4) if hits else None


def figures(pages: list[dict], outcomes: dict[str, dict[str, Outcome]],
            notice_class: str | None = None) -> dict:
    """The four figures for ``pages``, per system; only notices of ``notice_class`` if given."""
    result = {"pages": len(pages)}
    for name in outcomes:
        kept, removed, leaking, fewer = [], [], [], []
        for page in pages:
            mine, base = outcomes[name][page["id"]], outcomes["trafilatura"][page["id"]]
            wanted = [notice_class in (None, c) for c in page["notice_classes"]]
            gone = [r for r, w in zip(mine.removed, wanted, strict=True) if w]
            kept += mine.kept
            removed += gone
            if not all(gone):
                leaking.append(page["id"])
            if sum(mine.kept) < sum(base.kept):
                fewer.append(page["id"])
        result[name] = {"paragraphs": len(kept), "paragraphs_kept": share(kept),
                        "notices": len(removed), "notices_removed": share(removed),
                        "pages_leaking": len(leaking),
                        "pages_fewer_paragraphs_than_trafilatura": len(fewer),
                        "leaking": leaking, "fewer_paragraphs": fewer}
    return result


def run(pages: list[dict], variants: bool = False,
        own_set: str | None = None) -> dict[str, dict[str, Outcome]]:
    """Both systems on every page, alternating which goes first; with ``variants``, ours
    again with only the additions tuned on the other half of the page's, and with none.
    ``own_set`` ("devset"): leave out only the additions tuned on that set's pages of the
    half, not those tuned on aeb or fundus-dev pages, whose publishers are not this set's."""
    outcomes: dict[str, dict[str, Outcome]] = {name: {} for name in SYSTEMS}
    if variants:
        full, where = load_rules(), seen_in_half(EVAL)

        def tuned_on(page: str, h: str) -> bool:
            return (own_set is None or page.startswith(f"{own_set}:")) and where(page) == h
        by_half = {h: {OTHER_HALF: full.without(lambda page, h=h: tuned_on(page, h)),
                       NO_ADDITIONS: full.without(lambda page: True)} for h in HALVES}
        outcomes |= {OTHER_HALF: {}, NO_ADDITIONS: {}}
    for n, page in enumerate(pages):
        for name in (list(SYSTEMS) if n % 2 == 0 else reversed(SYSTEMS)):
            outcomes[name][page["id"]] = score(page, SYSTEMS[name](page["html"], page["url"]))
        if variants:
            for name, rules in by_half[half(page["publisher"])].items():
                outcomes[name][page["id"]] = score(page, our_text(page["html"], page["url"],
                                                                  rules))
    return outcomes


def report(pages: list[dict], outcomes: dict[str, dict[str, Outcome]]) -> dict:
    """Whole set, halves and classes."""
    for page in pages:
        page.setdefault("notice_classes", notice_languages(page))
    groups = {"all": figures(pages, outcomes)}
    for h in ("A", "B"):
        groups[f"half {h}"] = figures([p for p in pages if half(p["publisher"]) == h], outcomes)
    for cls in ("own", "other"):
        groups[f"{cls}-language notices"] = figures(
            [p for p in pages if cls in p["notice_classes"]], outcomes, notice_class=cls)
    groups["hard negatives"] = figures([p for p in pages if p["hard_negative"]], outcomes)
    return groups


def commit() -> str:
    """The checked-out commit, ``-dirty`` when tracked files outside bench/results changed."""
    def git(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run(["git", *args], cwd=ROOT, capture_output=True, text=True)
    head = git("rev-parse", "--short", "HEAD").stdout.strip() or "unknown"
    dirty = git("status", "--porcelain", "--untracked-files=no", "--", ".",
                ":(exclude)bench/results").stdout.strip()
    return f"{head}-dirty" if dirty else head


def print_table(groups: dict) -> None:
    print(f"{'':30}{'paragraphs kept':>22}{'notices removed':>22}{'pages leaking':>16}"
          f"{'fewer paras':>12}")
    for label, g in groups.items():
        base = g["trafilatura"]
        for name in ("newsscrape", OTHER_HALF, NO_ADDITIONS):
            if name not in g or (name != "newsscrape" and not label.startswith("half")):
                continue
            ours = g[name]

            def pair(key: str) -> str:
                a, b = ours[key], base[key]  # noqa: B023 (used at once)
                return "-" if a is None or b is None else f"{a:.3f} ({b:.3f})"
            row = label if name == "newsscrape" else f"  {name}"
            print(f"{row + ' (' + str(g['pages']) + ')':30}{pair('paragraphs_kept'):>22}"
                  f"{pair('notices_removed'):>22}"
                  f"{str(ours['pages_leaking']) + ' (' + str(base['pages_leaking']) + ')':>16}"
                  f"{ours['pages_fewer_paragraphs_than_trafilatura']:>12}")
    print("newsscrape (trafilatura alone), same run; fewer paras: pages keeping fewer article "
          "paragraphs than trafilatura alone; under each half, that half with only the "
          "additions tuned on the other half, and with none", flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--folder", type=Path, default=FROZEN, help="a frozen-format set")
    parser.add_argument("--own-set-additions", metavar="SET",
                        help="score each half leaving out only the additions tuned on pages "
                             "of SET (devset) in that half")
    args = parser.parse_args(argv)
    pages = load_pages(args.folder)
    groups = report(pages, run(pages, variants=EVAL.is_dir(), own_set=args.own_set_additions))
    result = {"date": timestamp(), "commit": commit(), "pages": len(pages),
              "languages": len({p["lang"] for p in pages}),
              "publishers": len({p["publisher"] for p in pages}),
              "own_set_additions": args.own_set_additions, "groups": groups}
    RESULTS.mkdir(exist_ok=True)
    set_name = args.folder.resolve().name
    if args.own_set_additions:  # (another scoring of the halves: beside the set's own file)
        set_name += f"-own-{args.own_set_additions}-additions"
    (RESULTS / f"{set_name}.json").write_text(
        json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    line = {k: result[k] for k in ("date", "commit", "pages", "own_set_additions")}
    line["figures"] = {label: {name: {k: v for k, v in g[name].items()
                                      if k not in ("leaking", "fewer_paragraphs")}
                               for name in SYSTEMS} for label, g in groups.items()}
    for h in HALVES:
        for name in (OTHER_HALF, NO_ADDITIONS):
            if name in groups[f"half {h}"]:
                line["figures"][f"half {h}"][name] = {
                    k: v for k, v in groups[f"half {h}"][name].items()
                    if k not in ("leaking", "fewer_paragraphs")}
    with (RESULTS / f"{set_name}-history.jsonl").open("a", encoding="utf-8") as history:
        history.write(json.dumps(line, ensure_ascii=False) + "\n")
    print(f"{set_name}: {result['pages']} pages, {result['languages']} languages, "
          f"{result['publishers']} layout families; commit {result['commit']}")
    print_table(groups)
    for page_id in groups["all"]["newsscrape"]["leaking"]:
        print(f"  leak: {page_id}", file=sys.stderr)
    for page_id in groups["all"]["newsscrape"]["fewer_paragraphs"]:
        print(f"  fewer paragraphs than trafilatura: {page_id}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
