#!/usr/bin/env python3
"""Set up and run newsscrape with nothing but Python 3.11+ installed.

    python3 run.py demo         install into .venv, then scrape the bundled demo site
    python3 run.py test [ARGS]  install into .venv with the test tools (and redis-server, when
                                missing), then run pytest
    python3 run.py bench ARGS   run a benchmark from bench/ (see README)

Everything is installed from constraints.txt (every package pinned). The install is redone
only when pyproject.toml or constraints.txt change.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
# The pip that ensurepip installs is older and warns about extras it does not understand
# (lxml's 'html_clean'); this one is installed first (26.3 prints setuptools' notes).
PIP = "pip==26.2.1"


def ensure_installed(extra: str) -> None:
    """Create .venv and install the project (with ``extra``) when anything changed."""
    if sys.version_info < (3, 11):
        sys.exit(f"newsscrape needs Python 3.11 or newer; this is {sys.version.split()[0]}")
    if not (BIN / "python").exists():
        print("run.py: creating .venv", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    inputs = b"".join((ROOT / name).read_bytes() for name in ("pyproject.toml", "constraints.txt"))
    stamp = VENV / f".installed-{extra or 'base'}"
    digest = hashlib.sha256(inputs).hexdigest()
    if stamp.exists() and stamp.read_text() == digest:
        return
    print(f"run.py: installing newsscrape{f'[{extra}]' if extra else ''} into .venv",
          file=sys.stderr)
    target = f".[{extra}]" if extra else "."
    pip = [str(BIN / "python"), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, PIP], cwd=ROOT, check=True)
    subprocess.run([*pip, "-c", "constraints.txt", "-e", target], cwd=ROOT, check=True)
    stamp.write_text(digest)


def ensure_redis() -> None:
    """The tests run a real redis-server; install Debian's when it is missing (CI runs as root)."""
    if shutil.which("redis-server"):
        return
    print("run.py: redis-server is missing; installing Debian's", file=sys.stderr)
    for command in (["apt-get", "update"], ["apt-get", "install", "-y", "redis-server"]):
        try:
            failed = subprocess.run(command, stdout=subprocess.DEVNULL).returncode != 0
        except OSError:
            failed = True
        if failed:
            sys.exit(f"run.py: the tests need redis-server, and `{' '.join(command)}` failed: "
                     "install redis-server (or run as root) and try again")


def main(argv: list[str]) -> int:
    command, rest = (argv[0], argv[1:]) if argv else ("", [])
    if command == "demo":
        ensure_installed("")
        return subprocess.call([str(BIN / "newsscrape"), "demo", *rest], cwd=ROOT)
    if command == "test":
        ensure_installed("test")
        ensure_redis()
        return subprocess.call([str(BIN / "python"), "-m", "pytest", *rest], cwd=ROOT)
    if command == "bench":
        ensure_installed("test")
        return subprocess.call([str(BIN / "python"), "-m", *rest], cwd=ROOT)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
