"""The frozen set (issue 9) and the devset are intact and consistent: hashes, manifests, texts
on the pages.

Both are hashed: pages are added, never changed. The frozen set is held out (never tuned on);
the devset is the one to tune on.
"""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import lxml.html
import pytest

FIXTURES = Path(__file__).parent / "fixtures"
# Each set with the least it must hold: pages, languages, layout families.
SETS = {"frozen": (60, 25, 20), "devset": (80, 35, 30)}
KEYS = {"id", "lang", "publisher", "url", "paragraphs", "notices", "hard_negative", "models"}
_WS = re.compile(r"\s+")
_INVISIBLE = ("script", "style", "noscript", "template")


def norm(text: str) -> str:
    """Whitespace collapsed and lower-cased, as the frozen scoring compares texts."""
    return _WS.sub(" ", text).strip().lower()


def listed(folder: Path) -> dict[str, str]:
    """The folder's SHA256SUMS as {relative path: hex digest}."""
    entries = {}
    for line in (folder / "SHA256SUMS").read_text(encoding="utf-8").splitlines():
        digest, name = line.split(None, 1)
        assert name.lstrip("*") not in entries, f"{name} listed twice"
        entries[name.lstrip("*")] = digest
    return entries


def manifests(folder: Path) -> dict[str, dict]:
    """Every page's manifest by its file name's stem."""
    return {p.stem: json.loads(p.read_text(encoding="utf-8"))
            for p in sorted((folder / "pages").glob("*.json"))}


def visible_text(html: bytes) -> str:
    """The text a reader sees in the page's body: no scripts, styles or head."""
    body = lxml.html.fromstring(html).find("body")
    for element in body.iter(*_INVISIBLE):
        element.drop_tree()
    return norm(body.text_content())


BY_SET = {name: manifests(FIXTURES / name) for name in SETS}
PAGES = [(name, m) for name, by_file in BY_SET.items() for m in by_file.values()]
PAGE_IDS = [f"{name}:{m['id']}" for name, m in PAGES]


@pytest.mark.parametrize("name", SETS)
def test_sums_list_every_file_and_match(name):
    folder = FIXTURES / name
    on_disk = {p.relative_to(folder).as_posix() for p in folder.rglob("*")
               if p.is_file() and p.name != "SHA256SUMS"}
    entries = listed(folder)
    assert set(entries) == on_disk
    changed = [file for file, digest in entries.items()
               if hashlib.sha256((folder / file).read_bytes()).hexdigest() != digest]
    assert changed == [], "pages are never edited: add new pages instead"


@pytest.mark.parametrize("name", SETS)
def test_the_set_is_large_and_varied(name):
    pages, languages, families = SETS[name]
    found = list(BY_SET[name].values())
    assert len(found) >= pages
    assert len({m["lang"] for m in found}) >= languages
    assert len({m["publisher"] for m in found}) >= families
    assert any(m["hard_negative"] for m in found)


def test_the_devset_shares_no_page_or_layout_family_with_the_frozen_set():
    """The devset is tuned on: nothing in it may stand for a held-out page."""
    frozen, dev = BY_SET["frozen"].values(), BY_SET["devset"].values()
    assert not {m["id"] for m in frozen} & {m["id"] for m in dev}
    assert not {m["publisher"] for m in frozen} & {m["publisher"] for m in dev}
    assert all(m["publisher"].startswith("dev-") for m in dev)
    held_out = {norm(t) for m in frozen for t in m["paragraphs"] + m["notices"]}
    assert not [t for m in dev for t in m["paragraphs"] + m["notices"] if norm(t) in held_out]


@pytest.mark.parametrize(("name", "manifest"), PAGES, ids=PAGE_IDS)
def test_manifest_is_well_formed(name, manifest):
    assert set(manifest) == KEYS
    assert BY_SET[name].get(manifest["id"]) is manifest, "the id names the page's files"
    assert (FIXTURES / name / "pages" / f"{manifest['id']}.html").is_file()
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


@pytest.mark.parametrize(("name", "manifest"), PAGES, ids=PAGE_IDS)
def test_texts_are_on_the_page_and_never_overlap(name, manifest):
    """Each paragraph and notice is visible on its page; no notice lies inside a paragraph."""
    text = visible_text((FIXTURES / name / "pages" / f"{manifest['id']}.html").read_bytes())
    missing = [t for t in manifest["paragraphs"] + manifest["notices"] if norm(t) not in text]
    assert missing == []
    overlaps = [(n, p) for n in manifest["notices"] for p in manifest["paragraphs"]
                if norm(n) in norm(p) or norm(p) in norm(n)]
    assert overlaps == [], "a notice inside a paragraph cannot be both kept and removed"
