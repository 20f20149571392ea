"""Page layouts the real corpus does not cover, one small page each, and the column-role rules.

The real pages are in test_import_pages.py; these pin the behaviour of the rarer layouts
(reStructuredText, a heading per code, definition lists, MDX components) and of the readers
on input nobody would publish.
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalogs import load_file
from bot.catalogs.importer import catalog_yaml, draft_entries
from bot.catalogs.importer.roles import decide, label_role

RST_PAGE = """\
错误码
======

通用错误
--------

.. list-table:: 通用错误码
   :header-rows: 1

   * - 错误码
     - 说明
     - 解决方案
   * - 1001
     - 参数错误
     - 请检查参数，参见 `文档 <https://example.com/doc>`_。
   * - 1002
     - ``token`` 过期
     - 重新获取 token

服务端错误
----------

+------+------------------+
| Code | Description      |
+======+==================+
| 500  | Internal error.  |
|      | Retry later.     |
+------+------------------+
| 503  | Busy             |
+------+------------------+

其他
----

2001
    房间不存在。请先创建房间。

.. include:: /etc/passwd
.. raw:: html

   <table><tr><td>9999</td><td>raw</td></tr></table>
"""


def by_code(entries: list[dict]) -> dict[str, dict]:
    return {e["code"]: e for e in entries}


def test_rst_list_tables_grid_tables_and_definition_lists():
    entries = by_code(draft_entries(RST_PAGE, name="errors.rst"))
    assert set(entries) == {"1001", "1002", "500", "503", "2001"}  # nothing included, nothing raw
    assert entries["1001"]["section"] == "通用错误"
    assert entries["1001"]["handling"] == "请检查参数，参见 文档 (https://example.com/doc)。"
    assert entries["1002"]["meaning"] == "`token` 过期"
    assert (entries["500"]["meaning"], entries["500"]["section"]) == ("Internal error.", "服务端错误")
    assert "Retry later." in entries["500"]["context"]
    assert (entries["2001"]["meaning"], entries["2001"]["handling"]) == ("房间不存在。", "请先创建房间。")


HEADINGS_PAGE = """\
# 错误码

## 房间

### 1001 Token 过期

**原因：** Token 超过有效期。

**解决方案：** 重新生成 Token 后再加入房间。

### 1002

加入房间失败，请检查网络。

### ERR_ROOM_FULL

房间已满。

### 常见问题

