"""parse._js_literal: the fast reading of plain JavaScript-style literals reads exactly what
json-repair reads, and leaves everything else (json-repair's own quirks included) to json-repair."""

from __future__ import annotations

import json
import random

import json_repair
import pytest

from bot.payload import parse

# characters of generated strings: single-quoted ones may not hold "," or ":" (json-repair guesses
# a missing quote there), so the alphabet without them yields more literals the fast path reads
ALPHABETS = (
    "abcXYZ_09 ,:{}[]/-#.@!?=+<>()错误码测试é\u00a0;*&%$~`|",
    "abcXYZ_09 /-#.@!?=+<>()错误码测试é;*&%$~`|",
)
KEYS = ("code", "msg", "a", "requestId", "Error", "x_y", "_a", "a_", "A1", "k9_", "__", "ok", "True", "null",
        "undefined", "1", "a-b", "$x")
NUMBERS = ("0", "-0", "1", "-5", "404", "20111", "1.5", "1.50", "-0.0", "007", "1e5", "123456789012345678901234567890",
           "0.1", "3.", ".5", "-", "1_000")
WORDS = ("true", "false", "null", "True", "False", "None", "undefined", "TRUE", "NaN", "Infinity", "foo", "nil")


class _Literals:
    def __init__(self, seed: int, alphabet: str, messy: float) -> None:
        self.r, self.alphabet, self.messy = random.Random(seed), alphabet, messy

    def ws(self) -> str:
        return self.r.choice(["", "", " ", "  ", "\n", "\n  ", "\t", "\r\n"])

    def key(self) -> str:
        key = self.r.choice(KEYS)
        if self.r.random() < 0.6:
            return key
        quote = self.r.choice("\"'")
        return quote + key + quote

    def string(self) -> str:
        quote = self.r.choice("\"'")
        body = "".join(self.r.choice(self.alphabet) for _ in range(self.r.randint(0, 12)))
        if self.r.random() < 0.1:
            body += self.r.choice(["'", '"', "\\", "\n", "\t", "“"])
        return quote + body + quote

    def value(self, depth: int) -> str:
        r = self.r.random()
        if depth < 3 and r < 0.15:
            return self.obj(depth + 1)
        if depth < 3 and r < 0.25:
            return self.arr(depth + 1)
        if r < 0.55:
            return self.string()
        return self.r.choice(NUMBERS) if r < 0.8 else self.r.choice(WORDS)

    def sep(self) -> str:
        if self.r.random() < self.messy:
            return self.r.choice([",", ",", ",", ", ", " ,", ",,", ""])
        return self.r.choice([",", ", ", ",\n  "])

    def _items(self, items: list[str]) -> str:
        body = "".join(item + (self.sep() if i < len(items) - 1 else "") for i, item in enumerate(items))
        return body + ("," if items and self.r.random() < 0.3 else "")

    def obj(self, depth: int = 0) -> str:
        colons = (":", ":", ": ", " : ", "=")
        items = [
            self.ws() + self.key() + self.ws() + self.r.choice(colons) + self.ws() + self.value(depth) + self.ws()
            for _ in range(self.r.randint(0, 4))
        ]
        return "{" + self._items(items) + self.ws() + ("}" if self.r.random() > 0.05 else "")

    def arr(self, depth: int) -> str:
        return "[" + self._items([self.ws() + self.value(depth) + self.ws() for _ in range(self.r.randint(0, 4))]) + "]"


def _typed(value: object) -> object:
    """The value with every type said (True is not 1, 1.0 is not 1) and every key order kept."""
    if isinstance(value, dict):
        return ("dict", [(k, _typed(v)) for k, v in value.items()])
    if isinstance(value, list):
        return ("list", [_typed(v) for v in value])
    return (type(value).__name__, repr(value))


@pytest.mark.parametrize(("seed", "alphabet", "messy"), [(1, 0, 1.0), (2, 1, 1.0), (3, 1, 0.1), (4, 0, 0.1)])
def test_the_fast_reading_is_json_repairs_reading(seed, alphabet, messy):
    literals = _Literals(seed, ALPHABETS[alphabet], messy)
    read = 0
    for _ in range(4000):
        raw = literals.obj()
        fast = parse._js_literal(raw)
        if fast is None:
            continue
        read += 1
        assert _typed(fast) == _typed(json_repair.loads(raw, skip_json_loads=True)), raw
    assert read >= 50  # the generator makes literals the fast path reads


