"""Find JSON-ish blocks in a paste and parse them tolerantly.

Strict JSON first; then json-repair, which handles JavaScript-literal style (unquoted keys,
single quotes, trailing commas, Python's True/None) and damage (a missing comma, a paste cut
off mid-object). The block scanner is a single linear pass; every cost is capped.
"""

from __future__ import annotations

import json
import re
import time
from dataclasses import dataclass

import json_repair

from bot.results import Hint, skip

MAX_BLOCKS = 500  # JSON blocks looked at per paste
MAX_DEPTH = 200  # blocks nested deeper are not parsed (their text still goes to the plain-text patterns)
MAX_UNCLOSED = 3  # unclosed "{" we restart after (each restart is another linear pass)
# json-repair is pure Python and superlinear on some damage (8,000 chars: ~50 ms; 4,000: ~17 ms),
# so it gets blocks of at most REPAIR_PREFIX characters (a bigger block: its head, where error
# codes are), at most REPAIR_BUDGET characters per paste, and stops once REPAIR_SECONDS of this
# thread's CPU are spent (CPU, not the wall clock: on a busy machine the same paste must get the
# same reading).
REPAIR_PREFIX = 4_000
REPAIR_BUDGET = 16_000
REPAIR_SECONDS = 0.06

_BRACKETS = re.compile(r'[{}\[\]"]')
# the rest of a double-quoted string: no backtracking (disjoint alternatives), stops at " \ or newline
_STRING_BODY = re.compile(r'[^"\\\n]*(?:\\.[^"\\\n]*)*')


@dataclass
class Block:
    start: int
    end: int
    raw: str
    closed: bool  # False: the paste ends (or is cut off) inside this block
    depth: int
    value: object = None
    parsed: bool = False  # value holds a dict or list we understood
    repaired: bool = False
    cut: bool = False  # only the head of the block was repaired


def _scan(text: str, start: int) -> tuple[int, bool, int]:
    """From the "{" at `start`: (end, closed, deepest nesting). Strings end at a newline too."""
    depth = 0
    deepest = 0
    pos = start
    n = len(text)
    search = _BRACKETS.search
    while pos < n:
        match = search(text, pos)
        if match is None:
            return n, False, deepest
        char = match.group()
        pos = match.end()
        if char == '"':
            body = _STRING_BODY.match(text, pos)
            pos = body.end()
            if pos < n and text[pos] == "\\":  # a backslash before a newline or the end
                pos += 2
            elif pos < n:
                pos += 1  # the closing quote, or a newline that ends a broken string
        elif char in "{[":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
            if depth <= 0:
                return pos, True, deepest
    return n, False, deepest


def find_blocks(text: str, notes: list[Hint]) -> list[Block]:
    """Every top-level {...} block in text order (an unclosed one runs to the end of the paste)."""
    blocks: list[Block] = []
    pos = 0
    unclosed = 0
    while True:
        start = text.find("{", pos)
        if start < 0:
            break
        if len(blocks) >= MAX_BLOCKS:
            notes.append(skip("blocks", max=MAX_BLOCKS))
            break
        end, closed, deepest = _scan(text, start)
        raw = text[start:end]
        if ":" in raw:  # "{}" and "{name}" templates are not payloads
            blocks.append(Block(start, end, raw, closed, deepest))
        if closed:
            pos = end
        else:
            unclosed += 1
            if unclosed > MAX_UNCLOSED:
                break
            pos = start + 1  # a stray "{" in chatter must not hide the payload after it
    return blocks


def _strict(raw: str) -> object:
    try:
        return json.loads(raw)
    except (ValueError, RecursionError):
        return None


class Parser:
    """Parses blocks one by one within the paste's json-repair budget; `finish` notes what was skipped."""

    def __init__(self) -> None:
        self.budget = REPAIR_BUDGET
        self.seconds = REPAIR_SECONDS
        self.too_deep = 0
        self.over_budget = 0
        self.cut = 0

    def parse(self, block: Block) -> None:
        """Fill the block's value: strict JSON, else json-repair."""
        if block.depth > MAX_DEPTH:
            self.too_deep += 1
            return
        value = _strict(block.raw) if block.closed else None
        if value is None:
            raw = block.raw
            if len(raw) > REPAIR_PREFIX:
                raw = raw[:REPAIR_PREFIX]
                block.cut = True
            if len(raw) > self.budget or self.seconds <= 0:
                block.cut = False
                self.over_budget += 1
                return
            self.cut += block.cut
            self.budget -= len(raw)
            started = time.thread_time()
            value = repair(raw)
            self.seconds -= time.thread_time() - started
            block.repaired = value is not None
        if isinstance(value, (dict, list)) and value:
            block.value = value
            block.parsed = True

    def finish(self, notes: list[Hint]) -> None:
        if self.too_deep:
            notes.append(skip("too_deep", n=self.too_deep, depth=MAX_DEPTH))
        if self.cut:
            notes.append(skip("repair_cut", n=self.cut, prefix=REPAIR_PREFIX))
        if self.over_budget:
            notes.append(skip("repair_budget", n=self.over_budget))


