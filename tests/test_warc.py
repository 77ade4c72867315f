"""scraper.warc: saved pages as WARC response records, and reading them back."""

from __future__ import annotations

import gzip
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from scraper.items import Page
from scraper.warc import READERS, WarcError, WarcWriter, read_responses

RUN = "2026-11-20T10-00-00Z"


def page(n: int, **fields) -> Page:
    body = f"<html><body><p>Page {n}: {'word ' * 40 * n}</p></body></html>".encode()
    return Page(url=f"https://news.example/{n}.html", body=body,
                fetched_at=f"2026-11-20T10:00:0{n}Z", status=200, headers=[("Content-Type", "text/html; charset=utf-8"),
                                     ("Content-Encoding", "br"), ("Transfer-Encoding", "chunked"),
                                     ("Content-Length", "17")], **fields)


def write(folder: Path, *pages: Page) -> Path:
    writer = WarcWriter(folder, RUN)
    for item in pages:
        writer.write(item)
    writer.close()
    return writer.path


def test_wire_headers_are_renamed_and_the_body_is_read_back_as_written(tmp_path):
    path = write(tmp_path, page(1), page(2))
    with path.open("rb") as f:
        [first, _] = [(r.http_headers.headers, r.content_stream().read()) for r in
                      ArchiveIterator(f)]
    assert first[0] == [("Content-Type", "text/html; charset=utf-8"),
                        ("X-Crawler-Content-Encoding", "br"),
                        ("X-Crawler-Transfer-Encoding", "chunked"),
                        ("X-Crawler-Content-Length", "17"),
                        ("Content-Length", str(len(page(1).body)))]
    assert first[1] == page(1).body
    read = [r.page for r in read_responses(path, "saved.warc.gz")]
    assert [(p.url, p.body, p.fetched_at, p.status, p.source_file) for p in read] == [
        (p.url, p.body, p.fetched_at, 200, "saved.warc.gz") for p in (page(1), page(2))]


@pytest.mark.parametrize("reader", READERS)
def test_a_torn_last_record_is_cut_when_the_file_is_opened_again(tmp_path, reader):
    path = write(tmp_path, page(1), page(2))
    whole = path.read_bytes()
    path.write_bytes(whole[:-40])  # killed while writing the second record
    with pytest.raises(WarcError):
        list(read_responses(path, reader=reader))
    path = write(tmp_path, page(3))  # the next run of the same second appends to it
    assert [r.page.url for r in read_responses(path, reader=reader)] == [page(1).url,
                                                                          page(3).url]
    assert path.read_bytes().startswith(whole[:whole.index(b"\x1f\x8b\x08", 1)])


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("compressed", [True, False])
def test_a_cut_file_gives_every_record_before_the_cut_then_an_error(tmp_path, compressed,
                                                                     reader):
    path = write(tmp_path / "w", page(1), page(2), page(3))
    data = path.read_bytes() if compressed else gzip.decompress(path.read_bytes())
    cut = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    cut.write_bytes(data[:len(data) - 100])  # inside the last record
    got = []
    with pytest.raises(WarcError, match="cut short"):
        got.extend(r.page.url for r in read_responses(cut, reader=reader))
    assert got == [page(1).url, page(2).url]


def test_a_second_writer_of_the_same_second_writes_its_own_file(tmp_path):
    first = WarcWriter(tmp_path, RUN)
    second = WarcWriter(tmp_path, RUN)
    assert first.path != second.path and second.path.name.startswith(RUN)
    first.close()
    second.close()
