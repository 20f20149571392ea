"""reStructuredText pages -> blocks, read by docutils.

docutils is the reference reStructuredText implementation (Sphinx builds on it): grid tables,
simple tables and the list-table directive all come out as the same table nodes, sections
carry their depth, and definition lists stay definition lists. Nothing the page asks for
runs: file inclusion and raw passthrough are off, and its messages go nowhere.
"""

from __future__ import annotations

import io

from docutils import nodes
from docutils.core import publish_doctree

from bot.catalogs.importer.blocks import Block, Definition, Heading, ListItem, Paragraph, Table

_SETTINGS = {
    "report_level": 5,
    "halt_level": 5,
    "warning_stream": io.StringIO(),
    "file_insertion_enabled": False,
    "raw_enabled": False,
    "input_encoding": "unicode",
}


def _text(node: nodes.Node) -> str:
    """A node as plain text: literals in backticks, references as "label (url)"."""
    parts: list[str] = []
    for child in node.children if isinstance(node, nodes.Element) else [node]:
        if isinstance(child, nodes.literal):
            parts.append(f"`{child.astext()}`")
        elif isinstance(child, nodes.reference):
            label, uri = child.astext(), child.get("refuri", "")
            parts.append(f"{label} ({uri})" if uri and uri != label and not uri.startswith("#") else label)
        elif isinstance(child, nodes.Text):
            parts.append(str(child))
        elif isinstance(child, nodes.Element) and child.tagname in ("paragraph", "line"):
            parts.append(_text(child) + "\n")
        elif isinstance(child, (nodes.bullet_list, nodes.enumerated_list)):
            parts.append("\n".join(f"- {_text(item)}" for item in child.children) + "\n")
        elif isinstance(child, nodes.system_message):
            continue
        elif isinstance(child, nodes.Element):
            parts.append(_text(child))
    lines = [" ".join(line.split()) for line in "".join(parts).split("\n")]
    return "\n".join(line for line in lines if line)


def _table(node: nodes.table) -> Table:
    header: list[str] = []
    rows: list[list[str]] = []
    for group in node.findall(nodes.tgroup):
        for part in group.children:
            if isinstance(part, nodes.thead):
                header = [_text(e) for e in part.children[0].children] if part.children else []
            elif isinstance(part, nodes.tbody):
                rows += [[_text(e) for e in row.children] for row in part.children]
        break
    if not header and rows:
        header, rows = [""] * len(rows[0]), rows
    return Table(header, rows)


def _walk(node: nodes.Element, blocks: list[Block], depth: int, quoted: bool) -> None:
    for child in node.children:
        if isinstance(child, nodes.section):
            title = child.next_node(nodes.title)
            if title is not None:
                blocks.append(Heading(depth, _text(title)))
            _walk(child, blocks, depth + 1, quoted)
        elif isinstance(child, nodes.title) and isinstance(node, nodes.document):
            blocks.append(Heading(1, _text(child)))
        elif isinstance(child, nodes.title):
            continue
        elif isinstance(child, nodes.table):
            blocks.append(_table(child))
        elif isinstance(child, (nodes.bullet_list, nodes.enumerated_list)):
            for item in child.children:
                first = item.next_node(nodes.paragraph)
                subs = [_text(p) for lst in item.findall(nodes.bullet_list) if lst is not child
                        for p in lst.children]  # fmt: skip
                if first is not None:
                    blocks.append(ListItem(_text(first), subs))
                for inner in item.findall(nodes.table):
                    blocks.append(_table(inner))
        elif isinstance(child, nodes.definition_list):
            for item in child.children:
                term = item.next_node(nodes.term)
                definition = item.next_node(nodes.definition)
                if term is not None and definition is not None:
                    blocks.append(Definition(_text(term), _text(definition)))
        elif isinstance(child, nodes.paragraph):
            blocks.append(Paragraph(_text(child), quoted=quoted))
        elif isinstance(child, (nodes.Admonition, nodes.block_quote)):
            _walk(child, blocks, depth, True)
        elif isinstance(child, (nodes.literal_block, nodes.comment, nodes.system_message)):
            continue
        elif isinstance(child, nodes.Element):
            _walk(child, blocks, depth, quoted)


def read_rst(text: str) -> list[Block]:
    document = publish_doctree(text, settings_overrides=dict(_SETTINGS, warning_stream=io.StringIO()))
    blocks: list[Block] = []
    _walk(document, blocks, 2 if document.next_node(nodes.title) is not None else 1, False)
    return blocks
