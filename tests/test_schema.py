"""scraper.schema: the record check says what ``jsonschema`` (the reference implementation,
a test dependency only) says of the same record, fault by fault, and refuses a schema it
could check only in part."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from scraper import schema as record_schema
from scraper.items import Article, Page, record
from scraper.records import page_to_record

from .charset_cases import PAGES


def reference(data: dict[str, Any]) -> list[str]:
    validator = Draft202012Validator(record_schema.schema())
    return [f"{'/'.join(map(str, e.absolute_path)) or '(record)'}: {e.message}"
            for e in validator.iter_errors(data)]


@pytest.fixture(scope="module")
def good() -> dict[str, Any]:
    page = Page(url="https://news.example/a.html", body=(PAGES / "fr-paywall.html").read_bytes(),
                headers=[("Content-Type", "text/html; charset=utf-8")],
                fetched_at="2026-11-20T10:00:00Z", status=200)
    article = page_to_record(page)
    assert isinstance(article, Article) and article.removed
    data = record(article)
    data["warc"] = {"file": "a.warc.gz", "offset": 0, "record_id": None}
    return data


def changed(data: dict[str, Any], path: tuple, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    *parents, last = path
    target = data
    for key in parents:
        target = target[key]
    if value is KeyError:
        del target[last]
    else:
        target[last] = value
    return data


FAULTS = [
    (("id",), "ABC"), (("id",), 7), (("id",), KeyError), (("url",), 3), (("title",), ["x"]),
    (("authors",), "one"), (("authors",), ["A", ""]), (("authors",), [None]),
    (("published",), "yesterday"), (("published",), "2026-11-20T10:00+0100x"),
    (("language",), "fra"), (("language",), "FR"), (("text",), ""), (("paywalled",), 1),
    (("paywalled",), "true"), (("removed", 0, "kind"), "advert"), (("removed", 0, "rule"), ""),
    (("removed", 0, "text"), KeyError), (("removed", 0, "extra"), 1), (("removed",), [3]),
    (("tags",), [1, 2]), (("fetched_at",), "2026-11-20 10:00:00"), (("updated",), "now"),
    (("warc", "offset"), -1), (("warc", "offset"), 1.5), (("warc", "offset"), True),
    (("warc", "file"), ""), (("warc", "record_id"), 5), (("warc",), "a.warc"),
    (("extractor", "rules"), KeyError), (("extractor", "more"), "x"), (("surplus",), 1),
    (("other",), 2),
]


def test_a_good_record_has_no_problems(good):
    assert record_schema.problems(good) == [] == reference(good)


@pytest.mark.parametrize(("path", "value"), FAULTS, ids=lambda v: repr(v)[:30])
def test_each_fault_is_reported_as_jsonschema_reports_it(good, path, value):
    bad = changed(good, path, value)
    found = record_schema.problems(bad)
    assert found and found == reference(bad)


def test_several_faults_come_in_the_reference_order(good):
    bad = changed(changed(changed(good, ("id",), 1), ("surplus",), 1), ("text",), KeyError)
    bad["another"] = 2
    assert len(record_schema.problems(bad)) == 3  # both unexpected names in one
    assert record_schema.problems(bad) == reference(bad)


def test_a_schema_keyword_the_check_does_not_know_is_refused():
    with pytest.raises(ValueError, match="'format'"):
        record_schema._compile({"type": "string", "format": "date-time"})
    with pytest.raises(ValueError, match="additionalProperties"):
        record_schema._compile({"additionalProperties": {"type": "string"}})
