"""A WARC file over http(s) as a readable, never buffered whole: ``requests`` streams it, and
a connection broken mid-file is opened again with ``Range`` from the byte reached."""

from __future__ import annotations

import logging
import time

import requests
from urllib3.exceptions import HTTPError as Urllib3Error

logger = logging.getLogger(__name__)

RETRIES = 5  # reconnections in a row without a byte read in between
TIMEOUT = 60.0  # seconds to connect, and between two reads


class RemoteError(OSError):
    """The file cannot be read from the server (an HTTP error, or the connection lost for good)."""


class RangeReader:
    """Read ``url`` from byte ``start``; ``tell()`` is the offset in the whole file, so WARC
    record offsets read through it are the file's."""

    def __init__(self, url: str, start: int = 0, session: requests.Session | None = None,
                 backoff: float = 1.0) -> None:
        self.url = url
        self.position = start
        self.size: int | None = None
        self._session = session or requests.Session()
        self._backoff = backoff
        self._response: requests.Response | None = None
        self._open()

    def _open(self) -> None:
        headers = {"Range": f"bytes={self.position}-"} if self.position else {}
        try:
            response = self._session.get(self.url, headers=headers, stream=True, timeout=TIMEOUT)
        except requests.RequestException as exc:
            raise RemoteError(f"{self.url}: {exc}") from exc
        if response.status_code not in (200, 206) or (
                self.position and response.status_code != 206):
            response.close()
            raise RemoteError(f"{self.url}: HTTP {response.status_code}"
                              + (" to a Range request" if self.position else ""))
        length = response.headers.get("Content-Length")
        if length and length.isdigit():
            self.size = self.position + int(length)
        self._response = response

    def read(self, size: int = -1) -> bytes:
        """Up to ``size`` bytes, as they come (all that is left for -1); b"" at the end of the
        file."""
        failures = 0
        while True:
            try:
                raw = self._response.raw  # (read1: what has come, without waiting for more)
                data = (raw.read(decode_content=False) if size < 0 else
                        raw.read1(size, decode_content=False))
            except (Urllib3Error, requests.RequestException, OSError) as exc:
                data, lost = b"", exc
            else:
                lost = None
                if data or size == 0:
                    self.position += len(data)
                    return data
                if self.size is None or self.position >= self.size:
                    return b""  # the whole file
            failures += 1
            if failures > RETRIES:
                raise RemoteError(f"{self.url}: connection lost at byte {self.position} "
                                  f"({lost or 'the body ended early'})")
            logger.warning("%s: connection lost at byte %d (%s); resuming", self.url,
                           self.position, lost or "the body ended early")
            self._response.close()
            time.sleep(self._backoff * (failures - 1))
            self._open()

    def tell(self) -> int:
        return self.position

    def seekable(self) -> bool:
        return False

    def close(self) -> None:
        if self._response is not None:
            self._response.close()

    def __enter__(self) -> RangeReader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
