"""What every match of a regular expression must contain, read from the parsed pattern.

Looking for a plain substring, or for a digit, in a block is much cheaper than running a
pattern: the rules' prefilter looks for the literal strings a rule's matches must hold
(``required_literals``), and the lexicon runs its price patterns only on text holding a digit
(``requires_digit``). Both read Python's own regex parser; where Python no longer has it,
``parse_pattern`` gives None, and every pattern is run.
"""

from __future__ import annotations

try:
    from re import _constants as sre
    from re import _parser as sre_parse
except ImportError:  # pragma: no cover (Python moved it): no prefilter, every pattern is run
    sre = sre_parse = None

_REPEATS = (sre.MAX_REPEAT, sre.MIN_REPEAT, sre.POSSESSIVE_REPEAT) if sre else ()


def parse_pattern(pattern: str) -> object | None:
    """The parsed pattern (raises ``re.error`` when it does not compile), or None when this
    Python has no parser to read."""
    return sre_parse.parse(pattern) if sre_parse else None


def required_literals(parsed: object) -> frozenset[str] | None:
    """Literal strings one of which every match of a parsed pattern contains, or None if
    unknown."""
    found = _required(list(parsed))
    return frozenset(found) if found else None


def _required(sequence: list) -> set[str] | None:
    candidates: list[set[str]] = []
    run = ""
    for op, value in [*sequence, (None, None)]:
        if op is sre.LITERAL:
            run += chr(value)
            continue
        if len(run) >= 2:
            candidates.append({run})
        run = ""
        part = None
        if op is sre.SUBPATTERN:
            part = _required(list(value[-1]))
        elif op in _REPEATS and value[0] >= 1:
            part = _required(list(value[2]))
        elif op is sre.BRANCH:
            branches = [_required(list(b)) for b in value[1]]
            part = None if any(b is None for b in branches) else set().union(*branches)
        if part:
            candidates.append(part)
    return max(candidates, key=lambda c: min(map(len, c)), default=None)


def requires_digit(pattern: str) -> bool:
    """Whether every match of ``pattern`` holds a decimal digit (what ``\\d`` matches); False
    when unknown."""
    parsed = parse_pattern(pattern)
    return parsed is not None and _digit_sequence(parsed)


def _digit_sequence(parsed: object) -> bool:
    return any(_digit_item(op, value) for op, value in parsed)


def _digit_item(op: object, value: object) -> bool:
    if op is sre.IN:
        return bool(value) and all(_digit_member(member, of) for member, of in value)
    if op is sre.LITERAL:
        return chr(value).isdecimal()
    if op is sre.SUBPATTERN:
        return _digit_sequence(value[-1])
    if op is sre.ATOMIC_GROUP:
        return _digit_sequence(value)
    if op in _REPEATS:
        return value[0] >= 1 and _digit_sequence(value[2])
    if op is sre.BRANCH:
        return all(_digit_sequence(branch) for branch in value[1])
    return False


def _digit_member(op: object, value: object) -> bool:
    """Whether one member of a character set matches digits only."""
    if op is sre.CATEGORY:
        return value is sre.CATEGORY_DIGIT
    if op is sre.LITERAL:
        return chr(value).isdecimal()
    if op is sre.RANGE:
        return all(chr(c).isdecimal() for c in range(value[0], value[1] + 1))
    return False
