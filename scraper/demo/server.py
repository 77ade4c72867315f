"""Serve a folder of static pages on 127.0.0.1, as a small news site.

``{BASE}`` in feeds, sitemaps, robots.txt and JSON is replaced by the server's own address, so
the pages can name absolute URLs although the port is chosen at start.
"""

from __future__ import annotations

import threading
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

TEMPLATED = (".xml", ".txt", ".json")


class SiteHandler(SimpleHTTPRequestHandler):
    """Static files, with ``{BASE}`` filled in, and no request log on stderr."""

    def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
        path = Path(self.translate_path(self.path))
        if path.is_file() and path.suffix in TEMPLATED:
            base = f"http://{self.server.server_address[0]}:{self.server.server_address[1]}"
            body = path.read_bytes().replace(b"{BASE}", base.encode())
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
    threading.Thread(target=server.serve_forever, name="demo-site", daemon=True).start()
    host, port = server.server_address[:2]
    return server, f"http://{host}:{port}"
