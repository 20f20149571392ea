"""Which column of a table (or which labelled line under a heading) says what: decided here only.

The header's words decide first, in Chinese or English; where a header is ambiguous
(名称, Name, 错误信息, 类型, Value, or no known word at all) the cells decide: a column of
integers holds codes, a column of UPPER_SNAKE or CamelCase identifiers holds names.

Roles: code, name, meaning, handling, other (kept as context or handling, sentence by sentence).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

CODE, NAME, MEANING, HANDLING, OTHER = "code", "name", "meaning", "handling", "other"

# Header words, most specific first. Matching is on the header lowercased without spaces.
_CODE_WORDS = (
    "错误码", "错误代码", "错误编码", "错误号", "返回码", "状态码", "响应码", "取值", "值", "代码",
    "errorcode", "errcode", "returncode", "statuscode", "servercode", "httpstatus", "code", "value", "状态",
    "status", "state",
)  # fmt: skip
_NAME_WORDS = (
    "枚举",
    "名称",
    "错误名",
    "常量",
    "标识",
    "属性",
    "enumeration",
    "identifier",
    "constant",
    "key",
    "name",
)
_AMBIGUOUS_NAME = ("错误信息", "errormessage", "类型", "type", "名称", "name", "key", "属性")
_MEANING_WORDS = (
    "说明", "描述", "含义", "释义", "原因", "信息", "详情", "错误详情",
    "description", "meaning", "message", "reason", "cause", "detail", "explanation",
)  # fmt: skip
_HANDLING_WORDS = (
    "处理方法", "处理建议", "处理方式", "处理措施", "解决方案", "解决方法", "解决办法", "建议", "措施", "处理", "解决",
    "fix", "solution", "suggestedaction", "suggestion", "action", "handling", "howtofix", "resolution",
)  # fmt: skip
_OTHER_WORDS = ("备注", "note", "remark", "comment")

INTEGER = re.compile(r"^[-+]?(?:0x[0-9a-f]+|\d+)$", re.I)
IDENTIFIER = re.compile(r"^[A-Za-z_$][A-Za-z0-9_$.]*$")
_QUOTES = "`\"'“”‘’ "


def _key(header: str) -> str:
    return re.sub(r"[\s*_`()（）:：]+", "", header).lower()


def header_role(header: str) -> str | None:
    """The role a header's words give, or None when they give none."""
    key = _key(header)
    if not key:
        return None
    if any(w in key for w in _OTHER_WORDS):
        return OTHER
    # "Possible Cause and Solutions" is a meaning that carries its own advice
    if any(w in key for w in _MEANING_WORDS) and not key.startswith(_HANDLING_WORDS):
        return MEANING
    if any(w in key for w in _HANDLING_WORDS):
        return HANDLING
    if any(w in key for w in _NAME_WORDS):  # 错误码名称 names, 错误码 codes
        return NAME
    if any(w in key for w in _CODE_WORDS):
        return CODE
    if key in ("类型", "type"):
        return OTHER
    return None


def _bare(cell: str) -> str:
    cell = re.sub(r"\s*\((?:https?://|#)[^)]*\)$", "", cell.strip())  # "label (url)" from a link
    return cell.strip(_QUOTES)


def _share(cells: list[str], test) -> float:
    filled = [_bare(c) for c in cells if _bare(c)]
    return sum(1 for c in filled if test(c)) / len(filled) if filled else 0.0


def is_identifier(cell: str) -> bool:
    """UPPER_SNAKE, CamelCase, kPrefixed or dotted identifiers: a symbolic name, not words."""
    if not IDENTIFIER.match(cell) or INTEGER.match(cell):
        return False
    return (
        "_" in cell or "." in cell or bool(re.search(r"[a-z][A-Z]|^[A-Z][a-z]+[A-Z]", cell)) or cell.isupper()
    )


def code_kind(code_header: str) -> str:
    """The kind of the codes a column holds, from its header: 状态码 -> http_status, 状态 ->
    service_status, serverCode -> server_code, anything else error."""
    h = code_header.strip().lower().replace(" ", "")
    if "servercode" in h:
        return "server_code"
    if "状态码" in h or "statuscode" in h or "http" in h:
        return "http_status"
    if h in ("状态", "status", "state", "服务状态"):
        return "service_status"
    return "error"


def _is_status(header: str) -> bool:
    key = _key(header)
    return "http" in key or "状态码" in key or "statuscode" in key


