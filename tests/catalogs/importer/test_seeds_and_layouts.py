"""`errcode catalogs import`: the seeds the bundled catalogs were drafted from, and one small page per layout."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.catalogs import load_catalogs, load_file
from bot.catalogs.importer import catalog_yaml, draft_entries
from bot.catalogs.importer.text import clean_code, split_advice

SEEDS = Path(__file__).parents[2] / "fixtures" / "catalogs" / "seeds"
SEED_CATALOG = {
    "000": "volcengine-rtc",
    "001": "rtc-platform",
    "002": "tencent-live",
    "003": "agora-cloud-recording",
    "004": "netease-webrtc",
}


def run_cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "bot", *args], capture_output=True, text=True)


@pytest.fixture(scope="module")
def bundled():
    return {c.id: c for c in load_catalogs("").catalogs if c.bundled}


@pytest.mark.parametrize("prefix", sorted(SEED_CATALOG))
def test_importer_yields_every_entry_of_the_bundled_catalog(prefix, bundled):
    (page,) = SEEDS.glob(f"{prefix}_*.txt")
    drafted = {(e["code"], e["kind"], e["name"]) for e in draft_entries(page.read_text(encoding="utf-8"))}
    shipped = {(e.code, e.kind, e.name) for e in bundled[SEED_CATALOG[prefix]].entries}
    assert shipped - drafted == set()
    assert drafted - shipped == set()  # nothing invented either


def test_cli_import_writes_a_catalog_the_loader_accepts(tmp_path):
    (page,) = SEEDS.glob("003_*.txt")
    out = tmp_path / "agora-draft.yaml"
    proc = run_cli(
        "catalogs",
        "import",
        str(page),
        "--id",
        "agora-draft",
        "--vendor",
        "agora",
        "--product",
        "Cloud Recording RESTful API",
        "-o",
        str(out),
    )
    assert proc.returncode == 0, proc.stderr
    assert "36 entries" in proc.stderr
    catalog, problems = load_file(out, bundled=False)
    assert problems == [] and catalog is not None
    assert catalog.id == "agora-draft" and catalog.source == page.name
    assert catalog.counts_by_kind() == {"error": 20, "http_status": 8, "service_status": 8}
    assert 'code: "433"' in out.read_text(encoding="utf-8")  # codes stay quoted strings


def test_cli_import_of_a_page_without_codes_fails_clearly(tmp_path):
    page = tmp_path / "prose.md"
    page.write_text("# 常见问题\n\n这里没有错误码表格。\n", encoding="utf-8")
    proc = run_cli("catalogs", "import", str(page), "--id", "x", "--vendor", "x")
    assert proc.returncode == 1 and "no error codes found" in proc.stderr
    missing = run_cli("catalogs", "import", str(tmp_path / "absent.md"), "--id", "x", "--vendor", "x")
    assert missing.returncode == 2 and "cannot read" in missing.stderr


def build(tmp_path: Path, page: str, **meta) -> object:
    """Import `page`, write it, load it back: the entries as the bot will see them."""
    entries = draft_entries(page)
    text = catalog_yaml(
        entries,
        catalog_id="acme",
        vendor="acme",
        product=None,
        language="zh",
        source="page.md",
        url=meta.get("url"),
    )
    path = tmp_path / "acme.yaml"
    path.write_text(text, encoding="utf-8")
    catalog, problems = load_file(path, bundled=False)
    assert catalog is not None, problems
    return {(e.code, e.kind, e.name): e for e in catalog.entries}


TABLE_PAGE = """\
# Acme 错误码

