"""HTML -> blocks, read by selectolax (the lexbor engine).

selectolax is a maintained binding to lexbor, a spec-conformant HTML5 parser: it mends the
unclosed tags and stray markup saved documentation pages are full of, decodes entities
(`&#x9519;`), and is fast on a 2 MB page. A whole saved page (GitBook, TypeDoc, appledoc)
is cut down to its content first: navigation, scripts, headers and footers go.
"""

from __future__ import annotations

import re

from selectolax.lexbor import LexborHTMLParser, LexborNode

from bot.catalogs.importer.blocks import Block, Definition, Heading, ListItem, Paragraph, Table

_NOISE = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside", "form", "button",
    "svg", "iframe", "[role=navigation]", ".book-summary", ".navigation", ".sidebar", "#sidebar", ".toc",
    ".tsd-navigation", ".tsd-page-toolbar", ".breadcrumb",
)  # fmt: skip
_CONTENT = (
    "article", "main", "[role=main]", ".markdown-section", ".markdown-body", ".page-inner", "#content",
    ".content", ".tsd-panel-group", "#contents",
)  # fmt: skip
_BLOCK_TAGS = {"p", "div", "li", "tr", "dd", "dt", "section", "ul", "ol", "table", "pre", "h1", "h2", "h3",
               "h4", "h5", "h6", "blockquote"}  # fmt: skip
_HEADINGS = {f"h{n}": n for n in range(1, 7)}
_INTEGER = re.compile(r"^[-+]?(?:0x[0-9a-f]+|\d+)$", re.I)
MAX_DEPTH = 200  # no documentation nests deeper; past this a subtree is read as plain text


def _inline(node: LexborNode, skip: frozenset[str] = frozenset()) -> str:
    parts: list[str] = []

    def visit(n: LexborNode, depth: int = 0) -> None:
        if depth > MAX_DEPTH:
            parts.append(n.text(deep=True))
            return
        for child in n.iter(include_text=True):
            tag = child.tag
            if tag in skip:
                continue
            if tag == "-text":
                parts.append(re.sub(r"\s+", " ", child.text_content or ""))
            elif tag == "br":
                parts.append("\n")
            elif tag in ("script", "style", "img", "svg"):
                continue
            elif tag == "code" and (child.parent is None or child.parent.tag != "pre"):
                parts.append(f"`{child.text(deep=True).strip()}`")
            elif tag == "a":
                label = _inline(child)
                href = (child.attributes.get("href") or "").strip()
                if href.startswith(("http://", "https://")) and href != label:  # relative: site-only
                    parts.append(f"{label} ({href})")
                else:
                    parts.append(label)
            else:
                if tag in _BLOCK_TAGS:
                    parts.append("\n")
                visit(child, depth + 1)
                if tag in _BLOCK_TAGS:
                    parts.append("\n")

    visit(node)
    text = "".join(parts)
    lines = [line.strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()


def _rows(table: LexborNode) -> list[tuple[bool, list[str]]]:
    """(is a header row, cells) for the table's own rows, nested tables left out."""
    out = []
    for row in table.css("tr"):
        owner = row.parent
        while owner is not None and owner.tag != "table":
            owner = owner.parent
        if owner is None or owner.mem_id != table.mem_id:
            continue
        cells = [c for c in row.iter() if c.tag in ("td", "th")]
        in_head = row.parent is not None and row.parent.tag == "thead"
        out.append(
            (in_head or (bool(cells) and all(c.tag == "th" for c in cells)), [_inline(c) for c in cells])
        )
    return out


def _table(node: LexborNode) -> Table:
    rows = _rows(node)
    if not rows:
        return Table([], [])
    first_is_header, first = rows[0]
    if first_is_header or not (first and _INTEGER.match(first[0].strip("`'\" "))):
        return Table(first, [cells for _, cells in rows[1:]])
    return Table([""] * len(first), [cells for _, cells in rows])  # a table without a header row


_NESTED = frozenset({"ul", "ol", "table", "dl"})


def _list(node: LexborNode, blocks: list[Block]) -> None:
    for item in node.iter():
        if item.tag != "li":
            continue
        text = _inline(item, skip=_NESTED)  # the item's own words; nested lists are its sub-items
        subs = [_inline(li) for child in item.iter() if child.tag in ("ul", "ol") for li in child.css("li")]
        if text:
            blocks.append(ListItem(text, [s for s in subs if s]))
        for child in item.iter():
            if child.tag in ("table", "dl"):
                _walk(child, blocks, False)


def _walk(node: LexborNode, blocks: list[Block], quoted: bool, depth: int = 0) -> None:
    if depth > MAX_DEPTH:
        text = " ".join(node.text(deep=True).split())
        if text:
            blocks.append(Paragraph(text, quoted=quoted))
        return
    for child in node.iter(include_text=True):
        tag = child.tag
        if tag in _HEADINGS:
            blocks.append(Heading(_HEADINGS[tag], _inline(child)))
        elif tag == "table":
            blocks.append(_table(child))
        elif tag == "dl":
            term = None
            for part in child.iter():
                if part.tag == "dt":
                    term = _inline(part)
                elif part.tag == "dd" and term is not None:
                    blocks.append(Definition(term, _inline(part)))
                    term = None
        elif tag in ("ul", "ol"):
            _list(child, blocks)
        elif tag == "p":
            text = _inline(child)
            if text:
                blocks.append(Paragraph(text, quoted=quoted))
        elif tag == "blockquote":
            _walk(child, blocks, True, depth + 1)
        elif tag == "pre":
            continue
        elif tag == "-text":
            text = " ".join((child.text_content or "").split())
            if text:
                blocks.append(Paragraph(text, quoted=quoted))
        elif tag not in ("script", "style", "-comment"):
            _walk(child, blocks, quoted, depth + 1)


def _content_root(tree: LexborHTMLParser) -> LexborNode | None:
    for selector in _NOISE:
        for node in tree.css(selector):
            node.decompose()
    for selector in _CONTENT:
        found = tree.css_first(selector)
        if found is not None and (found.css_first("table") or found.css_first("dl") or found.css_first("h2")):
            return found
    return tree.body or tree.root


def read_html(text: str) -> list[Block]:
    """A whole page: only its content part is read."""
    tree = LexborHTMLParser(text)
    root = _content_root(tree)
    blocks: list[Block] = []
    if root is not None:
        _walk(root, blocks, False)
    return blocks


def read_fragment(text: str) -> list[Block]:
    """HTML pasted into a markdown page: read whole, nothing is navigation."""
    tree = LexborHTMLParser(text)
    root = tree.body or tree.root
    blocks: list[Block] = []
    if root is not None:
        _walk(root, blocks, False)
    return blocks
