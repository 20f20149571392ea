"""The importer on real vendor pages nobody here wrote: every entry, checked against an independent reading.

Each page of tests/fixtures/import_pages (sources in its README) is counted by its own small
reader in tests/catalogs/importer/pages_expected.py; here the importer drafts the page as a user would
(`errcode catalogs import PAGE`), and each expected entry must come out with its code, name,
meaning and handling. Run with -s to see the per-page table.
"""

from __future__ import annotations

import pytest

from bot.catalogs import load_file
from bot.catalogs.importer import catalog_yaml, draft_entries
from tests.catalogs.importer.pages_expected import CORPUS, PAGES, score, words

# Entries each page holds, as counted by hand once and by the independent readers every run.
COUNTS = {
    "volcengine-windows-errorcode.md": 159,
    "volcengine-web-errorcode.md": 81,
    "zego-im-errorcodes-zh.md": 28,
    "zego-zpns-android-errorcode.mdx": 6,
    "rongcloud-server-errorcode.md": 25,
    "zego-zim-audio-errorcode-zh.md": 20,
    "tencent-bkbase-jobnavi-error_code.md": 3,
    "rongcloud-server-errorcode.html": 12,
    "tencent-trtc-TXLiteAVCode.h": 149,
    "rongcloud-RCErrorCode.h": 450,
    "netease-nertc_error_code.h": 115,
    "agora-flutter-agora_base.dart": 47,
    "agora-electron-AgoraBase.ts": 73,
    "easemob-web-error.md": 63,
    "jpush-jmessage-im_errorcode_android.md": 55,
    "tencent-im-V2TIMErrorCode.h": 279,
    "easemob-EMErrorCode.h": 103,
    "zego-express-error_code.dart": 404,
    "agora-chat-error-codes-android.mdx": 102,
    "agora-video-web-error-codes.mdx": 46,
    "huawei-dis-server-error-codes.md": 71,
    "huawei-cloudlink-tsdk_error_def.h": 476,
}


def drafted(name: str) -> list[dict]:
    return draft_entries((PAGES / name).read_text(encoding="utf-8-sig"), name=name)


def test_the_corpus_is_every_page_in_the_folder():
    on_disk = {p.name for p in PAGES.iterdir() if p.name != "README.md"}
    assert on_disk == set(CORPUS) == set(COUNTS)
    readme = (PAGES / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in CORPUS)
    assert len({layout for layout, _ in CORPUS.values()}) >= 8


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_entry_of_the_page_is_drafted_right(name):
    layout, reader = CORPUS[name]
    expected = reader()
    assert len(expected) == COUNTS[name], "the independent reading no longer finds the page's entries"
    right, wrong = score(expected, drafted(name))
    print(f"\n{name} ({layout}): {right}/{len(expected)} drafted right")
    assert right / len(expected) >= 0.98, [w.code for w in wrong[:10]]


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_every_draft_of_the_page_is_a_valid_catalog(name, tmp_path):
    entries = drafted(name)
    text = catalog_yaml(
        entries, catalog_id="page", vendor="acme", product=None, language="zh", source=name, url=None
    )
    path = tmp_path / "page.yaml"
    path.write_text(text, encoding="utf-8")
    catalog, problems = load_file(path, bundled=False)
    assert catalog is not None, problems
    assert len(catalog.entries) == len(entries)
    assert not [p for p in problems if p.severity == "error"]
    for entry in catalog.entries:  # no raw markup reaches a reader
        for field in (entry.meaning, entry.handling or "", entry.context or ""):
            assert "<wbr" not in field and "<br" not in field and "</" not in field, (entry.code, field)


def test_the_symbolic_name_column_is_the_name_not_the_meaning():
    by_name = {e["name"]: e for e in drafted("volcengine-windows-errorcode.md")}
    token = by_name["kRoomErrorTokenExpired"]
    assert (token["code"], token["section"]) == ("-1009", "ErrorCode")
    assert token["meaning"] == "Token 过期。" and "重新加入房间" in token["handling"]
    # one code in several enums stays apart by name and section
    assert by_name["kRtsRoomErrorTokenExpired"]["section"] == "RtsErrorCode"
    assert by_name["kWarningCodeGetRoomFailed"]["note"] == "The document marks this entry deprecated."


def test_possible_reason_and_fix_columns_keep_their_roles():
    entries = {e["code"]: e for e in drafted("zego-im-errorcodes-zh.md")}
    appid = entries["6000004"]
    assert appid["meaning"] == "无效 AppID。"
    assert appid["context"] == "AppID 错误或已失效。"
    assert appid["handling"].startswith("请先行检查是否 AppID 输入有误")
    assert entries["0"]["kind"] == "success" and "handling" not in entries["0"]


