"""`errcode catalogs import` end to end: a URL fetched from a real server on loopback, `--update`
into a reviewed catalog, and the import report on standard error."""

from __future__ import annotations

import asyncio
import sys
from pathlib import Path

import pytest
import yaml
from aiohttp import web

from bot.catalogs import load_file

PAGES = Path(__file__).parents[2] / "fixtures" / "import_pages"


async def run_cli(*args: str) -> tuple[int, str, str]:
    """The command line in its own process, so the test's event loop keeps serving meanwhile."""
    proc = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", *args, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE
    )
    out, err = await asyncio.wait_for(proc.communicate(), timeout=60)
    return proc.returncode, out.decode(), err.decode()


@pytest.fixture
async def vendor_site():
    """A vendor's documentation site on 127.0.0.1 (port chosen by the OS)."""
    html = (PAGES / "rongcloud-server-errorcode.html").read_bytes()
    header = (PAGES / "tencent-trtc-TXLiteAVCode.h").read_bytes()

    async def page(request: web.Request) -> web.Response:
        return web.Response(body=html, content_type="text/html", charset="utf-8")

    async def source(request: web.Request) -> web.Response:
        return web.Response(body=header, content_type="text/plain")

    async def moved(request: web.Request) -> web.Response:
        raise web.HTTPFound("/docs/errorcode.html")

    async def loop(request: web.Request) -> web.Response:
        raise web.HTTPFound("/loop")

    async def gbk(request: web.Request) -> web.Response:
        body = "| 错误码 | 说明 |\n| --- | --- |\n| 1001 | 参数错误，请检查参数。 |\n".encode("gbk")
        return web.Response(body=body, content_type="text/markdown", charset="gbk")

    app = web.Application()
    app.router.add_get("/docs/errorcode.html", page)
    app.router.add_get("/sdk/TXLiteAVCode.h", source)
    app.router.add_get("/old", moved)
    app.router.add_get("/loop", loop)
    app.router.add_get("/gbk.md", gbk)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        await runner.cleanup()


async def test_import_fetches_a_saved_page_by_url(vendor_site, tmp_path):
    out = tmp_path / "rongcloud.yaml"
    url = f"{vendor_site}/old"  # redirected to the page
    status, _, err = await run_cli(
        "catalogs", "import", url, "--id", "rc", "--vendor", "rongcloud", "-o", str(out)
    )
    assert status == 0, err
    catalog, problems = load_file(out, bundled=False)
    assert catalog is not None, problems
    assert len(catalog.entries) == 12
    assert catalog.source == url and catalog.url == url
    assert {e.code for e in catalog.entries} >= {"20000", "20012"}


async def test_import_reads_an_sdk_source_by_url_and_a_declared_charset(vendor_site, tmp_path):
    out = tmp_path / "trtc.yaml"
    status, _, err = await run_cli(
        "catalogs",
        "import",
        f"{vendor_site}/sdk/TXLiteAVCode.h",
        "--id",
        "trtc",
        "--vendor",
        "tencent",
        "-o",
        str(out),
    )
    assert status == 0, err
    catalog, _ = load_file(out, bundled=False)
    assert {e.section for e in catalog.entries} == {"TXLiteAVError", "TXLiteAVWarning"}
    status, text, err = await run_cli(
        "catalogs", "import", f"{vendor_site}/gbk.md", "--id", "g", "--vendor", "g"
    )
    assert status == 0, err
    assert "参数错误" in text and "请检查参数。" in text


async def test_import_says_why_a_url_cannot_be_read(vendor_site):
    status, _, err = await run_cli(
        "catalogs", "import", f"{vendor_site}/missing", "--id", "x", "--vendor", "x"
    )
    assert status == 2 and "HTTP 404" in err and "Traceback" not in err
    status, _, err = await run_cli("catalogs", "import", f"{vendor_site}/loop", "--id", "x", "--vendor", "x")
    assert status == 2 and "redirects more than" in err
    closed = vendor_site.rsplit(":", 1)[0] + ":9"  # nothing listens on the discard port
    status, _, err = await run_cli("catalogs", "import", f"{closed}/x.md", "--id", "x", "--vendor", "x")
    assert status == 2 and "cannot fetch" in err


REVIEWED_PAGE = """\
## 通用错误码

| 错误码 | 说明 | 处理建议 |
| --- | --- | --- |
| 1001 | 参数错误 | 请检查参数 |
| 1002 | 未登录 | 请先登录 |
| 1003 | 频率超限 | 请稍后重试 |
"""

