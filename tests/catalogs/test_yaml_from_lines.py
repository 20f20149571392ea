"""Catalog YAML read line by line (yamlfile._from_lines) gives exactly what the full loader gives,
and leaves everything beyond the plainest block YAML to the events reader (which leaves what is
beyond it to the loader): the repository's files, a generated catalog, edge cases, and random
documents made of the pieces that trip line readers up."""

from __future__ import annotations

import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from bench.generate import generate_catalogs
from bot.catalogs import yamlfile

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    p for folder in ("catalogs", "tests/fixtures", "tests/queries/catalogs", "tests/pastes", "tests/realworld")
    for p in (ROOT / folder).rglob("*.y*ml")
)  # fmt: skip
READ = {
    "catalog": "id: a\nvendor: v\nlanguage: zh\nentries:\n- code: '1'\n  kind: error\n  name: null\n"
    "  meaning: 房间不存在\n  en:\n    meaning: no room\n    translated: true\n- code: X.Y\n  meaning: y\n",
    "indented items": "entries:\n  - code: 1\n    meaning: x\n  -   code: 2\n      meaning: y\n",
    "leading document start": "# head\n---\na: 1\n",
    "document start with a comment": "--- # head\na: 1\n",
    "comments and blanks everywhere": "# c\na: 1 # one\n\n  # indented comment\nb:\n  # inside\n  - x # item\n\n",
    "quoted": "a: 'it''s'\nb: \"q: #x\"\nc: 'x # y'   # z\nd: ''\ne: \"\"\n",
    "plain with colons and hashes": "url: https://x.io/a#b\nratio: 1:20\nt: a#b\n",
    "scalars resolved": "a: 0x1F\nb: 0o17\nc: 1_000\nd: .inf\ne: -.5e3\nf: 010\ng: ~\nh: -1\ni: on\nj: NO\nk: null\n",
    "keys resolved": "null: 1\non: 2\nno: 3\nkey_with-dash: 4\n",
    "empty values": "a:\nb: # nothing\nc:\n",
    "duplicate keys": "a: 1\na: 2\n",
    "a key named like the line key": "__line__: 99\nb: 1\n",
    "list document": "- 1\n- two\n- 'three'\n",
    "nested lists of mappings": "a:\n  b:\n  - c: 1\n    d:\n      - e\n  f: 2\ng: 3\n",
    "trailing spaces": "a: x   \nb:   \n  - y  \n",
    "unicode": "meaning: 频道参数错误，请检查 — “引号”\n",
}
LEFT = {  # beyond the line reader: the events reader (or the loader) reads them
    "flow": "a: [1, 2]\n",
    "flow mapping item": "- {code: 1}\n",
    "block scalar": "a: |\n  one\n",
    "folded": "a: >\n  one\n",
    "multi-line plain": "a: one\n  two\n",
    "multi-line quoted": "a: 'one\n  two'\n",
    "escapes": 'a: "x\\ny"\n',
    "anchor": "a: &x 1\nb: *x\n",
    "tag": "a: !!str 1\n",
    "non-specific tag": "a: ! 12\n",
    "timestamp": "when: 2024-01-02\n",
    "merge key": "a:\n  <<: {k: 1}\n",
    "quoted key": "'a': 1\n",
    "key with a space": "a b: 1\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "document end": "a: 1\n...\n",
    "content on the document start": "--- a\n",
    "tab": "a:\t1\n",
    "crlf": "a: 1\r\nb: 2\r\n",
    "bom": "\ufeffa: 1\n",
    "line separator": "a: x\u2028y\n",
    "nel": "a: x\x85y\n",
    "control character": "a: x\x01y\n",
    "key where a value belongs": "a: b: c\n",
    "value ending in a colon": "a: b:\n",
    "no space after the colon": "a:1\n",
    "bad indentation": "a:\n  - 1\n - 2\n",
    "dedent to no block": "a:\n    b: 1\n  c: 2\n",
    "deeper after a value": "a: 1\n  b: 2\n",
    "item on the next line": "-\n  a: 1\n",
    "sequence in a sequence": "- - 1\n",
    "item after a mapping value": "a: 1\n- 2\n",
    "text after a quote": "a: 'x' y\n",
    "comment right after a quote": "a: 'x'#y\n",
    "scalar document": "hello\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "reserved first character": "a: @x\n",
    "dash value": "a: - x\n",
    "question mark": "a: ?x\n",
}


def full_loader(text: str) -> object:
    return yaml.load(text, Loader=yamlfile._LineLoader)  # noqa: S506 - a SafeLoader subclass


