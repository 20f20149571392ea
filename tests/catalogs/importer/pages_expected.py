"""What each real page of tests/fixtures/import_pages holds, read independently of the importer.

Every page gets its own small reading, written for that page's layout alone (line regexes,
a row regex over the HTML), so that a slip in the importer cannot hide in a shared parser.
`score(page, drafted)` then checks each expected entry against what the importer drafted:
the code and name exactly, the meaning and handling by their words.

An entry whose page gives one description (no handling column) is right when the meaning
starts that description and meaning, handling and context together hold exactly its words:
how the importer splits advice off is its own business, losing or inventing words is not.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path

PAGES = Path(__file__).parents[2] / "fixtures" / "import_pages"
BLANK = {"", "-", "—", "无", "无。", "N/A", "n/a", "None", "/"}


@dataclass(frozen=True)
class Expected:
    code: str
    name: str | None
    meaning: str | None = None  # the page's own meaning column, whole
    handling: str | None = None  # the page's own handling column, whole (None: the page gives none)
    full: str | None = None  # or: one description holding meaning and perhaps advice
    context: str | None = None
    en_full: str | None = None  # the English of a bilingual comment


def words(text: str | None) -> str:
    """Text reduced to its words: no markup, link targets, spaces or punctuation."""
    text = text or ""
    text = re.sub(r"<br\s*/?>", " ", text)
    text = re.sub(r"\[([^\]]*)\]\([^)]*\)", r"\1", text)  # markdown link -> label
    text = re.sub(r"\((?:https?://|#)[^)\s]*\)", "", text)  # "label (url)" -> label
    text = re.sub(r"https?://\S+", "", text)
    text = re.sub(r"<[^>]+>", "", text)
    return re.sub(r"[\s`\"'“”‘’\[\]()（）。，,.；;：:、!！?？*_\-—]", "", text)


def _cell(text: str) -> str | None:
    text = text.strip()
    return None if text in BLANK else text


def _read(name: str) -> str:
    return (PAGES / name).read_text(encoding="utf-8-sig")


# --- markdown pages -------------------------------------------------------------------------


def volcengine_windows() -> list[Expected]:
    row = re.compile(r"^\| (?:\[deprecated\] )?(\w+) \| (-?\d+) \| (.*) \|$")
    out = []
    for line in _read("volcengine-windows-errorcode.md").splitlines():
        m = row.match(line)
        if m:
            out.append(Expected(m[2], m[1], full=m[3]))
    return out


def volcengine_web() -> list[Expected]:
    row = re.compile(r"^  \| (\w+) \| `'?([^`']*)'?` \| (.*) \|$")
    return [
        Expected(m[2], m[1], full=m[3])
        for m in map(row.match, _read("volcengine-web-errorcode.md").splitlines())
        if m
    ]


def zego_im() -> list[Expected]:
    row = re.compile(r"^\| (\d+) \|([^|]*)\|([^|]*)\|([^|]*)\|")
    out = []
    for m in map(row.match, _read("zego-im-errorcodes-zh.md").splitlines()):
        if m:
            out.append(Expected(m[1], None, meaning=m[2].strip(), context=_cell(m[3]), handling=_cell(m[4])))
    return out


def zego_zpns() -> list[Expected]:
    row = re.compile(r"^\| (\d+)\s*\| (.*?)\s*\|\s*$")
    return [
        Expected(m[1], None, full=m[2])
        for m in map(row.match, _read("zego-zpns-android-errorcode.mdx").splitlines())
        if m
    ]


def rongcloud_md() -> list[Expected]:
    row = re.compile(r"^\| (\d+) \| (.*?)\s*$")
    return [
        Expected(m[1], None, full=m[2])
        for m in map(row.match, _read("rongcloud-server-errorcode.md").splitlines())
        if m
    ]


# --- HTML -----------------------------------------------------------------------------------


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()


def zego_zim_audio() -> list[Expected]:
    row = re.compile(r"<tr>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", re.S)
    return [
        Expected(_text(m[1]), None, meaning=_text(m[2]), handling=_cell(_text(m[3])))
        for m in row.finditer(_read("zego-zim-audio-errorcode-zh.md"))
    ]


def rongcloud_html() -> list[Expected]:
    row = re.compile(r'<tr>\s*<td style="text-align:left">(\d+)</td>\s*<td[^>]*>(.*?)</td>\s*</tr>', re.S)
    return [
        Expected(m[1], None, full=_text(m[2])) for m in row.finditer(_read("rongcloud-server-errorcode.html"))
    ]


def bkbase() -> list[Expected]:
    row = re.compile(
        r"<tr>\s*<td>(\d+)</td>\s*<td>(\w+)</td>\s*<td>(.*?)</td>\s*<td>(.*?)</td>\s*</tr>", re.S
    )
    return [
        Expected(m[1], m[2], meaning=_text(m[3]), handling=_cell(_text(m[4])))
        for m in row.finditer(_read("tencent-bkbase-jobnavi-error_code.md"))
    ]


# --- SDK sources ----------------------------------------------------------------------------


def _enum_body(text: str, opener: str) -> str:
    start = text.index(opener)
    return text[start : text.index("\n}", start)]


def trtc() -> list[Expected]:
    text = _read("tencent-trtc-TXLiteAVCode.h")
    member = re.compile(r"^\s*(\w+)\s*=\s*(-?\d+),\s*///<\s*(.*?)\s*$")
    out = []
    for enum in ("typedef enum TXLiteAVError", "typedef enum TXLiteAVWarning"):
        for line in _enum_body(text, enum).splitlines():
            m = member.match(line)
            if m:
                out.append(Expected(m[2], m[1], full=m[3]))
    return out


def rongcloud_objc() -> list[Expected]:
    out, doc = [], []
    for line in _read("rongcloud-RCErrorCode.h").splitlines():
        stripped = line.strip()
        if stripped.startswith("///"):
            body = stripped[3:].strip()
            if body and not body.startswith("- Since"):
                doc.append(body)
            continue
        m = re.match(r"^(\w+) = (-?\d+),?$", stripped)
        if m and doc:
            out.append(Expected(m[2], m[1], full=" ".join(doc)))
        doc = []
    return out


def netease_bilingual() -> list[Expected]:
    text = _read("netease-nertc_error_code.h")
    out = []
    block = re.compile(r"/\*\*((?:(?!\*/).)*)\*/\s*(k\w+)\s*(?:=\s*(-?\d+))?\s*,?", re.S)
    for enum in text.split("typedef enum")[1:]:  # members without "= N" count on from the last one
        following = 0
        for m in block.finditer(enum.split("\n}")[0]):
            value = int(m[3]) if m[3] else following
            following = value + 1
            doc = re.sub(r"^\s*\*", "", m[1], flags=re.M)
            zh = re.search(r"@if Chinese(.*?)@endif", doc, re.S)
            en = re.search(r"@if English(.*?)@endif", doc, re.S)
            zh_text = " ".join(zh[1].split()) if zh else ""
            en_text = " ".join(en[1].split()) if en else ""
            if zh_text or en_text:
                out.append(Expected(str(value), m[2], full=zh_text or en_text, en_full=en_text or None))
    return out


def agora_dart() -> list[Expected]:
    body = _enum_body(_read("agora-flutter-agora_base.dart"), "enum ErrorCodeType {")
    out, doc, value = [], [], None
    for line in body.splitlines()[1:]:
        stripped = line.strip()
        if stripped.startswith("///"):
            doc.append(stripped[3:].strip())
        elif stripped.startswith("@JsonValue("):
            value = stripped[len("@JsonValue(") : -1]
        elif re.fullmatch(r"\w+,", stripped) and value is not None:
            text = " ".join(doc)
            text = re.sub(rf"^{re.escape(value)}:\s*", "", text)
            if text != "@nodoc":  # hidden from the docs: the page says nothing about it
                out.append(Expected(value, stripped[:-1], full=text))
            doc, value = [], None
    return out


def agora_ts() -> list[Expected]:
    body = _enum_body(_read("agora-electron-AgoraBase.ts"), "export enum ErrorCodeType {")
    out = []
    for m in re.finditer(r"/\*\*(.*?)\*/\s*(\w+) = (-?\d+),", body, re.S):
        text = " ".join(re.sub(r"^\s*\*", "", m[1], flags=re.M).split())
        text = re.sub(rf"^{re.escape(m[3])}:\s*", "", text)
        out.append(Expected(m[3], m[2], full=text))
    return out


def easemob_web() -> list[Expected]:
    row = re.compile(r"^\| (-?\d+)\s*\| (\w+)\s*\| (.*?)\s*\|\s*$")
    return [
        Expected(m[1], m[2], full=m[3])
        for m in map(row.match, _read("easemob-web-error.md").splitlines())
        if m
    ]


def jpush_android() -> list[Expected]:
    """Code | Error Message (English) | 说明 (Chinese): the Chinese is the meaning, the English its en."""
    cell = r"\s*<td[^>]*>(.*?)</td>"
    row = re.compile(rf"<tr[^>]*>{cell}{cell}{cell}\s*</tr>", re.S)
    return [
        Expected(_text(m[1]), None, full=_text(m[3]), en_full=_text(m[2]))
        for m in row.finditer(_read("jpush-jmessage-im_errorcode_android.md"))
    ]


def tencent_im() -> list[Expected]:
    member = re.compile(r"^\s*(\w+)\s*=\s*(-?\d+)\s*,\s*//\s*(.*?)\s*$")
    return [
        Expected(m[2], m[1], full=m[3])
        for m in map(member.match, _read("tencent-im-V2TIMErrorCode.h").splitlines())
        if m
    ]


def easemob_objc() -> list[Expected]:
    member = re.compile(
        r"^\s*(EM\w+)\s*(?:=\s*(\d+))?\s*,\s*/\*\*\s*\\~chinese (.*?)\s*\\~english (.*?)\s*\*/"
    )
    out, following = [], 0
    for m in map(member.match, _read("easemob-EMErrorCode.h").splitlines()):
        if m:
            value = int(m[2]) if m[2] else following  # members without "= N" count on
            following = value + 1
            out.append(Expected(str(value), m[1], full=m[3], en_full=m[4]))
    return out


def zego_express_dart() -> list[Expected]:
    """`/// Description: … <br>Cause: … <br>Solutions: …` above `static const int Name = N;`."""
    out, doc = [], []
    for line in _read("zego-express-error_code.dart").splitlines():
        stripped = line.strip()
        if stripped.startswith("///"):
            doc.append(stripped[3:].strip())
            continue
        m = re.match(r"^static const int (\w+) = (-?\d+);$", stripped)
        if m and doc:
            text = " ".join(doc)
            parts = re.findall(r"(?:^|<br>)\s*([A-Z][a-z]+):\s*(.*?)\s*(?=<br>|$)", text)
            if any(label == "Description" for label, _ in parts):
                labelled = dict(parts)
                others = " ".join(
                    t for label, t in parts if label not in ("Description", "Solutions", "Solution")
                )
                out.append(
                    Expected(
                        m[2],
                        m[1],
                        meaning=labelled.get("Description"),
                        context=others or None,
                        handling=labelled.get("Solutions") or labelled.get("Solution"),
                    )
                )
            else:
                out.append(Expected(m[2], m[1], full=text))
        doc = []
    return out


def _md_cell(text: str) -> str:
    """A markdown cell's words: tags (<wbr/>, <code>, MDX components) and backticks gone."""
    return re.sub(r"<[^>]+>", "", text).replace("`", "").strip()


