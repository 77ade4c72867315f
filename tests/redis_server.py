"""A real redis-server for the tests that need one: on 127.0.0.1, a free port, no persistence.

Import the fixtures into a test module (``from .redis_server import redis_url``). Without
``redis-server`` on PATH those tests are skipped with the reason, except in CI (``CI=true``),
where they fail: ``python3 run.py test`` installs it first.
"""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator

import pytest
import redis


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="module")
def redis_server(tmp_path_factory) -> Iterator[str]:
    """The URL of a redis-server started for this test module, stopped afterwards."""
    binary = shutil.which("redis-server")
    if binary is None:
        message = "redis-server is not on PATH (python3 run.py test installs it)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    port = _free_port()
    proc = subprocess.Popen(
        [binary, "--bind", "127.0.0.1", "--port", str(port), "--save", "", "--appendonly", "no",
         "--protected-mode", "no", "--daemonize", "no", "--loglevel", "warning",
         "--dir", str(tmp_path_factory.mktemp("redis"))],
        stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT)
    url = f"redis://127.0.0.1:{port}/0"
    client = redis.Redis.from_url(url)
    try:
        deadline = time.monotonic() + 10
        while True:
            try:
                client.ping()
                break
            except redis.ConnectionError:
                assert proc.poll() is None, "redis-server exited at start"
                assert time.monotonic() < deadline, "redis-server did not answer"
                time.sleep(0.05)
        yield url
    finally:
        client.close()
        proc.terminate()
        proc.wait(timeout=10)


@pytest.fixture
def redis_url(redis_server) -> Iterator[str]:
    """The test Redis, emptied before each test."""
    client = redis.Redis.from_url(redis_server)
    client.flushall()
    client.close()
    yield redis_server
