"""The payload pieces one by one: Slack cleanup, block finding, shapes, SDK strings, the Finding contract."""

from __future__ import annotations

import json
import subprocess
import sys

from bot.catalogs import Catalog, Entry
from bot.payload import explain, normalize, parse, patterns
from bot.search import SearchIndex, match_dict
from tests.payload.corpus import bundled_index

FINDING_KEYS = {"code", "vendor", "message", "request_id", "matches"}
MATCH_KEYS = {"catalog", "vendor", "code", "name", "kind", "meaning", "handling", "score"}


def clean(text: str) -> str:
    return normalize.clean(text, [])


# --- normalize --------------------------------------------------------------------------------

def _parse_all(blocks: list, notes: list) -> None:
    """Parse each block as explain does, within one paste's repair budget; `notes` says what was skipped."""
    parser = parse.Parser()
    for block in blocks:
        parser.parse(block)
    parser.finish(notes)


def test_slack_entities_decoded_amp_last():
    assert clean("a &lt;b&gt; &amp; c &amp;lt;") == "a <b> & c &lt;"


def test_slack_links_become_their_label_or_url():
    text = clean("see <https://api.agora.io/v1/x|the api> and <https://example.com/a?b=1> <@U024BE7LH> <#C1|general>")
    assert text == "see the api and https://example.com/a?b=1   general"


def test_fences_inline_code_smart_quotes():
    text = clean("```json\n{“code”: ‘433’}```  `x`")
    assert "```" not in text and "`" not in text
    assert '{"code": \'433\'}' in text


def test_control_characters_and_truncation_note():
    notes: list = []
    text = normalize.clean("a\x00b\x1bc" + "x" * normalize.MAX_CHARS, notes)
    assert text.startswith("a b c")
    assert len(text) == normalize.MAX_CHARS
    assert [n.kind for n in notes] == ["truncated"] and notes[0].values["read"] == normalize.MAX_CHARS


def test_bytes_and_none_are_accepted():
    assert clean(b"code=433 \xff\xfe") .startswith("code=433")
    assert clean(None) == ""


# --- parse ------------------------------------------------------------------------------------

def test_blocks_in_text_order_with_stray_brace_before():
    text = 'tried {channel too, then {"code": 1} and {"b": {"c": 2}} end'
    blocks = parse.find_blocks(text, [])
    raws = [b.raw for b in blocks]
    assert '{"code": 1}' in raws and '{"b": {"c": 2}}' in raws
    assert raws.index('{"code": 1}') < raws.index('{"b": {"c": 2}}')


def test_braces_inside_strings_do_not_end_a_block():
    text = '{"message": "bad value } here {", "code": 2} tail'
    (block,) = parse.find_blocks(text, [])
    assert block.closed and block.raw.endswith("2}")


def test_truncated_block_is_repaired():
    block = parse.find_blocks('{"Response": {"Error": {"Code": "InternalError", "Mess', [])[0]  # then its inner blocks
    assert not block.closed
    _parse_all([block], [])
    assert block.parsed and block.repaired
    assert block.value["Response"]["Error"]["Code"] == "InternalError"


def test_js_literal_and_python_repr_are_repaired():
    for raw in ("{code: 433, reason: 'expired',}", "{'code': 433, 'ok': False, 'x': None}"):
        (block,) = parse.find_blocks(raw, [])
        _parse_all([block], [])
        assert block.value["code"] == 433


def test_too_deep_block_is_skipped_and_said():
    notes: list = []
    blocks = parse.find_blocks('{"a":' * 1000 + "1" + "}" * 1000, notes)
    _parse_all(blocks, notes)
    assert not any(b.parsed for b in blocks)
    assert [n.kind for n in notes] == ["too_deep"] and notes[0].values["depth"] == parse.MAX_DEPTH


# --- Tencent SDK strings ------------------------------------------------------------------------

def test_tencent_sdk_variants():
    samples = {
        "[TencentCloudSDKException] code:AuthFailure.SignatureExpire message:Signature expired requestId:r-1": (
            "AuthFailure.SignatureExpire", "Signature expired", "r-1"),
        "[TencentCloudSDKError] Code=InvalidParameter, Message=bad, value, RequestId=r-2": (
            "InvalidParameter", "bad, value", "r-2"),
        "[TencentCloudSDKException]message:超限 requestId:r-3 errorCode:LimitExceeded": ("LimitExceeded", "超限", "r-3"),
        "TencentCloudSDKHttpException [Error]: Boom\n  at x {\n  requestId: 'r-4',\n  code: 'InternalError'\n}": (
            "InternalError", "Boom", "r-4"),
    }
    for text, (code, message, request_id) in samples.items():
        ((hit, _),) = patterns.tencent_sdk(text)
        assert (hit.code, hit.message, hit.request_id, hit.vendor) == (code, message, request_id, "tencent"), text


