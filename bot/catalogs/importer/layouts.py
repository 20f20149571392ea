"""Find the error entries in a page's blocks, whatever format the page came in.

The layouts recognised, mixed freely in one page:

- tables with a code column (roles from `roles.decide`), the code header telling the kind:
  状态码 -> http_status, 状态 -> service_status, serverCode -> server_code;
- property tables under a heading (| code | 101 | / | desc | … | / | name | … |), one error each;
- a heading per code followed by its text, with labelled lines (**原因：** / **解决方案：**);
- bullet lists of "- `code`：text" with indented sub-items, and definition lists (code: text).

Each entry is a plain dict in catalog field order; what was passed over goes to the report.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.catalogs.importer import roles as R
from bot.catalogs.importer.blocks import Block, Definition, Heading, ListItem, Paragraph, Table
from bot.catalogs.importer.report import Report
from bot.catalogs.importer.text import (
    clean_code,
    clean_inline,
    is_advice,
    is_blank,
    is_success,
    meaning_is_instruction,
    split_advice,
)

BULLET = re.compile(r"^(?P<code>`[^`]+`[\"'`]*|\"[^\"]+\"|\*\*[-+\w.]+\*\*)\s*[：:]\s*(?P<text>.+)$", re.S)
IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DEPRECATED = re.compile(r"^\s*(?:\[deprecated\]|\(deprecated\)|【已废弃】|\[已废弃\]|已废弃)\s*", re.I)
# A heading that names one code: "1001", "-1001 Token 过期", "`ERR_X`", "ERR_X (101)", "错误码 1001".
CODE_HEADING = re.compile(
    r"^(?:(?:错误码|error\s*code|code)\s*[:：]?\s*)?(?P<code>[-+]?(?:0x[0-9A-Fa-f]+|\d{2,})|`[^`]+`)"
    r"(?:\s*[:：\-–—]\s*|\s+|$)(?P<title>.*)$",
    re.I,
)
NUMBERED_TEXT = re.compile(r"^(?P<code>[-+]?\d+)\s*[:：]\s*(?P<text>\S.*)$", re.S)
LABEL = re.compile(r"^\s*(?:\*\*)?(?P<label>[^*:：\n]{1,24}?)\s*[:：]\s*(?:\*\*)?\s*(?P<text>.*)$", re.S)
# Headings that say how a table is laid out, not what it is about: the heading above them names it.
GENERIC_HEADINGS = {"枚举值", "成员", "成员变量", "members", "enumeration values", "enum values", "values"}


def _entry(code: str, kind: str, name: str | None, section: str | None, meaning: str, **more) -> dict:
    entry = {"code": code, "kind": kind, "name": name, "section": section, "meaning": meaning}
    entry.update({k: v for k, v in more.items() if v})
    return entry


def _success_kind(kind: str, meaning: str) -> str:
    if kind == "error" and is_success(meaning):
        return "success"
    return kind


@dataclass
class _Walk:
    report: Report
    language: str = "zh"
    headings: dict[int, str] = field(default_factory=dict)  # level -> title
    title_level: int | None = None  # the page title's level, when the page has one
    entries: list[dict] = field(default_factory=list)
    pending: tuple[str, int] | None = None  # the heading that may head one error, and its level
    under: list[Block] = field(default_factory=list)  # what came under it so far

    def set_heading(self, level: int, title: str) -> None:
        for deeper in [lv for lv in self.headings if lv >= level]:
            del self.headings[deeper]
        self.headings[level] = title

    def section(self, below: int = 7) -> str | None:
        """The nearest meaningful heading above: not the page title, not "枚举值"."""
        levels = sorted((lv for lv in self.headings if lv < below and lv != self.title_level), reverse=True)
        for level in levels:
            if self.headings[level].strip().lower() not in GENERIC_HEADINGS:
                return self.headings[level]
        return None

    def add(self, entry: dict) -> None:
        self.entries.append(entry)
        self.report.drafted(entry)


def _title_level(blocks: list[Block]) -> int | None:
    """A page title: the first heading, when it is the only one at its level and the top one."""
    headings = [b for b in blocks if isinstance(b, Heading)]
    if not headings:
        return None
    top = min(h.level for h in headings)
    first = headings[0]
    if first.level == top and sum(1 for h in headings if h.level == top) == 1:
        return top
    return None


# --- tables -------------------------------------------------------------------------------


def _is_property_table(rows: list[list[str]]) -> bool:
    keys = {row[0].strip().lower() for row in rows if row}
    return "code" in keys and bool(keys & {"desc", "name", "message"})


def _code_table(walk: _Walk, table: Table) -> None:
    roles = R.decide(table.header, table.rows)
    section = walk.section()
    where = " | ".join(h for h in table.header if h) or "(no header)"
    if not roles.holds_codes:
        walk.report.skip(f"table “{where}”{_under(section)}: holds no codes")
        return
    kind = R.code_kind(table.header[roles.code])
    has_handling = bool(roles.handling)
    for number, row in enumerate(table.rows, 1):

        def cell(i: int | None, row: list[str] = row) -> str:
            return row[i] if i is not None and i < len(row) else ""

        code = clean_code(cell(roles.code))
        if is_blank(code):
            if any(not is_blank(c) for c in row):
                walk.report.skip(f"table “{where}”{_under(section)}, row {number}: no code")
            continue
        texts = [cell(i) for i in roles.meaning if not is_blank(cell(i))]
        handling_cells = [cell(i) for i in roles.handling if not is_blank(cell(i))]
        other = [(table.header[i], cell(i)) for i in roles.other if not is_blank(cell(i))]
        other += [("", c) for c in row[len(table.header) :] if not is_blank(c)]  # cells past the header
        name = clean_code(cell(roles.name)) if roles.name is not None else None
        name = None if is_blank(name or "") else name
        note = None
        if name and DEPRECATED.match(name):  # "[deprecated] kWarningCodeGetRoomFailed"
            name, note = DEPRECATED.sub("", name).strip(), "The document marks this entry deprecated."
        if not texts:
            if handling_cells:  # advice only: that is what the page says it means
                texts, handling_cells = handling_cells[:1], handling_cells[1:]
            else:
                walk.report.skip(f"table “{where}”{_under(section)}, code {code}: no text")
                continue
        translation = None
        if len(texts) > 1:  # | Code | Error Message | 说明 |: one column per language
            texts, translation = _by_language(texts, walk.language)
        context_parts: list[str] = list(texts[1:])  # a second meaning column (可能原因) tells why
        handling_parts: list[str] = list(handling_cells)
        if has_handling or other:
            meaning = texts[0]  # the page has its own advice or remark column: its 说明 is the meaning
            if meaning_is_instruction(meaning):
                note = f"The document's 说明 column gives an instruction (“{meaning}”) where the meaning belongs."
        else:
            meaning, handling, context = split_advice(texts[0])
            handling_parts[:0] = [handling] if handling else []
            context_parts[:0] = [context] if context else []
        for header, value in other:
            labelled = value if len(other) == 1 or not header else f"{header}：{value}"
            (handling_parts if is_advice(value) and not has_handling else context_parts).append(labelled)
        walk.add(
            _entry(
                code,
                _success_kind(kind, meaning),
                name,
                section,
                meaning,
                handling="\n".join(handling_parts) or None,
                context="\n".join(context_parts) or None,
                note=note,
                **({"en" if walk.language == "zh" else "zh": translation} if translation else {}),
            )
        )


_CJK = re.compile(r"[\u4e00-\u9fff]")


def _by_language(texts: list[str], language: str) -> tuple[list[str], dict | None]:
    """Meaning columns in two languages: the catalog's language leads, the other is its translation."""
    own = [t for t in texts if bool(_CJK.search(t)) == (language == "zh")]
    other = [t for t in texts if t not in own]
    if not own or not other:
        return texts, None
    meaning, handling, context = split_advice(other[0])
    translation = {k: v for k, v in (("meaning", meaning), ("handling", handling), ("context", context)) if v}
    return own + other[1:], translation


