"""Read a YAML (or JSON) catalog file, keeping the line of every mapping for error messages."""

from __future__ import annotations

import json
from pathlib import Path

import yaml

try:  # libyaml's parser is several times faster; the constructor stays Python, so marks survive.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

LINE_KEY = "__line__"


class _LineLoader(_BaseLoader):
    pass


def _construct_mapping(loader: _LineLoader, node: yaml.MappingNode) -> dict:
    mapping = loader.construct_mapping(node, deep=True)
    mapping[LINE_KEY] = node.start_mark.line + 1
    return mapping


_LineLoader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_mapping)


class FileFormatError(Exception):
    def __init__(self, line: int, message: str):
        self.line = line
        super().__init__(message)


def read_document(path: Path) -> object:
    """Parse `path`; mappings carry their 1-based line under LINE_KEY.

    JSON files (big generated or exported catalogs) go through the json module, which is
    far faster than YAML; their entries are numbered by position instead of line.
    """
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise FileFormatError(0, f"cannot read file: {exc.strerror or exc}") from exc
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise FileFormatError(line, "file is not valid UTF-8") from exc
    if path.suffix.lower() == ".json":
        try:
            return json.loads(text)
        except json.JSONDecodeError as exc:
            raise FileFormatError(exc.lineno, f"invalid JSON: {exc.msg}") from exc
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - a SafeLoader subclass
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        reason = exc.problem or exc.context or "invalid YAML"
        raise FileFormatError(line, f"invalid YAML: {reason}") from exc
    except yaml.YAMLError as exc:
        raise FileFormatError(0, f"invalid YAML: {exc}") from exc