# --- the Finding contract ---------------------------------------------------------------------

def test_result_and_finding_shape():
    result = explain(bundled_index(), '{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"m"},"RequestId":"r"}}')
    assert set(result) >= {"findings", "skips"} and result["skips"] == ()
    (finding,) = result["findings"]
    assert FINDING_KEYS <= set(finding)
    assert finding["shape"] == "tencent-api"
    assert all(MATCH_KEYS <= set(m) for m in finding["matches"])
    json.dumps(result["findings"])  # the CLI prints them (bot.api adds `skipped` and `lang`)


def test_a_revealed_vendor_gets_only_its_own_entries():
    # InvalidParameter is in both the Tencent and the Volcengine catalogs: the shape says whose it is
    volc = explain(bundled_index(), '{"ResponseMetadata":{"Error":{"Code":"InvalidParameter","Message":"x"}}}')
    tencent = explain(bundled_index(), '{"Response":{"Error":{"Code":"InvalidParameter","Message":"x"}}}')
    assert {m["vendor"] for m in volc["findings"][0]["matches"]} == {"volcengine"}
    assert {m["vendor"] for m in tencent["findings"][0]["matches"]} == {"tencent"}
    assert volc["findings"][0]["confidence"] == "certain"
    assert volc["findings"][0]["evidence"][0] == {"kind": "shape", "shape": "volcengine", "vendor": "volcengine"}


def test_netease_server_code_is_resolved_in_the_server_code_table():
    text = "{code: 20111, desc: '加入房间失败', name: 'ChannelJoinError', serverCode: 404, reason: 'x'}"
    (finding,) = explain(bundled_index(), text)["findings"]
    assert finding["name"] == "ChannelJoinError" and finding["reason"] == "x"
    server = finding["server_code"]
    assert server["code"] == "404" and server["matches"]
    assert {m["kind"] for m in server["matches"]} == {"server_code"}


def test_netease_code_shared_by_three_errors_picks_the_named_one():
    for name in ("GateWayAddressNotAvailable", "GateWayLoginAlready", "GateWayServerError"):
        (finding,) = explain(bundled_index(), json.dumps({"code": 61004, "desc": "d", "name": name}))["findings"]
        assert finding["matches"][0]["name"] == name


def test_unknown_code_in_a_clear_error_shape_has_no_matches():
    (finding,) = explain(bundled_index(), '{"Response":{"Error":{"Code":"NoSuchThing","Message":"m"}}}')["findings"]
    assert finding["matches"] == [] and finding["vendor"] == "tencent"


def test_plain_numbers_unknown_to_catalogs_are_silent():
    assert explain(bundled_index(), "error code: 99887766 and code=12345")["findings"] == []


def test_repeated_log_lines_give_one_finding():
    text = "\n".join(f"10:00:{i:02d} W join failed code=30" for i in range(50))
    assert [f["code"] for f in explain(bundled_index(), text)["findings"]] == ["30"]


def test_answer_language_reaches_the_matches():
    zh = explain(bundled_index(), "code=433 agora", lang="zh")["findings"][0]["matches"][0]
    en = explain(bundled_index(), "code=433 agora", lang="en")["findings"][0]["matches"][0]
    assert zh["code"] == en["code"] == "433"
    assert zh.get("lang") == "zh"
    if en.get("lang") == "en":  # the catalog has an English text for it
        assert en["meaning"] != zh["meaning"]


def _tiny_index() -> SearchIndex:
    entry = Entry(catalog="t", vendor="volcengine", product=None, code="InvalidParameter", kind="error",
                  name=None, language="en", meaning="bad parameter")
    return SearchIndex([Catalog("t", "volcengine", None, "en", None, None, ".", True, (entry,))])


class ExactOnlyIndex:
    """A search with exact lookups only (the first placeholder): payload must fall back itself."""

    def __init__(self, inner: SearchIndex):
        self.catalogs = inner.catalogs
        self.entries = [e for c in inner.catalogs for e in c.entries]

    def matches_for_code(self, code, vendor=None, *, limit=5, lang=None):
        found = [e for e in self.entries if e.code.lower() == code.lower() and (not vendor or e.vendor == vendor)]
        return [match_dict(e, 100, lang) for e in found[:limit]]