def test_a_bilingual_comment_gives_the_entry_and_its_english():
    entries = {e["name"]: e for e in drafted("netease-nertc_error_code.h")}
    permission = entries["kNERtcErrChannelReservePermissionDenied"]
    assert permission["code"] == "403" and permission["section"] == "NERtcErrorCode"
    assert "权限不足" in permission["meaning"] and "Token" in words(
        permission.get("handling") or permission["context"]
    )
    assert permission["en"]["meaning"].startswith("No permissions.")
    assert entries["kNERtcAudioMixingErrorCanNotOpen"]["code"] == "2"  # counted on from the member above


def test_the_issue_s_agora_chat_page_error_message_is_the_name_and_fix_is_kept():
    entries = {e["code"]: e for e in draft_entries(
        (PAGES / "agora-chat-error-codes-android.mdx").read_text(encoding="utf-8"), name="x.mdx", language="en"
    )}  # fmt: skip
    ok = entries["0"]
    assert (ok["name"], ok["meaning"], ok["handling"], ok["kind"]) == (
        "EM_NO_ERROR",
        "The operation succeeds.",
        "No action required.",
        "success",
    )
    assert (
        entries["210"]["name"] == "USER_PERMISSION_DENIED"
        and "\n- User on block list" in entries["210"]["meaning"]
    )
    assert not any("<" in (e.get("name") or "") + e["meaning"] for e in entries.values())


def test_the_error_code_column_beats_the_http_status_beside_it():
    entries = {e["code"]: e for e in drafted("huawei-dis-server-error-codes.md")}
    auth = entries["DIS.4100"]
    assert (auth["kind"], auth["context"], auth["handling"]) == (
        "error",
        "441",
        "请检查请求头里的签名信息是否无误。",
    )
    assert auth["meaning"] == "使用AKSK生成的签名信息错误" and auth["en"] == {
        "meaning": "Authorization error."
    }


def test_a_comment_beside_a_member_may_run_over_several_lines():
    entries = {e["name"]: e for e in drafted("huawei-cloudlink-tsdk_error_def.h")}
    general = entries["TSDK_E_MANAGER_ERR_GENERAL_ERROR"]
    assert general["code"] == str(0x00FFFFFF + 2)  # counted on from TSDK_E_MANAGER_ERR_BEGIN = 0x00FFFFFF
    assert general["meaning"] == "0x01 一般错误" and general["en"] == {
        "meaning": "0x01 Indicates general error"
    }
    assert "TSDK_E_MANAGER_ERR_BUTT" not in entries  # no comment, nothing said


def test_columns_in_two_languages_give_the_meaning_and_its_english():
    entries = {e["code"]: e for e in drafted("jpush-jmessage-im_errorcode_android.md")}
    assert entries["871102"]["meaning"] == "请求失败"
    assert entries["871102"]["handling"] == "请检查网络"
    assert entries["871102"]["en"] == {"meaning": "Request failed.please check your network connection."}
    assert "(en: ok)" in entries["0"]["note"]  # the second listing of 0 keeps its own English


def test_labelled_lines_in_a_doc_comment_split_meaning_cause_and_fix():
    entries = {e["name"]: e for e in drafted("zego-express-error_code.dart")}
    engine = entries["CommonEngineNotCreate"]
    assert engine["code"] == "1000001"
    assert engine["meaning"] == "The engine is not initialized and cannot call non-static functions."
    assert engine["context"] == "Engine not created."
    assert engine["handling"].startswith("Please call the [createEngine] function")


def test_doxygen_language_markers_and_counted_values():
    entries = {e["name"]: e for e in drafted("easemob-EMErrorCode.h")}
    assert (
        entries["EMErrorNetworkUnavailable"]["code"],
        entries["EMErrorNetworkUnavailable"]["meaning"],
    ) == (
        "2",
        "网络错误。",
    )
    assert entries["EMErrorNetworkUnavailable"]["en"] == {"meaning": "The network is unavailable."}


def test_sdk_sources_keep_negative_codes_and_leave_other_enums_out():
    trtc = {e["name"]: e for e in drafted("tencent-trtc-TXLiteAVCode.h")}
    assert trtc["ERR_ROOM_ENTER_FAIL"]["code"] == "-3301"
    assert {e["section"] for e in trtc.values()} == {"TXLiteAVError", "TXLiteAVWarning"}  # not TXLiteAVEvent
    dart = {e["name"]: e for e in drafted("agora-flutter-agora_base.dart") if e["section"] == "ErrorCodeType"}
    assert dart["errInvalidArgument"]["meaning"].startswith("Invalid parameter set in the method.")
    assert "errCanceled" not in dart  # @nodoc: the page says nothing about it
