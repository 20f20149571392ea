"""Catalog YAML read straight from libyaml's events gives exactly what the full loader gives, and
hands everything beyond plain YAML (aliases, tags, merge keys, several documents, errors) to it."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from bot.catalogs import yamlfile

ROOT = Path(__file__).resolve().parents[2]
FILES = sorted(
    p for folder in ("catalogs", "tests/fixtures", "tests/queries/catalogs", "tests/pastes", "tests/realworld")
    for p in (ROOT / folder).rglob("*.y*ml")
)  # fmt: skip
SNIPPETS = {
    "plain": "id: a\nentries:\n  - code: 1\n    meaning: x\n  - {code: '2', meaning: \"y\", n: 1.5, ok: yes, none: ~}\n",
    "empty": "",
    "only a comment": "# nothing\n",
    "empty document": "---\n",
    "scalar document": "hello\n",
    "list document": "- 1\n- two\n- [3, {four: 4}]\n",
    "duplicate keys": "a: 1\na: 2\n",
    "a key named like the line key": "__line__: 99\nb: 1\n",
    "empty values": "a:\nb: ''\nc: []\nd: {}\n",
    "numbers of every shape": "a: 0x1F\nb: 0o17\nc: 1_000\nd: .inf\ne: -.5e3\nf: 010\ng: 1:20\n",
    "booleans YAML 1.1": "a: on\nb: Off\nc: y\nd: NO\n",
    "non-specific tag": "a: ! 12\n",
    "block scalars": "a: |\n  line one\n  line two\nb: >\n  folded\n  text\n",
}
NOT_PLAIN = {
    "anchor and alias": "a: &x {k: 1}\nb: *x\n",
    "merge key": "base: {k: 1}\nchild:\n  <<: {k: 2}\n  j: 3\n",
    "explicit tag": "a: !!str 12\n",
    "custom tag": "a: !thing 12\n",
    "timestamp": "when: 2024-01-02\n",
    "complex key": "? [1, 2]\n: x\n",
    "two documents": "a: 1\n---\nb: 2\n",
    "syntax error": "a: [1, 2\n",
    "bad indentation": "a:\n  - 1\n - 2\n",
}


def full_loader(text: str) -> object:
    return yaml.load(text, Loader=yamlfile._LineLoader)  # noqa: S506 - a SafeLoader subclass


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_every_yaml_file_in_the_repository_reads_the_same(path):
    text = path.read_text(encoding="utf-8")
    fast = yamlfile._from_events(text)
    try:
        expected = full_loader(text)
    except yaml.YAMLError:  # a broken fixture: the full loader reports it
        assert fast is yamlfile._NOT_PLAIN
    else:
        assert fast is not yamlfile._NOT_PLAIN
        assert fast == expected


@pytest.mark.parametrize("name", SNIPPETS)
def test_plain_yaml_reads_the_same(name):
    text = SNIPPETS[name]
    fast = yamlfile._from_events(text)
    assert fast is not yamlfile._NOT_PLAIN
    slow = full_loader(text)
    assert fast == slow and repr(fast) == repr(slow)  # same types and key order too


@pytest.mark.parametrize("name", NOT_PLAIN)
def test_anything_else_goes_to_the_full_loader(name, tmp_path):
    text = NOT_PLAIN[name]
    assert yamlfile._from_events(text) is yamlfile._NOT_PLAIN
    path = tmp_path / "c.yaml"
    path.write_text(text, encoding="utf-8")
    try:
        expected = full_loader(text)
    except yaml.YAMLError:
        with pytest.raises(yamlfile.FileFormatError):
            yamlfile.read_document(path)
    else:
        assert yamlfile.read_document(path) == expected