CHANGED_PAGE = """\
## 通用错误码

| 错误码 | 说明 | 处理建议 |
| --- | --- | --- |
| 1001 | 参数错误 | 请检查参数 |
| 1002 | 用户未登录或登录已过期 | 请重新登录 |
| 1004 | 服务繁忙 | 请稍后重试 |
"""


async def test_update_keeps_the_review_and_lists_what_the_page_changed(tmp_path):
    page, catalog_path = tmp_path / "errors.md", tmp_path / "acme.yaml"
    page.write_text(REVIEWED_PAGE, encoding="utf-8")
    status, _, err = await run_cli(
        "catalogs", "import", str(page), "--id", "acme", "--vendor", "acme", "-o", str(catalog_path)
    )
    assert status == 0, err
    # the reviewer's edits: English, a note, a section, a kind, a header comment, a re-split meaning
    document = yaml.safe_load(catalog_path.read_text(encoding="utf-8"))
    first, second = document["entries"][0], document["entries"][1]
    first.update(
        meaning="参数错误。", en={"meaning": "Invalid parameter.", "handling": "Check the parameters."}
    )
    second.update(
        note="Seen after token expiry.", section="登录", kind="server_code", en={"meaning": "Not logged in."}
    )
    document["description"] = "Acme's error codes"
    catalog_path.write_text(
        "# reviewed by hand\n" + yaml.safe_dump(document, allow_unicode=True, sort_keys=False),
        encoding="utf-8",
    )

    page.write_text(CHANGED_PAGE, encoding="utf-8")
    status, _, err = await run_cli("catalogs", "import", str(page), "--update", str(catalog_path))
    assert status == 0, err
    assert "update: 1 added, 1 removed, 1 changed" in err
    assert "added:   1004" in err and "removed: 1003" in err and "changed: 1002" in err

    text = catalog_path.read_text(encoding="utf-8")
    assert text.startswith("# reviewed by hand\n")
    catalog, problems = load_file(catalog_path, bundled=False)
    assert catalog is not None, problems
    entries = {e.code: e for e in catalog.entries}
    assert list(entries) == ["1001", "1002", "1004"]
    kept = entries["1001"]  # unchanged on the page: the review stays word for word
    assert kept.meaning == "参数错误。" and kept.translations["en"].handling == "Check the parameters."
    changed = entries["1002"]  # changed on the page: new words, reviewed fields kept
    assert (changed.meaning, changed.handling) == ("用户未登录或登录已过期", "请重新登录")
    assert (changed.note, changed.section, changed.kind) == (
        "Seen after token expiry.",
        "登录",
        "server_code",
    )
    assert changed.translations["en"].meaning == "Not logged in."
    assert catalog.id == "acme" and "description: Acme's error codes" in text


REPORT_PAGE = """\
# Acme

## 参数

| 参数 | 类型 | 说明 |
| --- | --- | --- |
| appId | string | 应用 ID |

## 错误码

| 错误码 | 错误信息 | 描述 |
| --- | --- | --- |
| 1001 | INVALID_PARAM | 参数错误 |
|  | MISSING | 缺少参数 |
| 1002 | NOT_LOGIN | 未登录 |

## 服务端错误码

| 错误码 | 错误信息 | 描述 |
| --- | --- | --- |
| 1001 | INVALID_PARAM | 参数错误 |
| 1001 | BAD_SIGNATURE | 签名错误 |
"""


async def test_the_report_tells_what_was_drafted_skipped_and_kept_apart(tmp_path):
    page = tmp_path / "report.md"
    page.write_text(REPORT_PAGE, encoding="utf-8")
    status, out, err = await run_cli("catalogs", "import", str(page), "--id", "acme", "--vendor", "acme")
    assert status == 0, err
    assert "3 entries (error 3)" in err
    assert "drafted per section:\n  错误码: 2\n  服务端错误码: 2" in err
    assert "table “参数 | 类型 | 说明” under 参数: holds no codes" in err
    assert "row 2: no code" in err
    assert "1001 INVALID_PARAM: listed under 错误码 and 服务端错误码; kept as one entry" in err
    assert "1001: 2 entries kept apart by name (INVALID_PARAM, BAD_SIGNATURE)" in err
    assert out.count("- code:") == 3


async def test_a_page_without_codes_reports_why(tmp_path):
    page = tmp_path / "params.md"
    page.write_text(REPORT_PAGE.split("## 错误码")[0], encoding="utf-8")
    status, _, err = await run_cli("catalogs", "import", str(page), "--id", "acme", "--vendor", "acme")
    assert status == 1 and "no error codes found" in err and "holds no codes" in err
