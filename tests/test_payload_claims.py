"""Evidence, then a claim (bot/payload/claims.py): whose error a finding is and how sure the answer is."""

from __future__ import annotations

from bot import api, render
from bot.payload import explain
from bot.vendors import find_mentions
from tests.payload_corpus import bundled_index


def _only(text: str) -> dict:
    [finding] = explain(bundled_index(), text)["findings"]
    return finding


def test_an_uncovered_vendor_gets_no_entry_and_is_named_in_both_languages():
    text = "livekit-client: could not connect, got 401 error from the server"
    finding = _only(text)
    assert finding["matches"] == [] and finding["uncovered"] == {"vendor": "livekit", "product": None}
    assert finding["confidence"] == "uncovered"
    assert "errcode has no LiveKit catalog" in render.explain_text(explain(bundled_index(), text), "en")
    assert "errcode 没有 LiveKit 的目录" in render.explain_text(explain(bundled_index(), text), "zh")


def test_an_uncovered_product_of_a_covered_vendor_claims_nothing():
    finding = _only("io.agora.rtc2.RtcEngine onError: ERR_INVALID_TOKEN(110)")
    assert finding["vendor"] == "agora" and finding["matches"] == []
    assert finding["uncovered"]["product"] == "agora/rtc-sdk"
    kinds = {e["kind"] for e in finding["evidence"]}
    assert {"mark", "constant"} <= kinds


def test_cloud_music_is_not_yunxin():
    finding = _only("网易云音乐 API 接口返回错误码 406，操作频繁")
    assert finding["matches"] == [] and finding["uncovered"]["product"] == "netease/cloud-music"


def test_a_bare_generic_number_is_only_an_ambiguous_list():
    finding = _only("Error code: 404")
    assert finding["ambiguous"] is True and finding["confidence"] == "ambiguous"
    assert {m["vendor"] for m in finding["matches"]} == {"agora", "netease"}


def test_sdk_package_names_are_vendor_evidence():
    finding = _only(
        "volcenginesdkcore.rest.ApiException: (400) Reason: Bad Request "
        '{"ResponseMetadata":{"Error":{"Code":"InvalidParameter.IllegalRoomID","Message":"x"}}}'
    )
    assert finding["vendor"] == "volcengine" and finding["confidence"] == "certain"
    assert any(m.text.lower().startswith("volcenginesdk") for m in find_mentions("volcenginesdkcore.rest"))


def test_a_netease_name_picks_its_entry_among_the_codes_entries():
    finding = _only('{"code": 61004, "desc": "x", "name": "GateWayServerError"}')
    assert finding["matches"] and {m["name"] for m in finding["matches"]} == {"GateWayServerError"}


def test_a_tencent_trtc_call_gets_the_shared_public_code_but_no_live_business_code():
    trtc = "[TencentCloudSDKException] code:AuthFailure.SignatureExpire message:x requestId:r trtc.tencentcloudapi.com"
    assert _only(trtc)["matches"][0]["code"] == "AuthFailure.SignatureExpire"
    business = "[TencentCloudSDKException] code:InternalError.ConfInUsed message:x requestId:r trtc.tencentcloudapi.com"
    finding = _only(business)
    assert finding["matches"] == [] and finding["uncovered"]["product"] == "tencent/trtc"


def test_the_answer_language_is_the_askers_not_the_payload_shapes():
    json_body = '{"Response":{"Error":{"Code":"AuthFailure.SignatureExpire","Message":"签名过期"},"RequestId":"x"}}'
    sdk_line = "[TencentCloudSDKException] code:AuthFailure.SignatureExpire message:签名过期 requestId:x"
    assert api.explain(json_body)["lang"] == api.explain(sdk_line)["lang"] == "en"
    assert api.explain("这个报错怎么办 " + sdk_line)["lang"] == "zh"


def test_longer_words_win_and_ascii_words_need_boundaries():
    assert [m.product for m in find_mentions("网易云音乐")] == ["netease/cloud-music"]
    assert find_mentions("the laws of physics") == []
    assert [m.vendor for m in find_mentions("TencentCloudSDKException")] == ["tencent"]


def test_a_team_catalog_makes_an_uncovered_vendor_covered(tmp_path):
    from bot.api import build

    (tmp_path / "livekit.yaml").write_text(
        "id: team-livekit\nvendor: livekit\nproduct: LiveKit server\nlanguage: en\nsource: team wiki\n"
        "entries:\n  - code: \"4040\"\n    kind: error\n    name: null\n    meaning: room not found\n    handling: null\n",
        encoding="utf-8",
    )
    knowledge = build(str(tmp_path))
    result = knowledge.index.lookup("livekit 4040")
    assert result["matches"][0]["catalog"] == "team-livekit" and "uncovered" not in result
    [finding] = explain(knowledge.index, "livekit-client: join failed, error code 4040")["findings"]
    assert finding["matches"][0]["catalog"] == "team-livekit" and "uncovered" not in finding
    bundled = bundled_index().lookup("livekit 4040")
    assert bundled["matches"] == [] and bundled["uncovered"] == {"vendor": "livekit", "product": None}


def test_a_lookup_naming_an_uncovered_product_claims_nothing_but_shared_codes():
    index = bundled_index()
    sdk = index.lookup("io.agora.rtc onError 110")
    assert sdk["matches"] == [] and sdk["uncovered"]["product"] == "agora/rtc-sdk"
    assert "Agora RTC SDK" in sdk["hint"]
    assert index.lookup("trtc 404")["matches"] == []
    shared = index.lookup("trtc AuthFailure.SignatureExpire")
    assert shared["matches"][0]["code"] == "AuthFailure.SignatureExpire"
    assert index.lookup("agora cloud recording 435")["matches"][0]["catalog"] == "agora-cloud-recording"


def test_a_problem_state_as_a_json_status_value_is_reported():
    for text in ('{"status":"serviceAbnormal"}',
                 '{"serverResponse":{"extensionServiceState":[{"payload":{"state":"serviceValidationFailed"},'
                 '"serviceName":"upload_service"}]}}'):
        finding = _only(text)
        assert finding["matches"][0]["catalog"] == "agora-cloud-recording" and not finding["ambiguous"]


def test_a_state_that_reports_no_problem_is_quiet():
    for text in ('{"serverResponse":{"extensionServiceState":[{"payload":{"state":"serviceCompleted"},'
                 '"serviceName":"upload_service"}]}}', 'recorder state "serviceReady"', '{"state": "serviceInProgress"}'):
        assert explain(bundled_index(), text)["findings"] == [], text


def test_a_digit_that_ends_an_error_report_is_an_ambiguous_list():
    finding = _only("SDK Error 2")
    assert finding["ambiguous"] is True and {m["catalog"] for m in finding["matches"]} >= {"agora-cloud-recording"}


def test_a_program_status_digit_is_quiet():
    for text in ("npm ERR! code 1", "Process exited with error 1", "ERROR 1 test failed", "build failed, code 2"):
        assert explain(bundled_index(), text)["findings"] == [], text
