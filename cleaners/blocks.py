"""Blocks: the units the cleaner keeps or removes (a paragraph, heading, list item...)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .normalise import normalise

# Characters of scripts written without spaces (CJK, Hangul, full-width forms).
# How a sentence ends (on normalised text): a full stop, a question or an exclamation mark,
# perhaps then a closing quote or bracket.
SENTENCE_END = re.compile(r"[.!?。！？]['\")»”]?$")
_WIDE = re.compile(r"[\u1100-\u11ff\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]")


def weight(text: str) -> int:
    """A text's length, a character of a script written without spaces counting as two."""
    return len(text) if text.isascii() else len(text) + len(_WIDE.findall(text))


@dataclass
class Block:
    """One block of article text.

    ``tag`` is trafilatura's element name (p, head, quote, table, code) or ``item`` for a list
    item; items of one list share ``group``. ``link`` is True when the whole block is the text
    of one link on the page (known from the markup; None when unknown). ``level`` is a
    heading's level on the page (1 for an ``<h1>``; None when unknown).
    """

    text: str
    tag: str = "p"
    group: int | None = None
    link: bool | None = None
    level: int | None = None
    split: bool = False  # the notice lines split off the end of a block (notices.split_run_ons)
    norm: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        self.norm = normalise(self.text)


def render(blocks: list[Block]) -> str:
    """Article text: blocks separated by a blank line, items of one list by a line break."""
    parts: list[str] = []
    previous: Block | None = None
    for block in blocks:
        same_list = (previous is not None and block.group is not None
                     and block.group == previous.group)
        parts.append("\n" if same_list else "\n\n")
        parts.append(block.text)
        previous = block
    return "".join(parts[1:])
