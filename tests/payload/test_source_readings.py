"""Codes written in source code by people using the SDKs (bot/payload/patterns.py and claims.py):
a code variable compared with a number, a constant defined with its number. Made-up texts of
each kind; the vendor rules are the same as for prose (a bare HTTP-like number is ambiguous)."""

from __future__ import annotations

from tests.payload.corpus import finding_for, findings

_findings, _by_code = findings, finding_for


def test_a_code_variable_compared_with_a_number_reads_the_number_as_a_code():
    # the vendor's SDK class in sight: its entry
    text = (
        "NimUIKit.login(info, new RequestCallback<LoginInfo>() {\n"
        "    @Override\n"
        "    public void onFailed(int code) {\n"
        "        if (code == 414) {\n"
        "            showToast(R.string.bad_param);\n"
        "        }\n"
    )
    finding = _by_code(text, "414")
    assert finding["vendor"] == "netease" and not finding["ambiguous"]
    assert finding["matches"][0]["catalog"] == "netease-webrtc"
    # no vendor in sight: an HTTP-like number is only a list of candidates
    for text in ("    if (res.statusCode === 403) {\n        retry();\n    }\n",
                 "        } else if (err_code == 408) {\n            return;\n"):
        code = "403" if "403" in text else "408"
        finding = _by_code(text, code)
        assert finding["ambiguous"] is True, text
    # a success value, or a variable that is no code, is nothing
    assert _findings("if (code == 0) { done(); }") == []
    assert _findings("if (count == 404) { page++; }") == []
    assert _findings("while (retries == 403) { }") == []


def test_a_constant_defined_with_a_number_is_a_code_where_its_name_or_its_enum_says_error():
    # an SDK's error-code class (Dart), the vendor's class name in sight: its entry
    text = "class NERtcErrorCode {\n  /// 参数错误\n  static const int channelParameterError = 414;\n}\n"
    finding = _by_code(text, "414")
    assert finding["vendor"] == "netease" and not finding["ambiguous"]
    # a name that says another meaning than every entry of its number: a candidate, never the answer
    finding = _by_code("class NERtcErrorCode {\n  static const int tokenExpiredError = 417;\n}\n", "417")
    assert finding["ambiguous"] is True
    # a status constant of an HTTP crate, its declaration as a docs page runs it over lines: ambiguous
    finding = _by_code("pub const UNAUTHORIZED:\nu16\n= 401;\n", "401")
    assert finding["ambiguous"] is True
    finding = _by_code("static final int requestTimedOut = 408;", "408")
    assert finding["ambiguous"] is True
    # a constant that is no error (a size, a duration, a retry count) is nothing
    for text in ("const int pageSize = 404;", "static const int kConnectTimeoutMs = 408;",
                 "const MAX_TIMEOUT = 1003;", "const int retryInterval = 500;"):
        assert _findings(text) == [], text


def test_the_nim_sdks_class_names_name_netease():
    for text, code in (
        ("NIMClient.getService(AuthService.class).login(info).setCallback(cb);\n"
         "    public void onFailed(int code) {\n        if (code == 302) { showWrongPassword(); }\n", "302"),
        ("用 NIMAutoLoginData 自动登录时服务器拒绝，错误码 408", "408"),
        ("NIMResultCode.timeout: 请求超时 408", "408"),
    ):
        finding = _by_code(text, code)
        assert finding["vendor"] == "netease" and not finding["ambiguous"], text
        assert finding["matches"][0]["catalog"] == "netease-webrtc"
    # an identifier that only starts with the letters is no NIM class
    assert _findings("Nimbus client timeout, error code 408")[0]["ambiguous"] is True


def test_a_tencent_sdk_exception_with_a_placeholder_code_is_nothing():
    # an SDK's own test or docs format the exception with placeholders: no code at all
    for text in (
        'e = TencentCloudSDKException("errcode", "some message", "req-1")\n'
        'print(e)  # [TencentCloudSDKException] code:errcode message:some message requestId:req-1\n',
        "[TencentCloudSDKException] code:xxx message:yyy requestId:zzz",
    ):
        assert _findings(text) == [], text
    # a real code still is one
    finding = _by_code("[TencentCloudSDKException] code:AuthFailure.SignatureExpire message:expired requestId:r-2",
                       "AuthFailure.SignatureExpire")
    assert finding["vendor"] == "tencent" and finding["matches"]


