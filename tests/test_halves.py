"""Leave-publisher-out halves: fixed by the publisher's name, and the additions' pages."""

from __future__ import annotations

import hashlib
import json

import pytest

from bench.halves import half, seen_in_half


@pytest.mark.parametrize("publisher", ["nytimes.com", "SZ", "Asahi Shimbun", ""])
def test_a_publishers_half_is_the_parity_of_its_sha256(publisher):
    digest = int(hashlib.sha256(publisher.encode("utf-8")).hexdigest(), 16)
    assert half(publisher) == ("A" if digest % 2 == 0 else "B")


def test_both_halves_occur():
    assert {half(f"publisher-{n}") for n in range(10)} == {"A", "B"}


def test_an_additions_page_is_looked_up_in_its_sets_manifest(tmp_path):
    (tmp_path / "aeb").mkdir()
    pages = [{"id": "p1", "publisher": "one.example", "html": "html/p1.html.gz"},
             {"id": "es/p2", "publisher": "two.example", "html": "html/es__p2.html.gz"}]
    (tmp_path / "aeb" / "manifest.jsonl").write_text(
        "".join(json.dumps(p) + "\n" for p in pages), encoding="utf-8")
    where = seen_in_half(tmp_path)
    assert where("aeb:p1") == half("one.example")
    assert where("aeb:es__p2") == where("aeb:es/p2") == half("two.example")
    with pytest.raises(KeyError, match="aeb:p3"):
        where("aeb:p3")


def test_a_devset_page_is_looked_up_in_its_own_manifest(tmp_path):
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "en-wall.json").write_text(
        json.dumps({"id": "en-wall", "publisher": "dev-one"}), encoding="utf-8")
    where = seen_in_half(tmp_path / "no-eval", devset=tmp_path)
    assert where("devset:en-wall") == half("dev-one")
    with pytest.raises(KeyError, match="devset:en-other"):
        where("devset:en-other")
