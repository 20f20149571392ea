"""Every entry of every seed document is in its bundled catalog, with the document's words.

The seed entries are counted here with small, layout-specific regular expressions written
for these five pages, independent of the importer, so that a slip in either shows up.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from bot.catalogs import load_catalogs

SEEDS = Path(__file__).parents[1] / "fixtures" / "catalogs" / "seeds"
SHARED_SEEDS = Path(__file__).resolve().parents[2].parent / "shared" / "seeds"


def seed(prefix: str) -> str:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def catalogs():
    return {c.id: c for c in load_catalogs("").catalogs if c.bundled}


def words(text: str) -> str:
    """Text reduced to its words: no spaces, backticks, quotes, brackets, punctuation or markup."""
    text = re.sub(r"<br\s*/?>", "", text)
    return re.sub(r"[\s`\"'“”\[\]()（）。，,.；;：:、!！?？]", "", text)


def chunks(text: str) -> list[str]:
    """The document's text cut at punctuation: each piece must reach the entry."""
    text = re.sub(r"\]\(", "](", text)
    return [w for w in (words(p) for p in re.split(r"[。，,；;：:]|<br>|\n", text)) if w]


def full_text(entry) -> str:
    return words(" ".join(t for t in (entry.meaning, entry.handling, entry.context, entry.note) if t))


def assert_words_reach(entry, text: str) -> None:
    have = full_text(entry)
    missing = [c for c in chunks(text) if c not in have]
    assert not missing, f"{entry.catalog} {entry.code} {entry.name}: missing {missing}"


def index(catalog):
    return {(e.code, e.kind, e.name): e for e in catalog.entries}


def test_fixture_seeds_are_the_shared_seeds():
    if not SHARED_SEEDS.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for path in SHARED_SEEDS.glob("*.txt"):
        assert (SEEDS / path.name).read_bytes() == path.read_bytes(), path.name


# --- 000 Volcengine: | `code` | 说明 | 处理方法 |


def volcengine_rows() -> list[tuple[str, str, str]]:
    row = re.compile(r"^\|\s*`([^`]+)`\s*\|([^|]*)\|([^|]*)\|?\s*$")
    return [(m[1], m[2].strip(), m[3].strip()) for m in map(row.match, seed("000").splitlines()) if m]


def test_volcengine_every_row(catalogs):
    rows = volcengine_rows()
    catalog = catalogs["volcengine-rtc"]
    entries = index(catalog)
    print(f"\nvolcengine-rtc: {len(rows)} rows in the seed, {len(catalog.entries)} entries")
    assert len(rows) == 61 == len(catalog.entries)
    for code, meaning, advice in rows:
        entry = entries[(code, "error", None)]
        assert words(entry.meaning) == words(meaning)  # the 说明 column, whole
        assert words(entry.handling or "") == words(advice)  # the 处理方法 column, whole
    assert "请重新发起请求" in entries[("InternalError.NotFound", "error", None)].note


# --- 001 unnamed platform: | code | 释义 | 备注 |


def platform_rows() -> list[tuple[str, str, str]]:
    row = re.compile(r"^\|\s*(\d+)\s*\|([^|]*)\|([^|]*)\|")
    return [(m[1], m[2].strip(), m[3].strip()) for m in map(row.match, seed("001").splitlines()) if m]


def test_platform_every_row(catalogs):
    rows = platform_rows()
    catalog = catalogs["rtc-platform"]
    entries = {e.code: e for e in catalog.entries}
    print(f"\nrtc-platform: {len(rows)} rows in the seed, {len(catalog.entries)} entries")
    assert len(rows) == 80 == len(catalog.entries) == len(entries)
    for code, meaning, remark in rows:
        entry = entries[code]
        assert entry.meaning == meaning
        assert (entry.handling or entry.context or "") == remark  # the 备注 column, where one is given
        assert entry.kind == ("success" if code == "0" else "error")
    assert entries["34"].context == "User ID冲突"  # a remark that explains, not advice
    assert entries["2"].handling == "请确认已经初始化引擎"