def test_cloud_lives_push_and_play_domains_name_cloud_live_not_cos():
    text = (
        "push to rtmp://12345.livepush.myqcloud.com/live/s1 then set a watermark:\n"
        '{"Response": {"Error": {"Code": "InternalError.ArgsNotMatch", "Message": "x"}, "RequestId": "r-1"}}'
    )
    finding = _by_code(text, "InternalError.ArgsNotMatch")
    assert finding["matches"] and finding["matches"][0]["catalog"] == "tencent-live" and not finding.get("uncovered")
    # a COS bucket's host is still COS
    text = (
        "upload to https://bucket-1250000000.cos.ap-guangzhou.myqcloud.com failed:\n"
        '{"Response": {"Error": {"Code": "InternalError.ArgsNotMatch", "Message": "x"}, "RequestId": "r-1"}}'
    )
    assert _by_code(text, "InternalError.ArgsNotMatch")["uncovered"]["product"] == "tencent/cos"


def test_a_1xx_status_code_someone_reports_is_a_systems_own_code_not_an_http_interim_response():
    # "status code" glued to Chinese, and a 1xx no HTTP client reports as a failure: a bare code
    finding = _by_code("调用接口返回status code 101，连不上", "101")
    assert finding["ambiguous"] is True
    # HTTP's own interim responses, named as such, are nothing
    assert _findings("the websocket upgrade got status code 101 Switching Protocols") == []
    assert _findings("server sent status code 100 Continue") == []


def test_a_request_field_name_alone_names_no_vendor_for_an_http_like_number():
    # resourceId is a field every cloud API has: with an HTTP-like number it names no vendor (rule A)
    text = 'axios.post("/recording/query", { resourceId: this.resourceId, sid })\n// a 404 error means it has stopped\n'
    finding = _by_code(text, "404")
    assert finding["ambiguous"] is True and finding["matches"][0]["catalog"] == "agora-cloud-recording"
    # the vendor named: its entry
    finding = _by_code("Agora query with resourceId and sid: got a 404 error", "404")
    assert finding["vendor"] == "agora" and not finding["ambiguous"]
    # a code only the product has still says whose it is
    finding = _by_code("start recording with resourceId failed: error 435", "435")
    assert finding["vendor"] == "agora" and not finding["ambiguous"]
    # the field and the product's body shape agree: two hints make the claim
    text = 'acquire -> {"resourceId": "abc", "code": 0}\nstop -> {"code": 404, "reason": "failed to find worker"}\n'
    finding = _by_code(text, "404")
    assert finding["vendor"] == "agora" and not finding["ambiguous"]
    # the field as a key of the product's response body is the payload's shape
    finding = _by_code('HTTP/1.1 404 Not Found\n{"resourceId": "abc", "sid": "def"}\n', "404")
    assert finding["vendor"] == "agora" and not finding["ambiguous"]


def test_a_member_of_an_error_code_map_is_a_code():
    # an object or enum of codes (a wrapper's copy of a vendor's table), each member's number a code
    text = (
        "// status codes of the Agora cloud recording RESTful API\n"
        "export const RECORDING_STATUS_CODES = {\n"
        "  OK: 200,\n"
        "  RESOURCE_GONE: 404, // The server cannot find the requested resource.\n"
        "  WORKER_MISSING: 435,\n"
        "};\n"
    )
    assert _by_code(text, "404")["matches"][0]["catalog"] == "agora-cloud-recording"
    assert not _by_code(text, "404")["ambiguous"]
    assert _by_code(text, "435")["vendor"] == "agora"
    assert not any(f["code"] == "200" for f in _findings(text))
    # a map that is no code enum (settings), or a count in one, is nothing
    assert _findings("const DEFAULTS = {\n  PORT: 8080,\n  PAGE: 404,\n};\n") == []
    assert _findings("const ERROR_CODES = {\n  MAX_RETRIES: 404,\n};\n") == []
    # a member whose words say another meaning is an SDK's own constant: no entry claimed
    text = "// Agora codes\nconst ERROR_CODES = {\n  JOIN_CHANNEL_REJECTED: 435, // joining the channel was rejected\n};\n"
    assert not [f for f in _findings(text) if f["matches"] and not f["ambiguous"] and not f.get("uncovered")]
    # a member the vendor documents as a success is no error of its, whoever else has the number
    text = "// Agora cloud recording status codes\nconst STATUS_CODES = {\n  ALREADY_STARTED: 201, // Recording is already in progress.\n};\n"
    assert not any(f["code"] == "201" for f in _findings(text))


