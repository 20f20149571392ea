"""Vendor evidence in identifiers and in product words several vendors share (bot/vendors.py):
made-up texts of each reading, and look-alikes that must not change whose error it is."""

from __future__ import annotations

from tests.payload.corpus import findings


def _finding(text: str, code: str) -> dict:
    found = [f for f in findings(text) if f["code"] == code]
    assert found, (text, findings(text))
    return found[0]


def test_a_vendor_name_opening_a_camelcase_identifier_names_the_vendor():
    # a server SDK wrapper's annotation: "@YunxinParam" is code written against Yunxin's API
    text = '    /**\n     * returns 416 error code when exceeding flow control\n     */\n    @YunxinParam("policy")\n'
    finding = _finding(text, "416")
    assert finding["vendor"] == "netease" and not finding["ambiguous"]
    assert finding["matches"][0]["catalog"] == "netease-webrtc"
    # an uncovered vendor's client type: whose it looks like, no entry
    finding = _finding("TwilioVideoClient: connect failed 401", "401")
    assert finding.get("uncovered") and not finding["matches"]


def test_a_short_or_glued_name_is_no_identifier_head():
    # "Nim" in NimBLE (a Bluetooth stack) is no NetEase IM, the name being under five letters
    finding = _finding("NimBLEDevice connect failed 404", "404")
    assert finding["vendor"] is None and finding["ambiguous"]
    # the lowercase run goes on ("yunxinx" is no word of its own): nothing is named
    finding = _finding("yunxinxparam: request failed 404", "404")
    assert finding["vendor"] is None and finding["ambiguous"]
    # a Chinese vendor word before ASCII is a word as ever, not an identifier's head
    finding = _finding("腾讯云API调用报错 AuthFailure.SignatureFailure", "AuthFailure.SignatureFailure")
    assert finding["vendor"] == "tencent"


def test_an_identifier_of_a_vendor_with_a_client_sdk_claims_nothing():
    # Agora's types are its client SDK's as often as an app's own (AgoraServer\\Domain): an enum
    # named after it does not make its numbers Cloud Recording's
    text = ("typedef NS_ENUM(NSInteger, AgoraAudioLocalError) {\n  AgoraAudioLocalErrorOk = 0,\n"
            "  AgoraAudioLocalErrorFailure = 1,\n  AgoraAudioLocalErrorNoPermission = 2,\n};\n")
    assert not [f for f in findings(text) if f["matches"] and not f["ambiguous"]], findings(text)


def test_interactive_whiteboard_is_a_product_word_several_vendors_use():
    # Volcengine's whiteboard service is "互动白板" too: the word alone names no vendor, so its table's
    # Volcengine code is answered as Volcengine's
    text = "以下是互动白板服务特有的错误码。\n| 500 | InternalError.ReachRateLimit | 单位时间内请求次数（QPS）超限 |\n"
    finding = _finding(text, "InternalError.ReachRateLimit")
    assert not finding["ambiguous"] and finding["matches"][0]["catalog"] == "volcengine-rtc"
    # with Agora named, the word picks Agora's whiteboard, which no catalog covers
    finding = _finding("声网 互动白板 报错 110", "110")
    assert finding.get("uncovered") and finding["uncovered"]["product"] == "agora/whiteboard"
