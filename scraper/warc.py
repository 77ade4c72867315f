"""WARC files: the crawl's saved pages (``WarcWriter``) and the response records of any WARC
file (``read_responses``, the reader ``newsscrape extract`` and WARC input share).

Written with warcio, so any WARC tool reads them: one gzip member per record. Scrapy has
already decompressed and de-chunked the body it hands us, so the headers that describe the
bytes on the wire (``Content-Encoding``, ``Transfer-Encoding``, ``Content-Length``) are kept
renamed ``X-Crawler-...``, as CommonCrawl does, and a true ``Content-Length`` is added:
readers must not decode the body twice.
"""

from __future__ import annotations

import fcntl
import logging
import os
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from .items import Page

logger = logging.getLogger(__name__)

RENAMED_HEADERS = frozenset({"content-encoding", "transfer-encoding", "content-length"})
_CHUNK = 1 << 16


class WarcError(Exception):
    """A WARC record that cannot be read (a cut or corrupt file); ``offset`` is where."""

    def __init__(self, message: str, offset: int) -> None:
        super().__init__(f"{message} (at byte {offset})")
        self.offset = offset


class TruncatedRecord(WarcError):
    """A record shorter than its Content-Length: the file was cut (a kill, a partial copy)."""


@dataclass
class WarcResponse:
    """A response record: where it starts in the file, its record id, and the page."""

    offset: int
    record_id: str | None
    page: Page


def wire_headers(headers: list[tuple[str, str]], length: int) -> list[tuple[str, str]]:
    """The response's headers as a WARC keeps them for a decoded body: the wire-only ones
    renamed ``X-Crawler-...`` and a ``Content-Length`` of the body as stored."""
    kept = [(f"X-Crawler-{name}" if name.lower() in RENAMED_HEADERS else name, value)
            for name, value in headers]
    return [*kept, ("Content-Length", str(length))]


def cut_torn_tail(path: Path) -> int:
    """Cut a last gzip member left incomplete by a killed writer; returns the bytes cut.

    Each record is one gzip member: the file is kept up to the end of its last whole one.
    """
    try:
        f = path.open("r+b")
    except FileNotFoundError:
        return 0
    with f:
        size = f.seek(0, os.SEEK_END)
        keep = _whole_members_end(f)
        if keep < size:
            f.truncate(keep)
            logger.warning("%s: cut %d bytes of a torn last record", path, size - keep)
        return size - keep


def _whole_members_end(f: BinaryIO, start: int = 0) -> int:
    """The offset just after the last complete gzip member of ``f`` (from ``start``, where
    a member begins)."""
    f.seek(start)
    end = position = start
    member = zlib.decompressobj(wbits=31)
    while chunk := f.read(_CHUNK):
        while chunk:
            try:
                member.decompress(chunk)
            except zlib.error:
                return end
            if not member.eof:
                position += len(chunk)
                break
            used = len(chunk) - len(member.unused_data)
            position += used
            end = position
            chunk = member.unused_data
            member = zlib.decompressobj(wbits=31)
    return end


class WarcWriter:
    """Append pages as WARC response records to ``DIR/<run start>.warc.gz``.

    The file is locked while the run writes it (a second run started in the same second writes
    its own ``...-<pid>.warc.gz``); a torn last record is cut when the file is opened again.
    """

    def __init__(self, folder: Path, run_start: str) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        self.path = folder / f"{run_start}.warc.gz"
        self._file = self._open_locked(self.path)
        if self._file is None:
            self.path = folder / f"{run_start}-{os.getpid()}.warc.gz"
            self._file = self._open_locked(self.path)
        cut_torn_tail(self.path)
        self._file.seek(0, os.SEEK_END)
        self._writer = WARCWriter(self._file, gzip=True)

    @staticmethod
    def _open_locked(path: Path) -> BinaryIO | None:
        f = path.open("ab")
        try:
            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            f.close()
            return None
        return f

    def write(self, page: Page) -> None:
        """One response record: the page's URL, fetch time, status, headers and body."""
        status = page.status or 200
        try:
            reason = HTTPStatus(status).phrase
        except ValueError:
            reason = "Unknown"
        http = StatusAndHeaders(f"{status} {reason}", wire_headers(page.headers, len(page.body)),
                                protocol="HTTP/1.1")
        record = self._writer.create_warc_record(
            page.url, "response", payload=BytesIO(page.body), length=len(page.body),
            http_headers=http, warc_headers_dict={"WARC-Date": page.fetched_at})
        self._writer.write_record(record)
        self._file.flush()

    def close(self) -> None:
        self._file.close()


