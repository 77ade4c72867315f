"""The test news site: fixture pages plus the faults a crawler meets, on 127.0.0.1.

Run as ``python tests/site_server.py``; prints its port on the first line of stdout. Routes:

    /pages/<name>.html      fixture pages (tests/fixtures/pages)
    /demo/...               the bundled demo site
    /status/<code>          an empty HTML response with that status
    /empty.html             an HTML response of 0 bytes
    /slow                   answers after 10 s (longer than the test DOWNLOAD_TIMEOUT)
    /file.pdf               a PDF
    /huge.html              2 MiB of HTML (over the test DOWNLOAD_MAXSIZE)
    /gzip-bomb.html         4 kB of gzip that is 2 MiB of HTML
    /cut-short.html         says 5,000 bytes, sends 100 and closes the connection
    /cp1252/<name>.html     a fixture page re-encoded as windows-1252, declared utf-8
    /charset/<case>         a page in another encoding, with stated headers (charset_cases)
    /gzip/<name>.html       a fixture page sent with Content-Encoding: gzip
    /bulky.html             an article of 8,000 sections (700 kB): seconds to extract
    /redirect/<name>.html   301 to /pages/<name>.html
    /retry-after/<key>      503 with Retry-After: 1 the first time per key, then an article
    /private/...            disallowed by robots.txt
    /hits                   JSON: how many times each path was requested
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from scraper.demo import SITE  # noqa: E402
from scraper.demo.server import SiteHandler, start  # noqa: E402
from tests.charset_cases import CASES  # noqa: E402

FIXTURES = Path(__file__).parent / "fixtures"
PAGES = FIXTURES / "pages"
HITS: Counter = Counter()
LOCK = threading.Lock()
ROBOTS = b"User-agent: *\nDisallow: /private/\n"
HUGE = b"<html><body>" + b"<p>word </p>" * 200_000 + b"</body></html>"


class FaultyHandler(SiteHandler):
    """Fixture pages and faults; counts every request."""

    def send_body(self, status: int, body: bytes, content_type: str, **headers: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name.replace("_", "-"), value)
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:  # noqa: N802, C901 (one branch per route)
        path = self.path.split("?")[0]
        with LOCK:
            HITS[path] += 1
            hits = HITS[path]
        html = "text/html; charset=utf-8"
        if path == "/robots.txt":
            return self.send_body(200, ROBOTS, "text/plain")
        if path == "/hits":
            return self.send_body(200, json.dumps(HITS).encode(), "application/json")
        if path.startswith("/status/"):
            code = int(path.rsplit("/", 1)[1])
            return self.send_body(code, f"<html><body>{code}</body></html>".encode(), html)
        if path == "/empty.html":
            return self.send_body(200, b"", html)
        if path == "/slow":
            time.sleep(10)
            return self.send_body(200, b"<html><body>late</body></html>", html)
        if path == "/file.pdf":
            return self.send_body(200, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                                  "application/pdf")
        if path == "/huge.html":
            return self.send_body(200, HUGE, html)
        if path == "/gzip-bomb.html":
            return self.send_body(200, gzip.compress(HUGE), html, Content_Encoding="gzip")
        if path == "/cut-short.html":
            self.close_connection = True
            self.send_response(200)
            self.send_header("Content-Type", html)
            self.send_header("Content-Length", "5000")
            self.end_headers()
            self.wfile.write(HUGE[:100])
            return None
        if path.startswith("/cp1252/"):
            text = (PAGES / path.removeprefix("/cp1252/")).read_text(encoding="utf-8")
            return self.send_body(200, text.encode("cp1252", "replace"), html)
        if path.startswith("/charset/"):
            case = CASES[path.removeprefix("/charset/")]
            return self.send_body(200, case.body(), case.content_type)
        if path.startswith("/gzip/"):
            body = gzip.compress((PAGES / path.removeprefix("/gzip/")).read_bytes())
            return self.send_body(200, body, html, Content_Encoding="gzip")
        if path == "/bulky.html":
            sections = "".join(f"<div><p>Paragraph {n} of a report on the budget.</p>"
                               f"<a href='/x{n}'>link {n}</a></div>" for n in range(8000))
            return self.send_body(200, f"<html><body><article><h1>Bulky</h1>{sections}"
                                       "</article></body></html>".encode(), html)
        if path.startswith("/redirect/"):
            self.send_response(301)
            self.send_header("Location", "/pages/" + path.removeprefix("/redirect/"))
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        if path.startswith("/retry-after/"):
            if hits == 1:
                return self.send_body(503, b"busy", "text/plain", Retry_After="1")
            return self.send_body(200, (PAGES / "en-device-sharing.html").read_bytes(), html)
        if path.startswith("/pages/"):
            self.path = "/" + path.removeprefix("/pages/")
            self.directory = str(PAGES)
        elif path.startswith("/demo/"):
            self.path = "/" + path.removeprefix("/demo/")
            self.directory = str(SITE)
        return super().do_GET()


def main() -> None:
    server, base = start(FIXTURES, FaultyHandler)
    print(base.rsplit(":", 1)[1], flush=True)
    try:
        threading.Event().wait()
    except KeyboardInterrupt:
        server.shutdown()


if __name__ == "__main__":
    main()
