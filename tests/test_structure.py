"""Every registered structural step removes what its examples say, and nothing from the
examples it must keep; the kinds table is the record's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from cleaners import clean_blocks
from cleaners.kinds import KINDS
from cleaners.markup import HINT_WORDS
from cleaners.structure import STEPS, Example, Step, _steps

CASES = [(step, example, removing) for step in STEPS.values()
         for removing, examples in ((True, step.remove), (False, step.keep))
         for example in examples]


def removed_by(step_id: str, example: Example) -> list[int]:
    blocks, markup = example.parsed()
    result = clean_blocks(blocks, example.language, title=example.title,
                          authors=example.authors, markup=markup)
    by_step = [r for r in result.removed if r.rule == step_id]
    taken = [n for n, b in enumerate(blocks) if any(r.text == b.text for r in by_step)]
    assert all(r.kind in KINDS for r in result.removed)
    return taken


@pytest.mark.parametrize("step, example, removing", CASES,
                         ids=[f"{s.id}-{'remove' if r else 'keep'}-{n}"
                              for n, (s, _, r) in enumerate(CASES)])
def test_a_structural_step_keeps_its_examples(step: Step, example: Example, removing: bool):
    assert removed_by(step.id, example) == list(example.removed)
    assert bool(example.removed) == removing


def test_a_step_is_registered_once_with_a_known_kind_and_both_kinds_of_example():
    step = next(iter(STEPS.values()))
    with pytest.raises(ValueError, match="twice"):
        _steps(step, step)
    with pytest.raises(ValueError, match="kind 'spam'"):
        _steps(Step("structure-x", "spam", "note", step.remove, step.keep))
    with pytest.raises(ValueError, match="needs remove and keep"):
        _steps(Step("structure-x", "other", "note", step.remove))


def test_the_kinds_table_is_the_records_and_the_markups():
    schema = json.loads((Path(__file__).parent.parent / "scraper" / "schema"
                         / "article.schema.json").read_text(encoding="utf-8"))
    kind = schema["properties"]["removed"]["items"]["properties"]["kind"]
    assert set(kind["enum"]) == KINDS
    assert set(HINT_WORDS.values()) <= KINDS
