import json
import os
import subprocess
import sys

import pytest

from scraper.scheduled import output as jsonl
from scraper.scheduled.output import (
    AlreadyRunning,
    JsonlAppender,
    OutputLock,
    last_line,
    repair_torn_tail,
)


def test_writes_one_compact_utf8_line_per_record(tmp_path):
    path = tmp_path / "elpais-en" / "2024-11-05.jsonl"
    with JsonlAppender(path) as out:
        out.write({"title": "Société: “Ñu”", "n": 1})
        out.write({"text": "two\nlines"})

    assert path.read_bytes() == (
        '{"title":"Société: “Ñu”","n":1}\n{"text":"two\\nlines"}\n'.encode()
    )


def test_line_separators_are_escaped(tmp_path):
    path = tmp_path / "a.jsonl"
    with JsonlAppender(path) as out:
        out.write({"text": "a\u2028b\u2029c"})

    text = path.read_text(encoding="utf-8")
    assert text.splitlines() == ['{"text":"a\\u2028b\\u2029c"}']
    assert json.loads(text) == {"text": "a\u2028b\u2029c"}


def test_appends_to_existing_file(tmp_path):
    path = tmp_path / "a.jsonl"
    with JsonlAppender(path) as out:
        out.write({"n": 1})
    with JsonlAppender(path, fsync=True) as out:
        out.write({"n": 2})

    assert [json.loads(line) for line in path.read_text().splitlines()] == [{"n": 1}, {"n": 2}]


def test_torn_last_line_is_cut_at_next_open(tmp_path):
    path = tmp_path / "a.jsonl"
    with JsonlAppender(path) as out:
        out.write({"n": 1})
        out.write({"n": 2, "text": "ü" * 100})
    intact = path.read_bytes()
    with path.open("ab") as f:  # a writer killed mid-line
        f.write(b'{"n":3,"text":"cut he')

    with JsonlAppender(path) as out:
        assert path.read_bytes() == intact
        out.write({"n": 4})

    assert path.read_bytes() == intact + b'{"n":4}\n'


@pytest.mark.parametrize("content, kept", [
    (b"", b""),
    (b'{"a":1}\n', b'{"a":1}\n'),
    (b'{"a":1}\n{"b":', b'{"a":1}\n'),
    (b'{"b":', b""),
    # longer than one read chunk, with the only newline near the start
    (b'{"a":1}\n' + b"x" * 200_000, b'{"a":1}\n'),
])
def test_repair_torn_tail(tmp_path, content, kept):
    path = tmp_path / "a.jsonl"
    path.write_bytes(content)

    assert repair_torn_tail(path) == len(content) - len(kept)
    assert path.read_bytes() == kept


@pytest.mark.parametrize("content, last", [
    (b"", None),
    (b'{"b":', None),
    (b'{"a":1}\n', b'{"a":1}'),
    (b'{"a":1}\n{"b":2}\n{"c":', b'{"b":2}'),  # a torn tail is not a line
    (b'{"a":1}\n' + b"x" * 200_000 + b"\n", b"x" * 200_000),
])
def test_last_line(tmp_path, content, last):
    path = tmp_path / "a.jsonl"
    path.write_bytes(content)

    assert last_line(path) == last
    assert last_line(tmp_path / "missing.jsonl") is None


def test_repair_missing_file(tmp_path):
    assert repair_torn_tail(tmp_path / "missing.jsonl") == 0
    assert not (tmp_path / "missing.jsonl").exists()


def test_line_is_written_with_one_write_call(tmp_path, monkeypatch):
    calls = []
    real_write = os.write

    def recording_write(fd, data):
        calls.append(bytes(data))
        return real_write(fd, data)

    monkeypatch.setattr(jsonl.os, "write", recording_write)
    with JsonlAppender(tmp_path / "a.jsonl") as out:
        out.write({"text": "x" * 10_000})

    assert len(calls) == 1 and calls[0].endswith(b"\n")


def test_short_writes_are_completed(tmp_path, monkeypatch):
    real_write = os.write
    monkeypatch.setattr(jsonl.os, "write", lambda fd, data: real_write(fd, data[:3]))
    path = tmp_path / "a.jsonl"
    with JsonlAppender(path) as out:
        out.write({"n": 12345})

    assert path.read_bytes() == b'{"n":12345}\n'


def test_failed_write_leaves_no_partial_line(tmp_path, monkeypatch):
    path = tmp_path / "a.jsonl"
    with JsonlAppender(path) as out:
        out.write({"n": 1})
        real_write = os.write
        calls = []

        def disk_full_after_some_bytes(fd, data):
            calls.append(len(data))
            if len(calls) == 1:
                return real_write(fd, data[:5])
            raise OSError(28, "No space left on device")

        monkeypatch.setattr(jsonl.os, "write", disk_full_after_some_bytes)
        with pytest.raises(OSError, match="No space"):
            out.write({"n": 2})
        monkeypatch.setattr(jsonl.os, "write", real_write)
        out.write({"n": 3})

    assert path.read_bytes() == b'{"n":1}\n{"n":3}\n'


HOLD_LOCK = """
import sys
from pathlib import Path
from scraper.scheduled.output import OutputLock
lock = OutputLock(Path(sys.argv[1]))
lock.acquire()
print("locked", flush=True)
sys.stdin.read()
"""


def test_second_lock_in_process_fails(tmp_path):
    with OutputLock(tmp_path / "out"):
        with pytest.raises(AlreadyRunning, match=f"pid {os.getpid()}"):
            OutputLock(tmp_path / "out").acquire()
    with OutputLock(tmp_path / "out"):  # released on exit
        pass


def test_lock_held_by_other_process_and_released_when_it_dies(tmp_path):
    out = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLD_LOCK, str(out)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
        cwd=os.path.dirname(os.path.dirname(os.path.abspath(__file__))),
    )
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(AlreadyRunning) as info:
            OutputLock(out).acquire()
        assert str(out) in str(info.value)
        assert f"pid {holder.pid}" in str(info.value)
    finally:
        holder.kill()  # SIGKILL: no cleanup code runs in the holder
        holder.wait()
        holder.stdin.close()
        holder.stdout.close()

    lock = OutputLock(out)
    lock.acquire()
    assert (out / ".lock").read_text().strip() == str(os.getpid())
    lock.release()


def test_a_whole_last_record_without_its_line_end_is_kept(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(b'{"n":1}\n{"n":2}')
    assert repair_torn_tail(path) == 0
    assert path.read_bytes() == b'{"n":1}\n{"n":2}\n'
