"""Read a YAML (or JSON) catalog file, keeping the line of every mapping for error messages."""

from __future__ import annotations

import json
import os
from pathlib import Path

import yaml

try:  # libyaml's parser is several times faster; the constructor stays Python, so marks survive.
    _BaseLoader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover - PyYAML built without libyaml
    _BaseLoader = yaml.SafeLoader

LINE_KEY = "__line__"


ENV_MAX_BYTES = "ERRCODE_CATALOG_MAX_BYTES"
DEFAULT_MAX_BYTES = 20 * 1024 * 1024  # 50,000 entries take about 10 MB
MAX_ALIASES = 100  # a catalog may share a few texts; an alias bomb reuses nodes over and over
MAX_ALIAS_EXPANSION = 10_000  # values aliases may add once expanded


def max_bytes() -> int:
    text = os.environ.get(ENV_MAX_BYTES, "").strip()
    return int(text) if text.isascii() and text.isdigit() and int(text) > 0 else DEFAULT_MAX_BYTES


class _AliasCheck:
    def get_single_data(self):
        # Compose the node graph (aliases are shared nodes there, cheap), count how often nodes are
        # reused before anything expands them, and only then construct Python objects.
        node = self.get_single_node()
        if node is None:
            return None
        _count_aliases(node)
        return self.construct_document(node)


class _LineLoader(_AliasCheck, _BaseLoader):
    pass


def _children(node: yaml.Node) -> list[yaml.Node]:
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    return []


def _count_aliases(root: yaml.Node) -> None:
    """Refuse a document whose aliases would expand it: more than MAX_ALIASES reuses, or more
    than MAX_ALIAS_EXPANSION nodes beyond its own once expanded (a few levels of a few aliases
    each multiply). Sizes are summed per distinct node, so nothing is expanded to find out."""
    size: dict[int, int] = {}
    distinct, aliases = 0, 0
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    on_path: set[int] = set()
    while stack:
        node, children_done = stack.pop()
        key = id(node)
        if children_done:
            on_path.discard(key)
            size[key] = 1 + sum(size[id(c)] for c in _children(node))
            if size[key] - distinct > MAX_ALIAS_EXPANSION:
                _refuse(node, "expand to too many values")
            continue
        if key in size or key in on_path:
            aliases += 1
            if key in on_path:
                _refuse(node, "refer to themselves")
            if aliases > MAX_ALIASES:
                _refuse(node, f"are used more than {MAX_ALIASES} times")
            continue
        distinct += 1
        on_path.add(key)
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))


def _refuse(node: yaml.Node, why: str) -> None:
    raise FileFormatError(node.start_mark.line + 1, f"YAML aliases (*name) {why}: refused, not expanded")


def _construct_mapping(loader: yaml.BaseLoader, node: yaml.MappingNode) -> dict:
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
    return parse_document(read_bytes(path), path)


def read_bytes(path: Path) -> bytes:
    """The file's bytes, refused (FileFormatError) over the size cap or when it changed while read."""
    limit = max_bytes()
    try:
        before = path.stat()
        if before.st_size > limit:
            raise FileFormatError(
                0, f"file is {before.st_size:,} bytes, over the {limit:,}-byte cap ({ENV_MAX_BYTES})"
            )
        with path.open("rb") as f:
            raw = f.read(limit + 1)
        after = path.stat()
    except OSError as exc:
        raise FileFormatError(0, f"cannot read file: {exc.strerror or exc}") from exc
    if len(raw) > limit:
        raise FileFormatError(0, f"file is over the {limit:,}-byte cap ({ENV_MAX_BYTES})")
    if (before.st_size, before.st_mtime_ns) != (after.st_size, after.st_mtime_ns) or len(raw) != after.st_size:
        raise FileFormatError(0, "file changed while it was read (still being written?); try again")
    return raw


def parse_document(raw: bytes, path: Path) -> object:
    """Parse a catalog file's bytes (`path` says JSON or YAML by its suffix)."""
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
    document = _from_events(text)
    if document is not _NOT_PLAIN:
        return document
    try:
        return yaml.load(text, Loader=_LineLoader)  # noqa: S506 - SafeLoader subclasses
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 0
        reason = exc.problem or exc.context or "invalid YAML"
        raise FileFormatError(line, f"invalid YAML: {reason}") from exc
    except yaml.YAMLError as exc:
        raise FileFormatError(0, f"invalid YAML: {exc}") from exc


