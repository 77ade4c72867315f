"""Pages served in other encodings than they are stored in, with stated headers: the cases of
the charset test (tests/test_records.py), served by tests/site_server.py at /charset/<name>.

Each case: the fixture page (stored in UTF-8) it is made from, the bytes served, and the
Content-Type header sent. Its expected text is the fixture page's own, decoded right.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

PAGES = Path(__file__).parent / "fixtures" / "pages"
_META = re.compile(r'<meta charset="[^"]*">', re.IGNORECASE)


@dataclass(frozen=True)
class Case:
    page: str  # the fixture page, tests/fixtures/pages/<page>.html
    content_type: str  # the Content-Type header served
    encoding: str  # the bytes served are the page in this encoding...
    meta: str | None  # ...with this <meta charset> (None: none)
    bom: bytes = b""

    def body(self) -> bytes:
        text = (PAGES / f"{self.page}.html").read_text(encoding="utf-8")
        text = _META.sub(f'<meta charset="{self.meta}">' if self.meta else "", text, count=1)
        return self.bom + text.encode(self.encoding, "xmlcharrefreplace")


CASES = {
    "declared-right": Case("es-newsletter", "text/html; charset=utf-8", "utf-8", "utf-8"),
    "cp1252-declared-utf8": Case("latin1-declared-utf8", "text/html; charset=utf-8", "cp1252",
                                 "utf-8"),
    "utf8-declared-latin9": Case("es-newsletter", "text/html", "utf-8", "iso-8859-15"),
    "undeclared-shift-jis": Case("ja-article", "text/html", "shift_jis", None),
    "undeclared-koi8-r": Case("ru-article", "text/html", "koi8-r", None),
    "undeclared-windows-1251": Case("ru-article", "text/html", "windows-1251", None),
    "bom-against-meta": Case("es-newsletter", "text/html", "utf-8", "windows-1252",
                             bom=b"\xef\xbb\xbf"),
    "header-against-meta": Case("ru-article", "text/html; charset=koi8-r", "koi8-r",
                                "windows-1251"),
}