def _upper_snake(cell: str) -> bool:
    return bool(re.fullmatch(r"[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+", cell))


def is_integer(cell: str) -> bool:
    return bool(INTEGER.match(cell))


@dataclass
class Roles:
    code: int | None
    name: int | None
    meaning: list[int]
    handling: list[int]
    other: list[int]
    header: list[str]

    @property
    def holds_codes(self) -> bool:
        return self.code is not None


def decide(header: list[str], rows: list[list[str]]) -> Roles:
    """Column roles for a table: header words first, cell contents breaking ties."""
    width = len(header)
    columns = [[row[i] if i < len(row) else "" for row in rows] for i in range(width)]
    by_header = [header_role(h) for h in header]
    roles: list[str | None] = list(by_header)
    ints = [_share(col, is_integer) for col in columns]
    idents = [_share(col, is_identifier) for col in columns]

    for i, h in enumerate(header):
        key = _key(h)
        ambiguous_name = any(key == w or key.endswith(w) for w in _AMBIGUOUS_NAME)
        if roles[i] == MEANING and key.startswith(("错误信息", "errormessage")) and idents[i] >= 0.8:
            roles[i] = NAME  # 错误信息 that holds symbolic names
        elif (roles[i] in (NAME, OTHER) or ambiguous_name) and ints[i] >= 0.8:
            roles[i] = CODE  # "Name" that holds codes
        elif (ambiguous_name or roles[i] == OTHER) and idents[i] >= 0.8:
            roles[i] = NAME
        elif (
            roles[i] == CODE
            and key in ("值", "取值", "value", "values")
            and idents[i] >= 0.8
            and any(r == CODE and j != i and ints[j] >= 0.8 for j, r in enumerate(roles))
        ):
            roles[i] = NAME  # "Value" of identifiers beside a column of numbers

    # Columns the header says nothing about: integers are codes, identifiers names, the rest words.
    for i in range(width):
        if roles[i] is None:
            if CODE not in roles and ints[i] >= 0.8:
                roles[i] = CODE
            elif NAME not in roles and idents[i] >= 0.8:
                roles[i] = NAME
            elif MEANING not in roles:
                roles[i] = MEANING
            else:
                roles[i] = OTHER

    code_cols = [i for i, r in enumerate(roles) if r == CODE]
    name_cols = [i for i, r in enumerate(roles) if r == NAME]
    # Two code columns: the one whose header says "code" most plainly wins; numbers beat identifiers.
    code = None
    if code_cols:
        # "http状态码 | 错误码": the error code beats the HTTP status beside it, which becomes context
        code = max(code_cols, key=lambda i: (by_header[i] == CODE, not _is_status(header[i]), ints[i], -i))
    name = None
    for i in name_cols:
        if name is None or idents[i] > idents[name]:
            name = i
    if (
        code is None
        and name is not None
        and by_header[name] == NAME
        and _share(columns[name], _upper_snake) >= 0.8
    ):
        # | 错误名 | 说明 | of ERR_X only: the symbolic name is the code (a parameter table is not)
        code, name = name, None
    meaning = [i for i, r in enumerate(roles) if r == MEANING]
    handling = [i for i, r in enumerate(roles) if r == HANDLING]
    other = [
        i for i, r in enumerate(roles) if i not in (code, name) and i not in meaning and i not in handling
    ]
    if not meaning and other:  # the words have to be somewhere: the first plain column means
        meaning, other = [other[0]], other[1:]
    return Roles(code, name, meaning, handling, other, header)


_LABEL_PREFIXES = ("可能的", "可能", "错误", "possible", "error", "suggested", "recommended", "detailed")


def label_role(label: str) -> str | None:
    """The role of a labelled line (**原因：**, **解决方案：**, Cause:, Solutions:): only when the
    label is a role word itself, so that "权限不足。原因包括：" stays a sentence."""
    key = _key(label)
    for prefix in _LABEL_PREFIXES:
        if key.startswith(prefix) and len(key) > len(prefix):
            key = key[len(prefix) :]
    if key.endswith("s") and key[:-1] in _ALL_WORDS:
        key = key[:-1]
    if key not in _ALL_WORDS:
        return None
    role = header_role(key)
    return role if role in (MEANING, HANDLING, OTHER) else None


_ALL_WORDS = {
    *_MEANING_WORDS,
    *_HANDLING_WORDS,
    *_OTHER_WORDS,
    "描述信息",
    "错误原因",
    "问题原因",
    "处理办法",
}
