"""Shared fixtures: the local test news site, and running the CLI as users do."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture(scope="session")
def site() -> Iterator[str]:
    """Base URL of tests/site_server.py, running in a subprocess on 127.0.0.1, port 0."""
    proc = subprocess.Popen([sys.executable, str(ROOT / "tests" / "site_server.py")],
                            stdout=subprocess.PIPE, text=True)
    try:
        port = proc.stdout.readline().strip()
        assert port.isdigit(), "the test site did not start"
        yield f"http://127.0.0.1:{port}"
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@dataclass
class Run:
    status: int
    stdout: str
    stderr: str

    def records(self) -> list[dict]:
        return [json.loads(line) for line in self.stdout.splitlines() if line.strip()]


def run_cli(*args: str, stdin: str | None = None, cwd: Path = ROOT, timeout: float = 120,
            env: dict[str, str] | None = None) -> Run:
    """Run ``newsscrape ARGS`` in a subprocess with the test settings profile."""
    environ = {**os.environ, "SCRAPY_SETTINGS_MODULE": "tests.settings",
               "PYTHONPATH": str(ROOT), **(env or {})}
    proc = subprocess.run([sys.executable, "-m", "scraper.cli", *args], input=stdin,
                          capture_output=True, text=True, cwd=cwd, timeout=timeout, env=environ)
    return Run(proc.returncode, proc.stdout, proc.stderr)


@pytest.fixture
def cli():
    return run_cli