def _under(section: str | None) -> str:
    return f" under {section}" if section else ""


def _property_entry(walk: _Walk, title: str, level: int, paragraph: list[str], table: Table) -> None:
    header, rows = table.header, table.rows
    value_col = len(header) - 1  # | 属性 | 类型 | 说明 |: the column the header says holds the values
    for i, h in enumerate(header):
        if i and R.header_role(h) in (R.MEANING, R.CODE):
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
        walk.report.skip(f"property table under {title}: no code row")
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
    walk.add(
        _entry(
            code,
            "error",
            name,
            walk.section(below=level),
            meaning,
            handling=handling,
            context="\n".join(p for p in context_parts if p) or None,
            note=note,
        )
    )


# --- headings, bullets, definitions ---------------------------------------------------------


def labelled_parts(texts: list[str]) -> tuple[str, str | None, str | None] | None:
    """(meaning, handling, context) of lines labelled 原因：/解决方案：/Description:/Solutions:,
    or None when no line has such a label. The first meaning-like group is the meaning; a second
    one (Cause after Description) and remarks are context."""
    groups: list[tuple[str, list[str]]] = []
    labelled = False
    for text in (t for t in texts if t.strip()):
        label = LABEL.match(text)
        role = R.label_role(label["label"]) if label else None
        if (
            not role
            and labelled
            and label
            and re.fullmatch(r"[A-Za-z]+|[\u4e00-\u9fff]{2,6}", label["label"].strip())
        ):
            role = R.OTHER  # an unknown one-word label inside a labelled block ("Caution:") is a remark
        if role:
            labelled = True
            groups.append((role, [label["text"].strip()] if label["text"].strip() else []))
        elif groups:
            groups[-1][1].append(text.strip())
        else:
            groups.append((R.MEANING, [text.strip()]))
    if not labelled:
        return None
    meaning, handling, context = "", [], []
    for role, lines in groups:
        text = _plain("\n".join(lines))
        if not text:
            continue
        if role == R.MEANING and not meaning:
            meaning = text
        elif role == R.HANDLING:
            handling.append(text)
        else:
            context.append(text)
    return meaning, "\n".join(handling) or None, "\n".join(context) or None