def test_an_error_enums_values_as_reference_pages_render_them_are_codes_even_one_digit():
    # "EnumNameErrorX N: meaning": the name says it is an error's number, so one digit is no count
    text = "PlayerErrorCode 播放出错的原因。 枚举值 PlayerErrorNone 0: 没有错误。 PlayerErrorOpenFailed 1: 打开文件失败。 PlayerErrorNoStream 2: 没有流。"
    finding = _by_code(text, "2")
    assert finding["ambiguous"] is True or finding.get("uncovered")
    assert not any(f["code"] == "0" for f in _findings(text))
    # a step list is no enum
    assert _findings("Step 1: install. Step 2: run.") == []
    # each value's own words decide; the rest of the page's line says nothing for it
    text = "RecErrorCode 枚举值 RecErrorNoStream 2: 没有音视频流。 RecErrorOverheat 4: 温度过高。"
    assert all(f["ambiguous"] or f.get("uncovered") or not f["matches"] for f in _findings(text) if f["code"] == "4")


def test_a_code_retyped_from_a_screenshot_with_a_lowercase_l_for_a_capital_i_is_read_as_the_catalogs():
    # sans-serif fonts draw I and l alike: "SecretldNotFound" is AuthFailure.SecretIdNotFound retyped
    text = "调用失败: {'Response': {'Error': {'Code': 'AuthFailure.SecretldNotFound', 'Message': 'x'}, 'RequestId': 'r'}}"
    finding = _by_code(text, "AuthFailure.SecretIdNotFound")
    assert finding["matches"][0]["code"] == "AuthFailure.SecretIdNotFound" and finding["written"] == "AuthFailure.SecretldNotFound"
    # a code the catalogs know as written is never respelled; an unknown one with no such twin stays as written
    assert _by_code("TencentCloudSDKException code:FailedOperation.Unlisted message:x", "FailedOperation.Unlisted")


def test_the_agora_ios_sdks_error_enum_names_the_rtc_sdk_not_cloud_recording():
    # AgoraErrorCode* is the client SDK's enum: its 109/110 mean what Cloud Recording's do, but
    # errcode has no RTC SDK catalog, so it says so and claims no entry, for every member
    text = "typedef NS_ENUM(NSInteger, AgoraErrorCode) {\n    AgoraErrorCodeTokenExpired = 109,\n    AgoraErrorCodeInvalidToken = 110,\n};\n"
    for code in ("109", "110"):
        finding = _by_code(text, code)
        assert finding["uncovered"] == {"vendor": "agora", "product": "agora/rtc-sdk"}, finding
        assert finding["matches"] == []


def test_yunxins_earlier_name_is_yunxin_not_cloud_music():
    # 网易云通信 (Yunxin IM's earlier name) holds 网易云, what people call the music service
    text = "// 登录失败：网易云通信服务器返回 302 错误码\n"
    finding = _by_code(text, "302")
    assert finding.get("uncovered") is None and finding["vendor"] == "netease"
    assert finding["matches"][0]["catalog"] == "netease-webrtc"
    # the music service is still the music service
    finding = _by_code("网易云音乐 登录失败 302 错误", "302")
    assert finding["uncovered"] == {"vendor": "netease", "product": "netease/cloud-music"}


def test_the_case_labels_of_a_switch_on_a_code_variable_are_codes():
    # a disconnect handler switching on the error's code, the vendor's SDK class in sight: its entry
    text = (
        "const im = SDK.NIM.getInstance({ appKey, account, token, ondisconnect: handleDrop });\n"
        "function handleDrop(err) {\n"
        "  if (!err) return;\n"
        "  switch (err.code) {\n"
        "    // wrong account or password: back to the login page\n"
        "    case 302:\n"
        "      goLogin();\n"
        "      break;\n"
        "    case 'kicked':\n"
        "      break;\n"
        "  }\n"
        "}\n"
    )
    finding = _by_code(text, "302")
    assert finding["vendor"] == "netease" and not finding["ambiguous"]
    assert finding["matches"][0]["catalog"] == "netease-webrtc"
    # no vendor in sight: an HTTP-like number is only a list of candidates (Java, Go, no parentheses)
    for text, code in (
        ("switch (response.statusCode) {\n    case 403:\n        refreshToken();\n        break;\n}\n", "403"),
        ("switch e.Code {\ncase 408:\n\treturn retry()\ncase 0:\n\treturn nil\n}\n", "408"),
        ("onError(e) {\n  switch (e.code) {\n    case 417: // logged in elsewhere\n      showKickedDialog(); break;\n  }\n}\n", "417"),
    ):
        finding = _by_code(text, code)
        assert finding["ambiguous"] is True, text
    # a switch on a variable that is no code, a success case, or a string case is nothing
    for text in (
        "switch (msg.type) {\n  case 302:\n    render(msg);\n    break;\n}\n",
        "switch (page) {\n  case 404:\n    showMissing();\n}\n",
        "switch (res.code) {\n  case 0:\n    done();\n    break;\n  case 'logout':\n    clear();\n}\n",
        "switch (roomCount) {\n  case 403: break;\n}\n",
    ):
        assert _findings(text) == [], text


