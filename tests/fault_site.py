"""A news site whose feeds and sitemaps are broken or hostile, for the crawl-fault tests.

Run as ``python tests/fault_site.py TRAP_PORT`` (the port of a second instance, started with
``python tests/fault_site.py trap``, that only counts what reaches it: links to it must never
be followed); prints its port on the first line of stdout. Every case lives under its own
folder; its articles are ``/a/<case>/<n>.html``, each text unique.

    /hits                          JSON: requests per path
    /control?empty=1               /emptying/section/ then links to no article
    /healthy/feed.xml, /healthy/section/        5 articles, both ways
    /port/section/                 links with and without the port, and to the trap's port
    /jsonurl/feed.json             a JSON Feed, one item's url "http://[::1/x"
    /alternate/                    an HTML page whose alternates are one bad URL and one feed
    /deep/feed.json                JSON nested 100,000 deep
    /gzgarbage/sitemap.xml.gz      gzip's magic bytes, then garbage
    /gztrunc/sitemap.xml.gz        200 URLs, the gzip stream cut inside the 21st
    /laughs/sitemap.xml, /xxe/sitemap.xml       a billion laughs; an external entity
    /bomb/sitemap.xml.gz           unzips to 20 MB
    /loop/index-a.xml              an index naming index-b, which names index-a and 3 articles
    /redirect/feed.xml             entries redirected to file:, data: and to an article
    /longloc/sitemap.xml           one <loc> of 3,000 characters, two good ones
    /truncfeed/feed.xml            RSS cut after 6 of its 10 items
    /dead/sitemap.xml              2,000 URLs (/a/dead/<n>.html) that all answer 404
    /emptying/section/             3 articles, until /control?empty=1
    /slow/section/                 40 articles taking 0.1 s each (kills and full disks)
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
import zlib
from collections import Counter
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

sys.path.insert(0, str(Path(__file__).parent))
from news_site import Site  # noqa: E402 (run as a script from tests/)

CASES = ("healthy", "port", "jsonurl", "alternate", "gztrunc", "loop", "redirect", "longloc",
         "truncfeed", "emptying", "slow")
DEAD = 2000
SLOW = 40
GZTRUNC_WHOLE = 20
LAUGHS = b"""<?xml version="1.0"?>
<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>/a/&lol3;</loc></url>
</urlset>"""
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE urlset [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>&xxe;</loc></url>
</urlset>"""


def gzip_cut(body: bytes, whole: int) -> bytes:
    """A gzip stream of ``body`` cut inside the ``<url>`` after the first ``whole``.

    The cut is flushed so it falls at the same place in the text whatever the port in the
    URLs: a cut at a share of the compressed bytes moves with how well they compress.
    """
    start = body.index(b"<url>")
    for _ in range(whole):
        start = body.index(b"<url>", start + 1)
    packer = zlib.compressobj(wbits=31)
    inside = start + len(b"<url><loc>") + 2  # two bytes of the 21st URL: cut inside it
    return packer.compress(body[:inside]) + packer.flush(zlib.Z_SYNC_FLUSH)


def urlset(locs: list[str]) -> bytes:
    urls = "".join(f"<url><loc>{loc}</loc></url>\n" for loc in locs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/'
            f'schemas/sitemap/0.9">\n{urls}</urlset>\n').encode()


def index(locs: list[str]) -> bytes:
    maps = "".join(f"<sitemap><loc>{loc}</loc></sitemap>\n" for loc in locs)
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<sitemapindex xmlns="http://www.'
            f'sitemaps.org/schemas/sitemap/0.9">\n{maps}</sitemapindex>\n').encode()


def rss(links: list[str]) -> bytes:
    items = "".join(f"<item><title>{n}</title><link>{link}</link></item>\n"
                    for n, link in enumerate(links))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>Faults'
            f'</title><link>http://x/</link><description>d</description>\n{items}'
            f'</channel></rss>\n').encode()


def section(links: list[str]) -> bytes:
    anchors = "".join(f'<li><a href="{link}">Story {n}</a></li>' for n, link in enumerate(links))
    return (f'<!doctype html><html lang="en"><head><title>Section</title></head><body>'
            f'<h1>News</h1><ul>{anchors}</ul></body></html>').encode()


