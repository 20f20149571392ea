"""SDK sources -> entries: enums, constants and #defines with the doc comment of each member.

C, C++, Objective-C (NS_ENUM), Java, Kotlin, Swift, Dart, JavaScript and TypeScript all say
"NAME = VALUE" with a comment above (`/** … */`, `///`) or beside (`///<`, `/**< */`, `//`).
No grammar is needed to find those: the file is walked line by line, with braces counted
to know which enum or class a member belongs to, and regular expressions match only the
member lines and comments themselves. Only enums and classes whose name says they hold
errors (Error, Err, Code, Warning, Status, Result) are read when a file has others too.

A comment written in two languages (`@if English … @endif @if Chinese … @endif`) gives the
entry its text in the catalog's language and the other language as a translation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bot.catalogs.importer.layouts import labelled_parts
from bot.catalogs.importer.report import Report
from bot.catalogs.importer.text import is_success, split_advice

_VALUE = r"[-+]?\s*(?:0[xX][0-9A-Fa-f]+|\d+)[uUlL]*|'[^'\n]*'|\"[^\"\n]*\""
_ASSIGN = re.compile(
    rf"^\s*(?:case\s+)?(?P<name>[A-Za-z_$][\w$]*)\s*(?::\s*[\w<>?]+\s*)?=\s*(?P<value>{_VALUE})\s*[,;]?\s*$"
)
_CONST = re.compile(
    r"^\s*(?:@\w+\s+)*(?:(?:public|private|protected|internal|static|final|const|readonly|export|open)\s+)+"
    r"(?:(?:val|var|let|int|long|short|Integer|Long|String|NSInteger|NSUInteger|int32_t|uint32_t)\s+)?"
    rf"(?P<name>[A-Za-z_$][\w$]*)\s*(?::\s*\w+\s*)?=\s*(?P<value>{_VALUE})\s*;?\s*$"
)
_ENUM_CALL = re.compile(
    rf"^\s*(?P<name>[A-Z][A-Z0-9_]*)\s*\(\s*(?P<value>{_VALUE})\s*(?:,[^)]*)?\)\s*[,;]?\s*$"
)
_PROPERTY = re.compile(rf"^\s*['\"]?(?P<name>[A-Za-z_$][\w$]*)['\"]?\s*:\s*(?P<value>{_VALUE})\s*,?\s*$")
_BARE = re.compile(r"^\s*(?P<name>[A-Za-z_][\w]*)\s*,?\s*$")
_ANNOTATION = re.compile(rf"^\s*@JsonValue\(\s*(?P<value>{_VALUE})\s*\)\s*$")
_DEFINE = re.compile(rf"^\s*#\s*define\s+(?P<name>[A-Za-z_]\w*)\s+\(?\s*(?P<value>{_VALUE})\s*\)?\s*$")
_OPEN = re.compile(
    r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*(?:export\s+)?(?:declare\s+)?(?:public\s+|internal\s+|private\s+)?"
    r"(?:typedef\s+)?(?:"
    r"NS_(?:ENUM|ERROR_ENUM|CLOSED_ENUM|OPTIONS)\s*\(\s*\w+\s*,\s*(?P<ns>\w+)[^)]*\)"
    r"|(?:const\s+)?enum\s+(?:class\s+|struct\s+)?(?P<enum>\w+)?[^{;=]*?"
    r"|enum\b(?P<anon>)"
    r"|(?:(?:abstract|final|static|open|data|sealed|public)\s+)*(?:class|object|interface)\s+(?P<cls>\w+)[^{;]*"
    r"|(?:const|let|var)\s+(?P<obj>\w+)\s*(?::[^=]*)?=\s*(?:Object\.freeze\()?"
    r")\s*(?P<brace>\{)?\s*$"
)
_CLOSE_NAME = re.compile(r"^\s*\}\s*(?P<name>\w+)?\s*;")
ERRORISH = re.compile(r"err(?:or)?|code(?!c)|warn|fail|exception|status|result", re.I)
_CJK = re.compile(r"[\u4e00-\u9fff]")
_TAG_DROP = re.compile(
    r"^\s*(?:@(?:since|see|param|return|returns|enum|namespace|file|brief\s*$|nodoc|ingroup)\b|-\s*Since\b)",
    re.I,
)


@dataclass
class _Container:
    name: str | None
    kind: str  # enum | class
    depth: int
    next_value: int = 0
    members: list[dict] = field(default_factory=list)


def _split_comment(line: str) -> tuple[str, str | None]:
    """(code, trailing comment) with quotes respected."""
    quote = None
    i = 0
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\":
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch in "'\"`":
            quote = ch
        elif line.startswith("//", i) or line.startswith("/*", i):
            return line[:i], line[i:]
        i += 1
    return line, None


def _comment_text(raw: str) -> str:
    """One comment's words: markers and leading stars gone, tag lines dropped."""
    raw = re.sub(r"^\s*/\*+[!<]?", "", raw)
    raw = re.sub(r"\*+/\s*$", "", raw)
    lines = []
    for line in raw.split("\n"):
        line = re.sub(r"^\s*(?://[/!]?<?|\*)", "", line).rstrip()
        if _TAG_DROP.match(line):
            continue
        lines.append(line.strip())
    return "\n".join(lines).strip()


