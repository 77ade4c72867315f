"""The frozen set (issue 9) is intact and consistent: hashes, manifests, texts on the pages."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import lxml.html
import pytest

FROZEN = Path(__file__).parent / "fixtures" / "frozen"
SUMS = FROZEN / "SHA256SUMS"
KEYS = {"id", "lang", "publisher", "url", "paragraphs", "notices", "hard_negative", "models"}
_WS = re.compile(r"\s+")
_INVISIBLE = ("script", "style", "noscript", "template")


def norm(text: str) -> str:
    """Whitespace collapsed and lower-cased, as the frozen scoring compares texts."""
    return _WS.sub(" ", text).strip().lower()


def listed() -> dict[str, str]:
    """SHA256SUMS as {relative path: hex digest}."""
    entries = {}
    for line in SUMS.read_text(encoding="utf-8").splitlines():
        digest, name = line.split(None, 1)
        assert name.lstrip("*") not in entries, f"{name} listed twice"
        entries[name.lstrip("*")] = digest
    return entries


def manifests() -> dict[str, dict]:
    """Every page's manifest by its file name's stem."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((FROZEN / "pages").glob("*.json"))}


def visible_text(html: bytes) -> str:
    """The text a reader sees in the page's body: no scripts, styles or head."""
    body = lxml.html.fromstring(html).find("body")
    for element in body.iter(*_INVISIBLE):
        element.drop_tree()
    return norm(body.text_content())


BY_FILE = manifests()
MANIFESTS = list(BY_FILE.values())


def test_sums_list_every_file_and_match():
    on_disk = {p.relative_to(FROZEN).as_posix() for p in FROZEN.rglob("*")
               if p.is_file() and p != SUMS}
    entries = listed()
    assert set(entries) == on_disk
    changed = [name for name, digest in entries.items()
               if hashlib.sha256((FROZEN / name).read_bytes()).hexdigest() != digest]
    assert changed == [], "frozen pages are never edited: add new pages instead"


def test_the_set_is_large_and_varied():
    assert len(MANIFESTS) >= 60
    assert len({m["lang"] for m in MANIFESTS}) >= 25
    assert len({m["publisher"] for m in MANIFESTS}) >= 20
    assert any(m["hard_negative"] for m in MANIFESTS)


@pytest.mark.parametrize("manifest", MANIFESTS, ids=[m["id"] for m in MANIFESTS])
def test_manifest_is_well_formed(manifest):
    assert set(manifest) == KEYS
    assert BY_FILE.get(manifest["id"]) is manifest, "the id names the page's files"
    assert (FROZEN / "pages" / f"{manifest['id']}.html").is_file()
    assert re.fullmatch(r"[a-z]{2}", manifest["lang"])
    assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", manifest["publisher"])
    assert re.match(r"https?://[^/\s]+/", manifest["url"])
    assert isinstance(manifest["hard_negative"], bool)
    assert isinstance(manifest["models"], str) and manifest["models"].strip()
    assert "\n" not in manifest["models"]
    for key in ("paragraphs", "notices"):
        assert isinstance(manifest[key], list)
        assert all(isinstance(t, str) and t.strip() for t in manifest[key])
        assert len({norm(t) for t in manifest[key]}) == len(manifest[key]), f"{key} repeated"
    assert manifest["paragraphs"]
    assert manifest["notices"] or manifest["hard_negative"], "no notice: a hard negative"


@pytest.mark.parametrize("manifest", MANIFESTS, ids=[m["id"] for m in MANIFESTS])
def test_texts_are_on_the_page_and_never_overlap(manifest):
    """Each paragraph and notice is visible on its page; no notice lies inside a paragraph."""
    text = visible_text((FROZEN / "pages" / f"{manifest['id']}.html").read_bytes())
    missing = [t for t in manifest["paragraphs"] + manifest["notices"] if norm(t) not in text]
    assert missing == []
    overlaps = [(n, p) for n in manifest["notices"] for p in manifest["paragraphs"]
                if norm(n) in norm(p) or norm(p) in norm(n)]
    assert overlaps == [], "a notice inside a paragraph cannot be both kept and removed"
