"""Evidence, then a claim (bot/payload/claims.py): whose error a finding is and how sure the answer is."""

from __future__ import annotations

from bot import api, render
from bot.payload import explain
from bot.render.words import note_text
from bot.vendors import find_mentions
from tests.payload.corpus import bundled_index


def said(result: dict, lang: str | None = None) -> str | None:
    """The search's notes in words, as `lookup --json` says them in `hint` (bot.api) in the asked language."""
    return note_text(result["notes"], lang)


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
    assert "Agora RTC SDK" in said(sdk)
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


def test_a_volcengine_service_other_than_rtc_claims_no_rtc_entry():
    text = ('{"ResponseMetadata":{"RequestId":"r-1","Action":"CreateStream","Version":"2023-01-01","Service":"live",'
            '"Error":{"Code":"InvalidParameter","Message":"bad"}}}')
    finding = _only(text)
    assert finding["matches"] == [] and finding["uncovered"]["product"] == "volcengine/openapi-other"
    rtc = _only(text.replace('"live"', '"rtc"'))
    assert rtc["matches"][0]["catalog"] == "volcengine-rtc" and not rtc.get("uncovered")


def test_client_sdk_packages_and_other_products_claim_no_server_entry():
    for text, product in (
        ("io.agora.base.internal.Logging: join failed with error 110", "agora/rtc-sdk"),
        ("com.tencent.rtmp.TXLivePusher onPushEvent: error code: 20102", "tencent/mlvb"),
        ("volcenginesdkarkruntime.exceptions: InvalidParameter", "volcengine/ark"),
    ):
        finding = _only(text)
        assert finding["matches"] == [] and finding["uncovered"]["product"] == product, text


def test_vendors_without_a_catalog_are_named():
    for text, vendor in (("飞书开放平台 返回错误码 11000", "feishu"), ("Cloudflare Calls API returned 403 error", "cloudflare"),
                         ("钉钉接口报错 1003", "dingtalk")):
        finding = _only(text)
        assert finding["matches"] == [] and finding["uncovered"]["vendor"] == vendor, text


