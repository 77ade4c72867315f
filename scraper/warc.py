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
import re
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
        keep = whole_members_end(f)
        if keep < size:
            f.truncate(keep)
            logger.warning("%s: cut %d bytes of a torn last record", path, size - keep)
        return size - keep


def whole_members_end(f: BinaryIO, start: int = 0) -> int:
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


READERS = ("fastwarc", "warcio")  # FastWARC reads in about half warcio's CPU time


def read_responses(path: Path, source_file: str | None = None,
                   reader: str = READERS[0]) -> Iterator[WarcResponse]:
    """The response records of a ``.warc`` or ``.warc.gz`` file, in order, as pages.

    ``fetched_at`` is the WARC-Date cut to seconds. After every record before it, a record
    cut short (a kill, a partial download) or unreadable raises WarcError: warcio itself passes
    over a cut last gzip member without a word.
    """
    with path.open("rb") as f:
        for item in read_records(f, source_file or str(path), reader=reader):
            if isinstance(item, WarcResponse):
                yield item


@dataclass
class WarcSkipped:
    """A record passed over unread: a revisit, or what ``screen`` turned down (its reason)."""

    offset: int
    reason: str


Screen = Callable[[str | None, int | None, str | None], str | None]


def read_records(stream: BinaryIO, name: str, screen: Screen | None = None,
                 reader: str = READERS[0]) -> Iterator[WarcResponse | WarcSkipped]:
    """The response and revisit records of a WARC stream, from where it stands (a record's
    start: offsets are ``stream.tell()``'s, so a file seeked to a checkpoint resumes there),
    read with ``reader``: FastWARC, or warcio, the reference. Both give the same items and
    errors.

    ``screen(url, status, content_type)`` sees each response before its payload is read, and
    names the reason to skip it, or None to read it. A record cut short raises
    TruncatedRecord, any other unreadable one WarcError, after every record before it. (In a
    seekable ``.warc.gz``, a last gzip member cut short, which warcio passes over without a
    word, is found by reading the members' ends.)
    """
    if reader == "warcio":
        yield from _read_warcio(stream, name, screen)
        return
    from .archives.fastwarc_reader import read_records as read_fastwarc

    first, last = stream.tell(), None  # (the offset of the last item given)
    try:
        for item in read_fastwarc(stream, name, screen):
            last = item.offset
            yield item
    except WarcError:
        if not stream.seekable():
            raise
        # warcio, the reference, has the last word on what FastWARC cannot read (an ARC file,
        # a cut or corrupt record): it reads again from the last record given.
        stream.seek(first if last is None else last)
        for item in _read_warcio(stream, name, screen):
            if last is None or item.offset > last:
                yield item


def is_gzip(stream: BinaryIO) -> bool:
    """A seekable stream whose next bytes start a gzip member (it is left where it was)."""
    if not stream.seekable():
        return False
    where = stream.tell()
    gzipped = stream.read(2) == b"\x1f\x8b"
    stream.seek(where)
    return gzipped


def fetched_at(warc_date: str | None) -> str:
    """A WARC-Date cut to seconds."""
    date = warc_date or ""
    return date[:19] + "Z" if len(date) >= 19 else date


def _read_warcio(stream: BinaryIO, name: str,
                 screen: Screen | None) -> Iterator[WarcResponse | WarcSkipped]:
    offset = stream.tell()
    gzipped = is_gzip(stream)
    records = ArchiveIterator(stream, arc2warc=True)
    try:
        for rec in records:
            if not (rec.rec_headers.get_header("Content-Length") or "").strip().isdigit():
                # (what warcio makes of bytes that are no WARC: an ARC line of anything, or
                # the start of a record's headers in a cut gzip member)
                if cut_at(stream, records.offset, gzipped):
                    raise TruncatedRecord("the record is cut short", records.offset)
                raise WarcError("a record without a valid Content-Length", records.offset)
            reason = "revisit" if rec.rec_type == "revisit" else None
            page = None
            if rec.rec_type == "response" and rec.http_headers is not None and not reason:
                url = rec.rec_headers.get_header("WARC-Target-URI")
                status = _status(rec.http_headers.get_statuscode())
                reason = screen and screen(url, status, rec.http_headers.get_header(
                    "Content-Type"))
                if not reason:
                    page = Page(url=url, body=rec.content_stream().read(),
                                headers=list(rec.http_headers.headers),
                                fetched_at=fetched_at(rec.rec_headers.get_header("WARC-Date")),
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
        if cut_at(stream, records.offset, gzipped):
            raise TruncatedRecord("the record is cut short", records.offset) from exc
        raise WarcError(f"not a readable WARC record: {exc}", offset) from exc
    if (cut := cut_after(stream, offset, gzipped)) is not None:
        raise TruncatedRecord("the last record is cut short", cut)


_HEADERS_END = re.compile(rb"\r?\n\r?\n")
_CONTENT_LENGTH = re.compile(rb"\ncontent-length:[ \t]*(\d+)", re.IGNORECASE)


def cut_at(stream: BinaryIO, offset: int, gzipped: bool) -> bool:
    """The record at ``offset`` of a seekable stream is cut short inside its headers: its gzip
    member ends before the stream does, or (uncompressed) the stream ends inside what begins
    as a WARC record's headers."""
    if not stream.seekable():
        return False
    if gzipped:
        return whole_members_end(stream, offset) < stream.seek(0, os.SEEK_END)
    stream.seek(offset)
    head = stream.read(64 << 10)
    return (head.startswith(b"WARC/") or b"WARC/".startswith(head)) and not (
        _HEADERS_END.search(head))


def cut_after(stream: BinaryIO, offset: int, gzipped: bool) -> int | None:
    """Where a seekable stream goes on, after its last record read (at ``offset``), with bytes
    that are no whole record (a record cut short in its headers, which warcio and FastWARC
    both pass over without a word); None when it does not."""
    if not stream.seekable():
        return None
    size = stream.seek(0, os.SEEK_END)
    if gzipped:
        end = whole_members_end(stream, offset)
    else:
        stream.seek(offset)
        head = stream.read(64 << 10)
        if not head.startswith(b"WARC/"):  # (an ARC record: warcio's to read)
            return None
        headers, length = _HEADERS_END.search(head), _CONTENT_LENGTH.search(head)
        end = offset
        if headers and length and length.start() < headers.start():
            end += headers.end() + int(length.group(1))
            stream.seek(end)
            blank = stream.read(4)  # (the line breaks closing the record, as many as stand)
            end += len(blank) - len(blank.lstrip(b"\r\n"))
    return end if end < size else None


def _status(code: str | None) -> int | None:
    return int(code) if code and code.isdigit() else None
