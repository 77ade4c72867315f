"""The WARC reader FastWARC (resiliparse) makes: the records ``scraper.warc.read_records``
gives with warcio, the reference, in about half its CPU time.

FastWARC hands over an HTTP payload as it was stored: a ``Transfer-Encoding: chunked`` one
still chunked, a compressed one still compressed. warcio de-chunks and decompresses them, and
so does this reader, with warcio's own decoders, so both give identical bodies (a test reads
the same files with both). What FastWARC cannot read (an ARC file, a cut or corrupt record)
``scraper.warc.read_records`` hands to warcio, which has the last word on it.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from io import BytesIO
from typing import BinaryIO

from fastwarc.warc import ArchiveIterator, HeaderMap, WarcRecord, WarcRecordType
from warcio.bufferedreaders import BufferedReader, ChunkedDataReader

from ..items import Page
from ..warc import (
    Screen,
    TruncatedRecord,
    WarcError,
    WarcResponse,
    WarcSkipped,
    cut_after,
    cut_at,
    fetched_at,
    is_gzip,
)


def read_records(stream: BinaryIO, name: str,
                 screen: Screen | None = None) -> Iterator[WarcResponse | WarcSkipped]:
    """What ``scraper.warc.read_records`` gives for the stream with warcio: the same items,
    offsets and errors."""
    offset = stream.tell()
    gzipped = is_gzip(stream)
    try:
        for rec in ArchiveIterator(stream, parse_http=False):
            offset = rec.stream_pos
            length = (rec.headers.get("Content-Length") or "").strip()
            if not length.isdigit():
                if cut_at(stream, offset, gzipped):  # (its headers are cut short)
                    raise TruncatedRecord("the record is cut short", offset)
                raise WarcError("a record without a valid Content-Length", offset)
            if rec.record_type == WarcRecordType.revisit:
                _read_to_end(rec, offset, int(length))
                yield WarcSkipped(offset, "revisit")
            elif rec.record_type == WarcRecordType.response and rec.is_http:
                yield from _response(rec, offset, name, screen)
            else:  # (a request, metadata or warcinfo record: no page)
                _read_to_end(rec, offset, int(length))
    except OSError as exc:  # (FastWARC's word for bytes that are no WARC record)
        raise WarcError(f"not a readable WARC record: {exc}", offset) from exc
    if (cut := cut_after(stream, offset, gzipped)) is not None:
        raise TruncatedRecord("the last record is cut short", cut)


def _response(rec: WarcRecord, offset: int, name: str,
              screen: Screen | None) -> Iterator[WarcResponse | WarcSkipped]:
    rec.parse_http()
    http = rec.http_headers
    if http is None:  # its HTTP headers end before their blank line
        raise TruncatedRecord("the record is cut short", offset)
    url = rec.headers.get("WARC-Target-URI")
    status = http.status_code
    if reason := screen and screen(url, status, http.get("Content-Type")):
        _read_to_end(rec, offset, rec.content_length)
        yield WarcSkipped(offset, reason)
        return
    raw = rec.reader.read()
    if len(raw) < rec.content_length:
        raise TruncatedRecord("the record is cut short", offset)
    try:
        body = _decoded(raw, http)
    except (ValueError, EOFError, zlib.error, AttributeError) as exc:  # (as warcio's)
        raise WarcError(f"not a readable WARC record: {exc}", offset) from exc
    page = Page(url=url, body=body, headers=list(http.to_tuples()),
                fetched_at=fetched_at(rec.headers.get("WARC-Date")), status=status,
                source_file=name)
    yield WarcResponse(offset, rec.headers.get("WARC-Record-ID"), page)


def _read_to_end(rec: WarcRecord, offset: int, length: int) -> None:
    """Pass over the rest of the record; TruncatedRecord when it is shorter than promised."""
    if rec.reader.consume() < length:
        raise TruncatedRecord("the record is cut short", offset)


def _decoded(raw: bytes, http: HeaderMap) -> bytes:
    """The payload as warcio's ``content_stream()`` gives it: de-chunked, and decompressed
    when its ``Content-Encoding`` is one warcio knows (else as stored)."""
    encoding = (http.get("Content-Encoding") or "").lower() or None
    if encoding not in BufferedReader.get_supported_decompressors():
        encoding = None
    if http.get("Transfer-Encoding") == "chunked":
        return ChunkedDataReader(BytesIO(raw), decomp_type=encoding).read()
    if encoding:
        return BufferedReader(BytesIO(raw), decomp_type=encoding).read()
    return raw
