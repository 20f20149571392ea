"""The lookaheads that open the payload's regexes only skip offsets: each admits every character a
match can start with, so a regex finds what it found without its lookahead (they are there
because re tries every alternative of an IGNORECASE alternation, case-folded, at every offset)."""

from __future__ import annotations

import re
from re import _constants as C
from re import _parser

import pytest

from bot.payload import claims, patterns, shapes

OPENED = [
    *(getattr(patterns, name) for name in (
        "_QUANTITY", "_NOT_ERROR_BEFORE", "_LINE_REQUEST", "_LINE_MESSAGE", "_FAIL_CUE", "_MESSAGE_KEY_AFTER",
        "_CODE_HEADER", "_REPORTED_BEFORE", "NUMBER_ERROR", "_CODE_ENUM", "_SAYS_ERROR", "_LINE_CUE",
        "QUANTIFIED_ERRORS", "KEYED", "ERROR_NUMBER", "FAILED_COLON", "CUE_NUMBER", "CODE_LIST",
    )),
    shapes._FAILURE,
    claims._CALLBACK,
]
# (not WARNING_NUMBER: its (?=[Ww]) refuses the "o" of its optional "on ", so "onWarning 104" is not
# read, as it never was: a change of answers, not of speed, if it were let in)
# the characters re's IGNORECASE folds to an ASCII letter besides its own two cases
_FOLDING = "\u0130\u0131\u017f\u212a"


def _first(items) -> tuple[set[str], bool] | None:
    """(the characters a match of `items` can start with, whether it can match empty); None
    where that is not known here."""
    found: set[str] = set()
    for op, av in items:
        if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
            continue  # zero-width: the next item opens the match
        if op is C.LITERAL:
            return found | {chr(av)}, False
        if op is C.IN:
            for kind, value in av:
                if kind is C.LITERAL:
                    found.add(chr(value))
                elif kind is C.RANGE:
                    found.update(map(chr, range(value[0], value[1] + 1)))
                else:
                    return None
            return found, False
        if op is C.SUBPATTERN:
            inner = _first(list(av[3]))
        elif op is C.BRANCH:
            inner, empty = set(), False
            for branch in av[1]:
                opened = _first(list(branch))
                if opened is None:
                    return None
                inner |= opened[0]
                empty = empty or opened[1]
            inner = (inner, empty)
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT):
            inner = _first(list(av[2]))
            if inner is not None and av[0] == 0:
                inner = (inner[0], True)
        else:
            return None
        if inner is None:
            return None
        found |= inner[0]
        if not inner[1]:
            return found, False
    return found, True


def _opening(rx: re.Pattern) -> tuple[re.Pattern, set[str]]:
    """The first lookahead of `rx` (what it admits, as a one-character regex) and the characters
    what follows it can start with."""
    items = list(_parser.parse(rx.pattern, rx.flags))
    for at, (op, av) in enumerate(items):
        if op is C.ASSERT and av[0] == 1:
            start = rx.pattern.index("(?=")
            look = re.compile(rx.pattern[start + 3 : rx.pattern.index("]", start) + 1], rx.flags)
            opened = _first(items[at + 1 :])
            assert opened is not None and not opened[1], rx.pattern[:80]
            return look, opened[0]
    raise AssertionError(f"no opening lookahead: {rx.pattern[:80]}")


@pytest.mark.parametrize("rx", OPENED, ids=lambda rx: rx.pattern[:40])
def test_opening_lookahead_admits_every_first_character(rx):
    look, first = _opening(rx)
    rest = re.compile("|".join(map(re.escape, sorted(first))), rx.flags)
    candidates = {v for c in first for v in (c, c.lower(), c.upper(), c.swapcase())} | set(_FOLDING)
    refused = sorted(c for c in candidates if rest.fullmatch(c) and not look.fullmatch(c))
    assert not refused, refused


def test_a_missing_first_character_is_caught():
    look, first = _opening(re.compile(r"(?=[ab])(?:apple|banana|cherry)", re.IGNORECASE))
    rest = re.compile("|".join(map(re.escape, sorted(first))), re.IGNORECASE)
    assert [c for c in "abcC" if rest.fullmatch(c) and not look.fullmatch(c)] == ["c", "C"]
