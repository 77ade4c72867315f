"""FastWARC and warcio, the reference, read the same WARC files to the same records: payloads
(chunked and compressed ones included), headers, offsets, skips and errors, cut or whole."""

from __future__ import annotations

import gzip
import zlib
from io import BytesIO
from pathlib import Path

import pytest
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from scraper.warc import READERS, WarcError, WarcResponse, read_records

HTML = ("<html><head><title>Port works</title></head><body><article>"
        + "<p>The harbour authority said the works would go on through the winter.</p>" * 30
        + "</article></body></html>").encode()


def chunked(data: bytes, size: int = 700) -> bytes:
    """``data`` as an HTTP/1.1 chunked body."""
    parts = [b"%x\r\n%s\r\n" % (len(data[n:n + size]), data[n:n + size])
             for n in range(0, len(data), size)]
    return b"".join(parts) + b"0\r\n\r\n"


# (url, status line, headers, payload as stored, what a reader must give as the body)
RESPONSES = [
    ("https://news.example/plain.html", "200 OK", [("Content-Type", "text/html")], HTML, HTML),
    ("https://news.example/chunked.html", "200 OK",
     [("Content-Type", "text/html; charset=utf-8"), ("Transfer-Encoding", "chunked")],
     chunked(HTML), HTML),
    ("https://news.example/chunked-gzip.html", "200 OK",
     [("Content-Type", "text/html"), ("Content-Encoding", "gzip"),
      ("Transfer-Encoding", "chunked")], chunked(gzip.compress(HTML)), HTML),
    ("https://news.example/deflate.html", "200 OK",
     [("Content-Type", "text/html"), ("Content-Encoding", "deflate")], zlib.compress(HTML),
     HTML),
    ("https://news.example/unknown-coding.html", "200 OK",
     [("Content-Type", "text/html"), ("Content-Encoding", "x-squash")], HTML, HTML),
    ("https://news.example/twice.html", "200 OK",
     [("Content-Type", "text/html"), ("Set-Cookie", "a=1"), ("set-cookie", "b=2"),
      ("X-Padded", "  value  "), ("Content-Type", "text/plain")], HTML, HTML),
    ("https://news.example/missing.html", "404 Not Found", [("Content-Type", "text/html")],
     b"<html>gone</html>", b"<html>gone</html>"),
    ("https://news.example/photo.jpg", "200 OK", [("Content-Type", "image/jpeg")],
     b"\xff\xd8\xff" + bytes(500), b"\xff\xd8\xff" + bytes(500)),
]


def write(path: Path, gzipped: bool) -> Path:
    """A WARC with a warcinfo record, every response of RESPONSES, a request and a revisit."""
    with path.open("wb") as f:
        writer = WARCWriter(f, gzip=gzipped)
        writer.write_record(writer.create_warcinfo_record("test.warc", {"software": "tests"}))
        for n, (url, status, headers, payload, _) in enumerate(RESPONSES):
            http = StatusAndHeaders(status, headers, protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(
                url, "response", payload=BytesIO(payload), length=len(payload),
                http_headers=http,
                warc_headers_dict={"WARC-Date": f"2026-11-20T10:00:0{n}.25Z"}))
            if n == 1:
                request = StatusAndHeaders("GET /chunked.html", [("Host", "news.example")],
                                           protocol="HTTP/1.1", is_http_request=True)
                writer.write_record(writer.create_warc_record(
                    url, "request", payload=BytesIO(b""), length=0, http_headers=request))
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.1")
        writer.write_record(writer.create_revisit_record(
            RESPONSES[0][0], "sha1:AAAA", RESPONSES[0][0], "2026-11-20T10:00:00Z",
            http_headers=http))
    return path


def screen(url: str | None, status: int | None, content_type: str | None) -> str | None:
    if status != 200:
        return "non_200"
    return "not_html" if content_type and not content_type.startswith("text/html") else None


