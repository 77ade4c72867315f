"""The published JSON Schema of an article record (``article.schema.json``), and the check of
a record against it.

The check reads the schema file itself and knows the keywords it uses (``type``, ``enum``,
``pattern``, ``minLength``, ``minimum``, ``properties``, ``required``,
``additionalProperties: false``, ``items``; the annotations are skipped): a plain walk over
a record, with no import to pay at start-up and a few microseconds a record, where
``jsonschema`` cost a fifth of ``newsscrape extract``'s start-up. A schema using any other
keyword is refused when first loaded, so it cannot be checked only in part. Messages read as
``jsonschema``'s; ``tests/test_schema.py`` checks both agree on every kind of fault.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterator
from functools import cache
from importlib import resources
from typing import Any

__all__ = ["problems", "schema"]

ANNOTATIONS = frozenset({"$schema", "$id", "title", "description"})
_TYPES: dict[str, Callable[[Any], bool]] = {
    "string": lambda v: isinstance(v, str),
    "null": lambda v: v is None,
    "boolean": lambda v: isinstance(v, bool),
    "object": lambda v: isinstance(v, dict),
    "array": lambda v: isinstance(v, list),
    "integer": lambda v: (isinstance(v, int) and not isinstance(v, bool)
                          or isinstance(v, float) and v.is_integer()),
    "number": lambda v: isinstance(v, int | float) and not isinstance(v, bool),
}

Check = Callable[[Any, tuple], Iterator[tuple[tuple, str]]]


@cache
def schema() -> dict[str, Any]:
    """The published JSON Schema of an article record."""
    return json.loads((resources.files(__package__) / "article.schema.json").read_text())


def problems(data: dict[str, Any]) -> list[str]:
    """What is wrong with an article record; empty when it is valid."""
    return [f"{'/'.join(map(str, path)) or '(record)'}: {message}"
            for path, message in _check()(data, ())]


@cache
def _check() -> Check:
    return _compile(schema())


def _compile(node: dict[str, Any]) -> Check:
    """One check per keyword of a (sub)schema, in the schema's order, as ``jsonschema``
    reports them."""
    checks: list[Check] = []
    for keyword, value in node.items():
        if keyword in ANNOTATIONS:
            continue
        make = _KEYWORDS.get(keyword)
        if make is None:
            raise ValueError(f"the record check does not know the schema keyword {keyword!r}")
        checks.append(make(value, node))

    def check(instance: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        for one in checks:
            yield from one(instance, path)

    return check


def _type(value: str | list[str], node: dict) -> Check:
    names = [value] if isinstance(value, str) else value
    tests = [_TYPES[name] for name in names]
    shown = ", ".join(map(repr, names))

    def check(instance: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        if not any(test(instance) for test in tests):
            yield path, f"{instance!r} is not of type {shown}"

    return check


def _enum(value: list, node: dict) -> Check:
    def check(instance: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        if instance not in value:
            yield path, f"{instance!r} is not one of {value!r}"

    return check


def _pattern(value: str, node: dict) -> Check:
    regex = re.compile(value)

    def check(instance: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        if isinstance(instance, str) and not regex.search(instance):
            yield path, f"{instance!r} does not match {value!r}"

    return check


def _min_length(value: int, node: dict) -> Check:
    def check(instance: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        if isinstance(instance, str) and len(instance) < value:
            yield path, (f"{instance!r} should be non-empty" if value == 1
                         else f"{instance!r} is too short")

    return check


def _minimum(value: float, node: dict) -> Check:
    def check(instance: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        if _TYPES["number"](instance) and instance < value:
            yield path, f"{instance!r} is less than the minimum of {value!r}"

    return check


def _properties(value: dict[str, dict], node: dict) -> Check:
    checks = {name: _compile(sub) for name, sub in value.items()}

    def check(instance: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        if isinstance(instance, dict):
            for name, one in checks.items():
                if name in instance:
                    yield from one(instance[name], (*path, name))

    return check


def _required(value: list[str], node: dict) -> Check:
    def check(instance: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        if isinstance(instance, dict):
            for name in value:
                if name not in instance:
                    yield path, f"{name!r} is a required property"

    return check


def _additional(value: bool, node: dict) -> Check:
    if value is not False:
        raise ValueError("the record check knows only additionalProperties: false")
    known = set(node.get("properties", {}))

    def check(instance: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        extra = [k for k in instance if k not in known] if isinstance(instance, dict) else []
        if extra:
            names = ", ".join(map(repr, sorted(extra, key=str)))
            verb = "was" if len(extra) == 1 else "were"
            yield path, f"Additional properties are not allowed ({names} {verb} unexpected)"

    return check


def _items(value: dict, node: dict) -> Check:
    item = _compile(value)

    def check(instance: Any, path: tuple) -> Iterator[tuple[tuple, str]]:
        if isinstance(instance, list):
            for index, element in enumerate(instance):
                yield from item(element, (*path, index))

    return check


_KEYWORDS: dict[str, Callable[[Any, dict], Check]] = {
    "type": _type, "enum": _enum, "pattern": _pattern, "minLength": _min_length,
    "minimum": _minimum, "properties": _properties, "required": _required,
    "additionalProperties": _additional, "items": _items,
}
