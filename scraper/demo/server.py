"""Serve a folder of static pages on 127.0.0.1, as a small news site.

``{BASE}`` in feeds, sitemaps, robots.txt and JSON is replaced by the server's own address, so
the pages can name absolute URLs although the port is chosen at start. In pages, ``{HEAD}``,
``{HEADER}`` and ``{FOOTER}`` are replaced by the site's shared parts (``layout/``), written
once for every page as a site's templates are.
"""

from __future__ import annotations

import signal
import threading
from functools import cache, partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TEMPLATED = (".xml", ".txt", ".json", ".html")
LAYOUT = Path(__file__).parent / "layout"
PARTS = ("head", "header", "footer")


@cache
def _part(name: str) -> bytes:
    return (LAYOUT / f"{name}.html").read_bytes().rstrip(b"\n")


def render(path: Path, base: str) -> bytes:
    """A site file as served: ``{BASE}`` filled in; in a page, the shared parts too."""
    body = path.read_bytes()
    if path.suffix == ".html":
        for name in PARTS:
            body = body.replace(b"{%s}" % name.upper().encode(), _part(name))
    return body.replace(b"{BASE}", base.encode())


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files, with ``{BASE}`` and the shared parts filled in, and no request log on
    stderr."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = Path(self.translate_path(self.path))
        if path.is_dir() and self.path.split("?")[0].endswith("/"):
            path = path / "index.html"
        if path.is_file() and path.suffix in TEMPLATED:
            base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
            body = render(path, base)
            self.send_response(200)
            self.send_header("Content-Type", self.guess_type(str(path)))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().do_GET()

    def log_message(self, format: str, *args) -> None:  # noqa: A002
        pass


def start(root: Path, handler: type[SiteHandler] = SiteHandler,
          port: int = 0) -> tuple[ThreadingHTTPServer, str]:
    """Serve ``root`` from a daemon thread; returns the server and its base URL."""
    server = ThreadingHTTPServer(("127.0.0.1", port), partial(handler, directory=str(root)))
    server.daemon_threads = True
    # started with SIGINT blocked (the thread keeps the mask): Ctrl-C is the main thread's,
    # and not this thread's to drop while the workers' forkserver starts with it ignored
    mask = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        threading.Thread(target=server.serve_forever, name="demo-site", daemon=True).start()
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, mask)
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"
