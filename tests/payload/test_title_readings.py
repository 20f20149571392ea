"""Readings of batch 11's texts (issue 15): how people name an HTTP-like status or a code in a
title, a sentence, an enum or a log. Made-up texts of each reading, and quiet look-alikes; the
vendor rules are the same as for prose (a bare HTTP-like number is ambiguous)."""

from __future__ import annotations

from tests.payload.corpus import finding_for, findings

_findings, _by_code = findings, finding_for


def test_a_chinese_failure_name_assigned_a_number_is_that_failures_code():
    # an enum or a map whose members are named in Chinese: "参数错误 = 414," / "登录失败: 302"
    text = "    鉴权失败 = 403,\n    请求超时 = 408,\n"
    assert _by_code(text, "403")["ambiguous"] is True and _by_code(text, "408")["ambiguous"] is True
    text = "// 网易云信 服务端返回码\nenum NimCode {\n    参数错误 = 414,\n    操作成功 = 200,\n}\n"
    finding = _by_code(text, "414")
    assert finding["vendor"] == "netease" and not finding["ambiguous"]
    assert not [f for f in _findings(text) if f["code"] == "200"]
    # a Chinese name that says no failure, or a count after it, is nothing
    assert _findings("    每页条数 = 414,\n    频率 = 416,\n") == []
    assert _findings("错误 = 300 个\n") == []


def test_a_number_before_a_chinese_code_word_or_its_cause_is_a_code():
    # "返回的408 状态码", "增加403原因": the words after it say it is a status, or ask its cause
    assert _by_code("nginx 返回了一个时间很短很短的408 状态码", "408")["ambiguous"] is True
    assert _by_code("文档里补充503错误码的说明", "503")["ambiguous"] is True
    assert _by_code("补充403原因", "403")["ambiguous"] is True
    # a count or a year before those words is nothing
    assert _findings("一共 300 个状态码") == []
    assert _findings("2023年原因分析") == []


def test_a_status_code_set_to_a_number_is_that_code():
    # "Set timeout error code to 504", "change the status code to 503 on overload"
    assert _by_code("Set timeout error code to 504", "504")["ambiguous"] is True
    assert _by_code("change the error code to 503 on overload", "503")["ambiguous"] is True
    # a success, or a code set to a count, is nothing
    assert _findings("set the status code to 200") == []
    assert _findings("set error code to 500 users") == []


def test_a_quantified_number_before_errors_is_a_status_not_a_count():
    # "a lot of 408 errors": the quantifier counts, the number names the errors
    assert _by_code("We have been seeing a lot of 408 errors in the logs.", "408")["ambiguous"] is True
    assert _by_code("there are many 503 errors since the deploy", "503")["ambiguous"] is True
    # a number that is the count itself is nothing
    assert _findings("We fixed 408 errors in the logs.") == []
    assert _findings("a lot of errors, 408 in total") == []


def test_a_qualified_status_after_a_reporting_verb_is_read():
    # "now returns a proper 403 instead of 500 errors"
    assert _by_code("the endpoint now returns a proper 403 instead of a crash", "403")["ambiguous"] is True
    assert _by_code("it returns an unexpected 503 sometimes", "503")["ambiguous"] is True
    # an adjective before a count is still a count
    assert _findings("it returns a proper 404 rows") == []


def test_an_exception_built_with_a_number_first_carries_that_code():
    # Flutter's "PlatformException(301, operationID[...], info[...], null, null)"
    text = "出现 PlatformException(301, operationID[1651076796426], info[recv timeout], null, null)"
    assert _by_code(text, "301")["ambiguous"] is True
    assert _by_code("ApiException(404, 'not found')", "404")["ambiguous"] is True
    # a number in another call, or an exception's line number, is nothing
    assert _findings("Point(301, 200)") == []
    assert _findings("see the Exception handling (301 lines)") == []


def test_a_named_sdk_constant_decides_the_same_number_elsewhere_in_the_paste():
    # a title "Agora Error 110" over a body naming the RTC SDK's ERR_OPEN_CHANNEL_TIMEOUT (110): the
    # title's bare 110 is that constant's, not Cloud Recording's token error 110
    text = (
        "# Agora Error 110 - token issue\n\n"
        "Both users get Agora `ERR_OPEN_CHANNEL_TIMEOUT (110)` right after joining the channel.\n"
    )
    found = [f for f in _findings(text) if f["code"] == "110"]
    assert found and all(f.get("uncovered") for f in found), found
    # without the constant, the number with the vendor's product in sight is still the vendor's entry
    finding = _by_code("Agora cloud recording error 110 when I start", "110")
    assert finding["matches"][0]["catalog"] == "agora-cloud-recording" and not finding["ambiguous"]


def test_a_status_that_keeps_coming_back_in_chinese_is_read():
    # "配置了 credentials 还是会301（调用的接口）": again and 会, then the status, then the clause ends
    assert _by_code("加了 cookie 之后还是会301（调用的登录状态接口）", "301")["ambiguous"] is True
    assert _by_code("重试以后一直会 404。", "404")["ambiguous"] is True
    # a price, a count or a time after the same words is nothing
    assert _findings("价格还是会500元") == []
    assert _findings("明天还是会300个人来") == []
    assert _findings("他一直会 2023 年的版本") == []


def test_a_status_a_sentence_is_about_with_a_modal_after_it_is_read():
    # "the 408 should not answer": the status is the subject, a modal says what it should do
    assert _by_code("the 408 should not answer", "408")["ambiguous"] is True
    assert _by_code("I think the 503 shouldn't be retried", "503")["ambiguous"] is True
    # a count with its noun, another number, or a success is nothing
    assert _findings("the 500 users should get an email") == []
    assert _findings("the 2024 should be the year") == []
    assert _findings("the 200 should be cached") == []


def test_a_status_said_to_be_the_right_one_in_chinese_is_read():
    # a code map quoted, then "这个值应该是401吧": the status the person says it should be
    assert _by_code("```\n  LOGIN_EXPIRED: 302,\n```\n这个值应该是401吧", "401")["ambiguous"] is True
    assert _by_code("没有权限的时候这里应该返回 403。", "403")["ambiguous"] is True
    # a count, a year or a success said to be right is nothing
    assert _findings("总数应该是400人") == []
    assert _findings("发布年份应该是2023吧") == []
    assert _findings("成功时应该返回200吧") == []
