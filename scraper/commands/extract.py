"""``newsscrape extract``: clean saved pages, without Scrapy and without the network."""

from __future__ import annotations

import argparse
import gzip
import json
import os
import sys
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TextIO

from ..outcomes import Counts, count, count_removed, error_line
from ._report import UsageError, exit_status, explain, summary

PAGE_SUFFIXES = (".html", ".htm", ".html.gz", ".htm.gz")


def page_files(paths: Iterable[str]) -> Iterator[Path]:
    """Saved pages: the files given, and pages found under the folders given, sorted."""
    for name in paths:
        path = Path(name)
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*")
                              if p.is_file() and p.name.lower().endswith(PAGE_SUFFIXES))
        else:
            yield path


def run(args: argparse.Namespace, stdin: TextIO) -> int:
    """``newsscrape extract``: saved pages, no Scrapy and no network."""
    from ..clock import timestamp
    from ..items import Article, FetchError, record
    from ..records import article_or_error, problems

    files = list(page_files(args.paths))
    if not files:
        raise UsageError(f"no pages (.html, .htm, .html.gz) in {', '.join(args.paths)}")
    started = time.monotonic()
    stats = Counts({"newsscrape/inputs": len(files)})
    try:
        out = _open_output(args)
        errors = open(args.errors, "a", encoding="utf-8") if args.errors else None
    except OSError as exc:
        raise UsageError(f"cannot write {exc.filename}: {exc.strerror}") from None
    try:
        for path in files:
            name = os.fsencode(path).decode("utf-8", "backslashreplace")  # any file name
            try:
                data = path.read_bytes()
                if path.name.lower().endswith(".gz"):
                    data = gzip.decompress(data)
                result = article_or_error(data, url=args.url, fetched_at=timestamp(),
                                          source_file=name)
            except (OSError, EOFError, gzip.BadGzipFile) as exc:
                result = FetchError(url=args.url, source_file=name, error="read_error",
                                    message=str(exc), fetched_at=timestamp())
            if isinstance(result, Article) and (found := problems(record(result))):
                result = FetchError(url=args.url, source_file=name, error="invalid_record",
                                    message="; ".join(found), fetched_at=result.fetched_at)
            _emit(result, out, errors, stats, args.explain, args.fields)
    finally:
        if out is not sys.stdout:
            out.close()
        if errors:
            errors.close()
    stats["elapsed_time_seconds"] = time.monotonic() - started
    if sys.stderr.isatty():
        print(summary(stats), file=sys.stderr)
    return exit_status(stats)


def _open_output(args: argparse.Namespace) -> TextIO:
    if args.overwrite_output:
        return open(args.overwrite_output, "w", encoding="utf-8")
    if args.output:
        return open(args.output, "a", encoding="utf-8")
    return sys.stdout


def _emit(result, out: TextIO, errors: TextIO | None, stats: Counts, show: bool,
          fields: list[str] | None) -> None:
    from ..items import Article, record

    data = record(result)
    chosen = fields if fields and isinstance(result, Article) else data
    written = {name: data[name] for name in chosen}
    line = json.dumps(written, ensure_ascii=False) + "\n"
    count(stats, result)
    if isinstance(result, Article):
        count_removed(stats, result)
        out.write(line)
        out.flush()
        if show:
            explain(data, sys.stderr)
    else:
        print(error_line(result), file=sys.stderr)
        if errors:
            errors.write(line)
            errors.flush()