def read(data: bytes, reader: str, screened: bool = False) -> tuple[list[tuple], str | None]:
    """Every item ``reader`` gives for ``data`` as plain tuples, and the error after them
    (its class, message and offset), or None."""
    items = []
    try:
        for item in read_records(BytesIO(data), "w", screen if screened else None, reader):
            if isinstance(item, WarcResponse):
                p = item.page
                items.append((item.offset, item.record_id, p.url, p.body, p.headers,
                              p.fetched_at, p.status, p.source_file))
            else:
                items.append((item.offset, item.reason))
    except WarcError as exc:
        return items, f"{type(exc).__name__}: {exc}"
    return items, None


@pytest.fixture(scope="module", params=[True, False], ids=["warc.gz", "warc"])
def warc(request, tmp_path_factory) -> bytes:
    name = "w.warc.gz" if request.param else "w.warc"
    return write(tmp_path_factory.mktemp("readers") / name, request.param).read_bytes()


@pytest.mark.parametrize("screened", [False, True], ids=["all", "screened"])
def test_both_readers_give_the_same_records_and_decoded_bodies(warc, screened):
    items, error = read(warc, "fastwarc", screened)
    assert (items, error) == read(warc, "warcio", screened)
    assert error is None
    pages = [i for i in items if len(i) > 2]
    if screened:
        assert [i[1] for i in items if len(i) == 2] == ["non_200", "not_html", "revisit"]
    else:
        assert [p[3] for p in pages] == [r[4] for r in RESPONSES]  # de-chunked, decompressed
        assert items[-1][1] == "revisit"
    assert pages[0][5] == "2026-11-20T10:00:00Z"
    assert dict(pages[1][4])["Transfer-Encoding"] == "chunked"  # headers as stored


def test_both_readers_give_the_same_records_and_error_wherever_the_file_is_cut(warc):
    offsets = [i[0] for i in read(warc, "warcio")[0]]
    cuts = sorted({c for o in offsets[1:] for c in (o - 40, o - 1, o + 1, o + 30, o + 300)}
                  | set(range(len(warc) - 60, len(warc), 7)))
    for cut in cuts:
        assert read(warc[:cut], "fastwarc") == read(warc[:cut], "warcio"), cut
    items, error = read(warc[:offsets[3] + 300], "fastwarc")
    assert len(items) == 3 and error.startswith("TruncatedRecord")


def test_from_an_offset_both_readers_resume_at_that_record(warc):
    offsets = [i[0] for i in read(warc, "warcio")[0]]
    for reader in READERS:
        stream = BytesIO(warc)
        stream.seek(offsets[4])
        assert [i.offset for i in read_records(stream, "w", reader=reader)] == offsets[4:]


def test_bytes_that_are_no_warc_are_a_warc_error_with_both_readers():
    for data in (b"<html>a page saved under the wrong name</html>\n" * 5,
                 gzip.compress(b"plain text, gzipped\r\n\r\n" * 20)):
        assert read(data, "fastwarc") == read(data, "warcio")
        assert read(data, "fastwarc")[1].startswith("WarcError")


def arc_record(header: bytes, content: bytes) -> bytes:
    """One ARC (version 1) record: its header line, ending in the content's length."""
    return header + b" %d\n" % len(content) + content + b"\n"


def test_an_arc_file_fastwarc_cannot_read_is_read_with_warcio():
    http = b"HTTP/1.0 200 OK\r\nContent-Type: text/html\r\n\r\n" + HTML
    data = (arc_record(b"filedesc://news.arc 0.0.0.0 20261120100000 text/plain",
                       b"1 0 tests\nURL IP-address Archive-date Content-type Archive-length\n")
            + arc_record(b"https://news.example/arc.html 127.0.0.1 20261120100000 text/html",
                         http))
    fast, warcio = read(data, "fastwarc"), read(data, "warcio")
    assert [i[2:] for i in fast[0]] == [i[2:] for i in warcio[0]]  # (the record id: a new uuid)
    assert fast[1] is warcio[1] is None
    assert [(i[2], i[3]) for i in fast[0]] == [("https://news.example/arc.html", HTML)]
