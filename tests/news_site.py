"""A news site for the scheduled-crawl tests, whose articles can change between runs.

Run as ``python tests/news_site.py NOW`` (ISO 8601, the tests' pinned clock); prints its port
on the first line of stdout. Article n is published at NOW - 1 day + n * 10 minutes (the
spacing can be changed: past NOW, a date says the article changed after a fetch at NOW).

    /robots.txt              names /sitemap.xml
    /feed.xml                Atom: every article, newest first, and the old ones
    /sitemap.xml             a sitemap index naming /sitemap-news.xml.gz
    /sitemap-news.xml.gz     a gzipped news sitemap: every article, and the old ones
    /section/                links to every article, and to /about.html (not an article)
    /articles/<n>.html       article n
    /articles/901.html, 902  old articles (10 days), in the feed and sitemap only
    /mirror/<n>.html         article n under another URL, without a canonical link
    /control?articles=35&update=3&mirror=1&delay=0.2&spacing=5
                             change the site: the number of articles; a new text of article 3,
                             dated NOW + 30 minutes; article 1 listed in the feed also as
                             /mirror/1.html; seconds each article page takes;
                             minutes between two articles' dates
    /hits                    JSON: how many times each path was requested
    /peak                    JSON: the most article pages ever served at once
"""

from __future__ import annotations

import gzip
import json
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

OLD = (901, 902)
CITIES = ("Lisbon", "Tampere", "Valparaíso", "Kraków", "Hobart", "Tromsø", "Cork", "Graz")
TOPICS = ("the harbour", "the tram network", "the public library", "the river embankment",
          "the wind farm", "the night trains", "the school meals", "the flood barrier")