def read_responses(path: Path, source_file: str | None = None) -> Iterator[WarcResponse]:
    """The response records of a ``.warc`` or ``.warc.gz`` file, in order, as pages.

    ``fetched_at`` is the WARC-Date cut to seconds. After every record before it, a record
    cut short (a kill, a partial download) or unreadable raises WarcError: warcio itself passes
    over a cut last gzip member without a word.
    """
    with path.open("rb") as f:
        for item in read_records(f, source_file or str(path)):
            if isinstance(item, WarcResponse):
                yield item


@dataclass
class WarcSkipped:
    """A record passed over unread: a revisit, or what ``screen`` turned down (its reason)."""

    offset: int
    reason: str


Screen = Callable[[str | None, int | None, str | None], str | None]


def read_records(stream: BinaryIO, name: str,
                 screen: Screen | None = None) -> Iterator[WarcResponse | WarcSkipped]:
    """The response and revisit records of a WARC stream, from where it stands (a record's
    start: offsets are ``stream.tell()``'s, so a file seeked to a checkpoint resumes there).

    ``screen(url, status, content_type)`` sees each response before its payload is read, and
    names the reason to skip it, or None to read it. A record cut short raises
    TruncatedRecord, any other unreadable one WarcError, after every record before it. (In a
    seekable ``.warc.gz``, a last gzip member cut short, which warcio passes over without a
    word, is found by reading the members' ends.)
    """
    offset = first = stream.tell()
    gzipped = stream.seekable() and stream.read(2) == b"\x1f\x8b"
    if stream.seekable():
        stream.seek(first)
    records = ArchiveIterator(stream, arc2warc=True)
    try:
        for rec in records:
            if not (rec.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                # (what warcio makes of bytes that are no WARC: an ARC line of anything)
                raise WarcError("a record without a valid Content-Length", records.offset)
            reason = "revisit" if rec.rec_type == "revisit" else None
            page = None
            if rec.rec_type == "response" and rec.http_headers is not None and not reason:
                url = rec.rec_headers.get_header("WARC-Target-URI")
                status = _status(rec.http_headers.get_statuscode())
                reason = screen and screen(url, status, rec.http_headers.get_header(
                    "Content-Type"))
                if not reason:
                    date = rec.rec_headers.get_header("WARC-Date") or ""
                    page = Page(url=url, body=rec.content_stream().read(),
                                headers=list(rec.http_headers.headers),
                                fetched_at=date[:19] + "Z" if len(date) >= 19 else date,
                                status=status, source_file=name)
            offset = records.get_record_offset()  # (reads the record to its end)
            if getattr(rec.raw_stream, "limit", 0):  # what its length promised is not there
                raise TruncatedRecord("the record is cut short", offset)
            if page is not None:
                yield WarcResponse(offset, rec.rec_headers.get_header("WARC-Record-ID"), page)
            elif reason:
                yield WarcSkipped(offset, reason)
    except (ArchiveLoadFailed, EOFError, zlib.error, ValueError, AttributeError) as exc:
        # (AttributeError: warcio on a record cut inside its headers)
        raise WarcError(f"not a readable WARC record: {exc}", offset) from exc
    if gzipped and _whole_members_end(stream, offset) < stream.seek(0, os.SEEK_END):
        raise TruncatedRecord("the last record is cut short", offset)


def _status(code: str | None) -> int | None:
    return int(code) if code and code.isdigit() else None
