"""Read a YAML (or JSON) catalog file, keeping the line of every mapping for error messages."""

from __future__ import annotations

import json
import os
import re
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
    document = _from_lines(text)
    if document is _NOT_PLAIN:
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


# -- the line reader: block YAML of the plainest kind, read line by line ------------------------------

# Every line as (indent, `- `, `key:`, the rest); `key` plain and short, as a catalog's keys are.
_ROW = re.compile(r"^( *)(-(?: +|$))?(?:([A-Za-z_][A-Za-z0-9_-]{0,127}):(?: +|$))?(.*)$", re.MULTILINE)
_DOCUMENT_MARK = re.compile(r"^(?:---|\.\.\.)(?: |$)", re.MULTILINE)
_REFUSED_CHARACTERS = re.compile(  # tabs, CR, what the reader refuses or reads as a line break, a BOM
    "[^\x0a\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufefe\uff00-\ufffd\U00010000-\U0010ffff]"
)
_PLAIN_FIRST_REFUSED = frozenset("[]{},#&*!|>'\"%@`?:")  # flow, anchors, tags, block scalars, reserved...
_SCALAR_FIRST_SPECIAL = _PLAIN_FIRST_REFUSED | {"-"}  # quotes, and what a plain scalar may not start with


class _NotSimple(Exception):
    """The text is beyond what _from_lines reads: the events reader (or the full loader) reads it."""


def _from_lines(text: str) -> object:
    """The document of a catalog written in the plainest block YAML, read line by line: what
    `_from_events` (and `_LineLoader`) build, in about half the time again for a big catalog.
    Reads block mappings with plain keys, block sequences (indented or not) and one-line scalars:
    plain (resolved as the loader resolves them), single-quoted, or double-quoted without escapes;
    comments and blank lines anywhere, one leading `---`. Anything else (flow collections, block or
    multi-line scalars, escapes, anchors, tags, tabs, CR line ends, indentation other than a new
    block's, several documents, whatever the loader would refuse) gives _NOT_PLAIN: the events
    reader takes it from there."""
    if _REFUSED_CHARACTERS.search(text):
        return _NOT_PLAIN
    rows = _ROW.findall(text)
    if len(rows) != text.count("\n") + 1:
        return _NOT_PLAIN
    lines = [(number, len(indent), dash, key, rest) for number, (indent, dash, key, rest) in enumerate(rows, 1)
             if dash or key or (rest and rest[0] != "#")]  # fmt: skip
    marks = _DOCUMENT_MARK.findall(text)
    if marks:  # one `---` (and a comment at most) before the document's first line; no `...`
        if len(marks) > 1 or not lines or lines[0][1] or lines[0][2] or lines[0][3] or not lines[0][4].startswith("---"):
            return _NOT_PLAIN
        after = lines[0][4][3:].lstrip(" ")
        if after and after[0] != "#":
            return _NOT_PLAIN
        del lines[0]
    if not lines:
        return _NOT_PLAIN  # an empty document: the events reader says what it is
    count = len(lines)
    resolved: dict[str, object] = {}  # plain scalar -> its value (all immutable), for this document
    first_chars = _RESOLVER.yaml_implicit_resolvers  # a plain scalar starting otherwise is a str
    if None in first_chars:
        return _NOT_PLAIN

    def plain(value: str) -> object:
        found = resolved.get(value, _NOT_PLAIN)
        if found is _NOT_PLAIN:
            if value and value[0] not in first_chars:
                found = value
            else:
                tag = _RESOLVER.resolve(yaml.ScalarNode, value, (True, False))
                if tag not in _PLAIN_TAGS:
                    raise _NotSimple
                found = value if tag == _STR else _CONSTRUCTOR.yaml_constructors[tag](
                    _CONSTRUCTOR, yaml.ScalarNode(tag, value))  # fmt: skip
            resolved[value] = found
        return found

    def scalar(rest: str) -> object:
        first = rest[0]
        if first == "'" or first == '"':
            end = rest.find(first, 1)
            while first == "'" and end > 0 and rest[end + 1 : end + 2] == "'":
                end = rest.find(first, end + 2)
            if end < 0:
                raise _NotSimple  # runs on to another line
            value = rest[1:end]
            if first == "'":
                value = value.replace("''", "'")
            elif "\\" in value:
                raise _NotSimple  # escapes
            tail = rest[end + 1 :]
            if tail and not (tail[0] == " " and (not tail.strip(" ") or tail.lstrip(" ")[0] == "#")):
                raise _NotSimple
            return value
        if first in _PLAIN_FIRST_REFUSED or (first == "-" and rest[1:2] in ("", " ")):
            raise _NotSimple
        cut = rest.find(" #")
        value = (rest if cut < 0 else rest[:cut]).rstrip(" ")
        if ": " in value or value[-1] == ":":
            raise _NotSimple  # a key where a value belongs: the loader says what is wrong
        found = resolved.get(value, _NOT_PLAIN)
        return plain(value) if found is _NOT_PLAIN else found

    def block(i: int) -> tuple[object, int]:
        _, indent, dash, _, _ = lines[i]
        return sequence(i, indent) if dash else mapping(i, indent, False)

    def mapping(i: int, indent: int, item: bool) -> tuple[dict, int]:
        """The mapping at line i (item: it starts on a sequence item's line, after its `- `)."""
        made: dict = {}
        start = lines[i][0]
        get = resolved.get
        while i < count:
            _, at, dash, key, rest = lines[i]
            if item:
                item = False
            elif at != indent or dash:
                break
            if not key:
                raise _NotSimple
            found = get(key, _NOT_PLAIN)
            key = plain(key) if found is _NOT_PLAIN else found
            i += 1
            if not rest or rest[0] == "#":
                if i < count and lines[i][1] > indent:
                    value, i = block(i)
                elif i < count and lines[i][1] == indent and lines[i][2]:
                    value, i = sequence(i, indent)  # `entries:` with its items not indented
                else:
                    value = plain("")
            elif rest[0] in _SCALAR_FIRST_SPECIAL or " #" in rest or ": " in rest or rest[-1] == ":" or rest[-1] == " ":
                value = scalar(rest)
            else:  # a plain scalar with nothing after it (most values)
                value = get(rest, _NOT_PLAIN)
                if value is _NOT_PLAIN:
                    value = plain(rest)
            if i < count and lines[i][1] > indent:
                raise _NotSimple  # a scalar running on, or indentation the loader would refuse
            made[key] = value
        made[LINE_KEY] = start
        return made, i

    def sequence(i: int, indent: int) -> tuple[list, int]:
        made: list = []
        while i < count:
            _, at, dash, key, rest = lines[i]
            if at != indent or not dash:
                break  # the sequence ends (or the mapping it is not indented in goes on)
            if key:  # `- code: 1`: a mapping that starts on the item's line
                value, i = mapping(i, indent + len(dash), True)
            elif not rest or rest[0] == "#" or len(dash) == 1:
                raise _NotSimple  # an item on the next lines
            else:
                value = scalar(rest)
                i += 1
            if i < count and lines[i][1] > indent:
                raise _NotSimple
            made.append(value)
        return made, i

    try:
        document, end = block(0)
    except (_NotSimple, IndexError, TypeError, ValueError, RecursionError):
        return _NOT_PLAIN
    return document if end == count else _NOT_PLAIN
