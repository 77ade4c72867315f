"""``-`` as an input: one page read whole from standard input (``newsscrape extract -``)."""

from __future__ import annotations

import gzip
from typing import TextIO

STDIN = "-"


def read_page(stdin: TextIO) -> bytes:
    """The page on standard input, as bytes; gzip-compressed input (``.html.gz``) is unzipped.

    Raises OSError, EOFError or ``gzip.BadGzipFile`` (a ``read_error``) as reading a file does.
    """
    binary = getattr(stdin, "buffer", None)
    data = binary.read() if binary is not None else stdin.read().encode("utf-8")
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data