_LANG_MARKERS = (
    ("en", r"[@\\]if\s+English\b(.*?)(?:[@\\]endif|$)"),
    ("zh", r"[@\\]if\s+Chinese\b(.*?)(?:[@\\]endif|$)"),
    ("en", r"\\~english\b(.*?)(?=\\~\w+|$)"),  # Doxygen's \~english / \~chinese
    ("zh", r"\\~chinese\b(.*?)(?=\\~\w+|$)"),
    ("en", r"\[en\](.*?)(?=\[(?:cn|zh)\]|$)"),  # Huawei's [en] … [cn] …
    ("zh", r"\[(?:cn|zh)\](.*?)(?=\[en\]|$)"),
)


def _languages(doc: str) -> dict[str, str]:
    """{"zh": …, "en": …} from a comment, by its language markers or by its script."""
    found: dict[str, str] = {}
    for lang, pattern in _LANG_MARKERS:
        m = re.search(pattern, doc, re.S | re.I)
        if m and lang not in found:
            found[lang] = _flow(m.group(1))
    if not found:
        text = _flow(re.sub(r"[@\\]if\s+\w+|[@\\]endif|\\~\w*", "", doc))
        if text:
            found["zh" if _CJK.search(text) else "en"] = text
    return {k: v for k, v in found.items() if v}


def _flow(text: str) -> str:
    """Comment lines as running text; list items keep their own line."""
    out = ""
    for line in (ln.strip() for ln in text.split("\n")):
        if not line:
            continue
        if line.startswith(("- ", "* ", "• ")) and out:
            out += "\n" + line
        elif out and not out.endswith("\n"):
            out += ("" if _CJK.search(out[-1]) and _CJK.search(line[0]) else " ") + line
        else:
            out += line
    return re.sub(r"<br\s*/?>", "\n", out).strip()


def _value(raw: str) -> str:
    value = re.sub(r"\s+", "", raw)
    value = (
        re.sub(r"(?<=[0-9a-fA-F])[uUlL]+$", "", value) if re.match(r"[-+]?\d|[-+]?0[xX]", value) else value
    )
    return value.strip("'\"")