# --- 002 Tencent: two tables, 公共错误码 and 业务错误码, with codes in both


def tencent_rows() -> list[tuple[str, str, str]]:
    section, rows = None, []
    for line in seed("002").splitlines():
        if line.startswith("### "):
            section = line[4:].strip()
        m = re.match(r"^\|\s*([A-Za-z][\w.]*)\s*\|(.*)\|\s*$", line)
        if m:
            rows.append((section, m[1], m[2].strip()))
    return rows


def test_tencent_every_row(catalogs):
    rows = tencent_rows()
    catalog = catalogs["tencent-live"]
    entries = index(catalog)
    codes = {code for _, code, _ in rows}
    both = {c for c in codes if sum(1 for _, code, _ in rows if code == c) == 2}
    print(
        f"\ntencent-live: {len(rows)} rows in the seed ({sum(s == '公共错误码' for s, _, _ in rows)} common, "
        f"{sum(s == '业务错误码' for s, _, _ in rows)} business), {len(codes)} codes, {len(both)} in both tables; "
        f"{len(catalog.entries)} entries"
    )
    assert len(rows) == 76 and len(codes) == 62 == len(catalog.entries) and len(both) == 14
    for section, code, text in rows:
        entry = entries[(code, "error", None)]
        assert_words_reach(entry, text)
        if code in both:
            assert entry.section == "公共错误码" and "业务错误码" in entry.note
        else:
            assert entry.section == section
    secret = entries[("AuthFailure.SecretIdNotFound", "error", None)]
    assert secret.meaning == "密钥不存在。" and secret.handling.startswith("请在控制台检查")
    signature = entries[("AuthFailure.SignatureFailure", "error", None)]
    assert signature.meaning == "签名错误。" and signature.handling.startswith("签名计算错误，请对照")


# --- 003 Agora: bullets `code`：text with sub-items, then HTTP status and service state tables


def agora_rows() -> list[tuple[str, str, str]]:
    kind, rows = "error", []
    for line in seed("003").splitlines():
        if line.startswith("## "):
            kind = {"错误码": "error", "响应状态码": "http_status", "服务状态": "service_status"}[
                line[3:].strip()
            ]
        bullet = re.match(r"^- [`\"]+(.+?)[`\"]+\s*[：:]\s*(.*)$", line)
        if bullet:
            rows.append((kind, bullet[1], bullet[2]))
        elif line.startswith("  - ") and rows:
            rows[-1] = (rows[-1][0], rows[-1][1], rows[-1][2] + "\n" + line.strip()[2:])
        cell = re.match(r"^\|\s*\"?(\w+)\"?\s*\|(.*)\|\s*$", line)
        if cell and cell[1] not in ("状态码", "状态"):
            rows.append((kind, cell[1], cell[2].strip()))
    return rows


def test_agora_every_entry(catalogs):
    rows = agora_rows()
    catalog = catalogs["agora-cloud-recording"]
    entries = index(catalog)
    by_kind = {
        k: sum(1 for kind, _, _ in rows if kind == k) for k in ("error", "http_status", "service_status")
    }
    print(
        f"\nagora-cloud-recording: {len(rows)} entries in the seed {by_kind}, {len(catalog.entries)} entries"
    )
    assert by_kind == {"error": 20, "http_status": 8, "service_status": 8} == catalog.counts_by_kind()
    for kind, code, text in rows:
        entry = entries[(code, kind, None)]
        assert not re.search(r"[`\"']", entry.code)
        assert_words_reach(entry, text)
    assert entries[("433", "error", None)].meaning == "resource ID 过期。"
    assert "请重新调用 `acquire`" in entries[("433", "error", None)].handling
    assert "- 26 个小写英文字母 a-z" in entries[("1013", "error", None)].handling  # sub-items kept as a list
    assert ("no Route matched with those values", "error", None) in entries


