"""``newsscrape enqueue``: push URLs to a Redis queue for ``newsscrape fetch --redis``."""

from __future__ import annotations

import argparse
import os
import sys
from typing import TextIO

from . import _interrupts
from ._report import ALL_FAILED, OK, SOME_FAILED, UsageError
from .fetch import read_urls


def redis_url(args: argparse.Namespace) -> str:
    """``-s REDIS_URL=...``, else the environment's ``REDIS_URL``."""
    url = dict(args.set).get("REDIS_URL") or os.environ.get("REDIS_URL")
    if not url:
        raise UsageError("set REDIS_URL (-s REDIS_URL=redis://host:6379/0, or the environment "
                         "variable) to the Redis the consumers use")
    return url


def run(args: argparse.Namespace, stdin: TextIO) -> int:
    """Push every valid URL, once; a URL that is not one is an error line, not pushed."""
    import redis

    from ..canonical import http_url_problem
    from ..distributed.consumer import encode, urls_key

    _interrupts.release()  # (nothing pushed yet: a Ctrl-C stops it here, or during the push)
    urls = read_urls(args, stdin)
    bad = {url: problem for url in urls if (problem := http_url_problem(url))}
    for url, problem in bad.items():
        print(f"newsscrape: error: {url}: bad_url: {problem}", file=sys.stderr)
    good = [encode(url) for url in urls if url not in bad]
    server = redis.Redis.from_url(redis_url(args))
    try:
        if good:
            server.rpush(urls_key(args.queue), *good)
    except redis.RedisError as exc:
        print(f"newsscrape: error: cannot push to {redis_url(args)}: {exc}", file=sys.stderr)
        return ALL_FAILED
    finally:
        server.close()
    if sys.stderr.isatty():
        print(f"newsscrape: {len(good)} URLs queued in {urls_key(args.queue)}", file=sys.stderr)
    return SOME_FAILED if bad else OK