class _Reader:
    def __init__(self) -> None:
        self.stack: list[_Container] = []
        self.depth = 0
        self.awaiting: tuple[str | None, str] | None = None
        self.in_block = False
        self.block: list[str] = []
        self.doc: list[str] = []  # the comment group just above the line being read
        self.doc_is_block = False
        self.annotation: str | None = None
        self.containers: list[_Container] = []
        self.defines = _Container("#define", "define", 0)
        self.block_owner: dict | None = None
        self.last: dict | None = None

    def _last_member(self) -> dict | None:
        return self.last

    def _doc_line(self, text: str, *, block: bool) -> None:
        if block or self.doc_is_block:  # a new block comment, or line comments after one: a new group
            self.doc = []
        self.doc.append(text)
        self.doc_is_block = block

    def _member(self, container: _Container, name: str, value: str | None, trailing: str | None) -> None:
        if value is None:
            value = str(container.next_value)
        try:
            container.next_value = int(value, 0) + 1
        except ValueError:
            pass
        doc = _comment_text(trailing) if trailing else "\n".join(self.doc)
        member = {"name": name, "value": _value(value), "doc": doc}
        container.members.append(member)
        self.last = member
        self.doc, self.annotation = [], None

    def line(self, raw: str) -> None:
        if self.in_block:
            self.block.append(raw)
            if "*/" in raw:
                self.in_block = False
                text = _comment_text("\n".join(self.block))
                if self.block_owner is not None:  # a comment beside a member, over several lines
                    self.block_owner["doc"] = text
                    self.block_owner = None
                else:
                    self._doc_line(text, block=True)
            return
        code, comment = _split_comment(raw)
        stripped = code.strip()
        if not stripped:
            if comment is None:
                if not raw.strip():
                    self.doc, self.annotation = [], None  # a blank line ends what a comment was about
                return
            if comment.startswith("/*") and "*/" not in comment:
                self.in_block, self.block = True, [comment]
            elif comment.startswith("/*"):
                self._doc_line(_comment_text(comment), block=True)
            else:
                self._doc_line(_comment_text(comment), block=False)
            return
        trailing = comment if comment and re.match(r"^(?://|/\*)", comment) else None
        members = sum(len(c.members) for c in self.containers) + len(self.defines.members)
        self._code(stripped, raw, trailing)
        if trailing and trailing.startswith("/*") and "*/" not in trailing:
            # /**< [en]… continues on the next lines: it belongs to the member on this line
            added = sum(len(c.members) for c in self.containers) + len(self.defines.members) > members
            self.in_block, self.block = True, [trailing]
            self.block_owner = self._last_member() if added else None

    def _code(self, code: str, raw: str, trailing: str | None) -> None:
        current = self.stack[-1] if self.stack and self.stack[-1].depth == self.depth else None
        define = _DEFINE.match(code)
        if define:
            self._member(self.defines, define["name"], define["value"], trailing)
            return
        opener = _OPEN.match(code) if current is None or current.kind == "class" else None
        if opener and (opener["brace"] or not code.endswith((";", ","))):
            name = opener["ns"] or opener["enum"] or opener["cls"] or opener["obj"]
            kind = (
                "enum"
                if (opener["ns"] or opener["enum"] is not None or opener["anon"] is not None)
                else "class"
            )
            if opener["brace"]:
                self._open(name, kind)
            else:
                self.awaiting = (name, kind)
            self.doc = []
            return
        if self.awaiting and code.startswith("{"):
            self._open(*self.awaiting)
            self.awaiting = None
            code = code[1:].strip()
            if not code:
                return
        self.awaiting = None
        if current is not None:
            annotation = _ANNOTATION.match(code)
            if annotation:
                self.annotation = annotation["value"]
                return
            m = _ASSIGN.match(code) or _CONST.match(code) or _ENUM_CALL.match(code) or _PROPERTY.match(code)
            if m:
                self._member(current, m["name"], m["value"], trailing)
            elif current.kind == "enum" and _BARE.match(code) and not code.startswith(("return", "case")):
                self._member(current, _BARE.match(code)["name"], self.annotation, trailing)
            elif not code.startswith("@"):
                self.doc = []
        self._braces(code)

    def _open(self, name: str | None, kind: str) -> None:
        self.depth += 1
        container = _Container(name, kind, self.depth)
        self.stack.append(container)
        self.containers.append(container)
        self.doc = []

    def _braces(self, code: str) -> None:
        for ch in code:
            if ch == "{":
                self.depth += 1
            elif ch == "}":
                if self.stack and self.stack[-1].depth == self.depth:
                    closed = self.stack.pop()
                    m = _CLOSE_NAME.match(code)
                    if closed.name is None and m and m["name"]:
                        closed.name = m["name"]
                self.depth = max(0, self.depth - 1)


def read_sdk(text: str, *, language: str, report: Report) -> list[dict]:
    reader = _Reader()
    for raw in text.lstrip("\ufeff").splitlines():
        reader.line(raw)
    containers = [c for c in reader.containers if c.members]
    chosen = [c for c in containers if c.name and ERRORISH.search(c.name)]
    if not chosen:
        chosen = containers
    for c in containers:
        if c not in chosen:
            report.skip(f"{c.kind} {c.name}: {len(c.members)} members, not error codes by its name")
    defines = reader.defines
    if defines.members:
        errorish = [m for m in defines.members if ERRORISH.search(m["name"])]
        defines.members = errorish or (defines.members if not chosen else [])
        if defines.members:
            chosen.append(defines)
    entries = []
    for container in chosen:
        for member in container.members:
            entry = _entry(container.name, member, language)
            if entry is None:
                report.skip(f"{container.name}.{member['name']} = {member['value']}: no doc comment")
                continue
            entries.append(entry)
            report.drafted(entry)
    return entries


def describe(text: str) -> tuple[str, str | None, str | None]:
    """(meaning, handling, context) of a doc comment: by its labels (Description:/Cause:/Solutions:)
    where it has them, else by the words advice starts with."""
    labelled = labelled_parts(re.split(r"\n", text))
    if labelled is None:
        return split_advice(text)
    return labelled


def _entry(section: str | None, member: dict, language: str) -> dict | None:
    texts = _languages(member["doc"])
    value = member["value"]
    for lang, text in texts.items():  # "/// 101: text" repeats the code before the words
        texts[lang] = re.sub(rf"^\s*{re.escape(value)}\s*[:：]\s*", "", text)
    texts = {k: v for k, v in texts.items() if v}
    if not texts:
        return None
    own = language if language in texts else next(iter(texts))
    meaning, handling, context = describe(texts[own])
    entry = {"code": value, "kind": "error", "name": member["name"], "section": section, "meaning": meaning}
    if handling:
        entry["handling"] = handling
    if context:
        entry["context"] = context
    for lang, text in texts.items():
        if lang != own:
            m, h, c = describe(text)
            entry[lang] = {k: v for k, v in (("meaning", m), ("handling", h), ("context", c)) if v}
    if is_success(meaning):
        entry["kind"] = "success"
    return entry