_NOT_PLAIN = object()
_RESOLVER = yaml.resolver.Resolver()  # stateless for scalars: no path resolvers
_CONSTRUCTOR = yaml.constructor.SafeConstructor()
_STR = "tag:yaml.org,2002:str"
_PLAIN_TAGS = frozenset({_STR, "tag:yaml.org,2002:int", "tag:yaml.org,2002:float", "tag:yaml.org,2002:bool",
                         "tag:yaml.org,2002:null"})  # fmt: skip


def _from_events(text: str) -> object:
    """The document built straight from libyaml's events: what `_LineLoader` builds, 3-4 times as
    fast for a big catalog (no node graph, no Python constructor per node). Only for plain YAML:
    mappings, sequences and scalars of str/int/float/bool/null. Anything else (anchors and
    aliases, tags, merge keys, timestamps, non-scalar keys, several documents, a syntax error)
    gives _NOT_PLAIN, and the full loader, with its alias checks and error messages, reads it."""
    stack: list = []  # open containers: [mapping, pending key or _NOT_PLAIN, line] or [list]
    root = _NOT_PLAIN
    documents = 0
    first_chars = _RESOLVER.yaml_implicit_resolvers  # a plain scalar starting otherwise is a str
    resolve_all = None in first_chars
    resolved: dict[str, object] = {}  # plain scalar -> its value (all immutable), for this document
    loader = _BaseLoader(text)
    get_event = loader.get_event
    scalar, mapping_start, sequence_start = yaml.ScalarEvent, yaml.MappingStartEvent, yaml.SequenceStartEvent
    mapping_end, sequence_end = yaml.MappingEndEvent, yaml.SequenceEndEvent
    try:
        while True:
            event = get_event()
            kind = type(event)
            if kind is scalar:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    return _NOT_PLAIN
                value = event.value
                if event.implicit[0] and (resolve_all or not value or value[0] in first_chars):
                    found = resolved.get(value, _NOT_PLAIN)  # keys like `name:` and `null` recur
                    if found is _NOT_PLAIN:
                        tag = _RESOLVER.resolve(yaml.ScalarNode, value, event.implicit)
                        if tag not in _PLAIN_TAGS:
                            return _NOT_PLAIN
                        found = value if tag == _STR else _CONSTRUCTOR.yaml_constructors[tag](
                            _CONSTRUCTOR, yaml.ScalarNode(tag, value))  # fmt: skip
                        resolved[value] = found
                    value = found
            elif kind is mapping_start or kind is sequence_start:
                if event.anchor is not None or (event.tag is not None and event.tag != "!"):
                    return _NOT_PLAIN
                if stack and len(stack[-1]) == 3 and stack[-1][1] is _NOT_PLAIN:
                    return _NOT_PLAIN  # a mapping or list as a key
                if kind is mapping_start:
                    stack.append([{}, _NOT_PLAIN, event.start_mark.line + 1])
                else:
                    stack.append([[]])
                continue
            elif kind is mapping_end:
                mapping, _, line = stack.pop()
                mapping[LINE_KEY] = line
                value = mapping
            elif kind is sequence_end:
                value = stack.pop()[0]
            elif kind is yaml.DocumentStartEvent:
                documents += 1
                if documents > 1:
                    return _NOT_PLAIN
                continue
            elif kind is yaml.AliasEvent:
                return _NOT_PLAIN
            elif kind is yaml.StreamEndEvent:
                break
            else:  # stream start, document end
                continue
            if not stack:
                root = value
            elif len(stack[-1]) == 1:
                stack[-1][0].append(value)
            elif stack[-1][1] is _NOT_PLAIN:
                stack[-1][1] = value  # a key (scalars only reach here)
            else:
                top = stack[-1]
                top[0][top[1]] = value
                top[1] = _NOT_PLAIN
    except (yaml.YAMLError, TypeError, ValueError):  # the full loader says what is wrong, with its line
        return _NOT_PLAIN
    finally:
        loader.dispose()
    return None if root is _NOT_PLAIN and documents == 0 else root
