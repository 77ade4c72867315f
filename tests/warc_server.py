"""A local file server that plays CommonCrawl's layout for ``newsscrape warc`` tests.

Run as ``python tests/warc_server.py ROOT``; prints its port on the first line of stdout.
Serves the files under ROOT (``crawl-data/CC-NEWS/YYYY/MM/warc.paths.gz`` and the WARC files
it lists), answering ``Range: bytes=N-`` with 206. Two faults, on the first request of a file
whose name says so:

    ...flaky...   half the body is sent, then the connection is closed
    ...stall...   half the body is sent, then nothing more (until the client gives up)

``/requests`` answers JSON: every request so far, as [path, Range header or null].
"""

from __future__ import annotations

import json
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(sys.argv[1]) if __name__ == "__main__" else Path(".")
REQUESTS: list[tuple[str, str | None]] = []
LOCK = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args: object) -> None:
        pass

    def do_GET(self) -> None:  # noqa: N802 (http.server's name)
        span = self.headers.get("Range")
        with LOCK:
            first = all(path != self.path for path, _ in REQUESTS)
            REQUESTS.append((self.path, span))
            seen = list(REQUESTS)
        if self.path == "/requests":
            return self._send(200, json.dumps(seen).encode())
        file = (ROOT / self.path.lstrip("/")).resolve()
        if ROOT.resolve() not in file.parents or not file.is_file():
            return self._send(404, b"not found")
        data = file.read_bytes()
        start = int(span.removeprefix("bytes=").split("-")[0]) if span else 0
        if not first or not ("flaky" in file.name or "stall" in file.name):
            return self._send(206 if span else 200, data[start:],
                              {"Content-Range": f"bytes {start}-{len(data) - 1}/{len(data)}"}
                              if span else {})
        self.send_response(200)
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data[:len(data) // 2])
        self.wfile.flush()
        if "stall" in file.name:
            time.sleep(120)
        self.close_connection = True

    def _send(self, status: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        for name, value in {"Content-Length": str(len(body)), **(headers or {})}.items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(server.server_address[1], flush=True)
    server.serve_forever()
