"""The benches' page server, in a process of its own: ``/<copy>/<n>.html`` is page n.

    python -m bench.pageserver DIR [DIR ...]    # prints its port, then serves until killed

asyncio, HTTP/1.1 with keep-alive as news sites serve, every response built once before the
first request: what a request costs here is little beside what the crawl spends on it, and
it is spent in this process, whose CPU the benches read from /proc and report beside theirs
(the crawl's servers are elsewhere in a real crawl; here they share its cores).
"""

from __future__ import annotations

import asyncio
import gzip
import subprocess
import sys
from pathlib import Path

NOT_FOUND = b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"


def load_pages(folders: list[Path]) -> list[bytes]:
    """The pages' bytes, as served (decompressed): ``.html`` and ``.html.gz``, in name order."""
    pages = []
    for folder in folders:
        for path in sorted(folder.rglob("*")):
            if path.name.endswith(".html.gz"):
                pages.append(gzip.decompress(path.read_bytes()))
            elif path.name.endswith(".html"):
                pages.append(path.read_bytes())
    return pages


def responses(pages: list[bytes]) -> list[bytes]:
    """Each page as a whole response: a Content-Type without charset (pages say theirs)."""
    return [b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: %d\r\n\r\n%s"
            % (len(body), body) for body in pages]


def answer(built: list[bytes], path: bytes) -> bytes:
    """The response for a request path: page n of ``/<copy>/<n>.html``, n modulo the pages."""
    name = path.rsplit(b"/", 1)[-1]
    if not name.endswith(b".html") or not name[:-5].isdigit():
        return NOT_FOUND
    return built[int(name[:-5]) % len(built)]


async def _serve_connection(built: list[bytes], reader: asyncio.StreamReader,
                            writer: asyncio.StreamWriter) -> None:
    try:
        while head := await reader.readuntil(b"\r\n\r\n"):
            request_line, _, headers = head.partition(b"\r\n")
            writer.write(answer(built, request_line.split(b" ")[1]))
            await writer.drain()
            if b"connection: close" in headers.lower():
                break
    except (asyncio.IncompleteReadError, ConnectionError, IndexError):
        pass
    finally:
        writer.close()


async def _main(pages: list[bytes]) -> None:
    built = responses(pages)
    server = await asyncio.start_server(
        lambda r, w: _serve_connection(built, r, w), "127.0.0.1", 0, backlog=1024)
    print(server.sockets[0].getsockname()[1], flush=True)
    await server.serve_forever()


def start(folders: list[Path]) -> tuple[subprocess.Popen, str]:
    """The server in a subprocess serving the pages of ``folders``, and its base URL."""
    proc = subprocess.Popen([sys.executable, "-m", "bench.pageserver", *map(str, folders)],
                            stdout=subprocess.PIPE, text=True,
                            cwd=Path(__file__).resolve().parents[1])
    port = int(proc.stdout.readline())
    return proc, f"http://127.0.0.1:{port}"


if __name__ == "__main__":
    asyncio.run(_main(load_pages([Path(arg) for arg in sys.argv[1:]])))