class Site:
    """What the site shows; changed through /control."""

    def __init__(self, now: datetime) -> None:
        self.now = now
        self.articles = 30
        self.updated: set[int] = set()
        self.mirrored: set[int] = set()
        self.delay = 0.0
        self.spacing = 10  # minutes between two articles' dates
        self.hits: Counter = Counter()
        self.serving = 0  # article pages being served now, and the most at once
        self.peak = 0
        self.lock = threading.Lock()

    def numbers(self) -> list[int]:
        return list(range(1, self.articles + 1))

    def published(self, n: int) -> datetime:
        if n in OLD:
            return self.now - timedelta(days=10)
        return self.now - timedelta(days=1) + timedelta(minutes=self.spacing * n)

    def modified(self, n: int) -> datetime:
        return self.now + timedelta(minutes=30) if n in self.updated else self.published(n)

    def article(self, base: str, n: int, canonical: bool = True) -> bytes:
        city, topic = CITIES[n % len(CITIES)], TOPICS[(n // len(CITIES)) % len(TOPICS)]
        paragraphs = [
            f"The city council of {city} voted on Tuesday to spend {n * 3 + 7} million euros "
            f"on {topic}, after a debate that lasted well into the evening and drew a crowd "
            f"of residents to the public gallery.",
            f"Supporters said the plan, number {n} on this year's list, would pay for itself "
            f"within {n % 9 + 4} years, while opponents argued that the money was needed more "
            f"urgently for housing and for the repair of older neighbourhood schools.",
            f"Work on {topic} is expected to begin in the spring and to last about {n % 5 + 2} "
            f"years. The contractor will be chosen in an open tender, and the council promised "
            f"to publish every offer it receives on its website.",
            "Residents interviewed outside the town hall were divided. A shop owner said that "
            "she welcomed any project that brought visitors to the centre, and a retired "
            "engineer warned that similar schemes had cost twice as much as planned.",
            f"The regional government, which is expected to contribute a third of the cost, "
            f"said it would study the proposal for {city} before the end of the month.",
        ]
        if n in self.updated:
            paragraphs.append(f"Update: the regional government approved its share of the "
                              f"cost for {city} on Thursday, the council said.")
        link = f'<link rel="canonical" href="{base}/articles/{n}.html">' if canonical else ""
        title = f"{city} council approves plan number {n} for {topic}"
        body = "\n".join(f"<p>{p}</p>" for p in paragraphs)
        return f"""<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title} | Test Post</title>
<meta property="og:type" content="article">{link}
<meta property="article:published_time" content="{iso(self.published(n))}">
</head><body>
<nav><a href="/section/">News</a> <a href="/about.html">About us</a></nav>
<article><h1>{title}</h1><p class="byline">By Ana Ribeiro</p>
{body}
</article>
<footer>Test Post, a site for tests.</footer>
</body></html>""".encode()

    def feed(self, base: str) -> bytes:
        entries = [(f"{base}/articles/{n}.html", n) for n in [*reversed(self.numbers()), *OLD]]
        entries += [(f"{base}/mirror/{n}.html", n) for n in sorted(self.mirrored)]
        items = "".join(f"""
  <entry><title>Article {n}</title><link href="{url}"/><id>{url}</id>
   <published>{iso(self.published(n))}</published><updated>{iso(self.modified(n))}</updated>
  </entry>""" for url, n in entries)
        return f"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Test Post</title><id>{base}/</id>
 <updated>{iso(self.now)}</updated>{items}
</feed>""".encode()

    def sitemap(self, base: str) -> bytes:
        urls = "".join(f"""
 <url><loc>{base}/articles/{n}.html</loc><lastmod>{iso(self.modified(n))}</lastmod>
  <news:news><news:publication><news:name>Test Post</news:name>
   <news:language>en</news:language></news:publication>
   <news:publication_date>{iso(self.published(n))}</news:publication_date>
   <news:title>Article {n}</news:title></news:news></url>""" for n in [*self.numbers(), *OLD])
        return f"""<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">{urls}
</urlset>""".encode()

    def section(self) -> bytes:
        links = "".join(f'<li><a href="/articles/{n}.html">Article {n}</a></li>'
                        for n in reversed(self.numbers()))
        return f"""<!doctype html><html lang="en"><head><title>News | Test Post</title></head>
<body><nav><a href="/about.html">About us</a> <a href="https://elsewhere.example/">Elsewhere</a>
</nav><h1>News</h1><ul>{links}</ul></body></html>""".encode()


def iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


class Handler(BaseHTTPRequestHandler):
    site: Site

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        url = urlsplit(self.path)
        path, site = url.path, self.site
        with site.lock:
            site.hits[path] += 1
        base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
        html = "text/html; charset=utf-8"
        if path == "/control":
            for name, [value] in parse_qs(url.query).items():
                if name == "articles":
                    site.articles = int(value)
                elif name == "update":
                    site.updated.add(int(value))
                elif name == "mirror":
                    site.mirrored.add(int(value))
                elif name == "delay":
                    site.delay = float(value)
                elif name == "spacing":
                    site.spacing = int(value)
            return self.send(200, b"ok", "text/plain")
        if path == "/hits":
            return self.send(200, json.dumps(site.hits).encode(), "application/json")
        if path == "/peak":
            return self.send(200, json.dumps({"peak": site.peak}).encode(), "application/json")
        if path == "/robots.txt":
            return self.send(200, f"User-agent: *\nAllow: /\n\nSitemap: {base}/sitemap.xml\n"
                             .encode(), "text/plain")
        if path == "/feed.xml":
            return self.send(200, site.feed(base), "application/atom+xml")
        if path == "/sitemap.xml":
            return self.send(200, f"""<?xml version="1.0" encoding="UTF-8"?>
<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><sitemap>
 <loc>{base}/sitemap-news.xml.gz</loc><lastmod>{iso(site.now)}</lastmod>
</sitemap></sitemapindex>""".encode(), "application/xml")
        if path == "/sitemap-news.xml.gz":
            return self.send(200, gzip.compress(site.sitemap(base)), "application/gzip")
        if path == "/section/":
            return self.send(200, site.section(), html)
        if path == "/about.html":
            return self.send(200, b"<html><body><p>About the Test Post.</p></body></html>", html)
        for prefix, canonical in (("/articles/", True), ("/mirror/", False)):
            number = path.removeprefix(prefix).removesuffix(".html")
            if path.startswith(prefix) and number.isdigit() and (
                    int(number) in site.numbers() or int(number) in OLD):
                with site.lock:
                    site.serving += 1
                    site.peak = max(site.peak, site.serving)
                try:
                    time.sleep(site.delay)
                    return self.send(200, site.article(base, int(number), canonical), html)
                finally:
                    with site.lock:
                        site.serving -= 1
        return self.send(404, b"<html><body>Not found</body></html>", html)

    def send(self, status: int, body: bytes, content_type: str) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


def main() -> None:
    now = datetime.fromisoformat(sys.argv[1]).astimezone(UTC)
    Handler.site = Site(now)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
