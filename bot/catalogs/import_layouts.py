"""Read the error entries out of a vendor's markdown page, whatever its layout.

Three layouts are recognised from the text itself, and may be mixed in one page:

- pipe tables whose first column is a code (`| 错误码 | 说明 | 处理方法 |`), the header
  telling the kind: 状态码 -> http_status, 状态 -> service_status, serverCode -> server_code;
- bullet lists of "- `code`：text", with indented sub-items;
- one heading per error followed by a sentence and a property table (code / desc / name).

Each entry comes out as a plain dict in catalog field order; nothing here writes files.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.catalogs.import_text import (
    clean_code,
    clean_heading,
    clean_inline,
    is_advice,
    meaning_is_instruction,
    split_advice,
)

HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
TABLE_ROW = re.compile(r"^\s*\|.*\|\s*$")
TABLE_RULE = re.compile(r"^\s*\|?\s*:?-+:?\s*(\|\s*:?-+:?\s*)*\|?\s*$")
CELL_SPLIT = re.compile(r"(?<!\\)\|")
BULLET = re.compile(r"^[-*+]\s+(?P<code>(?:`[^`]+`|\"[^\"]+\")[\"'`]*)\s*[：:]\s*(?P<text>.*)$")
SUB_ITEM = re.compile(r"^\s+[-*+]\s+(?P<text>.*)$")
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")

# Third-column headers that are advice by definition; other extra columns are sorted sentence by sentence.
HANDLING_HEADERS = ("处理", "解决", "建议", "handling", "solution", "action")
SUCCESS_WORDS = {"成功", "success", "ok"}


@dataclass
class _Page:
    lines: list[str]
    headings: dict[int, str] = field(default_factory=dict)  # level -> title
    entries: list[dict] = field(default_factory=list)

    def set_heading(self, level: int, title: str) -> None:
        for deeper in [lv for lv in self.headings if lv >= level]:
            del self.headings[deeper]
        self.headings[level] = title

    def section(self, below: int = 7) -> str | None:
        """The nearest heading above, ignoring the page title (level 1) and levels >= `below`."""
        levels = [lv for lv in self.headings if 2 <= lv < below]
        return self.headings[max(levels)] if levels else None


def _cells(row: str) -> list[str]:
    row = row.strip()
    row = row[1:] if row.startswith("|") else row
    row = row[:-1] if row.endswith("|") else row
    return [cell.strip().replace("\\|", "|") for cell in CELL_SPLIT.split(row)]


def _read_table(lines: list[str], start: int) -> tuple[list[str], list[list[str]], int]:
    header = _cells(lines[start])
    i = start + 2
    rows = []
    while i < len(lines) and TABLE_ROW.match(lines[i]):
        rows.append(_cells(lines[i]))
        i += 1
    return header, rows, i


def _table_kind(first_header: str) -> str:
    h = first_header.strip().lower().replace(" ", "")
    if "servercode" in h:
        return "server_code"
    if "状态码" in h or "statuscode" in h or "http" in h:
        return "http_status"
    if h in ("状态", "status", "state", "服务状态"):
        return "service_status"
    return "error"


def _is_property_table(rows: list[list[str]]) -> bool:
    keys = {row[0].strip().lower() for row in rows if row}
    return "code" in keys and bool(keys & {"desc", "name", "message"})


def _entry(code: str, kind: str, name: str | None, section: str | None, meaning: str, **more) -> dict:
    entry = {"code": code, "kind": kind, "name": name, "section": section, "meaning": meaning}
    entry.update({k: v for k, v in more.items() if v})
    return entry


def _code_table(page: _Page, header: list[str], rows: list[list[str]]) -> None:
    kind = _table_kind(header[0])
    extra_header = header[2].lower() if len(header) > 2 else ""
    extra_is_handling = any(word in extra_header for word in HANDLING_HEADERS)
    section = page.section()
    for row in rows:
        if len(row) < 2:
            continue
        code = clean_code(row[0])
        text = clean_inline(row[1])
        if not code or not text:
            continue
        extra = clean_inline(row[2]) if len(row) > 2 else ""
        handling = context = note = None
        if len(header) > 2:  # the page has its own advice column: its 说明 is the meaning, whole
            meaning = text
            if extra:
                if extra_is_handling or is_advice(extra):
                    handling = extra
                else:
                    context = extra
            if meaning_is_instruction(meaning):
                note = f"The document's 说明 column gives an instruction (“{meaning}”) where the meaning belongs."
        else:
            meaning, handling, context = split_advice(text)
        entry_kind = kind
        if kind == "error" and meaning.strip("。. ").lower() in SUCCESS_WORDS:
            entry_kind = "success"
        page.entries.append(
            _entry(code, entry_kind, None, section, meaning, handling=handling, context=context, note=note)
        )


def _property_entry(
    page: _Page, title: str, level: int, paragraph: list[str], header: list[str], rows
) -> None:
    value_col = len(header) - 1
    for i, h in enumerate(header):
        if h.strip() in ("说明", "描述", "description", "value", "值"):
            value_col = i
    props: dict[str, str] = {}
    extras: list[str] = []
    for row in rows:
        if len(row) <= value_col or not row[0].strip():
            continue
        key, value = row[0].strip(), clean_inline(row[value_col])
        if key.lower() in ("code", "desc", "message", "name"):
            props[key.lower()] = value
        else:
            kind_col = f" ({row[1].strip()})" if value_col > 1 and row[1].strip() else ""
            extras.append(f"{key}{kind_col}: {value}")
    code = clean_code(props.get("code", ""))
    desc = props.get("desc") or props.get("message") or ""
    row_name = props.get("name") or None
    if not code:
        return
    note = None
    name = row_name or title
    if row_name and row_name != title:
        if IDENTIFIER.match(row_name):
            note = f"The document's heading calls this error {title}; its name row gives {row_name}."
        else:
            # the name row holds words, not a name: the page has mixed up its cells
            name = title
            note = (
                f"The document's table under the heading {title} gives desc “{desc}” and name “{row_name}”: "
                "desc and name look swapped; name is taken from the heading, meaning from the name row."
            )
            desc = row_name
    meaning, handling, extra_context = split_advice(desc) if desc else (title, None, None)
    sentence = clean_inline(" ".join(paragraph))
    # the sentence under the heading often repeats desc word for word: once is enough
    context_parts = [sentence] if sentence and sentence != desc else []
    if extra_context:
        context_parts.append(extra_context)
    if extras:
        context_parts.append("错误对象另含属性：" + "；".join(extras))
    page.entries.append(
        _entry(
            code,
            "error",
            name,
            page.section(below=level),
            meaning,
            handling=handling,
            context="\n".join(p for p in context_parts if p) or None,
            note=note,
        )
    )


def _bullet(page: _Page, match: re.Match[str], sub_items: list[str]) -> None:
    code = clean_code(match.group("code"))
    text = clean_inline(match.group("text"))
    meaning, handling, context = split_advice(text)
    if sub_items:
        listing = "\n".join(f"- {clean_inline(item)}" for item in sub_items)
        handling_parts = [handling] if handling else []
        # a trailing "…以下几种情况：" clause introduces the list: it goes with it
        intro = re.search(r"[，,]\s*([^，,]*[：:])$", meaning)
        if intro:
            meaning = meaning[: intro.start()].strip()
            handling_parts.append(intro.group(1))
        elif context and context.endswith(("：", ":")):
            handling_parts.append(context)
            context = None
        handling_parts.append(listing)
        handling = "\n".join(handling_parts)
    page.entries.append(
        _entry(code, "error", None, page.section(), meaning, handling=handling, context=context)
    )


def parse_page(text: str) -> list[dict]:
    """Every entry the page lists, in page order, as dicts with catalog fields (None where absent)."""
    page = _Page(text.splitlines())
    lines = page.lines
    pending: tuple[str, int] | None = None  # the heading that may head one error, and its level
    paragraph: list[str] = []
    in_fence = False
    i = 0
    while i < len(lines):
        line = lines[i]
        if line.strip().startswith("```"):
            in_fence = not in_fence
            i += 1
            continue
        if in_fence:
            i += 1
            continue
        heading = HEADING.match(line)
        if heading:
            level, title = len(heading.group(1)), clean_heading(heading.group(2))
            page.set_heading(level, title)
            pending, paragraph = (title, level), []
            i += 1
            continue
        if TABLE_ROW.match(line) and i + 1 < len(lines) and TABLE_RULE.match(lines[i + 1]):
            header, rows, i = _read_table(lines, i)
            if _is_property_table(rows):
                if pending:
                    _property_entry(page, pending[0], pending[1], paragraph, header, rows)
            elif header:
                _code_table(page, header, rows)
            pending, paragraph = None, []
            continue
        bullet = BULLET.match(line)
        if bullet:
            i += 1
            sub_items: list[str] = []
            while i < len(lines):
                sub = SUB_ITEM.match(lines[i])
                if sub:
                    sub_items.append(sub.group("text"))
                elif lines[i].strip() and lines[i][0].isspace():  # a wrapped sub-item line
                    if sub_items:
                        sub_items[-1] += " " + lines[i].strip()
                elif lines[i].strip():
                    break
                i += 1
            _bullet(page, bullet, sub_items)
            continue
        if pending and line.strip() and not line.lstrip().startswith(">"):
            paragraph.append(line.strip())
        i += 1
    return page.entries