def test_parent_fallback_with_and_without_the_search_doing_it():
    text = '{"ResponseMetadata":{"Error":{"Code":"InvalidParameter.AccountIdMismatch","Message":"x"}}}'
    for index in (_tiny_index(), ExactOnlyIndex(_tiny_index())):
        (finding,) = explain(index, text)["findings"]
        assert finding["code"] == "InvalidParameter.AccountIdMismatch"
        assert finding["fallback_from"] == "InvalidParameter.AccountIdMismatch"
        assert finding["matches"][0]["code"] == "InvalidParameter"
        assert finding["matches"][0]["fallback_from"] == "InvalidParameter.AccountIdMismatch"


def test_api_and_cli_paste():
    from bot import api

    api.install(api.build(""))
    try:
        result = api.explain("agora start: {\"code\":433,\"reason\":\"expired\"}")
    finally:
        api.install(None)
    assert [(f["code"], f["vendor"]) for f in result["findings"]] == [("433", "agora")]

    proc = subprocess.run(
        [sys.executable, "-m", "bot", "paste", "--json"],
        input=b"[TencentCloudSDKError] Code=InvalidAction, Message=x, RequestId=r-9\n" + b"\xff\xfe",
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "ERRCODE_CATALOGS": ""},
    )
    assert proc.returncode == 0, proc.stderr.decode()
    printed = json.loads(proc.stdout)
    assert [(f["code"], f["request_id"]) for f in printed["findings"]] == [("InvalidAction", "r-9")]


def test_errors_after_hundreds_of_success_bodies_are_found():
    lines = [f'10:00:{i % 60:02d} INFO body={{"code": 0, "msg": "ok", "data": {{"uid": {i}}}}}' for i in range(400)]
    lines.insert(380, '10:00:00 ERROR body={"code": 605030009, "msg": "busy"}')
    lines.append("10:00:01 ERROR body={code: 1000007, msg: 'balance'}")
    result = explain(bundled_index(), "\n".join(lines))
    assert [f["code"] for f in result["findings"]] == ["605030009", "1000007"]


def test_threads_get_the_same_answers_as_one_thread():
    from concurrent.futures import ThreadPoolExecutor

    from tests.payload.corpus import load_cases

    index = bundled_index()
    texts = [case["text"] for case in load_cases()] * 3
    alone = [explain(index, text) for text in texts]
    with ThreadPoolExecutor(8) as pool:
        together = list(pool.map(lambda text: explain(index, text), texts))
    assert together == alone


def test_a_code_cut_off_mid_word_is_marked_truncated():
    (finding,) = explain(bundled_index(), 'see: {"Response": {"Error": {"Code": "AuthFail')["findings"]
    assert finding["code"] == "AuthFail" and finding["truncated"] is True and finding["matches"] == []


def test_json_inside_a_json_string_is_read():
    inner = json.dumps({"ResponseMetadata": {"Error": {"Code": "UnknownAction", "Message": "x"}}})
    text = json.dumps({"status": "failed", "body": inner})
    (finding,) = explain(bundled_index(), text)["findings"]
    assert (finding["code"], finding["vendor"], finding["shape"]) == ("UnknownAction", "volcengine", "volcengine")


def test_a_repair_that_waits_for_the_cpu_does_not_spend_the_pastes_repair_time(monkeypatch):
    # json-repair's time budget is this thread's CPU: on a busy machine (other threads, other
    # processes) the wall clock runs on while a repair waits, and a paste's second object was read
    # as a log line in one run and as its vendor's object in the next.
    import time

    import json_repair

    real = json_repair.loads

    def waiting(*args, **kwargs):
        time.sleep(parse.REPAIR_SECONDS * 2)  # the CPU was another thread's meanwhile
        return real(*args, **kwargs)

    monkeypatch.setattr(json_repair, "loads", waiting)
    text = "{code: 67006, desc: '正在录制中', name: 'RecordInRecording'}\nand then\n{code: 67001, desc: '录制文件不存在', name: 'RecordNotExist'}\n"
    findings = explain(bundled_index(), text)["findings"]
    assert [(f["code"], f["shape"]) for f in findings] == [("67006", "netease"), ("67001", "netease")]
