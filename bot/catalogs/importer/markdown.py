"""Markdown and MDX pages -> blocks, read by markdown-it-py.

markdown-it-py is the maintained CommonMark parser (the executablebooks port of markdown-it)
with the GFM table rule built in: it reads tables without outer pipes, escaped pipes, inline
HTML and tables nested in list items exactly as a renderer would, which line regexes never
did. Its front-matter plugin (mdit-py-plugins) keeps a page's YAML header out of the text.
Raw HTML blocks (vendors paste `<table>`s into markdown) go to the HTML reader.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode
from mdit_py_plugins.front_matter import front_matter_plugin

from bot.catalogs.importer import html as html_reader
from bot.catalogs.importer.blocks import Block, Heading, ListItem, Paragraph, Table

_BR = re.compile(r"^<br\s*/?>$", re.I)
# MDX: import/export lines and lines that are only JSX tags (<Tabs>, </TabItem>) are code, not
# text; blanked, so that the markdown between them is read as markdown.
_MDX_LINE = re.compile(r"^(?:(?:import|export)\s.*|\s*</?[A-Z][\w.]*(?:\s[^<>]*)?/?>\s*)$", re.M)


def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": True}).enable("table").use(front_matter_plugin)


_TAG_NAME = re.compile(r"^<\s*(/?)\s*([A-Za-z][\w.]*)")


def _inline_tag(tag: str) -> str:
    """What an inline HTML tag in a cell stands for: a line break, a list item, or nothing."""
    m = _TAG_NAME.match(tag)
    if not m:
        return ""
    closing, name = m.group(1), m.group(2).lower()
    if name == "br":
        return "\n"
    if name == "li" and not closing:
        return "\n- "
    if name in ("li", "ul", "ol", "p", "div") or (name == "p" and not closing):
        return "\n"
    return ""


def inline_text(node: SyntaxTreeNode, *, strong: bool = False) -> str:
    """An inline run as plain text: `code` kept in backticks, links as "label (url)", <br> as a newline."""
    parts: list[str] = []
    for child in node.children:
        kind = child.type
        if kind == "text":
            parts.append(child.content)
        elif kind == "code_inline":
            parts.append(f"`{child.content}`")
        elif kind == "softbreak":
            parts.append(" ")
        elif kind == "hardbreak":
            parts.append("\n")
        elif kind == "html_inline":
            parts.append(_inline_tag(child.content.strip()))
        elif kind == "link":
            label = inline_text(child, strong=strong)
            href = str(child.attrs.get("href", ""))
            # a relative target ("Windows-callback#x") means nothing outside the vendor's site
            absolute = href.startswith(("http://", "https://"))
            parts.append(f"{label} ({href})" if absolute and href != label else label)
        elif kind == "image":
            continue
        elif kind == "strong":
            inner = inline_text(child, strong=strong)
            parts.append(f"**{inner}**" if strong else inner)
        else:
            parts.append(inline_text(child, strong=strong) if child.children else child.content)
    text = re.sub(r"[ \t]{2,}", " ", "".join(parts))  # a dropped component leaves two spaces
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _cells(row: SyntaxTreeNode) -> list[str]:
    return [inline_text(cell.children[0]) if cell.children else "" for cell in row.children]


_PIPE = re.compile(r"(?<!\\)\|")


def _extra_cells(line: str, width: int) -> list[str]:
    """Cells beyond the header's width: GFM drops them, but the page said them."""
    row = line.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") and not row.endswith("\\|") else row
    cells = [c.strip() for c in _PIPE.split(row)]
    extra = [c for c in cells[width:] if c]
    if not extra:
        return []
    parser = _parser()
    return [inline_text(SyntaxTreeNode(parser.parseInline(c)).children[0]) for c in extra]


def _table(node: SyntaxTreeNode, lines: list[str]) -> Table:
    header: list[str] = []
    rows: list[list[str]] = []
    for part in node.children:
        if part.type == "thead" and part.children:
            header = _cells(part.children[0])
        elif part.type == "tbody":
            for row in part.children:
                cells = _cells(row)
                if row.map and row.map[0] < len(lines):
                    cells += _extra_cells(lines[row.map[0]], len(header) or len(cells))
                rows.append(cells)
    return Table(header, rows)


def _list_item_texts(node: SyntaxTreeNode) -> list[str]:
    """Every item of a nested list, deeper levels flattened in order."""
    out: list[str] = []
    for item in node.children:
        for child in item.children:
            if child.type == "paragraph":
                out.append(inline_text(child.children[0]))
            elif child.type in ("bullet_list", "ordered_list"):
                out += _list_item_texts(child)
    return out


class _Walker:
    def __init__(self, lines: list[str]) -> None:
        self.lines = lines
        self.blocks: list[Block] = []
        self._html: list[str] = []

    def flush_html(self) -> None:
        if self._html:
            self.blocks += html_reader.read_fragment("\n".join(self._html))
            self._html = []

    def walk(self, nodes: list[SyntaxTreeNode], quoted: bool = False) -> None:
        for child in nodes:
            kind = child.type
            if kind == "html_block":
                self._html.append(child.content)
                continue
            self.flush_html()
            if kind == "heading":
                self.blocks.append(Heading(int(child.tag[1]), inline_text(child.children[0])))
            elif kind == "paragraph":
                self.blocks.append(Paragraph(inline_text(child.children[0], strong=True), quoted=quoted))
            elif kind == "table":
                self.blocks.append(_table(child, self.lines))
            elif kind in ("bullet_list", "ordered_list"):
                self._list(child, quoted)
            elif kind == "blockquote":
                self.walk(child.children, quoted=True)
            elif kind in ("fence", "code_block", "front_matter", "hr"):
                continue
            elif child.children:
                self.walk(child.children, quoted)
        self.flush_html()

    def _list(self, node: SyntaxTreeNode, quoted: bool) -> None:
        for item in node.children:
            text, subs, rest = None, [], []
            for child in item.children:
                if child.type == "paragraph" and text is None:
                    text = inline_text(child.children[0], strong=True)
                elif child.type in ("bullet_list", "ordered_list"):
                    subs += _list_item_texts(child)
                else:
                    rest.append(child)
            if text is not None:
                self.blocks.append(ListItem(text, subs))
            self.walk(rest, quoted)  # tables and paragraphs inside the item come after it


def read_markdown(text: str, *, mdx: bool = False) -> list[Block]:
    if mdx:
        text = _MDX_LINE.sub("", text)
    tree = SyntaxTreeNode(_parser().parse(text))
    walker = _Walker(text.splitlines())
    walker.walk(tree.children)
    return walker.blocks