def test_reporting_verbs_and_chinese_measure_words():
    assert _only("agora cloud recording keeps showing 435")["matches"][0]["code"] == "435"
    assert _only("声网云录制 出现 435")["matches"][0]["code"] == "435"
    assert _only("tencent api gave RequestLimitExceeded")["matches"][0]["catalog"] == "tencent-live"
    for quiet in ("hit 1000 concurrent users", "声网 显示 100 人在线", "腾讯云 收到 2000 条消息"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_a_definition_list_of_codes_is_read_with_its_meanings():
    finding = _only("433\n: The resource ID has expired. Call acquire to get a new resource ID.")
    assert finding["matches"][0]["code"] == "433" and not finding["ambiguous"]
    # a number every web API returns is one vendor's entry only where the text names the vendor,
    # whatever its message says (the label audit of session 6, rule A)
    assert _only("501\n: The recording service is exiting.")["ambiguous"]
    assert _only("501\n: Not Implemented")["ambiguous"]
    finding = _only("Agora cloud recording errors\n501\n: The recording service is exiting.")
    assert not finding["ambiguous"] and finding["matches"][0]["catalog"] == "agora-cloud-recording"
    # and a table of such numbers under no vendor's name lists them all, even the row that reads like one
    finding = _only("| `408`   | No response from the server. | The request timed out. | Try again later |")
    assert finding["ambiguous"] is True


def test_sdk_result_code_enums_pick_the_vendor_entry():
    finding = _only("\tkNIMResFrequently\t\t\t= 416,\t\t/**< 操作太过频繁 */")
    assert finding["vendor"] == "netease" and finding["matches"][0]["code"] == "416"
    assert _only("    NIMRemoteErrorCodeForbidden           = 403,")["matches"][0]["catalog"] == "netease-webrtc"


def test_a_glued_table_cell_and_chinese_around_a_symbol():
    finding = _only("InvalidParameter.TaskAlreadyExistsThe task already existsDo not create a task repeatedly")
    assert finding["code"] == "InvalidParameter.TaskAlreadyExists" and finding["matches"][0]["catalog"] == "volcengine-rtc"
    assert _only("点击剪辑：提示InvalidParameter: 请求缺少必要参数")["ambiguous"] is True


def test_an_unlisted_sub_code_is_answered_only_by_a_listed_parent():
    text = ('{"ResponseMetadata":{"RequestId":"r","Service":"rtc","Error":{"Code":"InvalidParameter.AccountIdMismatch",'
            '"Message":"Check owner failed"}}}')
    finding = _only(text)
    assert finding["fallback_from"] == "InvalidParameter.AccountIdMismatch" and finding["ambiguous"] is True
    assert finding["not_in_catalogs"] is True


def test_a_status_with_its_own_reason_phrase_or_a_chinese_failure_word():
    for text, code in (("Getting 408 Request Timeout error frequently.", "408"), ("service unavailable(503)", "503"),
                       ("登录超时408", "408")):
        finding = _only(text)
        assert finding["code"] == code and finding["ambiguous"] is True, text
    for quiet in ("the page says 404 Bad Request", "超时 30 秒"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_an_aws_service_named_alone_is_aws():
    finding = _only("Retry on InternalError error codes. 200s followed by a failure were not retried for S3.")
    assert finding["matches"] == [] and finding["uncovered"]["vendor"] == "aws"


def test_status_words_and_plural_statuses():
    for text, code in (("the API keeps getting 404s", "404"), ("status 403 from the server", "403"), ("状态码 403", "403")):
        finding = _only(text)
        assert finding["code"] == code and finding["ambiguous"] is True, text
    for quiet in ("got 200s", "status 200 ok"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_a_site_that_is_not_the_vendors_api_host_is_evidence_against_its_entry():
    # Kong's stock 404 body is also an Agora Cloud Recording entry; from an unrelated site it is no Agora error
    body = '{"message":"no Route matched with those values"}'
    finding = _only(f"I open https://www.shop-example.it/ daily and now get {body}")
    assert not finding["matches"] or finding["ambiguous"], finding
    assert {"kind": "host", "text": "www.shop-example.it", "vendor": "agora"} in finding["evidence"]
    # the vendor's own API host, or a site people link for reference, leaves the code its own evidence
    for text in (f"POST https://api.sd-rtn.com/v1/apps/x/cloud_player/players returned {body}",
                 f"same as https://github.com/org/repo/issues/23: {body}"):
        finding = _only(text)
        assert finding["vendor"] == "agora" and not finding["ambiguous"], text
        assert finding["matches"][0]["catalog"] == "agora-cloud-recording"


def test_a_host_of_an_own_server_is_no_evidence_either_way():
    finding = _only('http://localhost:3000/api/start -> {"message":"no Route matched with those values"}')
    assert finding["vendor"] == "agora" and not finding["ambiguous"]


def test_a_code_every_cloud_uses_is_no_one_vendors_without_vendor_evidence():
    # an AWS ECS InternalError: the bare symbol is Tencent's, AWS's, Aliyun's and Volcengine's
    finding = _only('Retry on error "An internal error has occurred (ErrorCode: InternalError)"')
    assert finding["ambiguous"] is True and finding["confidence"] == "ambiguous"
    assert any(e["kind"] == "generic_symbol" for e in finding["evidence"])
    assert _only("error MissingParameter")["ambiguous"] is True
    # with the vendor in sight it is that vendor's entry
    named = _only("tencentcloud sdk: error MissingParameter")
    assert named["vendor"] == "tencent" and not named["ambiguous"]
    assert named["matches"][0]["code"] == "MissingParameter"


def test_the_generic_codes_are_those_several_clouds_share():
    from bot.vendors import CLOUD_COMMON_CODES, GENERIC_SYMBOLS

    assert {"aws", "aliyun", "tencent", "volcengine"} <= set(CLOUD_COMMON_CODES)
    for code in ("internalerror", "invalidparameter", "authfailure", "missingparameter", "requestlimitexceeded"):
        assert code in GENERIC_SYMBOLS, code
    # HTTP's error reasons as one word are every web API's codes
    for code in ("unauthorized", "notfound", "toomanyrequests", "forbidden"):
        assert code in GENERIC_SYMBOLS, code
    # a code only one cloud uses is still its own evidence
    assert "failedoperation" not in GENERIC_SYMBOLS and "authfailure.signatureexpire" not in GENERIC_SYMBOLS


def test_a_shared_code_with_only_a_products_word_or_an_sdks_grammar_is_an_ambiguous_list_led_by_it():
    # InternalError, ResourceNotFound ...: AWS, Aliyun and Huawei say them too; a product word
    # (tcb, 云直播), an API action, an SDK's string or constant grammar or a quote of the entry's
    # meaning is not the vendor named: the list is led by that vendor's catalog, claimed by none
    for text in (
        "Code=InternalError, Message=内部服务错误，请稍后重试",
        "调用CreateLiveRecordRule这个方法，为什么返回的Code是InternalError？",
        '\t// 资源不存在。\n\tRESOURCENOTFOUND = "ResourceNotFound"',
        "Error： tcb uploadTcbFunc ResourceNotFound ，请问这个怎么解决？",
        "| UnsupportedProtocol | HTTP(S) request protocol error; only GET and POST requests are supported. |",
        "InternalError代表后台服务出现了异常情况，可以到控制台提工单给云直播咨询",
    ):
        finding = _only(text)
        assert finding["ambiguous"] is True and finding["confidence"] == "ambiguous", text
        assert finding["vendor"] is None and finding["matches"][0]["catalog"] == "tencent-live", text
        assert any(e["kind"] == "generic_symbol" for e in finding["evidence"]), text
    # the symbol's own words repeated, or another cloud's message, leave it ambiguous too
    assert _only("| UnknownParameter | Unknown parameter error. |")["ambiguous"] is True
    assert _only("UnsupportedOperation: The functionality you requested is not available in this region")["ambiguous"]


def test_a_shared_code_is_the_vendors_entry_when_the_text_names_the_vendor():
    for text in (
        "[TencentCloudSDKError] Code=InternalError, Message=内部服务错误，请稍后重试",
        "腾讯云直播：调用CreateLiveRecordRule这个方法，为什么返回的Code是InternalError？",
        '{"Response": {"Error": {"Code": "InvalidParameterValue", "Message": "x"}, "RequestId": "r-1"}}',
        "POST https://live.tencentcloudapi.com returned UnknownParameter",
        "tencentcloud-sdk-go\n\t// 资源不存在。\n\tRESOURCENOTFOUND = \"ResourceNotFound\"",
    ):
        finding = _only(text)
        assert finding["vendor"] == "tencent" and not finding["ambiguous"], text
        assert finding["matches"][0]["catalog"] == "tencent-live", text


def test_a_code_only_one_cloud_uses_keeps_an_sdks_grammar_as_evidence():
    finding = _only("Code=AuthFailure.SignatureExpire, Message=签名过期")
    assert finding["vendor"] == "tencent" and not finding["ambiguous"]
    assert _only('AUTHFAILURE_SIGNATUREEXPIRE = "AuthFailure.SignatureExpire"')["vendor"] == "tencent"


def test_resource_in_use_is_a_code_several_clouds_share():
    from bot.vendors import GENERIC_SYMBOLS

    assert "resourceinuse" in GENERIC_SYMBOLS
    assert _only("error ResourceInUse")["ambiguous"] is True


def test_a_docs_error_list_bullet_is_a_code_and_its_meaning():
    finding = _only("- `433`: The resource ID has expired. Call acquire to get a new resource ID.")
    assert finding["code"] == "433" and not finding["ambiguous"]
    assert finding["matches"][0]["catalog"] == "agora-cloud-recording"


def test_an_error_on_a_client_platform_is_no_server_apis_code_without_a_vendor():
    finding = _only("Android 登录报错 1003")
    assert finding["ambiguous"] is True and any(e["kind"] == "platform" for e in finding["evidence"])


def test_numbers_reported_through_an_http_word_or_a_chinese_possessive_are_read():
    assert _only("I'm not familiar with the 408 HTTP error code, the request never arrived")["ambiguous"] is True
    assert _only("客户端首次请求收到110的错误，重试三次也一样")["ambiguous"] is True


def test_a_capital_k_nertc_enum_constant_is_read_with_its_number():
    finding = _only("    KNERtcErrChannelReservePermissionDenied = 403,")
    assert finding["vendor"] == "netease" and finding["matches"][0]["code"] == "403" and not finding["ambiguous"]


def test_a_shared_product_word_puts_its_products_entries_first_in_an_ambiguous_list():
    finding = _only("Cloud recording 404 error")
    assert finding["ambiguous"] is True and finding["vendor"] is None
    assert finding["matches"][0]["catalog"] == "agora-cloud-recording"
    assert {m["vendor"] for m in finding["matches"]} == {"agora", "netease"}


def test_a_shared_code_row_that_only_names_the_code_in_words_is_no_vendors():
    # another cloud's table row: its Chinese column says the code's own name, which is all the one
    # catalog holding the symbol says about it
    row = "| InternalError | The request failed because of an unknown error or exception. | 500 | 内部错误。 |"
    finding = next(f for f in explain(bundled_index(), row)["findings"] if f["code"] == "InternalError")
    assert finding["ambiguous"] is True and finding["confidence"] == "ambiguous"


def test_codes_in_a_log_label_a_numbered_warning_and_a_chinese_subject_are_read():
    for text, code in [
        ('upload aborted: "[code 403] The signature you specified is invalid."', "403"),
        ("the server keeps responding with 422 code and an empty body", "422"),
        ("warning 104 keeps showing in the log after I join", "104"),
        ("上传接口403，换了密钥也一样", "403"),
    ]:
        findings = explain(bundled_index(), text)["findings"]
        assert [f["code"] for f in findings] == [code], text
        assert findings[0]["ambiguous"] is True, text
    for quiet in ("访问100次之后就好了", "warning: 12 deprecated packages", "接口302跳转到登录页", "每天上传 500。"):
        assert explain(bundled_index(), quiet)["findings"] == [], quiet


def test_a_status_whose_body_code_no_catalog_has_is_still_answered():
    # the body's own code would be the answer; when no catalog has it, the status says what is known
    for text in ('HTTP/1.1 404 Not Found\n{"code": 987654, "msg": "no such thing"}',
                 '403 Forbidden: "error code: 9876"'):
        [finding] = explain(bundled_index(), text)["findings"]
        assert finding["code"] in ("403", "404") and finding["ambiguous"] is True, text
    # a body code a catalog has still answers for the status before it
    [finding] = explain(bundled_index(), 'HTTP/1.1 400 Bad Request\n{"code": 435, "reason": "no file"}')["findings"]
    assert finding["code"] == "435" and finding["http_status"] == 400


def test_products_a_covered_vendor_has_without_a_catalog_claim_nothing():
    # NetEase Meeting's 406 is its own (token expired), not Yunxin's RoomServerErrNoPermission;
    # Volcengine's VOD is not its RTC OpenAPI, though both say InvalidParameter
    for text, vendor in [("网易会议 SDK 报 406 token expired", "netease"),
                         ("火山引擎 视频点播 报 InvalidParameter", "volcengine")]:
        [finding] = explain(bundled_index(), text)["findings"]
        assert finding["matches"] == [] and finding["uncovered"]["vendor"] == vendor, text
    [rtc] = explain(bundled_index(), "volcengine rtc StartRecord 返回 InvalidParameter")["findings"]
    assert rtc["matches"][0]["catalog"] == "volcengine-rtc" and not rtc["ambiguous"]


def test_a_chinese_subject_an_adverb_and_its_status():
    [finding] = explain(bundled_index(), "云信 IM 登录一直 408")["findings"]
    assert finding["code"] == "408" and finding["matches"][0]["catalog"] == "netease-webrtc"
    assert explain(bundled_index(), "登录一直 300 人在线")["findings"] == []


def test_every_nertc_identifier_is_a_netease_mark():
    finding = _only("    NERtcErrorChannelReservePermissionDenied = 403,")
    assert finding["vendor"] == "netease" and not finding["ambiguous"]
    assert finding["matches"][0]["catalog"] == "netease-webrtc"


def test_a_sub_code_of_a_shared_parent_from_an_uncovered_product_says_whose_it_looks_like():
    finding = _only("TRTC 服务端 API 返回 InvalidParameter.SdkAppId")
    assert finding["matches"] == [] and finding["uncovered"] == {"vendor": "tencent", "product": "tencent/trtc"}


def test_a_code_and_reason_body_alone_is_a_hint_not_the_vendor():
    # {code, reason} is Agora Cloud Recording's error body and many other web APIs' too
    finding = _only('{\n  "code": 400,\n  "reason": "invalid_appid"\n}')
    assert finding["ambiguous"] is True and finding["vendor"] is None
    assert finding["matches"][0]["catalog"] == "agora-cloud-recording"  # the hint leads the list
    # a code only the hinted catalog holds is still its entry
    finding = _only('{"code": 435, "reason": "no recorded files"}')
    assert finding["ambiguous"] is False and finding["matches"][0]["catalog"] == "agora-cloud-recording"


def test_a_code_and_reason_body_beside_its_product_word_is_that_products_entry():
    finding = _only('cloud recording acquire returned {"code": 400, "reason": "invalid_appid"}')
    assert finding["ambiguous"] is False and finding["vendor"] == "agora"
    assert finding["matches"][0]["catalog"] == "agora-cloud-recording"
    assert {e["kind"] for e in finding["evidence"]} >= {"shape", "hint"}
    finding = _only('{"code": 400, "reason": "x", "cname": "room1", "uid": "527841"}')
    assert finding["vendor"] == "agora" and finding["ambiguous"] is False


def test_a_sub_code_many_tencent_products_define_names_cloud_live_only_with_live_in_sight():
    body = '{"Response":{"Error":{"Code":"InternalError.DBError","Message":"Failed to get instance"},"RequestId":"8a61"}}'
    finding = _only(body)  # Tencent's shape, but PostgreSQL, CDB, SCF ... say InternalError.DBError too
    assert finding["vendor"] == "tencent" and finding["ambiguous"] is True
    assert finding["matches"][0]["catalog"] == "tencent-live"  # still the candidate errcode has
    finding = _only("[TencentCloudSDKException] code:InternalError.SystemError message:x requestId:r1")
    assert finding["ambiguous"] is True
    for live in ("腾讯云直播 DescribeLiveStreamState 报错 " + body,
                 "see https://cloud.tencent.com/document/api/267/20474 we get " + body):
        finding = _only(live)
        assert finding["ambiguous"] is False and finding["matches"][0]["code"] == "InternalError.DBError", live
    # a Live sub-code no other product defines stays Live's entry on Tencent's shape alone
    finding = _only('{"Response":{"Error":{"Code":"InternalError.CrtDateOverdue","Message":"x"},"RequestId":"r"}}')
    assert finding["ambiguous"] is False and finding["matches"][0]["catalog"] == "tencent-live"


def test_nim_ios_error_domains_say_server_code_or_local_code():
    # NIMRemoteErrorDomain carries Yunxin's server codes (the serverCode table); NIMLocalErrorDomain
    # the SDK's own local codes (NIMLocalErrorCodeInvalidParam = 1, ...), which no catalog holds
    finding = _only('NIMLoginManager login failed: Error Domain=NIMRemoteErrorDomain Code=302 "(null)"')
    assert finding["vendor"] == "netease" and finding["ambiguous"] is False
    assert finding["matches"][0]["catalog"] == "netease-webrtc" and finding["matches"][0]["code"] == "302"
    finding = _only('login failed: Error Domain=NIMLocalErrorDomain Code=408 "(null)"')
    assert finding["matches"] == [] and finding["uncovered"]["product"] == "netease/im-local"


def test_an_openvidu_error_body_says_whose_it_looks_like():
    body = ('{"timestamp": "2023-01-20T07:20:26.177+00:00", "status": 401, "error": "Unauthorized",'
            ' "message": "", "path": "/openvidu/api/recordings/start"}')
    finding = _only(body)
    assert finding["matches"] == [] and finding["uncovered"]["vendor"] == "openvidu"


def test_a_definition_list_without_a_space_after_its_colon_is_read_as_rendered_chinese_docs_have_it():
    # docs.agora.io/cn's common errors as stored: "7\n:录制已经在进行中 ..." (no space after the colon)
    finding = _only("7\n:录制已经在进行中 ,请勿用同一个 resource ID 重复 start\n请求。")
    assert finding["matches"][0]["code"] == "7" and not finding["ambiguous"]
    finding = _only("1013\n:频道名不合法。频道名必须为长度在 64 字节以内的字符串。")
    assert finding["matches"][0]["code"] == "1013" and not finding["ambiguous"]
    # a short number defined by words no entry of it says is nobody's code; one two catalogs hold is a list
    assert explain(bundled_index(), "7\n:第七步,打开设置页面。")["findings"] == []
    assert _only("2\n:参数不合法,请确保参数类型、大小写和取值范围正确,且必填的参数均已填写。")["ambiguous"]


def test_a_short_number_opening_a_table_row_is_a_code_only_where_the_row_says_its_entrys_meaning():
    # a checklist's row numbers beside the product's name are no error codes (Agora's cloud recording checklist)
    row = ("| 8 | optional | NCS Service Activation | Activate the cloud recording callback service and subscribe"
           " to the following events: <ul><li>`40 recorder_started`: The recording service has started.</li></ul> |")
    assert explain(bundled_index(), row)["findings"] == []
    # an error table's row says what its entry means, in the vendor's docs or anywhere
    finding = _only("Agora cloud recording\n| 7 | The recording is already in progress. Do not start it again. |")
    assert finding["matches"][0]["code"] == "7" and not finding["ambiguous"]


def test_agora_real_time_stt_codes_are_not_cloud_recordings():
    # STT's REST API (acquire returns a tokenName, start a taskId) numbers its errors like Cloud Recording
    stt = ("- `1001`: Failed to parse `tokenName`. Call `acquire` to get a new `tokenName`.\n"
           "- `1003`: The App ID or `taskId` does not match `tokenName`.")
    findings = explain(bundled_index(), stt)["findings"]
    assert findings and all(not f["matches"] and f["uncovered"]["product"] == "agora/real-time-stt" for f in findings)
    finding = _only("- `49`: Caused by repeated `stop` requests with the same `tokenName` and `taskId`."
                    " Contact support@agora.io")
    assert finding["matches"] == [] and finding["uncovered"]["product"] == "agora/real-time-stt"
    # Cloud Recording's own 1001 stays its entry
    assert _only("- `1001`: Failed to parse the resource ID. Call acquire again.")["matches"][0]["code"] == "1001"


def test_an_error_tables_row_that_says_another_meaning_is_listed_not_claimed_nor_dropped():
    # Agora RTC SDK's table: its 1001 is no Cloud Recording 1001, and nothing names whose table it is
    table = "| Error code | Description |\n|:--:|:------|\n| `130` | The SDK does not support pushing encrypted streams. |\n" \
            "| `1001` | Failed to load the media engine. |"
    finding = _only(table)
    assert finding["code"] == "1001" and finding["ambiguous"] is True
    finding = _only("| `1012` | Error starting the recording device. |\n| `1013` | Error stopping the recording device. |")
    assert finding["code"] == "1013" and finding["ambiguous"] is True
    # a table of counts stays quiet
    assert explain(bundled_index(), "| region | rooms |\n|---|---|\n| 1001 | east |\n| 1013 | west |")["findings"] == []


def test_a_number_with_its_sdk_constant_in_parentheses_reads_as_the_constants_code():
    # NERtc's headers document return values as "- 403(#kNERtcErrChannelReservePermissionDenied): ..."
    text = ("     * @return\n     * - 0(#kNERtcNoError)：方法调用成功。\n     * - 30001(#kNERtcErrFatal)：通用错误。\n"
            "     * - 403(#kNERtcErrChannelReservePermissionDenied): 用户角色不是观众。\n")
    finding = _only(text)
    assert finding["code"] == "403" and finding["vendor"] == "netease" and not finding["ambiguous"]
    assert finding["matches"][0]["catalog"] == "netease-webrtc"
    assert {"kind": "constant", "text": "kNERtcErrChannelReservePermissionDenied"} in finding["evidence"]
    # a number and a name in parentheses that is no error constant is nothing
    assert explain(bundled_index(), "release 403(BuildTools) is out, see 404(ReleaseNotes)")["findings"] == []


def test_more_vendors_and_agora_products_are_named_not_answered_with_a_catalogs_entry():
    for text, vendor, product in (
        ("极光 JMessage 登录失败 错误码 1003", "jiguang", None),
        ("拓课云 TKRoomSDK 进入房间失败 错误码 1013", "talkcloud", None),
        ("讯飞 语音听写 返回错误码 11001", "iflytek", None),
        ("agora signaling login failed with error 102", "agora", "agora/rtm"),
        ("Agora Conversational AI agent start failed with error 1001", "agora", "agora/convoai"),
    ):
        finding = _only(text)
        assert finding["matches"] == [] and finding["uncovered"]["vendor"] == vendor, text
        assert finding["uncovered"]["product"] == product, text


def test_commsease_is_netease_yunxins_name_abroad():
    finding = _only("CommsEase IM: when a parameter is wrong, status code 414 will be returned")
    assert finding["vendor"] == "netease" and finding["matches"][0]["catalog"] == "netease-webrtc"
    assert not finding["ambiguous"]


def test_agoras_other_rest_products_are_no_cloud_recording():
    # Cloud Transcoding's builderToken, Media Push, RTM's RTM_ERROR_* codes: Agora's, not Cloud Recording's
    finding = _only("Agora Cloud Transcoding start failed: 1001 Failed to parse the builderToken")
    assert finding["matches"] == [] and finding["uncovered"]["product"] == "agora/rest-other"
    finding = _only("- `1003`: The builderToken does not match the task. Call acquire again.")
    assert finding["matches"] == [] and finding["uncovered"]["product"] == "agora/rest-other"
    finding = _only("login failed: RTM_ERROR_LOGIN_TIMEOUT (109)")
    assert finding["matches"] == [] and finding["uncovered"]["product"] == "agora/rtm"


def test_a_unique_code_whose_message_shares_only_words_every_error_says_is_no_claim():
    # "failed" is in both messages, nothing else: Agora RTC SDK's 1001 is not Cloud Recording's 1001
    finding = _only("1001: Failed to load the media engine.")
    assert finding["ambiguous"] is True
    # a message that says the entry's own words still makes it the entry
    finding = _only("1001: Failed to parse the resource ID.")
    assert finding["ambiguous"] is False and finding["matches"][0]["code"] == "1001"


def test_an_http_reason_as_a_code_is_no_one_vendors_without_vendor_evidence():
    # "Unauthorized" is Volcengine RTC's code and every web API's 401 reason: no vendor, no claim
    for text in ("errorcode: Unauthorized", "请求失败，返回的 ErrorCode 是 Unauthorized"):
        finding = _only(text)
        assert finding["ambiguous"] is True and finding["confidence"] == "ambiguous", text
        assert any(e["kind"] == "generic_symbol" for e in finding["evidence"]), text
    # the vendor named: its entry
    finding = _only("volcengine RTC OpenAPI StartRecord errorcode: Unauthorized")
    assert finding["vendor"] == "volcengine" and not finding["ambiguous"]
    assert finding["matches"][0]["catalog"] == "volcengine-rtc"