def _strict_object(r: random.Random, depth: int = 0) -> dict:
    value: dict = {}
    for _ in range(r.randint(1, 5)):
        key = r.choice(["code", "msg", "Error", "RequestId", "a b", "x_y", "Message", "c"])
        roll = r.random()
        if depth < 3 and roll < 0.2:
            value[key] = _strict_object(r, depth + 1)
        elif depth < 3 and roll < 0.3:
            value[key] = [r.choice([1, "ab", None, True, 2.5, "x y", {"c": 1}]) for _ in range(r.randint(1, 3))]
        elif roll < 0.7:
            value[key] = "".join(r.choice("abc XYZ09,:.-/错误é") for _ in range(r.randint(1, 14)))
        else:
            value[key] = r.choice([0, -5, 404, 1.5, True, False, None, 20111])
    return value


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_a_cut_off_block_is_closed_as_json_repair_closes_it(seed):
    r = random.Random(seed)
    literals = _Literals(seed, ALPHABETS[1], 0.1)
    read = 0
    for _ in range(4000):
        if r.random() < 0.5:
            whole = json.dumps(_strict_object(r), ensure_ascii=r.random() < 0.3, indent=r.choice([None, 2]))
        else:
            whole = literals.obj()
        raw = whole[: r.randint(1, len(whole))]
        fast = parse._js_literal(raw)
        if fast is None:
            continue
        read += 1
        assert _typed(fast) == _typed(json_repair.loads(raw, skip_json_loads=True)), raw
    assert read >= 500


@pytest.mark.parametrize(
    ("raw", "value"),
    [
        ("{code: 404, desc: \"房间不存在\", name: 'RoomServerErrChannelNotExist'}",
         {"code": 404, "desc": "房间不存在", "name": "RoomServerErrChannelNotExist"}),
        ("{code: 605030005, message: 'json parse error', }", {"code": 605030005, "message": "json parse error"}),
        ("{'code': 1000021, 'ok': False, 'data': None}", {"code": 1000021, "ok": False, "data": None}),
        ("{\n  requestId: 'b54e',\n  httpCode: undefined,\n  code: 'AuthFailure.SignatureFailure'\n}",
         {"requestId": "b54e", "httpCode": "undefined", "code": "AuthFailure.SignatureFailure"}),
        ("{ Response: { Error: { Code: 'X' }, }, }", {"Response": {"Error": {"Code": "X"}}}),
        ("{a: [1,2, -0.0, 1.50]}", {"a": [1, 2, -0.0, 1.5]}),
        ('{"Response": {"Error": {"Code": "InternalError", "Message": "stream sta',
         {"Response": {"Error": {"Code": "InternalError", "Message": "stream sta"}}}),
        ('{"a": [1, 2', {"a": [1, 2]}),
        ('{"a": {"b": "x",', {"a": {"b": "x"}}),
    ],
)
def test_plain_literals_are_read_fast(raw, value):
    assert _typed(parse._js_literal(raw)) == _typed(value) == _typed(json_repair.loads(raw, skip_json_loads=True))


@pytest.mark.parametrize(
    "raw",
    [
        "{a: 1,b: 2}",  # json-repair: "1"
        "{_a: 1}",  # json-repair: key "a"
        "{$a: 1}",
        "{a: ''}",
        "{a: [{}, 1]}",  # json-repair drops the {}
        "{a: ['', 1]}",
        "{a: 'x, b: y'}",  # json-repair guesses a missing quote
        "{a: 1, a: 2}",
        "{a: undefined \t}",
        "{a: foo}",
        "{a: 1 b: 2}",  # damage: json-repair's
        "{a: 'it\\'s'}",
        "{a: 1e5}",
        "{a: 007}",
        '{"a": "x ',  # cut off: json-repair drops the space
        '{"a": "x, y',  # json-repair guesses a key after the comma
        '{"a": {"b": "x", "c',  # cut in a key
        '{"a": {"b": "x", "c":',
        '{"a": tr',
        "{a: { , }}",
        '{"a": [',
        '{"a": 1} "xyz',
        "{a: 1}\r\n",
        "{a: 'x\ty'}",
        "{1: 2}",
    ],
)
def test_everything_else_is_left_to_json_repair(raw):
    assert parse._js_literal(raw) is None


def test_long_hostile_literals_are_read_or_left_without_error():
    for raw in (
        "{a: " + "'" + "x" * 40_000,
        "{" + "a: 1, " * 7_000 + "}",
        "{" + " " * 40_000,
        "{a: [" + "1, " * 13_000 + "]}",
        "{" + "a" * 40_000 + ": 1}",
        "{a: '" + "x" * 40_000 + "'}",
    ):
        value = parse._js_literal(raw)
        assert value is None or isinstance(value, (dict, list))
