"""scraper.distributed._engine reads Scrapy's engine where it has no public interface: these
tests fail when a Scrapy release changes what the round's scheduler relies on."""

from __future__ import annotations

import json
import subprocess
import sys

from .conftest import ROOT


def test_a_request_is_in_progress_until_its_items_are_through_and_wake_is_prompt(site):
    proc = subprocess.run([sys.executable, str(ROOT / "tests" / "engine_probe.py"),
                           f"{site}/pages/en-device-sharing.html"], capture_output=True, text=True,
                          timeout=60, cwd=ROOT)
    seen = json.loads(proc.stdout)
    assert seen["in_callback"] is True
    assert seen["in_pipeline"] is True  # acknowledged only after the pipelines
    assert seen["after_all"] == 0
    assert seen["woken_after"] < 1  # not the engine's 5 s heartbeat