def same_or_left(text: str) -> bool:
    """True when the line reader read it (and then exactly as the loader does)."""
    fast = yamlfile._from_lines(text)
    try:
        expected = full_loader(text)
    except yaml.YAMLError:
        assert fast is yamlfile._NOT_PLAIN  # what the loader refuses is never read here
        return False
    if fast is yamlfile._NOT_PLAIN:
        return False
    assert fast == expected and repr(fast) == repr(expected)  # same types, key order and lines too
    return True


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_in_the_repository_reads_the_same_or_is_left(path):
    same_or_left(path.read_text(encoding="utf-8"))


def test_a_generated_catalog_is_read_line_by_line(tmp_path):
    for path in generate_catalogs(tmp_path, 600, catalogs=2, fmt="yaml"):
        assert same_or_left(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("name", READ)
def test_plain_block_yaml_is_read_the_same(name):
    assert same_or_left(READ[name])


@pytest.mark.parametrize("name", LEFT)
def test_anything_else_is_left_to_the_events_reader(name, tmp_path):
    text = LEFT[name]
    assert not same_or_left(text)
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8", newline="")
    try:
        expected = full_loader(text)
    except yaml.YAMLError:
        with pytest.raises(yamlfile.FileFormatError):
            yamlfile.read_document(path)
    else:
        assert yamlfile.read_document(path) == expected


def test_errors_keep_their_line_when_the_line_reader_leaves_the_file(tmp_path):
    path = tmp_path / "c.yaml"
    path.write_text("id: a\nentries:\n- code: 1\n  meaning: [x\n", encoding="utf-8")
    with pytest.raises(yamlfile.FileFormatError) as caught:
        yamlfile.read_document(path)
    assert caught.value.line == 5


KEYS = ["a", "b", "code", "meaning", "en", "null", "on", "No", "x-y", "_k", "a b", "'q'", "?", "-", "1", "<<"]
VALUES = ["", "x", "1", "-1", "0x1F", "1:20", "~", "null", "yes", "'s'", "'it''s'", "'a # b'", '"d"', '"a\\nb"',
          "a # c", "a#b", "# c", "[1]", "{a: 1}", "&x 1", "*x", "!t 1", "|", ">", "a: b", "b:", "2024-01-02",
          "- x", "@x", "频道", "'open", '"open', "x  ", ".inf", "=", "%x", "`x"]  # fmt: skip


@st.composite
def documents(draw) -> str:
    """Random lines of keys, items and values at random depths: mostly nonsense, some plain YAML."""
    rng = random.Random(draw(st.integers(0, 2**32)))
    lines = []
    for _ in range(draw(st.integers(1, 14))):
        indent = " " * rng.choice([0, 0, 1, 2, 2, 3, 4, 4, 6])
        shape = rng.random()
        if shape < 0.08:
            lines.append(rng.choice(["", "# c", indent + "# c", "---", "...", "--- # c", indent]))
        elif shape < 0.3:
            lines.append(f"{indent}-{' ' * rng.choice([1, 1, 3])}{rng.choice(KEYS)}: {rng.choice(VALUES)}".rstrip())
        elif shape < 0.4:
            lines.append(f"{indent}- {rng.choice(VALUES)}".rstrip())
        else:
            lines.append(f"{indent}{rng.choice(KEYS)}:{rng.choice([' ', ' ', '  ', ''])}{rng.choice(VALUES)}")
    return "\n".join(lines) + rng.choice(["\n", "", "\n\n"])


@settings(max_examples=3000, deadline=None, derandomize=True)
@given(documents())
def test_random_documents_read_the_same_or_are_left(text):
    same_or_left(text)


@settings(max_examples=400, deadline=None, derandomize=True)
@given(st.lists(st.sampled_from(["a: 1", "b:", "  c: x", "  - d", "- e: 2", "  f: 'g'", "    h: ~", "# c", ""]),
                min_size=1, max_size=12))  # fmt: skip
def test_random_plain_nestings_read_the_same_or_are_left(parts):
    same_or_left("\n".join(parts) + "\n")


_SCALARS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                     st.text(max_size=12), st.sampled_from(["null", "1:2", "a #b", "it's", "频道", "-1", "0x1F"]))  # fmt: skip
_DATA = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4)
                     | st.dictionaries(st.from_regex(r"[A-Za-z_][a-z0-9_-]{0,6}", fullmatch=True), inner, max_size=4),
                     max_leaves=12)  # fmt: skip


@settings(max_examples=1500, deadline=None, derandomize=True)
@given(_DATA, st.booleans(), st.sampled_from([2, 4]))
def test_dumped_data_reads_the_same_or_is_left(data, indented, indent):
    dumper = getattr(yaml, "CSafeDumper", yaml.SafeDumper)
    text = yaml.dump(data, Dumper=dumper, allow_unicode=True, sort_keys=False, indent=indent,
                     default_flow_style=False if indented else None)  # fmt: skip
    same_or_left(text)