# A JavaScript-style object literal as consoles and SDK logs print them ({code: 404, desc: '...'}),
# token by token: punctuation, a quoted string without escapes, quotes or control characters, a
# plain number, or a bare word (a key, or true/false/null as JavaScript and Python write them)
_JS_TOKEN = re.compile(
    r"""[ \t\n]*(?:([{}\[\]:,])|"([^"'\\{}\[\]\x00-\x1f\u2018\u2019\u201c\u201d]*)"|'([^"'\\{}\[\],:\x00-\x1f\u2018\u2019\u201c\u201d]*)'"""
    r"""|(-?(?:0|[1-9][0-9]{0,30})(?:\.[0-9]{1,30})?)(?![\w.])|([A-Za-z][A-Za-z0-9_]{0,80})(?![\w$]))"""
)
_JS_WORDS = {"true": "true", "false": "false", "null": "null", "True": "true", "False": "false", "None": "null",
             "undefined": '"undefined"'}  # json-repair reads undefined as its word


def _new_key(opened: list, key: str) -> bool:
    """A key not yet in its object (json-repair splits a list's object at a repeated key)."""
    if not opened or opened[-1] is None or key in opened[-1]:
        return False
    opened[-1].add(key)
    return True


def _js_literal(raw: str) -> object:
    """`raw` read as json-repair reads it, when it is a plain JavaScript-style literal (unquoted
    keys, single quotes, Python's True/None, trailing commas): rewritten as JSON, one linear pass,
    and parsed by json; None for anything else (json-repair reads it)."""
    tokens = []
    pos, n = 0, len(raw)
    match = _JS_TOKEN.match
    cut = None  # the text of a string the paste cuts off (the block's last value)
    while pos < n:
        token = match(raw, pos)
        if token is None:
            if raw[pos:].strip(" \t\n"):
                cut = _CUT_STRING.fullmatch(raw, pos)
                if cut is None:
                    return None
            break
        tokens.append(token)
        pos = token.end()
    out = []
    opened: list[set | None] = []  # the containers open at each token: an object's keys so far, or None (a list)
    last = len(tokens) - 1
    for i, token in enumerate(tokens):
        punct, double, single, number, word = token.groups()
        if punct is not None:
            if punct in "{[":
                opened.append(set() if punct == "{" else None)
            elif punct in "}]" and opened:
                opened.pop()
            if punct == "," and i and tokens[i - 1].group(1) in ("{", "[", ","):
                return None  # "{ , }", "[,]", "1,,2": json-repair's own readings
            if punct == "," and i < last and tokens[i + 1].group(1) in ("}", "]"):
                continue  # a trailing comma
            if punct in "}]" and i and tokens[i - 1].group(1) in ("{", "["):
                return None  # json-repair drops an empty {} or [] in a list
            out.append(punct)
        elif double is not None or single is not None:
            text = single if double is None else double
            if not text:
                return None  # json-repair drops an empty string in a list, reads '' before a space as "'"
            if i < last and tokens[i + 1].group(1) == ":" and not _new_key(opened, text):
                return None
            out.append(f'"{text}"')
        elif number is not None:
            after = raw[token.end() : token.end() + 2]
            if opened and opened[-1] is not None and after[:1] == "," and after[1:] not in (" ", "\n"):
                return None  # json-repair reads "{a: 1,b: 2}"'s 1 as the string "1" (not "{a: 1, b: 2}"'s)
            out.append(number)
        elif i < last and tokens[i + 1].group(1) == ":":
            if not _new_key(opened, word):
                return None
            out.append(f'"{word}"')
        elif word in _JS_WORDS and (word != "undefined" or raw[token.end() : token.end() + 1] in (",", "}", "]")):
            out.append(_JS_WORDS[word])  # json-repair reads "undefined \t}" as one string
        else:
            return None
    if (opened or cut is not None) and not (opened and _close(tokens, opened, out, cut)):
        return None  # (a cut string after the block's end is no value of it)
    try:
        value = json.loads(" ".join(out))
    except (ValueError, RecursionError):
        return None
    return value if isinstance(value, (dict, list)) else None


# a double-quoted string the paste cuts off, ending in a letter or digit, without "," or ":" (json-repair
# drops a cut string's trailing space or comma, and guesses a key after a comma in it: not read here)
_CUT_STRING = re.compile(r"""[ \t\n]*"([^"'\\{}\[\],:\x00-\x1f\u2018\u2019\u201c\u201d]*[A-Za-z0-9])""")


def _close(tokens: list, opened: list, out: list, cut) -> bool:
    """A block the paste cuts off, closed as json-repair closes it: the cut string (a value, not a
    key) and every open container closed, a trailing comma dropped; False where a key, a colon or
    an empty container is the last thing written."""
    if not tokens:
        return False
    previous = tokens[-1].group(1)
    in_object = opened[-1] is not None
    if cut is not None:
        if previous not in ((":",) if in_object else ("[", ",")):
            return False
        out.append(f'"{cut.group(1)}"')
    else:
        if previous == ",":
            out.pop()
            previous = tokens[-2].group(1) if len(tokens) > 1 else "{"
        if previous in ("{", "[", ":", ","):
            return False
        if in_object and previous is None and tokens[-1].group(4) is None and tokens[-2].group(1) in ("{", ","):
            return False  # a key without its value
    out.extend("}" if keys is not None else "]" for keys in reversed(opened))
    return True


def repair(raw: str) -> object:
    """json-repair's reading of damaged or JavaScript-style JSON, or None."""
    value = _js_literal(raw)
    if value is not None:
        return value
    try:
        value = json_repair.loads(raw, skip_json_loads=True)
    except Exception:  # a third-party parser on arbitrary input: any failure means "not JSON"
        return None
    return value if isinstance(value, (dict, list)) else None


def load_embedded(raw: str) -> object:
    """A JSON document carried inside a string value (an SDK's `"body": "{\\"code\\": ...}"`)."""
    value = _strict(raw)
    return value if isinstance(value, (dict, list)) else None