def test_an_enum_of_codes_named_for_codes_holds_codes_where_its_members_say_error():
    # an internal gateway enum named ...Code whose members say errors: HTTP-like numbers, no vendor: candidates
    text = "namespace gw {\nenum class GateCode\n{\n\tERR = 0,\n\tOK = 200,\n\tFORBIDDEN = 403,\n\tNOTFOUND = 404,\n};\n}\n"
    for code in ("403", "404"):
        assert _by_code(text, code)["ambiguous"] is True
    assert not any(f["code"] in ("0", "200") for f in _findings(text))
    # an enum of codes whose members say nothing of an error, or one not named for codes, is nothing
    for text in (
        "enum class KeyCode\n{\n\tENTER = 13,\n\tPAGE_DOWN = 403,\n};\n",
        "enum class Palette\n{\n\tFORBIDDEN = 403,\n\tNOTFOUND = 404,\n};\n",
    ):
        assert _findings(text) == [], text


def test_an_sdk_exception_class_definition_is_no_error_report():
    # the SDK's own exception class (its defaults are null literals): no code at all
    for text in (
        "class TencentCloudSDKException(Exception):\n"
        "    def __init__(self, code=None, message=None, requestId=None):\n"
        "        self.code = code\n",
        "public class TencentCloudSDKException extends Exception {\n"
        "    private String errorCode = null;\n"
        "    private String requestId = null;\n",
        "const e = new TencentCloudSDKHttpException({ code: null, message: msg, requestId: undefined })\n",
    ):
        assert _findings(text) == [], text
    # the exception as printed below its class is still the error
    text = (
        "class TencentCloudSDKException(Exception):\n    pass\n\n"
        "[TencentCloudSDKException] code:AuthFailure.SignatureExpire message:expired requestId:r-3\n"
    )
    assert _by_code(text, "AuthFailure.SignatureExpire")["vendor"] == "tencent"


def test_an_error_code_said_to_equal_a_value_is_that_code():
    # "errorcode 等于 X" / "the error code equals X": the value is the code
    finding = _by_code("判断时看 errorcode 等于 Unauthorized 就刷新临时密钥", "Unauthorized")
    assert finding["ambiguous"] is True or finding.get("uncovered")
    finding = _by_code("腾讯云接口的错误码等于 AuthFailure.SignatureExpire 时重新签名", "AuthFailure.SignatureExpire")
    assert finding["vendor"] == "tencent" and not finding["ambiguous"]
    finding = _by_code("Cloud recording: when the error code equals 435, no file was recorded", "435")
    assert finding["matches"][0]["catalog"] == "agora-cloud-recording" and not finding["ambiguous"]
    # a success, or a count said to equal a number, is nothing
    assert _findings("errorcode 等于 0 表示成功") == []
    assert _findings("房间人数等于 404 时扩容") == []


def test_an_abbreviated_word_in_a_constants_name_says_its_entrys_meaning():
    # paramErrorCode is a "parameter error": NetEase's 414 with the vendor in sight
    text = "// Copyright NetEase, Inc.\nobject LocalErrors {\n    const val invalidParamCode = 414\n}\n"
    finding = _by_code(text, "414")
    assert finding["vendor"] == "netease" and not finding["ambiguous"]
    assert finding["matches"][0]["catalog"] == "netease-webrtc"


def test_a_result_variable_compared_with_a_number_reads_the_number_as_a_code():
    # "res" / "ret" / "result" hold an SDK call's result code as often as "code" does
    text = "api.login(opts).then(r => {\n  if (r.res == 403) {\n    showToast('无权限')\n  }\n"
    assert _by_code(text, "403")["ambiguous"] is True  # no vendor in sight: candidates
    text = "// 网易云信 IM\nconst ret = await nim.sendText(msg)\nif (ret === 414) { console.warn('参数错误') }\n"
    finding = _by_code(text, "414")
    assert finding["vendor"] == "netease" and not finding["ambiguous"]
    # a word that only starts with res/ret is no result: nothing
    assert _findings("if (resolution == 720) { hd = true }") == []
    assert _findings("if (retries == 403) { stop() }") == []
    assert _findings("if (res == 0) { ok() }") == []