| 错误码 | 说明 | 处理方法 |
| --- | --- | --- |
| `Acme.Busy` | 系统繁忙 | 请稍后重试<br>或联系 [技术支持](https://example.invalid/support) |
| `Acme.Retry` | 请重新发起请求 | 请重新发起请求 |

## 状态码

| 状态码 | 描述 |
| :-- | :-- |
| 0 | 成功 |
| 429 | 请求过多，请降低频率。 |
"""


def test_table_layout(tmp_path):
    entries = build(tmp_path, TABLE_PAGE)
    busy = entries[("Acme.Busy", "error", None)]
    assert busy.meaning == "系统繁忙"
    assert busy.handling == "请稍后重试\n或联系 技术支持 (https://example.invalid/support)"
    assert "instruction" in entries[("Acme.Retry", "error", None)].note  # the page's slip is marked
    assert entries[("0", "http_status", None)].meaning == "成功"
    too_many = entries[("429", "http_status", None)]
    assert (too_many.meaning, too_many.handling, too_many.section) == ("请求过多", "请降低频率。", "状态码")


BULLET_PAGE = """\
## 错误码
- `7`：录制已经在进行中，请勿重复 `start` 请求。
- `8`：请求头部字段错误，有以下几种情况：
  - `Content-type` 错误。
  - 使用了错误的 HTTP 方法。

- `"invalid appid"`：无效的 App ID。请确保 App ID 填写正确。
- `501`：服务正在退出。该错误可能在调用了 `stop` 后发生。
- 这一行不是错误码，只是普通的列表项。
"""


def test_bullet_layout(tmp_path):
    entries = build(tmp_path, BULLET_PAGE)
    assert set(entries) == {
        ("7", "error", None),
        ("8", "error", None),
        ("invalid appid", "error", None),
        ("501", "error", None),
    }
    assert entries[("7", "error", None)].handling == "请勿重复 `start` 请求。"
    eight = entries[("8", "error", None)]
    assert eight.meaning == "请求头部字段错误"
    assert eight.handling == "有以下几种情况：\n- `Content-type` 错误。\n- 使用了错误的 HTTP 方法。"
    assert entries[("invalid appid", "error", None)].handling == "请确保 App ID 填写正确。"
    exiting = entries[("501", "error", None)]
    assert (exiting.handling, exiting.context) == (None, "该错误可能在调用了 `stop` 后发生。")


HEADING_PAGE = """\
# <span id="errors">错误码说明</span>

## <span id="通用">通用错误</span>

### <span id="JoinFail">JoinFail</span>

加入房间失败返回该错误码

> 错误码格式是Object，内容如下：

| 属性 | 类型 | 说明 |
| :-- | --: | --: |
| code | number | 61004 |
| desc | string | 加入失败，请确保网络正常 |
| name | string | JoinFail |
| serverCode | number | [服务器错误码](#serverCode) |

### <span id="LoginAgain">LoginAgain</span>

重复登录

| 属性 | 类型 | 说明 |
| :-- | --: | --: |
| code | number | 61004 |
| desc | string | 重复登录 |
| name | string | AlreadyLoggedIn |

## <span id="serverCode">serverCode</span>

| serverCode | 说明 |
| :-- | --: |
| 404 | 对象不存在 |
| 'Connect_Failed' | 无法建立连接, 请确保能 ping 到服务器 |
"""


def test_heading_layout_with_server_codes(tmp_path):
    entries = build(tmp_path, HEADING_PAGE)
    join = entries[("61004", "error", "JoinFail")]
    assert (join.meaning, join.handling, join.section) == ("加入失败", "请确保网络正常", "通用错误")
    assert join.context.startswith("加入房间失败返回该错误码") and "serverCode" in join.context
    assert "61004" in join.note and "AlreadyLoggedIn" in join.note  # one code, two errors
    again = entries[("61004", "error", "AlreadyLoggedIn")]
    assert "LoginAgain" in again.note and again.context is None  # the sentence only repeats desc
    assert entries[("404", "server_code", None)].section == "serverCode"
    failed = entries[("Connect_Failed", "server_code", None)]
    assert (failed.meaning, failed.handling) == ("无法建立连接", "请确保能 ping 到服务器")


def test_a_code_in_two_tables_is_one_entry_with_both_wordings():
    page = (
        "### 公共\n\n| 错误码 | 说明 |\n|--|--|\n| Busy | 忙。 |\n| Gone | 不在了。 |\n\n"
        "### 业务\n\n| 错误码 | 说明 |\n|--|--|\n| Busy | 忙 |\n| Gone | 已删除 |\n"
    )
    entries = {e["code"]: e for e in draft_entries(page)}
    assert list(entries) == ["Busy", "Gone"]
    assert entries["Busy"]["section"] == "公共" and "only punctuation" in entries["Busy"]["note"]
    assert entries["Gone"]["note"] == "Also listed under 业务 as: 已删除"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("参数不合法，请确保参数类型正确。", ("参数不合法", "请确保参数类型正确。", None)),
        ("DryRun 操作，代表请求将会是成功的。", ("DryRun 操作，代表请求将会是成功的。", None, None)),
        ("密钥不存在。 请在控制台检查密钥。", ("密钥不存在。", "请在控制台检查密钥。", None)),
        ("没有录制文件产生。频道内没有用户发流。", ("没有录制文件产生。", None, "频道内没有用户发流。")),
        (
            "resource ID 过期。获得后必须在 5 分钟内开始。",
            ("resource ID 过期。", "获得后必须在 5 分钟内开始。", None),
        ),
        ("请重新发起请求", ("请重新发起请求", None, None)),
    ],
)
def test_split_advice(text, expected):
    assert split_advice(text) == expected


def test_clean_code_strips_markup_and_quotes():
    assert clean_code('`"no Route matched with those values`"') == "no Route matched with those values"
    assert clean_code("'Connect_Failed'") == "Connect_Failed"
    assert clean_code("`433`") == "433"


CODES = st.text(alphabet="0123456789AZaz._-'\"` ", max_size=8)
TEXTS = st.text(alphabet="错误请求检查。，：:；;！? ()（）[]`|<>#-\\ab1\n", max_size=20)
LINES = st.one_of(
    st.just(""),
    st.just("|--|--|"),
    st.just("| :-: | :- | :- |"),
    st.sampled_from(
        [
            "| 错误码 | 说明 | 处理方法 |",
            "| 状态码 | 描述 |",
            "| serverCode | 说明 |",
            "| 属性 | 类型 | 说明 |",
        ]
    ),
    st.builds("| {} | {} |".format, CODES, TEXTS),
    st.builds("| {} | {} | {} |".format, CODES, TEXTS, TEXTS),
    st.builds("- `{}`：{}".format, CODES, TEXTS),
    st.builds("  - {}".format, TEXTS),
    st.builds('### <span id="x">{}</span>'.format, CODES),
    st.builds("## {}".format, TEXTS),
    st.builds("| code | number | {} |".format, CODES),
    st.builds("| desc | string | {} |".format, TEXTS),
    st.builds("| name | string | {} |".format, st.one_of(CODES, TEXTS)),
    TEXTS,
)


@settings(max_examples=400, deadline=None)
@given(st.lists(LINES, max_size=40).map("\n".join))
def test_importer_never_crashes_and_its_output_loads(tmp_path_factory, page):
    entries = draft_entries(page)
    if not entries:
        return
    path = tmp_path_factory.mktemp("fuzz") / "draft.yaml"
    text = catalog_yaml(
        entries, catalog_id="fuzz", vendor="acme", product=None, language="zh", source=None, url=None
    )
    path.write_text(text, encoding="utf-8")
    catalog, problems = load_file(path, bundled=False)
    assert catalog is not None, problems  # every draft the importer writes is a valid catalog
    assert len(catalog.entries) == len(entries)
