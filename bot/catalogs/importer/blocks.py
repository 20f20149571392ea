"""What every page reader produces: the page as a flat run of blocks, in page order.

A reader (markdown, HTML, reStructuredText) turns its own syntax tree into these few shapes;
`layouts.read_blocks` then finds the error entries in them the same way for every format.
Cell and paragraph text is plain text already: links as "label (url)", inline code in
backticks, line breaks kept.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Heading:
    level: int
    text: str


@dataclass
class Paragraph:
    text: str
    quoted: bool = False  # inside a blockquote / admonition: an aside, not the entry's text


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]


@dataclass
class ListItem:
    text: str
    sub_items: list[str] = field(default_factory=list)


@dataclass
class Definition:
    term: str
    text: str


Block = Heading | Paragraph | Table | ListItem | Definition