这一节没有错误码。
"""


def test_a_heading_per_code_with_labelled_lines():
    entries = by_code(draft_entries(HEADINGS_PAGE))
    assert set(entries) == {"1001", "1002"}  # "ERR_ROOM_FULL" and "常见问题" name no code
    token = entries["1001"]
    assert (token["meaning"], token["context"], token["handling"]) == (
        "Token 过期",
        "Token 超过有效期。",
        "重新生成 Token 后再加入房间。",
    )
    assert token["section"] == "房间"
    assert (entries["1002"]["meaning"], entries["1002"]["handling"]) == ("加入房间失败", "请检查网络。")


def test_a_saved_page_drops_its_navigation_and_reads_lists_and_definitions():
    page = (
        "<html><body><nav><table><tr><th>错误码</th><th>说明</th></tr><tr><td>1</td><td>导航</td></tr>"
        "</table></nav><main><h2>错误</h2><dl><dt>4001</dt><dd>无权限。请联系管理员。</dd>"
        "<dt>ERR_X</dt><dd>x 错误</dd></dl><ul><li><code>5001</code>：服务繁忙<ul><li>稍后重试</li></ul></li>"
        "</ul><script>var t='<table><tr><td>2</td></tr></table>'</script></main></body></html>"
    )
    entries = by_code(draft_entries(page, name="errors.html"))
    assert set(entries) == {"4001", "ERR_X", "5001"}
    assert (entries["4001"]["meaning"], entries["4001"]["handling"]) == ("无权限。", "请联系管理员。")
    assert entries["5001"]["meaning"] == "服务繁忙" and entries["5001"]["handling"] == "- 稍后重试"


def test_mdx_components_and_markdown_edge_cells():
    mdx = (
        "import Tabs from '@theme/Tabs';\n\n<Tabs>\n<TabItem value=\"a\">\n\n"
        "| Name | Value | Description |\n|---|---|---|\n| ERR_OK | 0 | Success. |\n"
        "| ERR_TOKEN | -7 | Token<wbr/> expired. Please renew it. |\n\n</TabItem>\n</Tabs>\n"
    )
    entries = by_code(draft_entries(mdx, name="errors.mdx"))
    assert entries["0"]["kind"] == "success" and entries["0"]["name"] == "ERR_OK"
    token = entries["-7"]
    assert (token["name"], token["meaning"], token["handling"]) == (
        "ERR_TOKEN",
        "Token expired.",
        "Please renew it.",
    )
    ragged = "错误码 | 名称 | 描述\n--- | --- | ---\n3001 | kErrA | 错误一 | 多出来的一格\n3002 |  | \n"
    rows = by_code(draft_entries(ragged))
    assert rows["3001"]["context"] == "多出来的一格"  # a cell past the header still reaches the entry
    assert "3002" not in rows  # a code the page says nothing about


def test_column_roles_come_from_the_header_and_the_cells():
    rows = [["ERR_A", "-1", "失败"], ["ERR_B", "-2", "超时"]]
    roles = decide(["名称", "值", "说明"], rows)
    assert (roles.code, roles.name, roles.meaning) == (1, 0, [2])
    roles = decide(["Name", "Description"], [["101", "Bad request"], ["102", "Timeout"]])
    assert (roles.code, roles.meaning) == (0, [1])  # a "Name" column of numbers holds the codes
    roles = decide(["错误码", "错误信息", "描述"], [["1", "GENERAL_ERROR", "默认错误"]])
    assert (roles.code, roles.name, roles.meaning) == (0, 1, [2])  # 错误信息 of identifiers: names
    roles = decide(["错误码", "错误信息", "描述"], [["1", "系统错误", "默认错误"]])
    assert (roles.code, roles.name, roles.meaning) == (0, None, [1, 2])  # 错误信息 of words: meaning
    roles = decide(["Error Code", "Possible reason", "Suggested action"], [["7", "Busy", "Retry"]])
    assert (roles.code, roles.meaning, roles.handling) == (0, [1], [2])
    roles = decide(["参数", "类型", "说明"], [["appId", "string", "应用 ID"]])
    assert not roles.holds_codes  # a parameter table
    assert decide(["", "", ""], [["1001", "kErrA", "错误"]]).code == 0  # no header: the cells decide
    assert label_role("原因") == "meaning" and label_role("解决方案") == "handling"
    assert label_role("Solutions") == "handling" and label_role("权限不足。原因包括") is None


SDK_SOURCES = {
    "Errors.java": (
        "public class ErrCode {\n"
        "    public static final int XERR_UNKNOWN = -10001;              ///< 未知错误\n"
        "    /** 参数错误，请检查参数 */\n"
        "    public static final int XERR_INVALID_PARAM = -10002;\n"
        "    public int notAConstant() { int ERR_LOCAL = 5; return ERR_LOCAL; }\n"
        "}\n"
    ),
    "Errors.kt": (
        "enum class RoomError(val code: Int) {\n"
        "    /** Room is full. */\n"
        "    ROOM_FULL(1001),\n"
        "    // Token expired. Renew it.\n"
        "    TOKEN_EXPIRED(1002);\n"
        "}\n"
    ),
    "Errors.swift": (
        "public enum LiveErrorCode: Int {\n"
        "    /// The room does not exist.\n"
        "    case roomNotFound = 404\n"
        "    case undocumented = 405\n"
        "}\n"
    ),
    "errors.js": (
        "export const ErrorCode = {\n"
        "  // Network is unreachable\n"
        "  NETWORK_ERROR: 5001,\n"
        "  'TIMEOUT': 5002, // Request timed out\n"
        "};\n"
    ),
    "defines.h": (
        "#define ERR_OK 0 /* success */\n"
        "/** 内存不足 */\n"
        "#define ERR_NO_MEMORY (-12)\n"
        "#define BUFFER_SIZE 1024\n"
    ),
}


def test_sdk_sources_in_every_language():
    java = by_code(draft_entries(SDK_SOURCES["Errors.java"], name="Errors.java"))
    assert set(java) == {"-10001", "-10002"}
    assert java["-10002"]["meaning"] == "参数错误" and java["-10002"]["handling"] == "请检查参数"
    kotlin = by_code(draft_entries(SDK_SOURCES["Errors.kt"], name="Errors.kt", language="en"))
    assert kotlin["1001"]["name"] == "ROOM_FULL" and kotlin["1002"]["meaning"] == "Token expired."
    swift = by_code(draft_entries(SDK_SOURCES["Errors.swift"], name="Errors.swift", language="en"))
    assert set(swift) == {"404"}  # an undocumented member says nothing
    js = by_code(draft_entries(SDK_SOURCES["errors.js"], name="errors.js", language="en"))
    assert (js["5001"]["name"], js["5002"]["meaning"]) == ("NETWORK_ERROR", "Request timed out")
    defines = by_code(draft_entries(SDK_SOURCES["defines.h"], name="defines.h"))
    assert set(defines) == {"0", "-12"} and defines["0"]["kind"] == "success"  # BUFFER_SIZE is no error


TEXT = st.text(alphabet="<>/|`*#-=:：+ \n\tabcERR_01错误码说明{}();,'\"\\@~", max_size=300)


@settings(max_examples=150, deadline=None)
@given(TEXT, st.sampled_from(["p.md", "p.mdx", "p.html", "p.rst", "p.h", "p.dart", "p.ts", "p.java"]))
def test_no_page_crashes_the_importer_and_every_draft_loads(tmp_path_factory, text, name):
    entries = draft_entries(text, name=name)
    if not entries:
        return
    path = tmp_path_factory.mktemp("fuzz") / "draft.yaml"
    path.write_text(
        catalog_yaml(entries, catalog_id="f", vendor="f", product=None, language="zh", source=None, url=None),
        encoding="utf-8",
    )
    catalog, problems = load_file(path, bundled=False)
    assert catalog is not None, problems
    assert len(catalog.entries) == len(entries)


def test_pages_nested_thousands_deep_get_an_answer_not_a_crash():
    from bot.catalogs.importer import Report

    deep_html = (
        "<div>" * 20000 + "<table><tr><th>错误码</th><th>说明</th></tr><tr><td>1</td><td>x</td></tr></table>"
    )
    assert draft_entries(deep_html, name="deep.html") == []
    report = Report()
    assert (
        draft_entries("".join("   " * i + "- a\n\n" for i in range(300)), name="deep.rst", report=report)
        == []
    )
    assert report.skipped == ["the page nests too deeply to read as rst"]
    shallow = (
        "<div>" * 50 + "<table><tr><th>错误码</th><th>说明</th></tr><tr><td>1</td><td>x</td></tr></table>"
    )
    assert [e["code"] for e in draft_entries(shallow, name="ok.html")] == ["1"]


def test_a_heading_per_member_with_its_value_first_appledoc_style():
    page = (
        "<html><body><nav><h3>AgoraErrorCode</h3></nav><div id='contents'>"
        "<h2>AgoraErrorCode</h2>"
        "<h3>AgoraErrorCodeNoError</h3><p>0: No error.</p>"
        "<h3>AgoraErrorCodeTimedOut</h3><p>10: The API call timed out. Please try again.</p>"
        "<h3>Discussion</h3><p>Errors are returned by the methods of AgoraRtcEngineKit.</p>"
        "</div></body></html>"
    )
    entries = by_code(draft_entries(page, name="AgoraErrorCode.html", language="en"))
    assert set(entries) == {"0", "10"}
    timed_out = entries["10"]
    assert (timed_out["name"], timed_out["meaning"], timed_out["handling"]) == (
        "AgoraErrorCodeTimedOut",
        "The API call timed out.",
        "Please try again.",
    )
    assert entries["0"]["kind"] == "success"  # the enum name is the page title here, not a section