def test_a_doc_comments_code_list_without_a_space_after_the_colon_reads_each_code():
    # a Chinese SDK doc comment lists its result codes as "302:账号或密码错误" (no space after ":")
    text = (
        "  /** 云信 IM 登录\n   * @param cb 回调\n   * <pre>\n   * 200:成功\n   * 302:账号或密码错误\n"
        "   * 417:重复登录\n   * </pre>\n   */\n"
    )
    finding = _by_code(text, "302")
    assert finding["vendor"] == "netease" and not finding["ambiguous"]
    assert _by_code(text, "417")["matches"][0]["catalog"] == "netease-webrtc"
    assert not [f for f in _findings(text) if f["code"] == "200"]  # a success is no error
    # no vendor in sight: HTTP-like numbers are candidates only
    text = "  /** 删除好友\n   * <pre>\n   * 200:成功\n   * 404:好友不存在\n   * </pre>\n   */\n"
    assert _by_code(text, "404")["ambiguous"] is True
    # a time of day or a ratio is nothing
    assert _findings("   * 12:30开始直播\n") == []
    assert _findings("会议在 10:00开始\n") == []


def test_a_code_before_a_full_width_colon_reads_with_an_api_name_after_it():
    # Chinese error tables write "1028：updateLayout 方法的请求包体中参数错误" (the API name first)
    text = "    1001：resourceId 解析失败。\n"
    finding = _by_code(text, "1001")
    assert finding["matches"], finding
    # a number in a sentence before a colon is no code row
    assert _findings("我们一共有 1028：users 都在线\n") == []


def test_a_code_constant_of_an_exception_class_is_that_exceptions_code():
    # an app's exception for one vendor response: "class X extends RuntimeException { const
    # AGORA_RESPONSE_CODE = 435; }" names the code it stands for
    text = (
        "<?php\nnamespace App\\Agora\\CloudRecording\\Exception;\n\n"
        "class ResourceExpiredException extends \\RuntimeException\n{\n    const AGORA_RESPONSE_CODE = 433;\n}\n"
    )
    finding = _by_code(text, "433")
    assert finding["matches"][0]["catalog"] == "agora-cloud-recording" and not finding["ambiguous"]
    text = "class NotFoundError(Exception):\n    STATUS_CODE = 404\n"
    assert _by_code(text, "404")["ambiguous"] is True
    # a constant of an exception class that is no code (a retry count, a timeout) is nothing
    assert _findings("class FooException extends RuntimeException {\n    const MAX_RETRY = 404;\n}\n") == []
    assert _findings("class TimeoutException extends RuntimeException {\n    const LINE_NUMBER = 435;\n}\n") == []


def test_a_code_variable_tested_against_a_list_of_numbers_reads_each_number():
    # "status_code in [429, 408, 409]", or in a list named once and tested below: every number is a code
    text = "if resp.status_code in [403, 404]:\n    raise NotAllowed()\n"
    assert _by_code(text, "403")["ambiguous"] is True and _by_code(text, "404")["ambiguous"] is True
    text = "RETRY_ON = (502, 503, 408)\n\ndef should_retry(r):\n    return r.status in RETRY_ON\n"
    assert _by_code(text, "408")["ambiguous"] is True
    text = "# 网易云信 server API\nFATAL = {414, 417}\nif body['code'] in FATAL:\n    relogin()\n"
    finding = _by_code(text, "417")
    assert finding["vendor"] == "netease" and not finding["ambiguous"]
    # a list that no code variable is tested against, or successes, are nothing
    assert _findings("for port in [404, 408, 409]:\n    probe(port)\n") == []
    assert _findings("sizes = [403, 404]\nif width in sizes:\n    pass\n") == []
    assert _findings("if status_code in (200, 201, 204):\n    return body\n") == []


def test_an_aligned_plain_text_row_reads_its_code_where_its_words_say_the_entrys():
    # a docstring's fixed-width table: "    435      没有生成录制文件…" (the number, spaces to align, its meaning)
    text = "    Status codes:\n    206                       整个录制过程中没有用户发流，录制文件没有上传。\n"
    assert _by_code(text, "206")["ambiguous"] is True
    text = "Agora cloud recording:\n  435        No recorded files created because no user published a stream.\n"
    finding = _by_code(text, "435")
    assert finding["matches"][0]["catalog"] == "agora-cloud-recording" and not finding["ambiguous"]
    # an aligned table of other numbers (prices, counts, years) says nothing an entry says: nothing
    for text in ("    2024        年度总结大会在北京举行\n", "    404         rooms were booked last month\n",
                 "  206       users online at peak\n  435       messages sent today\n"):
        assert _findings(text) == [], text