class Faults:
    """What the site serves."""

    def __init__(self, trap: int) -> None:
        self.trap = trap
        self.site = Site(datetime(2026, 11, 20, 12, tzinfo=UTC))
        self.empty = False

    def articles(self, base: str, case: str, count: int) -> list[str]:
        return [f"{base}/a/{case}/{n}.html" for n in range(1, count + 1)]

    def route(self, base: str, path: str) -> tuple[int, bytes, str, dict[str, str]]:
        """Status, body, Content-Type and extra headers for ``path``."""
        xml, html, gz = "application/xml", "text/html; charset=utf-8", "application/gzip"
        a = self.articles
        host_only = base.rsplit(":", 1)[0]  # the same host on the default port: another site
        pages = {
            "/robots.txt": lambda: (b"User-agent: *\nAllow: /\n", "text/plain"),
            "/healthy/feed.xml": lambda: (rss(a(base, "healthy", 5)), xml),
            "/healthy/section/": lambda: (section(a("", "healthy", 5)), html),
            "/port/section/": lambda: (section([
                *a(base, "port", 3), *a("", "port", 5)[3:], f"{host_only}/a/port/8.html",
                f"http://127.0.0.1:{self.trap}/a/port/9.html"]), html),
            "/jsonurl/feed.json": lambda: (json.dumps({
                "version": "https://jsonfeed.org/version/1.1", "title": "j",
                "items": [{"id": "bad", "url": "http://[::1/x"},
                          *({"id": u, "url": u} for u in a(base, "jsonurl", 3))]}).encode(),
                "application/feed+json"),
            "/alternate/": lambda: (
                b'<html><head><link rel="alternate" type="application/rss+xml" '
                b'href="http://[::1/x"><link rel="alternate" type="application/'
                b'rss+xml" href="/alternate/feed.xml"></head><body>Home</body></html>', html),
            "/alternate/feed.xml": lambda: (rss(a(base, "alternate", 2)), xml),
            "/deep/feed.json": lambda: (b"[" * 100_000 + b"]" * 100_000, "application/json"),
            "/gzgarbage/sitemap.xml.gz": lambda: (b"\x1f\x8b\x08\x00" + b"no gzip" * 80, gz),
            "/laughs/sitemap.xml": lambda: (LAUGHS, xml),
            "/xxe/sitemap.xml": lambda: (XXE, xml),
            "/bomb/sitemap.xml.gz": lambda: (gzip.compress(b"<urlset>" + b" " * 20_000_000), gz),
            "/loop/index-a.xml": lambda: (index([f"{base}/loop/index-b.xml"]), xml),
            "/loop/index-b.xml": lambda: (index([f"{base}/loop/index-a.xml",
                                                 f"{base}/loop/urls.xml"]), xml),
            "/loop/urls.xml": lambda: (urlset(a(base, "loop", 3)), xml),
            "/redirect/feed.xml": lambda: (rss([f"{base}/a/redirect/{name}.html"
                                                for name in ("file", "data", "ok")]), xml),
            "/longloc/sitemap.xml": lambda: (urlset([f"{base}/a/longloc/1.html?q={'x' * 3000}",
                                                     *a(base, "longloc", 3)[1:]]), xml),
            "/truncfeed/feed.xml": lambda: (rss(a(base, "truncfeed", 10)), xml),
            "/dead/sitemap.xml": lambda: (urlset(a(base, "dead", DEAD)), xml),
            "/emptying/section/": lambda: (section([] if self.empty else
                                                   a("", "emptying", 3)), html),
            "/slow/section/": lambda: (section(a("", "slow", SLOW)), html),
        }
        if path in pages:
            body, kind = pages[path]()
            if path == "/truncfeed/feed.xml":
                body = body[:body.index(b"<item><title>6<")]
            return 200, body, kind, {}
        if path == "/gztrunc/sitemap.xml.gz":
            return 200, gzip_cut(urlset(a(base, "gztrunc", 200)), GZTRUNC_WHOLE), gz, {}
        redirects = {"/a/redirect/file.html": "file:///etc/passwd",
                     "/a/redirect/data.html": "data:text/html,<p>hello</p>",
                     "/a/redirect/ok.html": f"{base}/a/redirect/1.html"}
        if path in redirects:
            return 302, b"", html, {"Location": redirects[path]}
        case, _, page = path.removeprefix("/a/").partition("/")
        number = page.removesuffix(".html")
        if path.startswith("/a/") and case in CASES and number.isdigit():
            if case == "slow":
                time.sleep(0.1)
            n = CASES.index(case) * 1000 + int(number)
            return 200, self.site.article(base, n).replace(
                f"/articles/{n}.html".encode(), path.encode()), html, {}
        return 404, b"<html><body>Not found</body></html>", html, {}


class Handler(BaseHTTPRequestHandler):
    faults: Faults | None = None  # None: the trap, which only counts

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        faults = self.faults
        if url.path == "/hits":
            return self.send(200, json.dumps(hits).encode(), "application/json", {})
        with lock:
            hits[url.path] += 1
        if faults is None:
            return self.send(404, b"", "text/plain", {})
        if url.path == "/control":
            faults.empty = parse_qs(url.query).get("empty", ["0"])[0] == "1"
            return self.send(200, b"ok", "text/plain", {})
        base = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.send(*faults.route(base, url.path))

    def send(self, status: int, body: bytes, content_type: str, headers: dict[str, str]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for name, value in headers.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


hits: Counter = Counter()
lock = threading.Lock()


class Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address) -> None:
        """A crawler killed or stopped mid-request: nothing to report."""


def main() -> None:
    if sys.argv[1] != "trap":
        Handler.faults = Faults(int(sys.argv[1]))
    server = Server(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