# --- 004 NetEase: one heading per error with a property table, then the serverCode table


def netease_rows() -> list[dict]:
    text = seed("004")
    rows, section = [], None
    for block in re.split(r"\n(?=##+ )", text):
        heading = re.match(r"^(##+) <span id=\"[^\"]*\">([^<]*)</span>", block)
        if not heading:
            continue
        if len(heading[1]) == 2:
            section = heading[2]
            for m in re.finditer(r"^\|\s*'?([\w]+)'?\s*\|\s*(.*?)\s*\|$", block, re.M):
                if m[1] != "serverCode":
                    rows.append(
                        {
                            "section": section,
                            "kind": "server_code",
                            "code": m[1],
                            "name": None,
                            "desc": m[2],
                            "when": "",
                        }
                    )
            continue
        prop = dict(re.findall(r"^\|\s*(code|desc|name)\s*\|[^|]*\|\s*(.*?)\s*\|$", block, re.M))
        when = [ln for ln in block.splitlines()[1:] if ln.strip() and not ln.startswith((">", "|"))]
        rows.append(
            {
                "section": section,
                "kind": "error",
                "code": prop["code"],
                "name": prop["name"],
                "heading": heading[2],
                "desc": prop["desc"],
                "when": " ".join(when),
            }
        )
    return rows


def test_netease_every_entry(catalogs):
    rows = netease_rows()
    catalog = catalogs["netease-webrtc"]
    entries = index(catalog)
    sdk = [r for r in rows if r["kind"] == "error"]
    server = [r for r in rows if r["kind"] == "server_code"]
    print(
        f"\nnetease-webrtc: {len(sdk)} SDK errors and {len(server)} serverCodes in the seed, "
        f"{len(catalog.entries)} entries"
    )
    assert (len(sdk), len(server)) == (57, 36) and len(catalog.entries) == 93
    for row in rows:
        name = row["name"]
        # RoomServerErrUnknown has a description in its name row: the heading names it
        if name and not re.fullmatch(r"\w+", name, re.A):
            name = row["heading"]
        entry = entries[(row["code"], row["kind"], name)]
        assert entry.section == row["section"]
        assert_words_reach(entry, row["desc"])
        assert_words_reach(entry, row["when"])
    assert not any("<span" in (e.section or "") for e in catalog.entries)
    assert len([e for e in catalog.entries if e.code == "61004"]) == 3
    assert {(e.kind, e.name) for e in catalog.entries if e.code == "404"} == {
        ("error", "RoomServerErrChannelNotExist"),
        ("error", "VideoRecordInvalid"),
        ("server_code", None),
    }
    swapped = entries[("500", "error", "RoomServerErrUnknown")]
    assert swapped.meaning == "内部错误（TurnServer请求异常）" and "swapped" in swapped.note
    mixing = entries[("63102", "error", "AudioMixingUnsupport")]
    assert "MusicalAccompanimentUnsupport" in mixing.note
    assert entries[("Connect_Failed", "server_code", None)].meaning == "无法建立连接"


def test_every_entry_names_its_source_document(catalogs):
    assert set(catalogs) == {
        "volcengine-rtc",
        "rtc-platform",
        "tencent-live",
        "agora-cloud-recording",
        "netease-webrtc",
    }
    sources = {c.id: c.source for c in catalogs.values()}
    for prefix, catalog_id in (
        ("000", "volcengine-rtc"),
        ("001", "rtc-platform"),
        ("002", "tencent-live"),
        ("003", "agora-cloud-recording"),
        ("004", "netease-webrtc"),
    ):
        (path,) = SEEDS.glob(f"{prefix}_*.txt")
        assert sources[catalog_id] == path.name
    for catalog in catalogs.values():
        assert all(e.meaning.strip() for e in catalog.entries)
        assert all(not re.search(r"^[`\"']|[`\"']$", e.code) for e in catalog.entries)