def agora_chat_android() -> list[Expected]:
    """| `0` | <code>EM<wbr/>_NO<wbr/>_ERROR</code> | Possible reason | Fix |"""
    row = re.compile(r"^\| `(\d+)`\s*\|\s*<code>(.*?)</code>\s*\|(.*?)\|(.*?)\|\s*$")
    return [
        Expected(m[1], _md_cell(m[2]), meaning=_md_cell(m[3]), handling=_cell(_md_cell(m[4])))
        for m in map(row.match, _read("agora-chat-error-codes-android.mdx").splitlines())
        if m
    ]


def agora_web() -> list[Expected]:
    """| `UNEXPECTED_ERROR` | Description | Resolution | (one table without Resolution)"""
    out = []
    for line in _read("agora-video-web-error-codes.mdx").splitlines():
        m = re.match(r"^\| `(\w+)` \|(.*?)\|(?:(.*?)\|)?\s*$", line)
        if m:
            out.append(Expected(m[1], None, meaning=_md_cell(m[2]), handling=_cell(_md_cell(m[3] or ""))))
    return out


def huawei_dis() -> list[Expected]:
    """http状态码 | 错误码 | Error Message | 说明 | 处理措施: the 错误码 is the code, 说明 the meaning
    (its English beside it), 处理措施 the handling, the HTTP status context."""
    out = []
    for row in re.findall(r"<tr[^>]*>(.*?)</tr>", _read("huawei-dis-server-error-codes.md"), re.S)[1:]:
        cells = [_text(c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
        status, code, english, chinese, fix = cells
        if _cell(chinese) is None:  # 说明 left "-": the Error Message cell says it all
            out.append(Expected(code, None, meaning=english, handling=_cell(fix), context=status))
        else:
            out.append(
                Expected(code, None, meaning=chinese, handling=_cell(fix), context=status, en_full=english)
            )
    return out


def huawei_tsdk() -> list[Expected]:
    """Members counted on from `= 0x00FFFFFF`, each with `/**< [en]… [cn]… */` over two lines."""
    text = _read("huawei-cloudlink-tsdk_error_def.h")
    out = []
    member = re.compile(
        r"^\s*(TSDK_\w+)\s*(?:=\s*(0x[0-9A-Fa-f]+|\d+))?\s*,?[ \t]*(/\*\*<.*?\*/)?", re.M | re.S
    )
    for body in re.findall(r"typedef enum \w+\s*\{(.*?)\n\}", text, re.S):
        following = 0
        for m in member.finditer(body):
            value = int(m[2], 0) if m[2] else following
            following = value + 1
            if not m[3]:
                continue
            en = re.search(r"\[en\](.*?)(?=\[cn\]|\*/)", m[3], re.S)
            cn = re.search(r"\[cn\](.*?)\*/", m[3], re.S)
            out.append(
                Expected(
                    str(value),
                    m[1],
                    full=" ".join(cn[1].split()) if cn else " ".join(en[1].split()),
                    en_full=" ".join(en[1].split()) if en and cn else None,
                )
            )
    return out


# page file -> (layout, independent reading, the section the expected entries are under or None)
CORPUS = {
    "volcengine-windows-errorcode.md": ("markdown: heading per enum, 类型|值|说明", volcengine_windows),
    "volcengine-web-errorcode.md": ("markdown: table inside a bullet list", volcengine_web),
    "zego-im-errorcodes-zh.md": ("markdown: 4 columns, ragged rows", zego_im),
    "zego-zpns-android-errorcode.mdx": ("MDX table, English header", zego_zpns),
    "rongcloud-server-errorcode.md": ("markdown: no closing pipes", rongcloud_md),
    "zego-zim-audio-errorcode-zh.md": ("raw HTML table in markdown", zego_zim_audio),
    "tencent-bkbase-jobnavi-error_code.md": ("raw HTML table, <td> header", bkbase),
    "rongcloud-server-errorcode.html": ("saved HTML page (GitBook)", rongcloud_html),
    "tencent-trtc-TXLiteAVCode.h": ("C enum, trailing ///< comments", trtc),
    "rongcloud-RCErrorCode.h": ("Objective-C NS_ENUM, /// above", rongcloud_objc),
    "netease-nertc_error_code.h": ("C++ enum, bilingual @if English/Chinese", netease_bilingual),
    "agora-flutter-agora_base.dart": ("Dart enum, /// N: text + @JsonValue", agora_dart),
    "agora-electron-AgoraBase.ts": ("TypeScript enum, /** N: text */", agora_ts),
    "easemob-web-error.md": ("markdown: 错误码|错误信息 (symbolic)|描述, <div> in header", easemob_web),
    "jpush-jmessage-im_errorcode_android.md": (
        "HTML table in a <div>, English and Chinese columns",
        jpush_android,
    ),
    "tencent-im-V2TIMErrorCode.h": ("C++ enum, trailing // comments with links", tencent_im),
    "easemob-EMErrorCode.h": ("C enum, trailing /** \\~chinese … \\~english … */", easemob_objc),
    "zego-express-error_code.dart": (
        "Dart class constants, Description/Cause/Solutions lines",
        zego_express_dart,
    ),
    "agora-chat-error-codes-android.mdx": (
        "MDX: Error code | Error message (<code> with <wbr/>) | Possible reason | Fix",
        agora_chat_android,
    ),
    "agora-video-web-error-codes.mdx": (
        "MDX: string codes, <Vg/> components, sections by heading",
        agora_web,
    ),
    "huawei-dis-server-error-codes.md": (
        "HTML table in markdown, two code columns, <p> in cells",
        huawei_dis,
    ),
    "huawei-cloudlink-tsdk_error_def.h": (
        "C enums from 0x00FFFFFF, /**< [en] … [cn] … */ over two lines",
        huawei_tsdk,
    ),
}


def _same(a: str | None, b: str | None) -> bool:
    return words(a) == words(b)


def _split_is_faithful(full: str, meaning: str | None, handling: str | None, context: str | None) -> bool:
    """The meaning opens the description; all three together hold exactly its words, in any order."""
    whole, parts = words(full), [words(meaning), words(handling), words(context)]
    return bool(parts[0]) and whole.startswith(parts[0]) and sorted("".join(parts)) == sorted(whole)


def entry_is_right(want: Expected, got: dict) -> bool:
    if got["code"] != want.code or got.get("name") != want.name:
        return False
    if want.full is not None:
        if not _split_is_faithful(want.full, got.get("meaning"), got.get("handling"), got.get("context")):
            return False
    else:
        if not _same(got.get("meaning"), want.meaning) or not _same(got.get("handling"), want.handling):
            return False
        if want.context is not None and not _same(got.get("context"), want.context):
            return False
    if want.en_full is not None:
        en = got.get("en") or {}
        if not _split_is_faithful(want.en_full, en.get("meaning"), en.get("handling"), en.get("context")):
            return False
    return True


def score(expected: list[Expected], drafted: list[dict]) -> tuple[int, list[Expected]]:
    """(entries drafted right, the expected entries that were not).

    A page may list one code twice (two sections of one table of codes): the catalog keeps one
    entry per code and name, so the second listing is right when its words reach that entry's note.
    """
    by_key: dict[tuple[str, str | None], list[dict]] = {}
    for entry in drafted:
        by_key.setdefault((entry["code"], entry.get("name")), []).append(entry)
    wrong, seen = [], set()
    for want in expected:
        key = (want.code, want.name)
        got = by_key.get(key, [])
        if key in seen:
            said = words(want.full or want.meaning)
            ok = any(said and said in words(g.get("note")) for g in got)
        else:
            ok = any(entry_is_right(want, g) for g in got)
        seen.add(key)
        if not ok:
            wrong.append(want)
    return len(expected) - len(wrong), wrong


def table() -> str:
    """The per-page table: `python -m tests.catalogs.importer.pages_expected` from the project root."""
    from bot.catalogs.importer import draft_entries

    lines = ["| page | layout | entries expected | drafted right | % |", "| --- | --- | ---: | ---: | ---: |"]
    total = right_total = 0
    for name, (layout, reader) in CORPUS.items():
        expected = reader()
        right, _ = score(expected, draft_entries(_read(name), name=name))
        total, right_total = total + len(expected), right_total + right
        shown = layout.replace("|", "\\|")
        lines.append(
            f"| `{name}` | {shown} | {len(expected)} | {right} | {100 * right / len(expected):.1f} |"
        )
    lines.append(f"| all {len(CORPUS)} pages | | {total} | {right_total} | {100 * right_total / total:.1f} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table())