def _plain(text: str) -> str:
    return text.replace("**", "").strip()


def _heading_entry(walk: _Walk) -> None:
    """Close the pending heading: an entry when it names a code and has text under it."""
    if walk.pending is None:
        return
    title, level = walk.pending
    walk.pending, under = None, walk.under
    walk.under = []
    texts = [
        b.text for b in under if isinstance(b, (Paragraph, ListItem)) and not getattr(b, "quoted", False)
    ]
    if not texts:
        return
    m = CODE_HEADING.match(title)
    numbered = NUMBERED_TEXT.match(texts[0])
    if not m and numbered and IDENTIFIER.match(title):
        # appledoc / Doxygen member pages: "### AgoraErrorCodeTimedOut" then "10: The API call timed out."
        code, name, title = numbered["code"], title, ""
        texts = [numbered["text"], *texts[1:]]
    elif m:
        code = clean_code(m["code"])
        title = m["title"].strip()
        name = title if IDENTIFIER.match(title or "-") else None
    else:
        return
    words = title if title and not name else ""  # "### 1001 Token 过期": the heading says what it is
    labelled = labelled_parts(texts)
    if labelled is None:
        meaning, handling, context = split_advice(_plain(" ".join(texts)))
    else:
        meaning, handling, context = labelled
    if words and words != meaning:
        context = "\n".join(p for p in (meaning, context) if p) or None
        meaning = words
    if not meaning:
        return
    walk.add(
        _entry(code, _success_kind("error", meaning), name, walk.section(below=level), meaning,
               handling=handling, context=context)
    )  # fmt: skip


def _bullet(walk: _Walk, item: ListItem) -> bool:
    m = BULLET.match(item.text.strip())
    if not m:
        return False
    code = clean_code(m.group("code").strip("*"))
    if not code or re.search(r"[\u4e00-\u9fff]", code) and m.group("code").startswith("**"):
        return False  # **注意**：… is a remark, not a code
    meaning, handling, context = split_advice(m.group("text").strip())
    if item.sub_items:
        listing = "\n".join(f"- {sub}" for sub in item.sub_items)
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
    walk.add(_entry(code, "error", None, walk.section(), meaning, handling=handling, context=context))
    return True


def _definition(walk: _Walk, item: Definition) -> None:
    code = clean_code(item.term)
    if not code or not (R.is_integer(code) or R.is_identifier(code)) or not item.text.strip():
        return
    meaning, handling, context = split_advice(item.text.strip())
    walk.add(_entry(code, _success_kind("error", meaning), None, walk.section(), meaning,
                    handling=handling, context=context))  # fmt: skip


def read_blocks(blocks: list[Block], report: Report, language: str = "zh") -> list[dict]:
    """Every entry the blocks hold, in page order, as dicts with catalog fields."""
    walk = _Walk(report, language, title_level=_title_level(blocks))
    for block in blocks:
        if isinstance(block, Heading):
            _heading_entry(walk)
            walk.set_heading(block.level, block.text)
            walk.pending, walk.under = (block.text, block.level), []
        elif isinstance(block, Table):
            if _is_property_table(block.rows):
                if walk.pending:
                    paragraph = [b.text for b in walk.under if isinstance(b, Paragraph) and not b.quoted]
                    _property_entry(walk, walk.pending[0], walk.pending[1], paragraph, block)
                else:
                    report.skip("property table without a heading above it")
            elif block.header:
                _heading_entry(walk)
                _code_table(walk, block)
            walk.pending, walk.under = None, []
        elif isinstance(block, ListItem):
            if not _bullet(walk, block) and walk.pending:
                walk.under.append(block)
        elif isinstance(block, Definition):
            _definition(walk, block)
        elif isinstance(block, Paragraph) and walk.pending:
            walk.under.append(block)
    _heading_entry(walk)
    return walk.entries
