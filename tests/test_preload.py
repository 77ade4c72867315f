"""``cleaners.preload`` builds the big tables the page path builds lazily (the lexicon's,
jusText's stop words), so that the workers' forkserver holds them for every worker."""

from __future__ import annotations

import json
import os
import subprocess
import sys

from .conftest import FIXTURES, ROOT

# In a fresh interpreter (the tables are built once a process): preload, then clean pages in
# many languages, and count the tables those pages still had to build.
_SCRIPT = """
import json, sys
from pathlib import Path
import justext.core
from trafilatura import external
from cleaners import clean_page, lexicon
from cleaners.preload import preload

built = (lexicon._matcher, lexicon._matcher_any, justext.core.define_stoplist)
def misses():
    return {f"{f.__module__}.{f.__name__}": f.cache_info().misses for f in built}
before = misses()
preload()
preloaded, stoplist = misses(), external.JT_STOPLIST
for path in sorted(Path(sys.argv[1]).glob("*.html")):
    clean_page(path.read_bytes(), "https://news.example/" + path.name)
after = misses()
print(json.dumps({"preloaded": [n for n in after if preloaded[n] > before[n]],
                  "built_after": [n for n in after if after[n] > preloaded[n]],
                  "stoplist_kept": external.JT_STOPLIST is stoplist}))
"""


def test_after_preload_pages_in_many_languages_build_no_lexicon_or_stoplist(tmp_path):
    pages = FIXTURES / "frozen" / "pages"
    assert len({p.name.split("-")[0] for p in pages.glob("*.html")}) >= 20  # languages
    env = {**os.environ, "NEWSSCRAPE_CACHE_DIR": str(tmp_path)}
    out = subprocess.run([sys.executable, "-c", _SCRIPT, str(pages)], cwd=ROOT, check=True,
                         capture_output=True, text=True, env=env).stdout
    found = json.loads(out)
    assert found["built_after"] == []
    assert len(found["preloaded"]) == 3
    assert found["stoplist_kept"]
